package web

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/store/storetest"
)

// diagramTextPart is the text alternative of the model page: everything
// after the diagram.
func diagramTextPart(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `id="model-text"`)
	if i < 0 {
		t.Fatal("no text alternative (#model-text) on the model page")
	}
	return body[i:]
}

func TestModelDiagram(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	f := newFixture(t, st)
	a := f.a
	base := "/a/" + a.Slug

	for _, user := range []string{"admin", "customer", "provider", "supplier", "supplier2", "member", "observer"} {
		t.Run(user, func(t *testing.T) {
			c := f.client(user)
			status, body := f.get(c, base+"/model")
			if status != http.StatusOK {
				t.Fatalf("GET model: %d", status)
			}
			// The picture is an image with an accessible name and description.
			for _, want := range []string{`role="img"`, `aria-labelledby="model-diagram-title model-diagram-desc"`,
				`<title id="model-diagram-title">`, `<desc id="model-diagram-desc">`} {
				if !strings.Contains(body, want) {
					t.Errorf("diagram lacks %s", want)
				}
			}
			// Links are not inside the image (its children are presentational).
			img := body[strings.Index(body, `role="img"`):]
			if end := strings.Index(img, "</svg>"); strings.Contains(img[:end], "<a ") {
				t.Error("a link inside the role=img part of the diagram")
			}
			text := diagramTextPart(t, body)
			p := principal(f.users[user])
			for i := range a.Forums {
				fo := &a.Forums[i]
				href := `href="` + base + `/forums/` + fo.Slug + `"`
				visible := auth.CanSeeForum(p, a, fo)
				if visible != strings.Contains(text, href) {
					t.Errorf("forum %s: visible %v, listed in the text alternative %v", fo.Slug, visible, !visible)
				}
				if visible != strings.Contains(body, fo.Name) {
					t.Errorf("forum %s: visible %v, named on the page %v", fo.Slug, visible, !visible)
				}
				if to := a.Forum(fo.EscalatesTo); visible && to != nil && auth.CanSeeForum(p, a, to) {
					row := text[strings.Index(text, href):]
					row = row[:strings.Index(row, "</tr>")]
					if !strings.Contains(row, "Escalates to") || !strings.Contains(row, `/forums/`+to.Slug+`"`) {
						t.Errorf("forum %s: escalation to %s not in its row", fo.Slug, to.Slug)
					}
				}
			}
			for _, path := range a.EscalationPaths {
				all := true
				for _, fs := range path.Forums {
					all = all && auth.CanSeeForum(p, a, a.Forum(fs))
				}
				if all != strings.Contains(text, path.Name) {
					t.Errorf("escalation path %s: all forums visible %v, listed %v", path.Slug, all, !all)
				}
			}
		})
	}
}

// TestModelDiagramHidesOtherSuppliers: nothing of another supplier's
// bilateral forums reaches a supplier, neither the page nor the file.
func TestModelDiagramHidesOtherSuppliers(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	f := newFixture(t, st)
	own, other := f.users["supplier"].Party, f.users["supplier2"].Party
	c := f.client("supplier")
	_, page := f.get(c, "/a/"+f.a.Slug+"/model")
	_, file := f.get(c, "/a/"+f.a.Slug+"/model.svg")
	checked := 0
	for _, fo := range f.a.Forums {
		if len(fo.Parties) == 0 || contains(fo.Parties, own) || !contains(fo.Parties, other) {
			continue
		}
		checked++
		for name, out := range map[string]string{"page": page, "svg": file} {
			if strings.Contains(out, fo.Slug) || strings.Contains(out, fo.Name) {
				t.Errorf("%s shows %s's bilateral forum %s to %s", name, other, fo.Slug, own)
			}
		}
	}
	if checked == 0 {
		t.Fatal("the fixture has no bilateral forum of the other supplier")
	}
}

func TestModelSVGFile(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	f := newFixture(t, st)
	c := f.client("admin")
	resp, err := c.Get(f.srv.URL + "/a/" + f.a.Slug + "/model.svg")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("model.svg: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(string(body), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration: %.60s", body)
	}
	// It parses as XML, with <title> and <desc> first in the root.
	dec := xml.NewDecoder(strings.NewReader(string(body)))
	var names []string
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("model.svg is not XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			if depth <= 2 {
				names = append(names, el.Name.Local)
			}
		case xml.EndElement:
			depth--
		}
	}
	if len(names) < 3 || names[0] != "svg" || names[1] != "title" || names[2] != "desc" {
		t.Errorf("root and first children: %v, want svg, title, desc", names)
	}
	if !strings.Contains(string(body), `role="img"`) || !strings.Contains(string(body), f.a.Forums[0].Name) {
		t.Error("model.svg lacks role=img or the forums")
	}
	// The forum pages are for signed-in users only, and so is the file.
	if status, _ := f.get(f.client(""), "/a/"+f.a.Slug+"/model.svg"); status != http.StatusSeeOther {
		t.Errorf("anonymous model.svg: %d", status)
	}
	if status, _ := f.get(f.client("outsider"), "/a/"+f.a.Slug+"/model.svg"); status != http.StatusNotFound {
		t.Errorf("outsider model.svg: %d", status)
	}
}
