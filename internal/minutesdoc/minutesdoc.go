// Package minutesdoc lays out and prints a meeting's minutes as a PDF:
// the same document whoever downloads it (the agreement's language), and
// the document that checked minutes are signed and sealed in. It is its
// own package so that both the meeting service (which seals the record)
// and the web front end (which previews) print the same thing.
package minutesdoc

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/steerco/steerco/internal/pdffont"
)

var (
	mdOnce sync.Once
	md     goldmark.Markdown
)

// parse parses markdown the way the pages render it (GFM).
func parse(src []byte) ast.Node {
	mdOnce.Do(func() { md = goldmark.New(goldmark.WithExtensions(extension.GFM)) })
	return md.Parser().Parse(text.NewReader(src))
}

// Block is one block of text in the minutes' PDF.
type Block struct {
	// Kind is title, fact, heading, para, item, rule or record.
	Kind string
	// Level is a heading's level (1 highest) or a list item's depth.
	Level int
	// Label precedes a fact; Bullet a list item.
	Label, Bullet string
	Text          string
}

// Doc is what the PDF of approved minutes shows.
type Doc struct {
	Title                      string
	Facts                      [][2]string // label, value
	AttendeesLabel             string
	Attendees                  []string
	MinutesLabel, Body, Record string
	// Signatures lists who signed the minutes and when (checked and
	// signed minutes); AuditHead is the audit trail's head hash when
	// they were sealed.
	SignaturesLabel string
	Signatures      []string
	AuditLabel      string
	AuditHead       string
}

// layout lays the minutes out as blocks: title, facts, attendees, the
// minutes themselves and the approval record.
func (d Doc) Layout() []Block {
	out := []Block{{Kind: "title", Text: d.Title}}
	for _, f := range d.Facts {
		if f[1] != "" {
			out = append(out, Block{Kind: "fact", Label: f[0], Text: f[1]})
		}
	}
	if len(d.Attendees) > 0 {
		out = append(out, Block{Kind: "heading", Level: 1, Text: d.AttendeesLabel})
		for _, a := range d.Attendees {
			out = append(out, Block{Kind: "item", Level: 1, Bullet: "•", Text: a})
		}
	}
	out = append(out, Block{Kind: "heading", Level: 1, Text: d.MinutesLabel})
	for _, b := range MarkdownBlocks(d.Body) {
		if b.Kind == "heading" {
			b.Level = min(b.Level+1, 4) // under the "Minutes" heading
		}
		out = append(out, b)
	}
	out = append(out, Block{Kind: "rule"}, Block{Kind: "record", Text: d.Record})
	if len(d.Signatures) > 0 {
		out = append(out, Block{Kind: "heading", Level: 1, Text: d.SignaturesLabel})
		for _, s := range d.Signatures {
			out = append(out, Block{Kind: "item", Level: 1, Bullet: "•", Text: s})
		}
	}
	if d.AuditHead != "" {
		out = append(out, Block{Kind: "record", Text: d.AuditLabel + ": " + d.AuditHead})
	}
	return out
}

