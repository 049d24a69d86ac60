package diagram

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// Inline returns the diagram as an <svg> element for an HTML page. The
// picture itself (bands, level names, arrows) is an inner <svg> with
// role="img" named by its <title> and <desc>; the forum boxes are links
// laid over it, outside the image, because an image's children are
// presentational and a link inside one is neither announced nor reliably
// focusable. idPrefix keeps the element ids unique in the page.
func (l *Layout) Inline(idPrefix string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="model-diagram" viewBox="0 0 %s %s" width="%s" height="%s" font-family="%s">`,
		num(l.W), num(l.H), num(l.W), num(l.H), esc(fontList))
	fmt.Fprintf(&b, `<svg role="img" aria-labelledby="%s-title %s-desc" x="0" y="0" width="%s" height="%s">`,
		esc(idPrefix), esc(idPrefix), num(l.W), num(l.H))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`,
		esc(idPrefix), esc(l.d.Title), esc(idPrefix), esc(l.d.Desc))
	l.picture(&b, idPrefix)
	b.WriteString(`</svg><g class="forum-boxes">`)
	for _, p := range l.boxes {
		if p.Href != "" {
			fmt.Fprintf(&b, `<a href="%s" class="forum-box">`, esc(p.Href))
			l.box(&b, p)
			b.WriteString(`</a>`)
		} else {
			b.WriteString(`<g class="forum-box">`)
			l.box(&b, p)
			b.WriteString(`</g>`)
		}
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

// File returns the diagram as a standalone SVG document, for download:
// an image named by its <title> and <desc>, without links.
func (l *Layout) File() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="title desc" viewBox="0 0 %s %s" width="%s" height="%s" font-family="%s">`,
		num(l.W), num(l.H), num(l.W), num(l.H), esc(fontList))
	fmt.Fprintf(&b, "\n"+`<title id="title">%s</title>`+"\n"+`<desc id="desc">%s</desc>`+"\n", esc(l.d.Title), esc(l.d.Desc))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%s" height="%s" fill="#ffffff"/>`, num(l.W), num(l.H))
	l.picture(&b, "file")
	for _, p := range l.boxes {
		b.WriteString("\n<g>")
		l.box(&b, p)
		b.WriteString("</g>")
	}
	b.WriteString("\n</svg>\n")
	return []byte(b.String())
}

// picture writes the bands, the area headers and the arrows.
func (l *Layout) picture(b *strings.Builder, idPrefix string) {
	marker := idPrefix + "-arrow"
	fmt.Fprintf(b, `<defs><marker id="%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker></defs>`,
		esc(marker), muted)
	for r, lv := range l.d.Levels {
		y := l.bandY(r)
		fill := "#ffffff"
		if r%2 == 0 {
			fill = bandTint
		}
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"/>`,
			num(margin), num(y), num(l.W-2*margin), num(bandH), fill, rule)
		lines, _ := wrap(lv.Name, gutter-24, labelSize*1.07, 4)
		ty := y + bandH/2 - float64(len(lines)-1)*nameLine/2 + labelSize*0.35
		text(b, margin+12, ty, labelSize, "600", ink, lines)
	}
	for _, a := range l.areas {
		if a.name == "" {
			continue
		}
		left, right := slotX(a.first), slotX(a.last)+boxW
		lines, _ := wrap(a.name, right-left, 12.5*1.07, 2)
		y := margin + headerH - 10 - float64(len(lines)-1)*15
		fmt.Fprintf(b, `<text x="%s" y="%s" font-size="12.5" font-weight="600" fill="%s" text-anchor="middle">`,
			num((left+right)/2), num(y), ink)
		for i, ln := range lines {
			fmt.Fprintf(b, `<tspan x="%s" dy="%s">%s</tspan>`, num((left+right)/2), num(float64(min(i, 1))*15), esc(ln))
		}
		b.WriteString(`</text>`)
	}
	for _, d := range l.paths {
		fmt.Fprintf(b, `<path d="%s" fill="none" stroke="%s" stroke-width="2" marker-end="url(#%s)"/>`, d, muted, esc(marker))
	}
}

// box writes one forum box: its full name as a tooltip, the wrapped name
// and the cadence line.
func (l *Layout) box(b *strings.Builder, p placed) {
	full := p.Name
	if p.Sub != "" {
		full += " – " + p.Sub
	}
	fmt.Fprintf(b, `<title>%s</title>`, esc(full))
	stroke, dash := accent, ""
	if p.Inactive {
		stroke, dash = muted, ` stroke-dasharray="6 4"`
	}
	fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" rx="4" fill="#ffffff" stroke="%s" stroke-width="2"%s/>`,
		num(p.x), num(p.y), num(boxW), num(boxH), stroke, dash)
	lines, _ := wrap(p.Name, boxW-2*pad, nameSize*1.07, 3)
	text(b, p.x+pad, p.y+pad+nameSize, nameSize, "600", ink, lines)
	if p.Sub != "" {
		sub, _ := fit(p.Sub, boxW-2*pad, subSize)
		text(b, p.x+pad, p.y+boxH-pad, subSize, "400", muted, []string{sub})
	}
}

// text writes lines starting with the first baseline at (x, y).
func text(b *strings.Builder, x, y, size float64, weight, fill string, lines []string) {
	fmt.Fprintf(b, `<text x="%s" y="%s" font-size="%s" font-weight="%s" fill="%s">`, num(x), num(y), num(size), weight, fill)
	for i, ln := range lines {
		dy := 0.0
		if i > 0 {
			dy = nameLine
		}
		fmt.Fprintf(b, `<tspan x="%s" dy="%s">%s</tspan>`, num(x), num(dy), esc(ln))
	}
	b.WriteString(`</text>`)
}

type pt struct{ x, y float64 }

func pathData(ps ...pt) string {
	var b strings.Builder
	for i, p := range ps {
		if i == 0 {
			b.WriteString("M")
		} else {
			b.WriteString(" L")
		}
		b.WriteString(num(p.x) + "," + num(p.y))
	}
	return b.String()
}

// num formats a coordinate without needless decimals.
func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

// esc escapes text and attribute values.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
