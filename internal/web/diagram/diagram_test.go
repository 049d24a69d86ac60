package diagram

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestWrapFits(t *testing.T) {
	for _, s := range []string{
		"Kehitysryhmä",
		"Tieran opetuksen ja kasvatuksen ohjausryhmä",
		"Asiakaskohtainen ohjausryhmä – Kerava",
		"Ohjausryhmä – Tiera ja Alustatalo",
		"Supercalifragilisticexpialidociousandevenlongerthanthatwithoutanyspaceatall",
		"WWWWWWWWWW MMMMMMMMMM WWWWWWWWWW MMMMMMMMMM WWWWWWWWWW MMMMMMMMMM",
		"Ärendeberedningsgrupp för samverkan mellan kommunerna i Åboland och Österbotten",
		"",
	} {
		lines, truncated := wrap(s, boxW-2*pad, nameSize*1.07, 3)
		if len(lines) > 3 {
			t.Errorf("%q: %d lines", s, len(lines))
		}
		for _, l := range lines {
			if w := textWidth(l, nameSize*1.07); w > boxW-2*pad {
				t.Errorf("%q: line %q is %.0f wide, more than %.0f", s, l, w, boxW-2*pad)
			}
		}
		joined := strings.Join(lines, " ")
		if truncated != strings.HasSuffix(joined, "…") {
			t.Errorf("%q: truncated %v but lines %q", s, truncated, lines)
		}
		if !truncated && strings.Join(strings.Fields(joined), "") != strings.Join(strings.Fields(s), "") {
			t.Errorf("%q: wrapped into %q, lost text", s, lines)
		}
	}
}

func sample() *Diagram {
	return &Diagram{
		Title: `Model of "A & B" <test>`,
		Desc:  "Three levels.",
		Levels: []Level{
			{ID: "strategic", Name: "Strategic level"},
			{ID: "tactical", Name: "Tactical level"},
			{ID: "operational", Name: "Operational level"},
		},
		Boxes: []Box{
			{ID: "board", Name: "Steering group", Level: "strategic", Area: "joint", Href: "/f/board"},
			{ID: "mgmt", Name: "Management & delivery <forum>", Level: "tactical", Area: "joint", Href: "/f/mgmt"},
			{ID: "ops", Name: "Operations", Level: "operational", Area: "joint", Href: "/f/ops"},
			{ID: "cab", Name: "Change advisory board", Level: "operational", Area: "joint", Inactive: true},
			{ID: "sup", Name: "Supplier forum", Level: "operational", Area: "suppliers"},
			{ID: "ghost", Name: "On no level", Level: "nowhere"},
		},
		Arrows: []Arrow{{"ops", "mgmt"}, {"mgmt", "board"}, {"sup", "board"}, {"cab", "hidden"}},
	}
}

func TestLayout(t *testing.T) {
	l := New(sample())
	if len(l.boxes) != 5 {
		t.Fatalf("%d boxes placed, want 5 (one is on no level)", len(l.boxes))
	}
	// Boxes sit inside their level's band, and never overlap.
	for i, b := range l.boxes {
		top := l.bandY(b.rank)
		if b.y < top || b.y+boxH > top+bandH {
			t.Errorf("%s is outside its band", b.ID)
		}
		for _, o := range l.boxes[i+1:] {
			if b.x < o.x+boxW && o.x < b.x+boxW && b.y < o.y+boxH && o.y < b.y+boxH {
				t.Errorf("%s and %s overlap", b.ID, o.ID)
			}
		}
	}
	// Areas are columns: the supplier area starts right of the joint one.
	if l.byID["sup"].x <= l.byID["cab"].x {
		t.Error("the suppliers' column is not right of the joint one")
	}
	if len(l.paths) != 3 {
		t.Fatalf("%d arrows, want 3 (one has no target)", len(l.paths))
	}
	// sup → board skips a band: its vertical run stays in a lane, clear
	// of every box.
	p := l.paths[2]
	if strings.Count(p, "L") != 5 {
		t.Fatalf("sup → board is not routed through a lane: %s", p)
	}
	if New(sample()).Inline("x") != l.Inline("x") {
		t.Error("the same model drew differently")
	}
}

func TestInlineAndFile(t *testing.T) {
	l := New(sample())
	in := l.Inline("m")
	for _, want := range []string{`role="img" aria-labelledby="m-title m-desc"`, `<title id="m-title">Model of &#34;A &amp; B&#34; &lt;test&gt;</title>`,
		`<a href="/f/mgmt" class="forum-box">`, `Management &amp; delivery`, `stroke-dasharray`} {
		if !strings.Contains(in, want) {
			t.Errorf("inline SVG lacks %s", want)
		}
	}
	img := in[strings.Index(in, `role="img"`):]
	if strings.Contains(img[:strings.Index(img, "</svg>")], "<a ") {
		t.Error("a link inside the image part")
	}
	file := string(l.File())
	if !strings.HasPrefix(file, `<?xml version="1.0" encoding="UTF-8"?>`) || strings.Contains(file, "<a ") {
		t.Errorf("file: no declaration, or links: %.80s", file)
	}
	for name, doc := range map[string]string{"inline": in, "file": file} {
		dec := xml.NewDecoder(strings.NewReader(doc))
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", name, err)
			}
		}
	}
}

func TestEmpty(t *testing.T) {
	l := New(&Diagram{Title: "Empty"})
	if l.W <= 0 || l.H <= 0 || !strings.Contains(string(l.File()), "<title") {
		t.Errorf("empty diagram: %vx%v", l.W, l.H)
	}
}
