package itsm

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// table is a CSV file being read: its header and a reader over the data
// rows.
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

// sniffSize is how much of a file is looked at to tell its encoding
// and separator.
const sniffSize = 256 << 10

// openTable starts reading a file from r: it drops a BOM, reads
// Windows-1252 when the file's first sniffSize bytes are not UTF-8,
// guesses the separator from the header line and reads the header. The
// rows are then read one at a time: nothing but a buffer is kept.
func openTable(r io.Reader) (*table, error) {
	t := &table{Encoding: "utf-8"}
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		head = head[3:]
	}
	var src io.Reader = br
	if !utf8.Valid(trimPartialRune(head, len(head) == sniffSize)) {
		src, t.Encoding = charmap.Windows1252.NewDecoder().Reader(br), "windows-1252"
	}
	t.Comma = sniffComma(head)
	t.r = csv.NewReader(src)
	t.r.Comma = t.Comma
	t.r.FieldsPerRecord = -1
	t.r.ReuseRecord = true
	hdr, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("the file is empty")
	} else if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	t.header = append([]string(nil), hdr...)
	t.index = map[string][]int{}
	for i, h := range t.header {
		k := fold(h)
		t.index[k] = append(t.index[k], i)
	}
	return t, nil
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of a
// chunk cut from a longer file (cut), so that the cut is not taken for
// an encoding error.
func trimPartialRune(b []byte, cut bool) []byte {
	if !cut {
		return b
	}
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
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
