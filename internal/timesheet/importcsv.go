package timesheet

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Import of time entries from a CSV file exported by the supplier's own
// system. Such files come in the exporting user's locale: UTF-8 (with or
// without a byte-order mark) or Windows-1252, separated by semicolons
// (where the comma is the decimal mark) or commas, dates day-first
// (7.4.2026, 07/04/2026) or ISO, hours with a decimal comma. Columns are
// found by their header, in Finnish, Swedish or English.

// MaxImportBytes bounds an imported file.
const MaxImportBytes = 5 << 20

// columns maps each field to the header names it is known by.
var columns = map[string][]string{
	"day":         {"date", "day", "päivä", "pvm", "päivämäärä", "datum", "dag"},
	"person":      {"person", "email", "e-mail", "henkilö", "tekijä", "sähköposti", "namn", "e-post", "user", "name"},
	"hours":       {"hours", "time", "duration", "tunnit", "tuntia", "aika", "timmar", "tid"},
	"description": {"description", "kuvaus", "selite", "beskrivning", "comment", "kommentti"},
	"order":       {"order", "tilaus", "beställning", "order id", "tilausnumero"},
	"rate":        {"rate", "role", "hinta", "rooli", "taxa", "roll"},
}

var required = []string{"day", "person", "hours", "description"}

// RowError is one problem of one row: the file's line, the column's
// header (empty for the whole row) and why.
type RowError struct {
	Line    int
	Column  string
	Message string
	// ID and Args translate Message (as gov.Error's do).
	ID   string
	Args []any
}

// ImportResult is what an import did.
type ImportResult struct {
	Rows     int
	Imported int
	Errors   []RowError
	// Strict: nothing was imported because some row was bad.
	Strict bool
}

// decode turns the file into UTF-8 text: a byte-order mark is dropped,
// and a file that is not valid UTF-8 is read as Windows-1252, which is
// what spreadsheet programs write on Nordic Windows machines.
func decode(b []byte) (string, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return string(b), nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	return string(out), err
}

