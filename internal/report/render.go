package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"github.com/steerco/steerco/internal/csvsafe"
	"github.com/steerco/steerco/internal/pdffont"
)

// Formats the pack is written in.
var Formats = []string{"json", "csv", "xlsx", "pdf"}

// ContentType returns a format's media type.
func ContentType(format string) string {
	switch format {
	case "csv":
		return "text/csv; charset=utf-8"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case "pdf":
		return "application/pdf"
	}
	return "application/json"
}

// Write renders the pack in format, headings in l's language.
func Write(w io.Writer, format string, l Labels, p *Pack) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	case "csv":
		return writeCSV(w, l, p)
	case "xlsx":
		return writeXLSX(w, l, p)
	case "pdf":
		return writePDF(w, l, p)
	}
	return fmt.Errorf("format %q: use one of %s", format, strings.Join(Formats, ", "))
}

// title is the pack's title line.
func title(l Labels, p *Pack) string {
	return l.T("pack.title", "Month", l.MonthName(p.Month), "Agreement", p.Name)
}

// facts are the pack's header facts.
func facts(l Labels, p *Pack) [][2]string {
	f := [][2]string{{l.T("f.agreement"), p.Name}, {l.T("f.month"), p.Month}, {l.T("f.status"), l.Status(p.Status)}}
	if p.Version > 0 {
		f = append(f, [2]string{l.T("f.version"), fmt.Sprint(p.Version)})
	}
	if p.Review.ForumName != "" {
		f = append(f, [2]string{l.T("f.forum"), p.Review.ForumName})
	}
	if !p.Review.DecidedAt.IsZero() {
		f = append(f, [2]string{l.T("f.decided"), l.Time(p.Review.DecidedAt)})
	}
	if p.Review.DecisionNote != "" {
		f = append(f, [2]string{l.T("f.note"), p.Review.DecisionNote})
	}
	if p.Review.AuditHead != "" {
		f = append(f, [2]string{l.T("f.audit"), l.T("f.audit_value", "Entry", p.Review.AuditEntry, "Hash", p.Review.AuditHead)})
	}
	return append(f, [2]string{l.T("f.generated"), l.Time(p.GeneratedAt)})
}

// writeCSV writes every table one after another: a row naming the
// section and table, the header, the rows, an empty row. The narrative
// texts come as a two-column table.
func writeCSV(w io.Writer, l Labels, p *Pack) error {
	cw := csvsafe.NewWriter(w)
	cw.Write([]string{title(l, p)})
	for _, f := range facts(l, p) {
		cw.Write([]string{f[0], f[1]})
	}
	cw.Write(nil)
	for _, s := range Sections(l, p) {
		for _, f := range s.Facts {
			cw.Write([]string{s.Title, f[0], f[1]})
		}
		if s.Text != "" {
			cw.Write([]string{s.Title, l.T("f.text"), s.Text})
		}
		for _, t := range s.Tables {
			cw.Write(nil)
			cw.Write([]string{s.Title, t.Title})
			cw.Write(t.Head)
			for _, r := range t.Rows {
				cw.Write(r)
			}
		}
		cw.Write(nil)
	}
	cw.Flush()
	return cw.Error()
}

