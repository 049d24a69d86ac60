package invoice

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/steerco/steerco/internal/csvsafe"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/order"
)

// Exports: the same columns in CSV and XLSX. The CSV follows the Nordic
// spreadsheet convention the import reads too: UTF-8 with a byte-order
// mark, semicolons, a decimal comma.

// Header names the export's columns.
var Header = []string{"order_id", "kind", "description", "hours", "rate", "unit_price", "amount", "currency"}

func hours(l Line) string {
	if l.Kind != LineHours {
		return ""
	}
	return fmt.Sprintf("%.2f", float64(l.Minutes)/60)
}

func decimalComma(s string) string { return strings.Replace(s, ".", ",", 1) }

// WriteCSV writes the basis as CSV, ending with the total and, when
// flagged, the deviation from the normal monthly amount.
func WriteCSV(w io.Writer, a *gov.Agreement, b *Basis) error {
	if _, err := io.WriteString(w, "\xef\xbb\xbf"); err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	cw.Write(Header)
	for _, l := range b.Lines {
		unit := ""
		if l.UnitCents != 0 {
			unit = decimalComma(order.FormatCents(l.UnitCents))
		}
		cw.Write([]string{l.Order, l.Kind, l.Description, decimalComma(hours(l)), l.Rate, unit, decimalComma(order.FormatCents(l.AmountCents)), a.Currency})
	}
	cw.Write([]string{"", "total", b.Supplier + " " + b.Month, "", "", "", decimalComma(order.FormatCents(b.TotalCents)), a.Currency})
	if b.Deviation {
		cw.Write([]string{"", "deviation", fmt.Sprintf("normal monthly amount %s, difference above %g %%",
			decimalComma(order.FormatCents(b.NormalCents)), b.DeviationPercent), "", "", "", decimalComma(order.FormatCents(b.TotalCents - b.NormalCents)), a.Currency})
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the basis as a workbook with one sheet, amounts and
// hours as numbers.
func WriteXLSX(w io.Writer, a *gov.Agreement, b *Basis) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := b.Month
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	cell := func(col, row int) string {
		c, _ := excelize.CoordinatesToCellName(col, row)
		return c
	}
	f.SetCellValue(sheet, "A1", a.Name)
	f.SetCellValue(sheet, "A2", b.Supplier)
	f.SetCellValue(sheet, "B2", b.Month)
	for i, h := range Header {
		f.SetCellValue(sheet, cell(i+1, 4), h)
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return err
	}
	row := 5
	for _, l := range b.Lines {
		f.SetCellValue(sheet, cell(1, row), l.Order)
		f.SetCellValue(sheet, cell(2, row), l.Kind)
		f.SetCellValue(sheet, cell(3, row), l.Description)
		if l.Kind == LineHours {
			f.SetCellValue(sheet, cell(4, row), float64(l.Minutes)/60)
			f.SetCellValue(sheet, cell(5, row), l.Rate)
			f.SetCellValue(sheet, cell(6, row), float64(l.UnitCents)/100)
		}
		f.SetCellValue(sheet, cell(7, row), float64(l.AmountCents)/100)
		f.SetCellValue(sheet, cell(8, row), a.Currency)
		row++
	}
	f.SetCellValue(sheet, cell(2, row), "total")
	f.SetCellValue(sheet, cell(7, row), float64(b.TotalCents)/100)
	f.SetCellValue(sheet, cell(8, row), a.Currency)
	if b.Deviation {
		row++
		f.SetCellValue(sheet, cell(2, row), "deviation")
		f.SetCellValue(sheet, cell(3, row), fmt.Sprintf("normal monthly amount %s, difference above %g %%", order.FormatCents(b.NormalCents), b.DeviationPercent))
		f.SetCellValue(sheet, cell(7, row), float64(b.TotalCents-b.NormalCents)/100)
	}
	f.SetCellStyle(sheet, "F5", cell(7, row), money)
	f.SetColWidth(sheet, "C", "C", 48)
	_, err = f.WriteTo(w)
	return err
}
