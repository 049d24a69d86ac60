package duty

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// CSVHeader is the header of the ledger's CSV, as the issue fixes it.
var CSVHeader = []string{"due", "kind", "source", "owed_by", "owed_to", "state", "title", "link"}

// owedBy names who owes a duty: the party, and the person where known.
func (v View) owedBy() string {
	if v.PersonName != "" {
		return v.OwedByName + " (" + v.PersonName + ")"
	}
	return v.OwedByName
}

// cell keeps a spreadsheet from reading text as a formula: a cell that
// starts with = + - @ or a tab or carriage return gets a leading quote.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes duties as CSV with CSVHeader; link is base + the
// duty's path.
func WriteCSV(w io.Writer, vs []View, base string) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	for _, v := range vs {
		cw.Write([]string{v.Due, v.Kind, cell(v.Source), cell(v.owedBy()), cell(v.OwedToName), v.State, cell(v.titleWithPeriod()), base + v.Link})
	}
	cw.Flush()
	return cw.Error()
}

// titleWithPeriod is the title with the occurrence of a recurring duty.
func (v View) titleWithPeriod() string {
	if v.Occurrence != "" && (v.Kind == Obligation || v.Kind == ReportSubmission || v.Kind == InvoiceBasis || v.Kind == HoursApproval ||
		v.Kind == HoursCorrection || v.Kind == ReportApproval) {
		return v.Title + " " + v.Occurrence
	}
	return v.Title
}

// WriteText writes duties as aligned columns for a terminal.
func WriteText(w io.Writer, vs []View) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, v := range vs {
		to := v.OwedToName
		if to == "" {
			to = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s → %s\t%s\n", v.Due, v.State, v.Kind, v.owedBy(), to, v.titleWithPeriod())
	}
	return tw.Flush()
}
