package main

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Row is one line of the result table: a measurement of steerco beside the
// baseline measured in the same run, and their ratio.
type Row struct {
	Measure string // what was measured, with its unit
	DB      string // sqlite or postgres
	// Value and Base are the measurements; HigherBetter says which way
	// is good (throughput) or bad (time, memory).
	Value, Base  float64
	Unit         string
	BaseName     string // what the baseline is
	HigherBetter bool
	// Target is the target in words; Met says whether it holds,
	// "" when the row has no target of its own.
	Target, Met string
	// NA, when set, replaces the numbers: why this row could not be
	// measured.
	NA string
	// Statements is a page's database statements per request (from the
	// server's steerco_db_statements_total), on the page's req/s row;
	// 0 on the other rows.
	Statements float64
}

// Ratio is steerco's value over the baseline's.
func (r Row) Ratio() float64 {
	if r.Base == 0 {
		return math.NaN()
	}
	return r.Value / r.Base
}

// FormatTable writes rows as a Markdown table.
func FormatTable(w io.Writer, rows []Row) {
	fmt.Fprintln(w, "| measure | db | steerco | baseline | ratio | statements/request | target | met |")
	fmt.Fprintln(w, "|---|---|---:|---|---:|---:|---|---|")
	for _, r := range rows {
		if r.NA != "" {
			fmt.Fprintf(w, "| %s | %s | not available: %s | %s | – | – | %s | %s |\n", r.Measure, r.DB, r.NA, r.BaseName, orDash(r.Target, "–"), orDash(r.Met, "not measured"))
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s (%s) | %s | %s | %s | %s |\n", r.Measure, r.DB, number(r.Value, r.Unit), number(r.Base, r.Unit),
			r.BaseName, ratio(r.Ratio()), statements(r.Statements), orDash(r.Target, "–"), orDash(r.Met, "–"))
	}
}

// statements prints statements per request with one decimal ("–" for none).
func statements(x float64) string {
	if x <= 0 || math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.1f", x)
}

func orDash(s, dash string) string {
	if s == "" {
		return dash
	}
	return s
}

// ratio prints steerco/baseline with two significant digits.
func ratio(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "–"
	case x >= 10:
		return fmt.Sprintf("%.0f×", x)
	case x >= 1:
		return fmt.Sprintf("%.1f×", x)
	case x < 0.1:
		return fmt.Sprintf("%.2g×", x)
	}
	return fmt.Sprintf("%.2f×", x)
}

// number prints a value with its unit: thousands grouped with a thin
// space, milliseconds and megabytes with sensible precision.
func number(v float64, unit string) string {
	switch unit {
	case "ms":
		if v < 10 {
			return fmt.Sprintf("%.2f ms", v)
		}
		return group(v) + " ms"
	case "MB":
		return fmt.Sprintf("%.1f MB", v)
	}
	return group(v) + " " + unit
}

// group rounds v and groups its thousands: 1 234 567.
func group(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune(' ')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// metIf is "yes" or "no: why".
func metIf(ok bool, why string) string {
	if ok {
		return "yes"
	}
	return "no: " + why
}
