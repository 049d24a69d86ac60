package itsm

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// table is a CSV file read into memory: its header and a reader over the
// data rows.
type table struct {
	header []string
	// index maps a folded header name to its columns, in file order:
	// Jira repeats headers such as Labels and Comment.
	index map[string][]int
	r     *csv.Reader
	// Encoding is "utf-8" or "windows-1252"; Comma the field separator.
	Encoding string
	Comma    rune
}

// fold normalises a header name for lookup: case, spaces, underscores.
func fold(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "_", " ")
	return strings.Join(strings.Fields(s), " ")
}

// openTable decodes data (dropping a BOM, reading Windows-1252 when it is
// not UTF-8), guesses the separator from the header line and reads the
// header.
func openTable(data []byte) (*table, error) {
	t := &table{Encoding: "utf-8"}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("the file is neither UTF-8 nor Windows-1252: %w", err)
		}
		data, t.Encoding = dec, "windows-1252"
	}
	t.Comma = sniffComma(data)
	t.r = csv.NewReader(bytes.NewReader(data))
	t.r.Comma = t.Comma
	t.r.FieldsPerRecord = -1
	t.r.ReuseRecord = true
	head, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("the file is empty")
	} else if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	t.header = append([]string(nil), head...)
	t.index = map[string][]int{}
	for i, h := range t.header {
		k := fold(h)
		t.index[k] = append(t.index[k], i)
	}
	return t, nil
}

// sniffComma picks ; when the first line has more semicolons than commas
// outside quotes (a Finnish or Swedish Excel writes ;), else ,.
func sniffComma(data []byte) rune {
	commas, semis, quoted := 0, 0, false
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			if semis > commas {
				return ';'
			}
			return ','
		case b == ',':
			commas++
		case b == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// col returns the first column whose header is one of names, or -1.
func (t *table) col(names ...string) int {
	for _, n := range names {
		if c, ok := t.index[fold(n)]; ok {
			return c[0]
		}
	}
	return -1
}

// cols returns every column named name (repeated headers).
func (t *table) cols(name string) []int { return t.index[fold(name)] }

// missing reports whether a cell holds no value: empty, or ServiceNow's
// and the UCI log's "?" (and "NULL" written by some tools).
func missing(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || s == "?" || strings.EqualFold(s, "null")
}

// cell returns row[c] trimmed, "" when the column is absent or the value
// missing.
func cell(row []string, c int) string {
	if c < 0 || c >= len(row) {
		return ""
	}
	if missing(row[c]) {
		return ""
	}
	return strings.TrimSpace(row[c])
}
