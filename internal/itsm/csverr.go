package itsm

import (
	"encoding/csv"
	"errors"
	"fmt"
)

type csvParseError = csv.ParseError

// csvReason words a CSV syntax error without the reader's line prefix,
// which the reject carries itself.
func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("CSV, column %d: %s", pe.Column, pe.Err)
	}
	return err.Error()
}
