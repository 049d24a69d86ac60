package invoice_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/invoice"
)

// TestInvoiceBasisCarriesNoFormulas: an order title that starts a formula
// is text in the invoice-basis CSV and a string cell in the XLSX, while a
// credit (a negative amount) stays a number.
func TestInvoiceBasisCarriesNoFormulas(t *testing.T) {
	a := &gov.Agreement{Currency: "EUR"}
	const title = `=HYPERLINK("http://evil.example","Raportointi")`
	b := &invoice.Basis{Supplier: "@supplier", Month: "2026-10", Lines: []invoice.Line{
		{Kind: "hours", Order: "2026-001", Description: title, Minutes: 90, Rate: "-x", UnitCents: 10500, AmountCents: 15750},
		{Kind: "credit", Description: "-1+cmd|' /C calc'!A0", AmountCents: -5000},
	}, TotalCents: 10750}
	var csv bytes.Buffer
	if err := invoice.WriteCSV(&csv, a, b); err != nil {
		t.Fatal(err)
	}
	out := csv.String()
	for _, want := range []string{`'=HYPERLINK`, `'-1+cmd`, ";-50,00;", "'@supplier", "'-x"} {
		if !strings.Contains(out, want) {
			t.Errorf("CSV lacks %q:\n%s", want, out)
		}
	}
	var xl bytes.Buffer
	if err := invoice.WriteXLSX(&xl, a, b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&xl)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[0]
	rows, _ := f.GetRows(sheet)
	kept := false
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if fm, _ := f.GetCellFormula(sheet, cell); fm != "" && strings.Contains(fm, "HYPERLINK") {
				t.Errorf("%s holds formula %q", cell, fm)
			}
			kept = kept || v == title
		}
	}
	if !kept {
		t.Error("the XLSX does not keep the title as text")
	}
}
