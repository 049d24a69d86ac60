package web

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/gov"
	recordsvc "github.com/steerco/steerco/internal/records"
	"github.com/steerco/steerco/internal/store"
)

// Public minutes (issue 21): a forum's checked minutes, published by the
// customer, at URLs that need no sign-in, with an Atom feed. Everything
// else answers the same 404, so the URLs tell nothing about what exists
// unpublished: an agreement, a forum that does not publish, a meeting
// whose minutes are not published.

// publicView is a public page's data.
type publicView struct {
	Agreement *gov.Agreement
	Forum     *recordsvc.PublicForum
	Minutes   *recordsvc.PublicMinutes
	Body      template.HTML
	Href      string
	FeedHref  string
	// Publisher is the public body: the agreement's first customer.
	Publisher string
}

// publicAgreement loads the agreement of a public URL; any failure is
// the one "nothing here" answer.
func (s *Server) publicAgreement(w http.ResponseWriter, r *Req) (*gov.Agreement, bool) {
	a, err := s.store.SharedAgreement(r.Context(), r.PathValue("pa"))
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return nil, false
	} else if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return a, true
}

// robots tells search engines what the model's setting allows.
func robots(w http.ResponseWriter, p *Page, index bool) {
	if index {
		p.Robots = "index, follow"
	} else {
		p.Robots = "noindex, nofollow"
		w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	}
}

func (s *Server) publicFail(w http.ResponseWriter, r *Req, err error) {
	var e *gov.Error
	if errors.As(err, &e) && e.Code == gov.CodeNotFound {
		w.Header().Set("X-Robots-Tag", "noindex, nofollow")
		s.notFound(w, r)
		return
	}
	s.serverError(w, r, err)
}

func (s *Server) publicForum(w http.ResponseWriter, r *Req) {
	a, ok := s.publicAgreement(w, r)
	if !ok {
		return
	}
	f, err := recordsvc.New(s.store).Forum(r.Context(), a, r.PathValue("pf"))
	if err != nil {
		s.publicFail(w, r, err)
		return
	}
	href := "/public/" + a.Slug + "/" + f.Forum.Slug
	p := s.page(r, s.cat.T(r.Lang, "public.forum.title", "Forum", f.Forum.Name), &publicView{Agreement: a, Forum: f, Href: href, FeedHref: href + "/feed.atom", Publisher: customerName(a)})
	p.Section = "public"
	robots(w, p, f.Index)
	s.render(w, r, http.StatusOK, "public_forum", p)
}

func (s *Server) publicMinutes(w http.ResponseWriter, r *Req) {
	a, ok := s.publicAgreement(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("pm"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return
	}
	svc := recordsvc.New(s.store)
	svc.Now = s.cfg.Now
	m, err := svc.Minutes(r.Context(), a, r.PathValue("pf"), id)
	if err != nil {
		s.publicFail(w, r, err)
		return
	}
	href := "/public/" + a.Slug + "/" + m.Forum.Slug
	p := s.page(r, s.cat.T(r.Lang, "public.minutes.title", "Forum", m.Forum.Name, "Date", Loc{s.cat, r.Lang}.Date(m.Date)),
		&publicView{Agreement: a, Minutes: m, Body: markdownHTML(m.Body, 2), Href: href, FeedHref: href + "/feed.atom"})
	p.Section = "public"
	p.Crumbs = []Crumb{{Label: m.Forum.Name, Href: href}, {Label: p.Title}}
	robots(w, p, m.Index)
	s.render(w, r, http.StatusOK, "public_minutes", p)
}

// atomFeed is an Atom 1.0 feed (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

// publicFeed is the forum's published minutes as an Atom feed, newest
// first, in the agreement's language.
func (s *Server) publicFeed(w http.ResponseWriter, r *Req) {
	a, ok := s.publicAgreement(w, r)
	if !ok {
		return
	}
	f, err := recordsvc.New(s.store).Forum(r.Context(), a, r.PathValue("pf"))
	if err != nil {
		s.publicFail(w, r, err)
		return
	}
	lang := a.Language
	base := s.cfg.BaseURL + "/public/" + a.Slug + "/" + f.Forum.Slug
	feed := atomFeed{Lang: lang, ID: base, Title: s.cat.T(lang, "public.forum.title", "Forum", f.Forum.Name),
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/feed.atom"}, {Rel: "alternate", Type: "text/html", Href: base}},
		Author: atomAuthor{Name: customerName(a)}, Updated: time.Unix(0, 0).UTC().Format(time.RFC3339)}
	for i, e := range f.Entries {
		if i == 0 {
			feed.Updated = e.PublishedAt.UTC().Format(time.RFC3339)
		}
		href := base + "/" + strconv.FormatInt(e.MeetingID, 10)
		feed.Entries = append(feed.Entries, atomEntry{ID: href, Title: s.cat.T(lang, "public.minutes.title", "Forum", f.Forum.Name, "Date", Loc{s.cat, lang}.Date(e.Date)),
			Updated: e.PublishedAt.UTC().Format(time.RFC3339), Link: atomLink{Rel: "alternate", Type: "text/html", Href: href},
			Summary: s.cat.T(lang, "public.feed.summary", "Meeting", e.Title, "Date", Loc{s.cat, lang}.Date(e.Date))})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		s.serverError(w, r, fmt.Errorf("atom feed: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	if !f.Index {
		w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	}
	w.Write(buf.Bytes())
}

// customerName names the publishing body: the agreement's first customer.
func customerName(a *gov.Agreement) string {
	for _, p := range a.Parties {
		if p.Kind == gov.KindCustomer {
			return p.Name
		}
	}
	return a.Name
}
