package duty

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/steerco/steerco/internal/csvsafe"
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

// Href is the page where the duty is done: the object's page, or for a
// duty done by evidence (an obligation, a quarterly report) its own page
// in the ledger.
func (v View) Href() string {
	switch {
	case v.Link != "":
		return v.Link
	case v.ID != 0:
		return fmt.Sprintf("/a/%s/duties/%d", v.Agreement, v.ID)
	}
	return "/a/" + v.Agreement + "/duties"
}

// cell keeps a spreadsheet from reading text as a formula (the rule all
// of steerco's CSV files share).
func cell(s string) string { return csvsafe.Cell(s) }

// WriteCSV writes duties as CSV with CSVHeader; link is base + the
// duty's path.
func WriteCSV(w io.Writer, vs []View, base string) error {
	cw := csvsafe.NewWriter(w)
	cw.Write(CSVHeader)
	for _, v := range vs {
		cw.Write([]string{v.Due, v.Kind, cell(v.Source), cell(v.owedBy()), cell(v.OwedToName), v.State, cell(v.titleWithPeriod()), base + v.Href()})
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