// markdownBlocks turns markdown into plain blocks: headings, paragraphs,
// list items (numbered or bulleted, by depth), rules; raw HTML is left
// out, links keep their address.
func MarkdownBlocks(src string) []Block {
	b := []byte(src)
	var out []Block
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch x := c.(type) {
			case *ast.Heading:
				out = append(out, Block{Kind: "heading", Level: x.Level, Text: inlineText(x, b)})
			case *ast.Paragraph, *ast.TextBlock:
				if t := inlineText(x, b); t != "" {
					out = append(out, Block{Kind: "para", Level: depth, Text: t})
				}
			case *ast.List:
				i := x.Start
				for it := x.FirstChild(); it != nil; it = it.NextSibling() {
					bullet := "•"
					if x.IsOrdered() {
						bullet = fmt.Sprintf("%d.", i)
						i++
					}
					first := len(out)
					walk(it, depth+1)
					if first < len(out) && out[first].Kind == "para" {
						out[first].Kind, out[first].Bullet = "item", bullet
					} else {
						out = append(out[:first], append([]Block{{Kind: "item", Level: depth + 1, Bullet: bullet}}, out[first:]...)...)
					}
				}
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				var lines []string
				for i := 0; i < x.Lines().Len(); i++ {
					seg := x.Lines().At(i)
					lines = append(lines, strings.TrimRight(string(seg.Value(b)), "\n"))
				}
				out = append(out, Block{Kind: "para", Level: depth, Text: strings.Join(lines, "\n")})
			case *ast.ThematicBreak:
				out = append(out, Block{Kind: "rule"})
			case *ast.Blockquote:
				walk(x, depth+1)
			case *east.Table:
				for row := x.FirstChild(); row != nil; row = row.NextSibling() {
					var cells []string
					for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
						cells = append(cells, inlineText(cell, b))
					}
					out = append(out, Block{Kind: "para", Level: depth, Text: strings.Join(cells, " | ")})
				}
			case *ast.HTMLBlock:
				// Raw HTML is not minutes text.
			default:
				walk(x, depth)
			}
		}
	}
	walk(parse(b), 0)
	return out
}

// inlineText is a block's text without markup.
func inlineText(n ast.Node, src []byte) string {
	var sb strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch x := c.(type) {
			case *ast.Text:
				sb.Write(x.Segment.Value(src))
				switch {
				case x.HardLineBreak():
					sb.WriteByte('\n')
				case x.SoftLineBreak():
					sb.WriteByte(' ')
				}
			case *ast.String:
				sb.Write(x.Value)
			case *ast.AutoLink:
				sb.Write(x.URL(src))
			case *ast.Link:
				walk(x)
				if dest := string(x.Destination); dest != "" {
					sb.WriteString(" (" + dest + ")")
				}
			case *ast.RawHTML:
				// left out
			default:
				walk(x)
			}
		}
	}
	walk(n)
	return strings.TrimSpace(sb.String())
}

// renderPDF prints blocks on A4 pages with page numbers.
func Render(blocks []Block, title, lang string, created time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("DejaVu", "", pdffont.DejaVuSans)
	pdf.SetTitle(title, true)
	pdf.SetLang(lang)
	pdf.SetCreator("steerco", true)
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
	left, _, right, _ := pdf.GetMargins()
	width, _ := pdf.GetPageSize()
	for _, b := range blocks {
		indent := float64(max(b.Level, 0)) * 6
		switch b.Kind {
		case "title":
			pdf.SetFont("DejaVu", "", 17)
			pdf.MultiCell(0, 8, b.Text, "", "L", false)
			pdf.Ln(3)
		case "fact":
			pdf.SetFont("DejaVu", "", 10)
			pdf.MultiCell(0, 5.5, b.Label+": "+b.Text, "", "L", false)
		case "heading":
			pdf.Ln(3)
			pdf.SetFont("DejaVu", "", map[int]float64{1: 14, 2: 12.5, 3: 11.5}[min(b.Level, 3)])
			pdf.MultiCell(0, 7, b.Text, "", "L", false)
			pdf.Ln(1)
		case "para":
			pdf.SetFont("DejaVu", "", 10.5)
			pdf.SetX(left + indent)
			pdf.MultiCell(0, 5.5, b.Text, "", "L", false)
			pdf.Ln(2)
		case "item":
			pdf.SetFont("DejaVu", "", 10.5)
			pdf.SetX(left + indent - 5)
			pdf.CellFormat(5, 5.5, b.Bullet, "", 0, "L", false, 0, "")
			pdf.MultiCell(0, 5.5, b.Text, "", "L", false)
			pdf.Ln(0.5)
		case "rule":
			pdf.Ln(2)
			pdf.SetDrawColor(120, 120, 120)
			pdf.Line(left, pdf.GetY(), width-right, pdf.GetY())
			pdf.Ln(3)
		case "record":
			pdf.SetFont("DejaVu", "", 10.5)
			pdf.MultiCell(0, 5.5, b.Text, "", "L", false)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
