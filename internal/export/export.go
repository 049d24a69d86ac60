// Package export writes steerco's data out for the people it belongs to:
// an agreement's full, processable extract (the model, every table's rows
// as JSON and CSV, and the attached files, in one zip) and one person's
// personal data (JSON), as a customer or a data subject may demand.
//
// Exports are streamed: rows go from the database into the zip as they
// are read, and files one at a time, so an agreement with gigabytes of
// materials does not fill memory.
package export

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/csvsafe"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

// Summary says what an agreement export holds.
type Summary struct {
	// Rows counts the exported rows per table.
	Rows map[string]int
	// Files is the number of files (materials and sealed minutes), Bytes their total size.
	Files int
	Bytes int64
}

// Agreement writes agreement slug's export to w as a zip archive:
//
//	README.txt              what the files are
//	model.yaml              the governance model, as `steerco model export` writes it
//	json/TABLE.json         each table's rows of the agreement: an array of objects
//	csv/TABLE.csv           the same rows as CSV (UTF-8 with a byte order mark)
//	materials/ID-vN-NAME    every version of every meeting material
//	minutes/ID-vN-sealed.pdf  the checked, signed and sealed minutes of meeting ID
//
// Everything is read from one snapshot of the database. A missing
// agreement gives an error wrapping store.ErrNotFound.
func Agreement(ctx context.Context, st *store.Store, slug string, w io.Writer) (Summary, error) {
	sum := Summary{Rows: map[string]int{}}
	zw := zip.NewWriter(w)
	err := st.ReadRecords(ctx, slug, func(r *store.Records) error {
		now := time.Now().UTC()
		create := func(name string) (io.Writer, error) {
			return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
		}
		yaml, err := model.Format(r.Model)
		if err != nil {
			return fmt.Errorf("model: %w", err)
		}
		f, err := create("model.yaml")
		if err != nil {
			return err
		}
		if _, err := f.Write(yaml); err != nil {
			return err
		}
		// The rows are read twice, once per format: a zip entry must be
		// written whole before the next starts, and keeping one format in
		// memory while writing the other is what streaming avoids.
		for _, t := range r.Tables() {
			f, err := create("json/" + t.Name + ".json")
			if err != nil {
				return err
			}
			n, err := writeJSON(ctx, r, t, f)
			if err != nil {
				return fmt.Errorf("%s.json: %w", t.Name, err)
			}
			sum.Rows[t.Name] = n
			if f, err = create("csv/" + t.Name + ".csv"); err != nil {
				return err
			}
			if err := writeCSV(ctx, r, t, f); err != nil {
				return fmt.Errorf("%s.csv: %w", t.Name, err)
			}
		}
		err = r.Materials(ctx, func(m gov.Material, data []byte) error {
			name := MaterialPath(m)
			f, err := create(name)
			if err != nil {
				return err
			}
			if _, err := f.Write(data); err != nil {
				return err
			}
			sum.Files++
			sum.Bytes += int64(len(data))
			return nil
		})
		if err != nil {
			return fmt.Errorf("materials: %w", err)
		}
		err = r.SealedMinutes(ctx, func(meeting int64, version int, pdf []byte) error {
			f, err := create(fmt.Sprintf("minutes/%d-v%d-sealed.pdf", meeting, version))
			if err != nil {
				return err
			}
			if _, err := f.Write(pdf); err != nil {
				return err
			}
			sum.Files++
			sum.Bytes += int64(len(pdf))
			return nil
		})
		if err != nil {
			return fmt.Errorf("sealed minutes: %w", err)
		}
		if f, err = create("README.txt"); err != nil {
			return err
		}
		_, err = io.WriteString(f, readme(r.Model, now, sum))
		return err
	})
	if err != nil {
		return Summary{}, fmt.Errorf("export %s: %w", slug, err)
	}
	if err := zw.Close(); err != nil {
		return Summary{}, fmt.Errorf("export %s: %w", slug, err)
	}
	return sum, nil
}

// writeJSON writes a table's rows as a JSON array of objects whose keys
// keep the table's column order, one object per line.
func writeJSON(ctx context.Context, r *store.Records, t store.RecordTable, w io.Writer) (int, error) {
	bw := bufio.NewWriter(w)
	keys := make([][]byte, len(t.Columns))
	for i, c := range t.Columns {
		keys[i], _ = json.Marshal(c.Name)
	}
	n := 0
	bw.WriteString("[")
	err := r.Rows(ctx, t, func(values []any) error {
		if n > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n{")
		for i, v := range values {
			if i > 0 {
				bw.WriteByte(',')
			}
			b, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("column %s: %w", t.Columns[i].Name, err)
			}
			bw.Write(keys[i])
			bw.WriteByte(':')
			bw.Write(b)
		}
		bw.WriteString("}")
		n++
		return nil
	})
	if err != nil {
		return 0, err
	}
	bw.WriteString("\n]\n")
	return n, bw.Flush()
}

