package archive

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/steerco/steerco/internal/pdffont"
)

// renderPDF sets lines of text on A4 pages in DejaVu Sans, which fpdf
// embeds (as a subset) so the file prints the same anywhere — archives
// refuse PDFs that depend on the reader's fonts.
func renderPDF(title string, lines []string, created time.Time, lang string) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("DejaVu", "", pdffont.DejaVuSans)
	pdf.SetTitle(title, true)
	if lang != "" {
		pdf.SetLang(lang)
	}
	pdf.SetCreator("steerco", true)
	pdf.SetProducer("steerco archive export", true)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("DejaVu", "", 8)
		pdf.CellFormat(0, 5, fmt.Sprint(pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("DejaVu", "", 16)
	pdf.MultiCell(0, 8, title, "", "L", false)
	pdf.Ln(3)
	pdf.SetFont("DejaVu", "", 10.5)
	for _, l := range lines {
		if l == "" {
			pdf.Ln(3)
			continue
		}
		pdf.MultiCell(0, 5.5, l, "", "L", false)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("pdf %q: %w", title, err)
	}
	return b.Bytes(), nil
}
