// Package model reads, checks, compares and writes governance model files:
// the YAML form of a gov.Agreement (see docs/model.md).
package model

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/steerco/steerco/internal/gov"
)

// MaxFileSize bounds a model file. A real model is a few hundred lines;
// anything near this is a mistake, and refusing it early keeps a stray
// 10 MB upload from tying up the parser.
const MaxFileSize = 1 << 20

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads a model file and checks it fully: structure (known keys,
// types, no duplicates) and meaning (ids, references, escalation chain,
// deadlines the cadence can meet). The error, when not nil, is Errors:
// every problem found, each with file, line and column.
func Parse(file string, data []byte) (*gov.Agreement, error) {
	a, c := parse(file, data)
	if len(c.errs) > 0 {
		return nil, c.errs.sorted()
	}
	validate(a, c)
	if len(c.errs) > 0 {
		return nil, c.errs.sorted()
	}
	return a, nil
}

func parse(file string, data []byte) (*gov.Agreement, *collector) {
	c := &collector{file: file, where: map[string]pos{}}
	if len(data) > MaxFileSize {
		c.addAt(pos{}, "", "the file is %.1f MB; a model file may be at most %d KB", float64(len(data))/(1<<20), MaxFileSize>>10)
		return nil, c
	}
	if !utf8.Valid(data) {
		line, col := firstInvalidUTF8(data)
		c.addAt(pos{line, col}, "", "the file is not UTF-8 text; save it as UTF-8")
		return nil, c
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		c.syntax(err)
		return nil, c
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		c.addAt(pos{extra.Line, extra.Column}, "", "a model file holds one document; remove the second (after ---)")
		return nil, c
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		c.addAt(pos{1, 1}, "", "the file is empty")
		return nil, c
	}
	root := doc.Content[0]
	if !c.walk(root, reflect.TypeFor[gov.Agreement](), "", 0) || len(c.errs) > 0 {
		return nil, c
	}
	var a gov.Agreement
	if err := root.Decode(&a); err != nil {
		// The walk accepts only what decodes; reaching here is a bug in the
		// walk, but the user still gets a located message.
		c.syntax(err)
		return nil, c
	}
	return &a, c
}

// syntax turns a yaml error ("yaml: line 3: mapping values are not
// allowed in this context") into a located one.
func (c *collector) syntax(err error) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if strings.HasPrefix(m[2], "did not find expected") {
			// yaml.v3 reports these scanner errors with the line before
			// the one that holds the mistake.
			line++
		}
		c.addAt(pos{line, 1}, "", "syntax error: %s", m[2])
		return
	}
	if msg == "EOF" {
		c.addAt(pos{1, 1}, "", "the file is empty")
		return
	}
	c.addAt(pos{1, 1}, "", "syntax error: %s", msg)
}

func firstInvalidUTF8(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

// Format writes a model as canonical YAML: the order of the gov types, two
// spaces, no comments. Export and apply round-trip through it.
func Format(a *gov.Agreement) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(a); err != nil {
		return nil, fmt.Errorf("format model %s: %w", a.Slug, err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
