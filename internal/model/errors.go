package model

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in a model file, located by line and column.
type Error struct {
	File string
	Line int
	Col  int
	// Path is where in the model the problem is, e.g. forums[2].cadence.
	Path string
	Msg  string
}

func (e Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col)
	}
	if e.Path != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Path, e.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, e.Msg)
}

// Errors is every problem found in one file, in file order.
type Errors []Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return es[i].Col < es[j].Col
	})
	return es
}

// pos is a place in the file.
type pos struct{ line, col int }

// collector gathers errors and knows where each path is in the file, so
// semantic checks on decoded values can still point at a line and column.
type collector struct {
	file  string
	where map[string]pos
	errs  Errors
}

func (c *collector) addAt(p pos, path, format string, args ...any) {
	c.errs = append(c.errs, Error{File: c.file, Line: p.line, Col: p.col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// add reports a problem at path, located at the nearest enclosing path the
// file spells out (a missing key is reported at its parent).
func (c *collector) add(path, format string, args ...any) {
	p := path
	for {
		if at, ok := c.where[p]; ok {
			c.addAt(at, path, format, args...)
			return
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			c.addAt(pos{}, path, format, args...)
			return
		}
		p = p[:i]
	}
}
