package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/matter"
)

// mtrRow is one matter in a list.
type mtrRow struct {
	Href, Title, Forum, Kind, Status, Owner, Updated string
}

// mtrHit is one search hit: a matter, minutes or a decision.
type mtrHit struct {
	Href, Kind, Title, Forum, Snippet, At string
}

// mtrListData is the matters page: filters, search hits and the list.
type mtrListData struct {
	Forum, Kind, Status, Owner, Q string
	Forums, Kinds, Statuses       []mtgOption
	Owners                        []mtgOption
	Hits                          []mtrHit
	Searched                      bool
	Rows                          []mtrRow
	CanRaise                      bool
	// More says the list stops at Max rows (mtrListMax).
	More bool
	Max  int
}

// mtrListMax is how many matters the list shows, the most recently
// changed first: ten years of an agreement hold thousands, and a page of
// all of them took seconds to render under load (issue #18); the filters
// and the search find older ones.
const mtrListMax = 100

// matters lists the agreement's matters the viewer may see, by forum,
// kind, status and owner, and searches matters, minutes and decisions.
func (s *Server) matters(w http.ResponseWriter, r *Req) {
	l, err := s.lensFor(r, r.Agreement)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	d := &mtrListData{Forum: q.Get("forum"), Kind: q.Get("kind"), Status: q.Get("status"), Owner: q.Get("owner"), Q: strings.TrimSpace(q.Get("q")),
		Forums: l.mtrForumOptions(nil), Kinds: l.mtrKinds(), Statuses: l.mtrStatuses(), Owners: l.mtrOwners(nil)}
	if l.visibleForum(d.Forum) == nil {
		d.Forum = ""
	}
	if !slices.Contains(matter.Kinds, matter.Kind(d.Kind)) {
		d.Kind = ""
	}
	if !slices.Contains(matter.Statuses, matter.Status(d.Status)) {
		d.Status = ""
	}
	d.CanRaise = l.mtrCanRaise(s.actor(r))
	x := s.actor(r)
	svc := s.matterSvc()
	var errs []FieldError
	status := http.StatusOK
	if d.Q != "" {
		d.Searched = true
		hits, err := svc.Search(r.Context(), r.Agreement, x, d.Q, matter.SearchOptions{Forum: d.Forum})
		if fe, ok := s.mtrFieldErrors(r.Lang, err, "matters-", ""); ok {
			errs, status = fe, http.StatusUnprocessableEntity
		} else if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, h := range hits {
			d.Hits = append(d.Hits, l.mtrHit(r, h))
		}
	}
	// The owner is filtered here, not in the store: read as before then.
	limit := mtrListMax + 1
	if d.Owner != "" {
		limit = 500
	}
	ms, err := svc.List(r.Context(), r.Agreement, x, matter.Filter{Forum: d.Forum, Kind: matter.Kind(d.Kind), Status: matter.Status(d.Status), Text: listText(d.Q, errs), Limit: limit})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Max = mtrListMax
	for _, m := range ms {
		if d.Owner != "" && m.Owner != d.Owner {
			continue
		}
		if len(d.Rows) == mtrListMax {
			d.More = true
			break
		}
		d.Rows = append(d.Rows, l.mtrRow(r, &m))
	}
	p := s.page(r, l.t("mattersui.list.title"), d)
	p.Section = "matters"
	p.Errors = errs
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}, {Label: p.Title}}
	s.render(w, r, status, "matters", p)
}

func (l *lens) mtrRow(r *Req, m *matter.Matter) mtrRow {
	return mtrRow{Href: mtrURL(r, "/matters/%d", m.ID), Title: m.Title, Forum: l.mtrForumName(m.Forum),
		Kind: l.t("mattersui.kind." + string(m.Kind)), Status: l.t("mattersui.status." + string(m.Status)),
		Owner: l.mtrOwner(m), Updated: l.dateText(m.UpdatedAt.In(l.loc()).Format("2006-01-02"))}
}

func (l *lens) mtrOwner(m *matter.Matter) string {
	if m.Owner == "" && m.OwnerName == "" {
		return ""
	}
	return l.personLabel(m.Owner, m.OwnerName)
}

func (l *lens) mtrHit(r *Req, h matter.Hit) mtrHit {
	out := mtrHit{Kind: l.t("mattersui.hit." + h.Kind), Title: h.Title, Forum: l.mtrForumName(h.Forum), Snippet: h.Snippet,
		At: l.dateText(h.At.In(l.loc()).Format("2006-01-02"))}
	switch h.Kind {
	case "matter":
		out.Href = mtrURL(r, "/matters/%d", h.ID)
	case "decision":
		out.Href = mtrURL(r, "/decisions/%d", h.ID)
	default:
		out.Href = mtrURL(r, "/meetings/%d#minutes", h.MeetingID)
		if h.MeetingID == 0 {
			out.Href = mtrURL(r, "/meetings/%d#minutes", h.ID)
		}
	}
	return out
}

func (l *lens) mtrKinds() []mtgOption {
	var out []mtgOption
	for _, k := range matter.Kinds {
		out = append(out, mtgOption{string(k), l.t("mattersui.kind." + string(k))})
	}
	return out
}

func (l *lens) mtrStatuses() []mtgOption {
	var out []mtgOption
	for _, st := range matter.Statuses {
		out = append(out, mtgOption{string(st), l.t("mattersui.status." + string(st))})
	}
	return out
}

