// Package csvsafe writes CSV that a spreadsheet opens as data: a cell that
// Excel, LibreOffice or Google Sheets would evaluate as a formula gets an
// apostrophe in front (OWASP's advice for CSV injection). Every CSV steerco
// writes goes through it, because the texts in them (complaint titles,
// report narratives, order titles, minutes) are written by other
// organisations than the one that opens the file.
package csvsafe

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// unsafeFirst are the first characters that make a spreadsheet read a cell
// as a formula (or, for tab and carriage return, hide one after them),
// with their full-width forms, which some spreadsheets fold to ASCII.
const unsafeFirst = "=+-@\t\r\n＝＋－＠"

// inert is a value that starts like a formula but can call nothing: a
// signed number (an amount, a credit) or a phone number.
var inert = regexp.MustCompile(`^[+\-]?[0-9][0-9 ().,\-]*$`)

// Cell returns v as a spreadsheet must show it: unchanged, or with an
// apostrophe in front when it would otherwise be evaluated.
func Cell(v string) string {
	if v == "" {
		return v
	}
	r, _ := utf8.DecodeRuneInString(v)
	if strings.ContainsRune(unsafeFirst, r) && !inert.MatchString(v) {
		return "'" + v
	}
	return v
}

// Row neutralises every cell of a record in place and returns it.
func Row(record []string) []string {
	for i, v := range record {
		record[i] = Cell(v)
	}
	return record
}

// Writer is a csv.Writer that neutralises every cell it writes.
type Writer struct {
	*csv.Writer
}

// NewWriter returns a Writer on w, comma-separated like csv.NewWriter.
func NewWriter(w io.Writer) *Writer {
	return &Writer{csv.NewWriter(w)}
}

// Write writes one record with its cells neutralised. The caller's slice
// is left as it was.
func (w *Writer) Write(record []string) error {
	return w.Writer.Write(Row(append([]string(nil), record...)))
}

// WriteAll writes every record with its cells neutralised, then flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
