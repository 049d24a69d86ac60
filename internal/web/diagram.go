package web

import (
	"html/template"
	"net/http"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/web/diagram"
)

// The governance model page: the diagram (levels, forums, escalation
// arrows) and, next to it, the same content as tables, which is the text
// alternative and what prints well. Only forums the user may see are
// drawn or listed: a supplier must not learn from the picture that
// another supplier's bilateral forum exists.

type modelPage struct {
	SVG    template.HTML
	Levels []modelLevel
	Paths  []modelPath
	Forums int
}

type modelLevel struct {
	Name   string
	Forums []modelForum
}

type modelForum struct {
	Slug, Name, Area, Cadence, Chair string
	Inactive                         bool
	EscalatesTo                      *forumRef
}

type forumRef struct{ Slug, Name string }

type modelPath struct {
	Name   string
	Forums []forumRef
}

// visibleForums are the forums of r's agreement that r's user may see,
// in model order.
func visibleForums(r *Req) []*gov.Forum {
	var out []*gov.Forum
	for i := range r.Agreement.Forums {
		if f := &r.Agreement.Forums[i]; auth.CanSeeForum(r.Principal, r.Agreement, f) {
			out = append(out, f)
		}
	}
	return out
}

// modelDiagramOf builds the diagram, and its text alternative, of what
// r's user may see.
func (s *Server) modelDiagramOf(r *Req) (*diagram.Layout, modelPage) {
	a, l := r.Agreement, Loc{s.cat, r.Lang}
	forums := visibleForums(r)
	seen := map[string]bool{}
	for _, f := range forums {
		seen[f.Slug] = true
	}
	d := &diagram.Diagram{Title: l.T("diagram.svgtitle", "Name", a.Name)}
	var pg modelPage
	for _, lv := range a.Levels {
		d.Levels = append(d.Levels, diagram.Level{ID: lv.Slug, Name: lv.Name})
		ml := modelLevel{Name: lv.Name}
		for _, f := range forums {
			if f.Level != lv.Slug {
				continue
			}
			mf := modelForum{Slug: f.Slug, Name: f.Name, Area: f.Area, Cadence: s.cadenceText(r.Lang, f.Cadence),
				Chair: s.chairText(r.Lang, a, f), Inactive: f.Inactive}
			if to := a.Forum(f.EscalatesTo); to != nil && seen[to.Slug] {
				mf.EscalatesTo = &forumRef{to.Slug, to.Name}
			}
			ml.Forums = append(ml.Forums, mf)
		}
		pg.Levels = append(pg.Levels, ml)
	}
	arrows := 0
	for _, f := range forums {
		sub := s.cadenceText(r.Lang, f.Cadence)
		if f.Inactive {
			sub = l.T("diagram.inactive")
		}
		d.Boxes = append(d.Boxes, diagram.Box{ID: f.Slug, Name: f.Name, Sub: sub, Level: f.Level, Area: f.Area,
			Href: "/a/" + a.Slug + "/forums/" + f.Slug, Inactive: f.Inactive})
		if seen[f.EscalatesTo] {
			d.Arrows = append(d.Arrows, diagram.Arrow{From: f.Slug, To: f.EscalatesTo})
			arrows++
		}
	}
	pg.Forums = len(forums)
	d.Desc = l.T("diagram.svgdesc", "Levels", len(a.Levels), "Forums", len(forums), "Arrows", arrows)
	// A named path is shown only when the user may see every forum on it;
	// its name alone may tell of a forum they may not.
paths:
	for _, p := range a.EscalationPaths {
		mp := modelPath{Name: p.Name}
		for _, fs := range p.Forums {
			f := a.Forum(fs)
			if f == nil || !seen[fs] {
				continue paths
			}
			mp.Forums = append(mp.Forums, forumRef{f.Slug, f.Name})
		}
		pg.Paths = append(pg.Paths, mp)
	}
	return diagram.New(d), pg
}

// cadenceText says in words how often a forum meets.
func (s *Server) cadenceText(lang string, c gov.Cadence) string {
	if c.Frequency == gov.PerYear {
		return s.cat.T(lang, "diagram.freq.per-year", "Count", c.PerYear)
	}
	if c.Frequency == "" {
		return ""
	}
	return s.cat.T(lang, "diagram.freq."+string(c.Frequency))
}

// chairText names who chairs f: a party by name, or a kind resolved to
// the forum's one party of that kind when there is exactly one.
func (s *Server) chairText(lang string, a *gov.Agreement, f *gov.Forum) string {
	ref := f.Responsibilities.Chairs
	if ref == "" {
		return ""
	}
	if p := a.Party(ref); p != nil {
		return p.Name
	}
	var match []string
	for _, p := range a.Parties {
		if string(p.Kind) == ref && (len(f.Parties) == 0 || contains(f.Parties, p.Slug)) {
			match = append(match, p.Name)
		}
	}
	if len(match) == 1 {
		return match[0]
	}
	return s.cat.T(lang, "diagram.kind."+ref)
}

func (s *Server) modelDiagram(w http.ResponseWriter, r *Req) {
	layout, pg := s.modelDiagramOf(r)
	pg.SVG = template.HTML(layout.Inline("model-diagram")) // built by package diagram, every text escaped
	p := s.page(r, s.cat.T(r.Lang, "diagram.title"), pg)
	p.Section = "model"
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}, {Label: s.cat.T(r.Lang, "diagram.title")}}
	s.render(w, r, http.StatusOK, "model", p)
}

func (s *Server) modelSVG(w http.ResponseWriter, r *Req) {
	layout, _ := s.modelDiagramOf(r)
	w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+r.Agreement.Slug+`-model.svg"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(layout.File())
}