// mtrOwners are the people the viewer may see, of the forum's parties
// when f is set, as "name, organisation".
func (l *lens) mtrOwners(f *gov.Forum) []mtgOption {
	var parties []string
	if f != nil {
		for _, p := range l.forumParties(f) {
			parties = append(parties, p.Slug)
		}
	}
	var out []mtgOption
	for i := range l.a.People {
		p := &l.a.People[i]
		if !l.seesPerson(p) || (f != nil && !slices.Contains(parties, p.Party)) {
			continue
		}
		out = append(out, mtgOption{p.Slug, l.personName(p)})
	}
	slices.SortFunc(out, func(a, b mtgOption) int { return strings.Compare(a.Label, b.Label) })
	return out
}

// mtrCanRaise: the viewer takes part in some forum (representatives and
// members of its parties); the service decides per forum.
func (l *lens) mtrCanRaise(x matter.Actor) bool {
	return x.Role != auth.Observer && x.Role != auth.Admin && len(l.mtrRaiseForums(x)) > 0
}

// mtrRaiseForums are the forums whose parties include the viewer's.
func (l *lens) mtrRaiseForums(x matter.Actor) []mtgOption {
	return l.mtrForumOptions(func(f *gov.Forum) bool {
		for _, p := range l.forumParties(f) {
			if p.Slug == x.P.Party {
				return true
			}
		}
		return false
	})
}

// mtrForm is the raise and edit form's values.
type mtrForm struct {
	Href, Forum, Kind, Title, Description, Owner string
	Edit                                         bool
	Forums, Kinds, Owners                        []mtgOption
}

// newMatterForm shows the form that raises a matter.
func (s *Server) newMatterForm(w http.ResponseWriter, r *Req) {
	s.showMatterForm(w, r, http.StatusOK, &mtrForm{Forum: r.URL.Query().Get("forum"), Kind: string(matter.KindQuestion)}, nil)
}

func (s *Server) showMatterForm(w http.ResponseWriter, r *Req, status int, form *mtrForm, errs []FieldError) {
	l, err := s.lensFor(r, r.Agreement)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	form.Kinds, form.Owners = l.mtrKinds(), l.mtrOwners(nil)
	title := l.t("mattersui.new.title")
	crumbs := []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}, {Label: l.t("mattersui.list.title"), Href: mtrURL(r, "/matters")}}
	if form.Edit {
		title = l.t("mattersui.edit.title", "Title", form.Title)
		crumbs = append(crumbs, Crumb{Label: form.Title, Href: form.Href})
	} else {
		form.Href = mtrURL(r, "/matters")
		form.Forums = l.mtrRaiseForums(s.actor(r))
	}
	p := s.page(r, title, form)
	p.Section = "matters"
	p.Errors = errs
	p.Crumbs = append(crumbs, Crumb{Label: title})
	s.render(w, r, status, "matter_form", p)
}

// raiseMatter records a new matter from the form.
func (s *Server) raiseMatter(w http.ResponseWriter, r *Req) {
	form := &mtrForm{Forum: r.PostFormValue("forum"), Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"),
		Description: r.PostFormValue("description"), Owner: r.PostFormValue("owner")}
	m, err := s.matterSvc().Raise(r.Context(), r.Agreement, s.actor(r), matter.NewMatter{Forum: form.Forum, Kind: matter.Kind(form.Kind),
		Title: form.Title, Description: form.Description, Owner: form.Owner})
	if gov.CodeOf(err) == gov.CodeNotFound && form.Forum == "" {
		err = gov.Invalid(gov.FieldError{Field: "forum", ID: "mattersui.err.forum", Message: "choose a forum"})
	}
	if errs, ok := s.mtrFieldErrors(r.Lang, err, "matter-", ""); ok {
		s.showMatterForm(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	if err != nil {
		s.mtrFail(w, r, err)
		return
	}
	s.flash(r, "mattersui.flash.raised")
	http.Redirect(w, r.Request, mtrURL(r, "/matters/%d", m.ID), http.StatusSeeOther)
}

// editMatterForm shows a matter's edit form.
func (s *Server) editMatterForm(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "matter")
	if !ok {
		s.notFound(w, r)
		return
	}
	m, err := s.matterSvc().Get(r.Context(), r.Agreement, s.actor(r), id)
	if err != nil {
		s.mtrFail(w, r, err)
		return
	}
	s.showMatterForm(w, r, http.StatusOK, &mtrForm{Href: mtrURL(r, "/matters/%d", id), Edit: true, Forum: m.Forum, Kind: string(m.Kind),
		Title: m.Title, Description: m.Description, Owner: m.Owner}, nil)
}

// updateMatter saves the edit form.
func (s *Server) updateMatter(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "matter")
	if !ok {
		s.notFound(w, r)
		return
	}
	form := &mtrForm{Href: mtrURL(r, "/matters/%d", id), Edit: true, Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"),
		Description: r.PostFormValue("description"), Owner: r.PostFormValue("owner")}
	_, err := s.matterSvc().Update(r.Context(), r.Agreement, s.actor(r), id, matter.Edit{Kind: matter.Kind(form.Kind), Title: form.Title,
		Description: form.Description, Owner: form.Owner})
	if errs, ok := s.mtrFieldErrors(r.Lang, err, "matter-", ""); ok {
		s.showMatterForm(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	if err != nil {
		s.mtrFail(w, r, err)
		return
	}
	s.flash(r, "mattersui.flash.saved")
	http.Redirect(w, r.Request, form.Href, http.StatusSeeOther)
}

// listText is the search's words for the list of matters too, unless
// the search refused them (the list then shows every matter).
func listText(q string, errs []FieldError) string {
	if len(errs) > 0 {
		return ""
	}
	return q
}
