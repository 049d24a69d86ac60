package itsm

import (
	"encoding/csv"
	"errors"
)

type csvParseError = csv.ParseError

// csvReason words a CSV syntax error without the reader's line prefix,
// which the reject carries itself.
func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "CSV: " + pe.Err.Error()
	}
	return err.Error()
}