// writeXLSX writes a summary sheet with the facts and texts, and one
// sheet per table.
func writeXLSX(w io.Writer, l Labels, p *Pack) error {
	x := excelize.NewFile()
	defer x.Close()
	sum := sheetName(l.T("sheet.summary"), map[string]bool{})
	x.SetSheetName("Sheet1", sum)
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	wrap, _ := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	row := 1
	put := func(sheet string, r int, vals ...string) {
		for i, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+1, r)
			x.SetCellStr(sheet, cell, v)
		}
	}
	put(sum, row, title(l, p))
	x.SetCellStyle(sum, "A1", "A1", bold)
	row += 2
	for _, f := range facts(l, p) {
		put(sum, row, f[0], f[1])
		row++
	}
	used := map[string]bool{sum: true}
	for _, s := range Sections(l, p) {
		row++
		put(sum, row, s.Title)
		cell, _ := excelize.CoordinatesToCellName(1, row)
		x.SetCellStyle(sum, cell, cell, bold)
		row++
		for _, f := range s.Facts {
			put(sum, row, f[0], f[1])
			row++
		}
		if s.Text != "" {
			put(sum, row, l.T("f.text"), s.Text)
			cell, _ := excelize.CoordinatesToCellName(2, row)
			x.SetCellStyle(sum, cell, cell, wrap)
			row++
		}
		for _, t := range s.Tables {
			name := sheetName(t.Title, used)
			if _, err := x.NewSheet(name); err != nil {
				return err
			}
			put(name, 1, t.Head...)
			last, _ := excelize.CoordinatesToCellName(max(len(t.Head), 1), 1)
			x.SetCellStyle(name, "A1", last, bold)
			for i, r := range t.Rows {
				put(name, i+2, r...)
			}
			x.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
		}
	}
	x.SetColWidth(sum, "A", "A", 36)
	x.SetColWidth(sum, "B", "B", 80)
	return x.Write(w)
}

// sheetName makes a unique sheet name within Excel's 31 characters and
// without the characters it forbids.
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 28 {
		s = string(r[:28])
	}
	name := s
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s %d", s, i)
	}
	used[name] = true
	return name
}