// writeCSV writes a table's rows as CSV with a header of column names.
// The byte order mark makes Excel read UTF-8 (å, ä, ö) right; the
// separator is a comma, as in the directory export.
func writeCSV(ctx context.Context, r *store.Records, t store.RecordTable, w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\uFEFF")
	cw := csvsafe.NewWriter(bw)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	cw.Write(header)
	record := make([]string, len(t.Columns))
	err := r.Rows(ctx, t, func(values []any) error {
		for i, v := range values {
			record[i] = csvCell(v)
		}
		return cw.Write(record)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// csvCell writes one value. A text a spreadsheet would run as a formula
// gets an apostrophe in front (OWASP's advice), since minutes and agenda
// items are written by other organisations than the one that opens the
// file; the JSON files keep every value exactly.
func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return csvsafe.Cell(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case json.RawMessage:
		return string(x)
	}
	return fmt.Sprint(v)
}

// MaterialPath is where a material file goes in the archive:
// materials/ID-vVERSION-NAME, with NAME made safe for any file system.
func MaterialPath(m gov.Material) string {
	return fmt.Sprintf("materials/%d-v%d-%s", m.ID, m.Version, SafeName(m.Name))
}

// SafeName keeps letters (å, ä, ö included), digits, spaces and ". _ - ( )"
// of a file name and replaces the rest with "_", so that no name can climb
// out of its folder ("../"), hide (".x") or upset a file system (":", "\").
func SafeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), strings.ContainsRune(" ._-()", r):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := strings.Trim(b.String(), " .")
	for len(s) > 120 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	if s == "" {
		return "file"
	}
	return s
}

// readme describes the archive for whoever receives it.
func readme(a *gov.Agreement, at time.Time, sum Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "steerco data export: %s (%s)\nExported %s UTC.\n\n", a.Name, a.Slug, at.Format("2006-01-02 15:04:05"))
	b.WriteString(`This archive holds everything steerco stores about the agreement, in
formats any system can read.

model.yaml
    The governance model: parties, people, forums, memberships and rules,
    in steerco's model file format (docs/model.md). steerco model apply
    reads it back.

json/TABLE.json
    Each table's rows that belong to the agreement: a JSON array with one
    object per row, whose keys are the table's columns. Times are UTC
    (RFC 3339), dates YYYY-MM-DD, missing values null. Columns ending in
    _id refer to the id column of another table (person_id to people,
    meeting_id to meetings...). The values are exactly as stored.

csv/TABLE.csv
    The same rows as CSV: UTF-8 with a byte order mark, comma-separated,
    a header row of column names, missing values empty. A text that a
    spreadsheet would run as a formula (starting with = + - @) has an
    apostrophe in front; the JSON files have the value as it is.

materials/ID-vVERSION-NAME
    Every version of every file attached to a meeting. ID and VERSION are
    the id and version columns of materials.json, which also holds each
    file's SHA-256.

minutes/ID-vVERSION-sealed.pdf
    The checked and signed minutes of meeting ID, sealed with the
    instance's PAdES signature: the record. minutes_seals.json holds each
    one's SHA-256 and the audit trail's head hash at sealing.

The tables:
`)
	for _, t := range store.RecordTableNames() {
		fmt.Fprintf(&b, "    %-20s %6d rows  %s\n", t, sum.Rows[t], tableNotes[t])
	}
	fmt.Fprintf(&b, "\n%d files (materials and sealed minutes), %d bytes.\n", sum.Files, sum.Bytes)
	b.WriteString(`
Not included: other agreements, user accounts and their secrets, and the
text of notification e-mails (the outbox table lists them).

The audit log's entries are hash-chained across all agreements, so the
chain can only be checked in the full database (steerco audit verify).
An entry with redacted = true had a person's data replaced by a
pseudonym when that person's data was erased.
`)
	return b.String()
}

// tableNotes say in a few words what each table is, for the README.
var tableNotes = map[string]string{
	"agreements":         "the agreement",
	"levels":             "governance levels",
	"parties":            "the parties (customer, provider, suppliers)",
	"party_attributes":   "dated attributes of the parties",
	"people":             "the contact directory",
	"forums":             "forums and their rules",
	"memberships":        "who sits in which forum, when",
	"meetings":           "meetings",
	"agenda_items":       "agenda items",
	"materials":          "meeting materials (the files are in materials/)",
	"attendance":         "who attended, in which role",
	"minutes":            "every version of the minutes",
	"action_items":       "action items",
	"action_item_events": "the history of each action item",
	"matters":            "matters raised and escalated between forums",
	"matter_events":      "the history of each matter",
	"matter_steps":       "each matter's way up the escalation path",
	"matter_links":       "where each matter was on an agenda",
	"decisions":          "the decision register",
	"votes":              "votes cast on decisions",
	"outbox":             "notifications sent (without their texts)",
	"survey_rounds":      "meeting surveys",
	"survey_invitations": "who was asked to answer a survey",
	"survey_responses":   "anonymous survey responses",
	"survey_answers":     "their scores",
	"audit_log":          "who changed what, when, before and after",
}