// delimiter guesses the separator from the header line: the one of ';',
// ',' and tab it holds most of.
func delimiter(text string) rune {
	head, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(head, ",")
	for _, d := range []rune{';', '\t'} {
		if c := strings.Count(head, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}

// ParseDay reads a date day-first (7.4.2026, 07/04/2026, 7-4-2026) or
// ISO (2026-04-07) into YYYY-MM-DD.
func ParseDay(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if d, _, ok := strings.Cut(s, " "); ok {
		s = d // a time after the date is ignored
	}
	for _, layout := range []string{"2006-01-02", "2.1.2006", "02.01.2006", "2/1/2006", "02/01/2006", "2-1-2006", "02-01-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}

type parsedRow struct {
	line int
	in   Input
	errs []RowError
}

// parseCSV reads the rows; index maps each field to its column.
func parseCSV(a *gov.Agreement, supplier string, b []byte) ([]parsedRow, map[string]string, error) {
	text, err := decode(b)
	if err != nil {
		return nil, nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delimiter(text)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, nil, &gov.Error{Code: gov.CodeInvalid, Message: "the file has no header line", ID: "time.import.noheader"}
	}
	index := map[string]int{}
	names := map[string]string{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for f, aliases := range columns {
			for _, al := range aliases {
				if h == al {
					if _, dup := index[f]; !dup {
						index[f], names[f] = i, header[i]
					}
				}
			}
		}
	}
	var missing []string
	for _, f := range required {
		if _, ok := index[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, nil, &gov.Error{Code: gov.CodeInvalid, Message: "the header lacks the columns: " + strings.Join(missing, ", "),
			ID: "time.import.columns", Args: []any{"Columns", strings.Join(missing, ", ")}}
	}
	var rows []parsedRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// FieldPos may not be asked after a failed Read (it panics):
			// the parse error carries the line and column itself.
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, nil, err
			}
			rows = append(rows, parsedRow{line: pe.Line, errs: []RowError{{Line: pe.Line, Column: fmt.Sprint(pe.Column),
				Message: fmt.Sprintf("column %d: the line is not valid CSV: a quotation mark is out of place", pe.Column),
				ID:      "time.import.badcsv", Args: []any{"Column", pe.Column}}}})
			if errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line {
				// An unclosed quote swallowed the rest of the file.
				break
			}
			continue
		}
		line, _ := r.FieldPos(0)
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // an empty line
		}
		get := func(f string) string {
			if i, ok := index[f]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		pr := parsedRow{line: line, in: Input{Supplier: supplier, Order: get("order"), Description: get("description"), Rate: rateOf(a, supplier, get("rate"))}}
		bad := func(f, id, msg string, args ...any) {
			pr.errs = append(pr.errs, RowError{Line: line, Column: names[f], ID: id, Message: msg, Args: args})
		}
		if d, ok := ParseDay(get("day")); ok {
			pr.in.Day = d
		} else {
			bad("day", "time.import.date", fmt.Sprintf("%q is no date (use 7.4.2026 or 2026-04-07)", get("day")), "Value", get("day"))
		}
		if m, ok := ParseDuration(get("hours")); ok {
			pr.in.Minutes = m
		} else {
			bad("hours", "time.import.hours", fmt.Sprintf("%q is no duration (use 1,5 or 1:30)", get("hours")), "Value", get("hours"))
		}
		if p := personOf(a, supplier, get("person")); p != "" {
			pr.in.Person = p
		} else {
			bad("person", "time.import.person", fmt.Sprintf("%q is nobody of the supplier in the directory", get("person")), "Value", get("person"))
		}
		rows = append(rows, pr)
	}
	return rows, names, nil
}

// personOf finds a supplier's person by e-mail, id or name.
func personOf(a *gov.Agreement, supplier, v string) string {
	for _, p := range a.People {
		if p.Party == supplier && v != "" && (strings.EqualFold(p.Email, v) || p.Slug == v || strings.EqualFold(p.Name, v)) {
			return p.Slug
		}
	}
	return ""
}

// rateOf finds a rate by id or name; "" leaves the default.
func rateOf(a *gov.Agreement, supplier, v string) string {
	if v == "" || a.TimeReporting == nil {
		return ""
	}
	for _, r := range a.TimeReporting.RatesFor(supplier) {
		if strings.EqualFold(r.Slug, v) || strings.EqualFold(r.Name, v) {
			return r.Slug
		}
	}
	return v // refused by check, with the rate column named
}

// errImportStrict rolls back a strict import that found bad rows.
var errImportStrict = errors.New("strict import with bad rows")

// Import reads a supplier's CSV and imports its valid rows in one
// transaction, reporting each bad row's line, column and reason; with
// strict, nothing is imported when any row is bad.
func (s *Service) Import(ctx context.Context, a *gov.Agreement, x Actor, supplier string, r io.Reader, strict bool) (*ImportResult, error) {
	if !MayEnter(a, x, supplier) {
		return nil, forbidden("time.err.notsupplier", "only the supplier's own people enter its hours")
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxImportBytes {
		return nil, &gov.Error{Code: gov.CodeTooLarge, Message: "the file is larger than 5 MB", ID: "time.import.large"}
	}
	rows, names, err := parseCSV(a, supplier, b)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Rows: len(rows)}
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		for _, row := range rows {
			if len(row.errs) > 0 {
				res.Errors = append(res.Errors, row.errs...)
				continue
			}
			_, err := s.insert(ctx, tx, a, aid, x, row.in, "import")
			var ge *gov.Error
			if errors.As(err, &ge) {
				res.Errors = append(res.Errors, rowErrors(row.line, names, ge)...)
				continue
			}
			if err != nil {
				return err
			}
			res.Imported++
		}
		if strict && len(res.Errors) > 0 {
			return errImportStrict
		}
		return nil
	})
	if errors.Is(err, errImportStrict) {
		res.Imported, res.Strict = 0, true
		return res, nil
	}
	return res, err
}

// rowErrors turns a refusal of one row into its row errors, naming the
// file's column for each field.
func rowErrors(line int, names map[string]string, e *gov.Error) []RowError {
	if len(e.Fields) == 0 {
		col := ""
		if e.ID == "orders.err.closed" || e.ID == "orders.err.overrun" || e.ID == "orders.err.notopen" {
			col = names["order"]
		}
		return []RowError{{Line: line, Column: col, Message: e.Message, ID: e.ID, Args: e.Args}}
	}
	var out []RowError
	for _, f := range e.Fields {
		field := f.Field
		if field == "minutes" {
			field = "hours" // the file's column holds hours
		}
		col := names[field]
		if col == "" {
			col = f.Field
		}
		out = append(out, RowError{Line: line, Column: col, Message: f.Message, ID: f.ID, Args: f.Args})
	}
	return out
}
