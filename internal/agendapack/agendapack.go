// Package agendapack builds a meeting's agenda pack: one PDF with the
// agenda first and every PDF material appended in agenda order, with a
// bookmark per agenda item; the other materials are listed on the agenda
// with their name, size and SHA-256, and a file that claims to be a PDF
// but is not one is listed as not merged rather than failing the pack.
// PDFs are merged with github.com/pdfcpu/pdfcpu.
package agendapack

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/steerco/steerco/internal/minutesdoc"
)

// Labels are the words of the pack, in the agreement's language.
type Labels struct {
	Title, Agenda, Materials, Other, Invalid, Bookmark string
	// Size formats a file's size.
	Size func(int64) string
}

// Item is one agenda item.
type Item struct {
	No                   int
	Title, Detail, Descr string
}

// Material is one file of the pack (the newest version of each name).
type Material struct {
	Name   string
	Size   int64
	SHA256 string
	// ItemNo is the agenda item's number, 0 for the whole meeting.
	ItemNo int
	Data   []byte
}

// Pack is what goes into a meeting's pack.
type Pack struct {
	Labels    Labels
	Facts     [][2]string
	Items     []Item
	Materials []Material
	Lang      string
	Created   time.Time
}

var disableConfig sync.Once

func conf() *model.Configuration {
	disableConfig.Do(api.DisableConfigDir) // pdfcpu would otherwise write a config directory
	c := model.NewDefaultConfiguration()
	c.ValidationMode = model.ValidationRelaxed
	return c
}

// pages validates a PDF and counts its pages; an error means it is not
// one pdfcpu can merge.
func pages(data []byte) (int, error) {
	if !bytes.HasPrefix(bytes.TrimLeft(data, "\x00\t\r\n "), []byte("%PDF-")) {
		return 0, fmt.Errorf("not a PDF")
	}
	return api.PageCount(bytes.NewReader(data), conf())
}

// Build makes the pack's PDF.
func Build(p Pack) ([]byte, error) {
	type part struct {
		m     *Material
		pages int
	}
	var merged, other, invalid []part
	// Agenda order: the whole meeting's files first, then each item's.
	order := make([]*Material, 0, len(p.Materials))
	for i := range p.Materials {
		order = append(order, &p.Materials[i])
	}
	slices.SortStableFunc(order, func(a, b *Material) int { return a.ItemNo - b.ItemNo })
	for _, m := range order {
		if isPDFName(m.Name) || bytes.HasPrefix(m.Data, []byte("%PDF-")) {
			if n, err := pages(m.Data); err == nil && n > 0 {
				merged = append(merged, part{m, n})
			} else {
				invalid = append(invalid, part{m, 0})
			}
			continue
		}
		other = append(other, part{m, 0})
	}
	l := p.Labels
	blocks := []minutesdoc.Block{{Kind: "title", Text: l.Title}}
	for _, f := range p.Facts {
		if f[1] != "" {
			blocks = append(blocks, minutesdoc.Block{Kind: "fact", Label: f[0], Text: f[1]})
		}
	}
	blocks = append(blocks, minutesdoc.Block{Kind: "heading", Level: 1, Text: l.Agenda})
	for _, it := range p.Items {
		text := it.Title
		if it.Detail != "" {
			text += " (" + it.Detail + ")"
		}
		blocks = append(blocks, minutesdoc.Block{Kind: "item", Level: 1, Bullet: fmt.Sprintf("%d.", it.No), Text: text})
		if it.Descr != "" {
			for _, b := range minutesdoc.MarkdownBlocks(it.Descr) {
				b.Level += 1
				if b.Kind == "heading" {
					b.Kind = "para"
				}
				blocks = append(blocks, b)
			}
		}
	}
	list := func(title string, parts []part) {
		if len(parts) == 0 {
			return
		}
		blocks = append(blocks, minutesdoc.Block{Kind: "heading", Level: 1, Text: title})
		for _, pt := range parts {
			blocks = append(blocks, minutesdoc.Block{Kind: "item", Level: 1, Bullet: "•",
				Text: fmt.Sprintf("%s – %s – SHA-256 %s", pt.m.Name, l.Size(pt.m.Size), pt.m.SHA256)})
		}
	}
	list(l.Materials, merged)
	list(l.Other, other)
	list(l.Invalid, invalid)
	agenda, err := minutesdoc.Render(blocks, l.Title, p.Lang, p.Created)
	if err != nil {
		return nil, err
	}
	first, err := pages(agenda)
	if err != nil {
		return nil, fmt.Errorf("agenda pack: the agenda: %w", err)
	}
	rs := []io.ReadSeeker{bytes.NewReader(agenda)}
	for _, pt := range merged {
		rs = append(rs, bytes.NewReader(pt.m.Data))
	}
	var out bytes.Buffer
	if len(rs) > 1 {
		if err := api.MergeRaw(rs, &out, false, conf()); err != nil {
			return nil, fmt.Errorf("agenda pack: merge: %w", err)
		}
	} else {
		out.Write(agenda)
	}
	// Bookmarks: the agenda, then each item with materials (its files
	// under it), the whole meeting's files under the agenda.
	bms := []pdfcpu.Bookmark{{Title: l.Agenda, PageFrom: 1}}
	page := first + 1
	var cur *pdfcpu.Bookmark
	curNo := -1
	for _, pt := range merged {
		kid := pdfcpu.Bookmark{Title: pt.m.Name, PageFrom: page}
		if pt.m.ItemNo == 0 {
			bms[0].Kids = append(bms[0].Kids, kid)
		} else {
			if pt.m.ItemNo != curNo {
				title := fmt.Sprintf("%d.", pt.m.ItemNo)
				for _, it := range p.Items {
					if it.No == pt.m.ItemNo {
						title = fmt.Sprintf("%d. %s", it.No, it.Title)
					}
				}
				bms = append(bms, pdfcpu.Bookmark{Title: title, PageFrom: page})
				cur, curNo = &bms[len(bms)-1], pt.m.ItemNo
			}
			cur.Kids = append(cur.Kids, kid)
		}
		page += pt.pages
	}
	var final bytes.Buffer
	if err := api.AddBookmarks(bytes.NewReader(out.Bytes()), &final, bms, true, conf()); err != nil {
		return nil, fmt.Errorf("agenda pack: bookmarks: %w", err)
	}
	return final.Bytes(), nil
}

func isPDFName(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".pdf")
}
