// Package ical writes iCalendar (RFC 5545) text: content lines folded at
// 75 octets, CRLF line ends, escaped text values, and a VTIMEZONE built
// from a Go time zone. It is hand-written because the format is small and
// the libraries here cannot derive a VTIMEZONE with its daylight-saving
// rules from a *time.Location, which every invitation needs.
package ical

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Writer accumulates an iCalendar object.
type Writer struct{ b strings.Builder }

// Line writes one content line, e.g. Line("DTSTART;TZID=Europe/Helsinki",
// "20270112T090000"), folded so that no line exceeds 75 octets.
func (w *Writer) Line(name, value string) {
	line := name + ":" + value
	first := true
	for len(line) > 0 {
		limit := 75
		if !first {
			limit = 74 // the leading space of a continuation counts
			w.b.WriteString(" ")
		}
		cut := len(line)
		if cut > limit {
			cut = limit
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut-- // never split a multi-byte character
			}
		}
		w.b.WriteString(line[:cut])
		w.b.WriteString("\r\n")
		line = line[cut:]
		first = false
	}
}

// Text writes a TEXT property, escaping backslash, semicolon, comma and
// newline as RFC 5545 section 3.3.11 requires.
func (w *Writer) Text(name, value string) {
	w.Line(name, EscapeText(value))
}

// EscapeText escapes a TEXT value.
func EscapeText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// String returns the object written so far.
func (w *Writer) String() string { return w.b.String() }

// UTC formats t as a UTC DATE-TIME (DTSTAMP and friends).
func UTC(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Local formats t as a local DATE-TIME, to go with a TZID parameter.
func Local(t time.Time) string { return t.Format("20060102T150405") }

// Timezone writes a VTIMEZONE for loc covering the given years: one
// STANDARD or DAYLIGHT block per offset change, found from the Go zone
// data itself, so any IANA zone is right without hand-kept rules.
func (w *Writer) Timezone(loc *time.Location, fromYear, toYear int) {
	w.Line("BEGIN", "VTIMEZONE")
	w.Line("TZID", loc.String())
	start := time.Date(fromYear-1, 1, 1, 0, 0, 0, 0, loc) // a year early: the change in force on 1 January must be in it too
	end := time.Date(toYear+1, 1, 1, 0, 0, 0, 0, loc)
	_, prevOff := start.Zone()
	transitions := 0
	for t := start; t.Before(end); t = t.Add(24 * time.Hour) {
		_, off := t.Add(24 * time.Hour).Zone()
		if off == prevOff {
			continue
		}
		// Narrow the change down to the hour it happens in.
		at := t
		for h := 0; h < 25; h++ {
			if _, o := t.Add(time.Duration(h) * time.Hour).Zone(); o != prevOff {
				at = t.Add(time.Duration(h) * time.Hour)
				break
			}
		}
		name, _ := at.Zone()
		// DTSTART is the wall-clock time of the change in the old offset.
		w.block(off > prevOff, name, prevOff, off, at.In(time.FixedZone("", prevOff)))
		prevOff = off
		transitions++
	}
	if transitions == 0 {
		name, off := start.Zone()
		w.block(false, name, off, off, start)
	}
	w.Line("END", "VTIMEZONE")
}

func (w *Writer) block(daylight bool, name string, from, to int, at time.Time) {
	kind := "STANDARD"
	if daylight {
		kind = "DAYLIGHT"
	}
	w.Line("BEGIN", kind)
	w.Line("DTSTART", at.Format("20060102T150405"))
	w.Line("TZOFFSETFROM", offset(from))
	w.Line("TZOFFSETTO", offset(to))
	if name != "" {
		w.Line("TZNAME", name)
	}
	w.Line("END", kind)
}

func offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
}