// writePDF sets the pack on A4 pages: title, facts, then each section
// with its facts, text, the SLA trend chart (drawn, with its text
// alternative printed below it) and its tables.
func writePDF(w io.Writer, l Labels, p *Pack) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("DejaVu", "", pdffont.DejaVuSans)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	pdf.SetTitle(title(l, p), true)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("DejaVu", "", 8)
		pdf.CellFormat(0, 5, fmt.Sprintf("%s · %d", title(l, p), pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("DejaVu", "", 16)
	pdf.MultiCell(0, 8, title(l, p), "", "L", false)
	pdf.Ln(2)
	pdf.SetFont("DejaVu", "", 9)
	for _, f := range facts(l, p) {
		pdf.CellFormat(45, 5, f[0], "", 0, "L", false, 0, "")
		pdf.MultiCell(0, 5, f[1], "", "L", false)
	}
	for _, s := range Sections(l, p) {
		pdf.Ln(4)
		pdf.SetFont("DejaVu", "", 13)
		pdf.MultiCell(0, 7, s.Title, "B", "L", false)
		pdf.Ln(1)
		pdf.SetFont("DejaVu", "", 9)
		for _, f := range s.Facts {
			if f[1] == "" {
				continue
			}
			pdf.CellFormat(70, 5, f[0], "", 0, "L", false, 0, "")
			pdf.MultiCell(0, 5, f[1], "", "L", false)
		}
		if s.Text != "" {
			pdf.Ln(1)
			pdf.MultiCell(0, 5, s.Text, "", "L", false)
		}
		if s.Key == "service_levels" {
			pdfChart(pdf, l, p.ServiceLevels.Trend)
		}
		for _, t := range s.Tables {
			pdfTable(pdf, t, l)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// pdfTable prints a table with its title; column widths share the page
// in proportion to the longest text of each column.
func pdfTable(pdf *fpdf.Fpdf, t Table, l Labels) {
	pdf.Ln(2)
	if _, y := pdf.GetXY(); y > 235 {
		pdf.AddPage() // the title with its table
	}
	pdf.SetFont("DejaVu", "", 10)
	pdf.MultiCell(0, 6, t.Title, "", "L", false)
	pdf.SetFont("DejaVu", "", 7)
	if len(t.Rows) == 0 {
		pdf.MultiCell(0, 5, l.T("none"), "", "L", false)
		return
	}
	// Headers wrap at spaces, so a column is as wide as its longest
	// value or its header's longest word.
	widths := make([]float64, len(t.Head))
	total := 0.0
	for i, h := range t.Head {
		for _, word := range strings.Fields(h) {
			widths[i] = max(widths[i], pdf.GetStringWidth(word)+2)
		}
		for _, r := range t.Rows {
			if i < len(r) {
				widths[i] = max(widths[i], min(pdf.GetStringWidth(r[i])+2, 60))
			}
		}
		total += widths[i]
	}
	page, _ := pdf.GetPageSize()
	lm, _, rm, _ := pdf.GetMargins()
	scale := (page - lm - rm) / total
	for i := range widths {
		widths[i] *= scale
	}
	line := func(cells []string, fill bool) {
		if _, y := pdf.GetXY(); y > 270 {
			pdf.AddPage()
		}
		for i := range widths {
			v := ""
			if i < len(cells) {
				v = cells[i]
			}
			for len(v) > 0 && pdf.GetStringWidth(v) > widths[i]-1 {
				r := []rune(v)
				v = string(r[:len(r)-1])
			}
			pdf.CellFormat(widths[i], 4.5, v, "1", 0, "L", fill, 0, "")
		}
		pdf.Ln(-1)
	}
	head := func() {
		// A header keeps at least a few rows under it on its page.
		if _, y := pdf.GetXY(); y > 240 {
			pdf.AddPage()
		}
		lines := 1
		split := make([][]string, len(t.Head))
		for i, h := range t.Head {
			split[i] = pdf.SplitText(h, widths[i]-1)
			lines = max(lines, len(split[i]))
		}
		x, y := pdf.GetXY()
		for i := range t.Head {
			pdf.Rect(x, y, widths[i], float64(lines)*3.5+1, "FD")
			for j, s := range split[i] {
				pdf.Text(x+0.5, y+3.2+float64(j)*3.5, s)
			}
			x += widths[i]
		}
		pdf.SetXY(lm, y+float64(lines)*3.5+1)
	}
	pdf.SetFillColor(230, 230, 230)
	head()
	for _, r := range t.Rows {
		line(r, false)
	}
}

// pdfChart draws the SLA trend as bars (before and after exclusions) on
// a 0–100 % axis and prints the chart's text alternative under it.
func pdfChart(pdf *fpdf.Fpdf, l Labels, trend []SLAMonth) {
	if len(trend) == 0 {
		return
	}
	pdf.Ln(2)
	pdf.SetFont("DejaVu", "", 10)
	pdf.MultiCell(0, 6, l.T("chart.title"), "", "L", false)
	if _, y := pdf.GetXY(); y > 220 {
		pdf.AddPage()
	}
	x0, y0 := 25.0, pdf.GetY()+2
	const w, h = 165.0, 45.0
	pdf.SetFont("DejaVu", "", 6)
	pdf.SetDrawColor(190, 190, 190)
	for _, v := range []float64{0, 50, 90, 100} {
		y := y0 + h*(1-v/100)
		pdf.Line(x0, y, x0+w, y)
		pdf.Text(x0-7, y+1, fmt.Sprintf("%g", v))
	}
	bw := w / float64(len(trend))
	for i, m := range trend {
		x := x0 + float64(i)*bw
		bar := func(v *float64, dx float64, r, g, b int) {
			if v == nil {
				return
			}
			bh := h * *v / 100
			pdf.SetFillColor(r, g, b)
			pdf.Rect(x+dx, y0+h-bh, bw*0.38, bh, "F")
		}
		bar(m.Attainment, bw*0.1, 120, 144, 200)
		bar(m.AttainmentAfter, bw*0.5, 30, 70, 150)
		pdf.Text(x+bw*0.2, y0+h+4, m.Month[5:]+"/"+m.Month[2:4])
	}
	pdf.SetY(y0 + h + 7)
	pdf.SetFont("DejaVu", "", 7)
	pdf.SetFillColor(120, 144, 200)
	pdf.Rect(x0, pdf.GetY()+1, 3, 3, "F")
	pdf.SetX(x0 + 4)
	pdf.CellFormat(50, 5, l.T("c.attainment"), "", 0, "L", false, 0, "")
	pdf.SetFillColor(30, 70, 150)
	pdf.Rect(x0+55, pdf.GetY()+1, 3, 3, "F")
	pdf.SetX(x0 + 59)
	pdf.CellFormat(60, 5, l.T("c.attainment_after"), "", 1, "L", false, 0, "")
	pdf.MultiCell(0, 4, TrendChart(l, trend).Alt, "", "L", false)
}
