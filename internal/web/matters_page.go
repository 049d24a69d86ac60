package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/matter"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// mtrEvent is one line of a matter's history.
type mtrEvent struct {
	At, Actor, Action, Note string
	// Result is a decision's result in the reader's language.
	Result         string
	Changes        []string
	Href, HrefText string
}

// mtrLink is a meeting (and item) the matter is linked to.
type mtrLink struct {
	Href, Meeting, Forum, Source string
}

// mtrStep is one forum on a matter's way up.
type mtrStep struct {
	Forum, ForumHref, Entered, Left, Reason string
	MeetingHref, Meeting                    string
	DecisionHref, Outcome                   string
	// OverturnedBy and Overturns link a decision to the higher one that
	// changed it and to the lower ones it changed.
	OverturnedBy *mtrDecLink
	Overturns    []mtrDecLink
	Current      bool
}

// mtrDecLink points at a decision.
type mtrDecLink struct{ Href, Text string }

// mtrPageData is the matter page.
type mtrPageData struct {
	ID                                               int64
	Href, Title, Description, Kind, Status, StatusID string
	Forum, ForumHref, Origin, Owner, RaisedBy        string
	Raised, Updated, Waiting                         string
	History                                          []mtrEvent
	Links                                            []mtrLink
	Path                                             []mtrStep
	CanEdit, CanEscalate, CanAgenda                  bool
	StatusOpts                                       []mtgOption
	// Next is the forum an escalation goes to; NoNext why there is none.
	Next, NextName, NoNext string
	Meetings, Types        []mtgOption
	Form                   mtrPageForm
}

// mtrPageForm is what a refused form on the matter page sent.
type mtrPageForm struct {
	Reason, Note, Status, Meeting, Type string
}

// matterPage shows one matter.
func (s *Server) matterPage(w http.ResponseWriter, r *Req) {
	s.showMatter(w, r, http.StatusOK, mtrPageForm{Type: string(gov.ItemDecision)}, nil)
}

func (s *Server) showMatter(w http.ResponseWriter, r *Req, status int, form mtrPageForm, errs []FieldError) {
	id, ok := pathID(r, "matter")
	if !ok {
		s.notFound(w, r)
		return
	}
	l, err := s.lensFor(r, r.Agreement)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ctx, a, x, svc := r.Context(), r.Agreement, s.actor(r), s.matterSvc()
	v, err := svc.View(ctx, a, x, id)
	if err != nil {
		s.mtrFail(w, r, err)
		return
	}
	m, events, links, steps := v.Matter, v.Events, v.Links, v.Steps
	n := s.namesFor(r, l)
	f := a.Forum(m.Forum)
	d := &mtrPageData{ID: m.ID, Href: mtrURL(r, "/matters/%d", m.ID), Title: m.Title, Description: m.Description,
		Kind: l.t("mattersui.kind." + string(m.Kind)), Status: l.t("mattersui.status." + string(m.Status)), StatusID: string(m.Status),
		Forum: f.Name, ForumHref: l.forumURL(f.Slug), Origin: l.mtrForumName(m.Origin), Owner: l.mtrOwner(m), RaisedBy: n.of(m.RaisedBy),
		Raised: l.when(m.CreatedAt.In(l.loc())), Updated: l.when(m.UpdatedAt.In(l.loc())), Form: form}
	if m.WaitingSince != nil {
		d.Waiting = l.t("mattersui.matter.waiting", "Forum", f.Name, "Date", l.when(m.WaitingSince.In(l.loc())))
	}
	// A decision's note is its result in the service's English; the
	// page says it in the reader's language from the decision itself.
	result := func(id int64) string {
		if dec := v.Decisions[id]; dec != nil {
			return l.mtrResult(dec)
		}
		return ""
	}
	for _, e := range events {
		d.History = append(d.History, l.mtrEvent(r, e, n, result))
	}
	for _, k := range links {
		row := mtrLink{Href: mtrURL(r, "/meetings/%d", k.MeetingID), Meeting: l.dateText(k.MeetingDate), Forum: l.mtrForumName(k.Forum),
			Source: l.t("mattersui.link." + k.Source)}
		if k.ItemID != 0 {
			row.Href += "#agenda"
		}
		d.Links = append(d.Links, row)
	}
	for i, st := range steps {
		d.Path = append(d.Path, s.mtrStep(r, l, st, steps, i, v.Decisions))
	}
	today := l.today.String()
	d.CanEdit = mtrMayEdit(x, a, f, m, today)
	d.CanEscalate = m.Status != matter.Closed && (d.CanEdit || (x.Role != auth.Member && mtrTakesPart(x, a, f)))
	d.CanAgenda = m.Status != matter.Closed && mtrRuns(x, a, f, today)
	for _, st := range matter.Statuses {
		if matter.CanSetStatus(m.Status, st) {
			d.StatusOpts = append(d.StatusOpts, mtgOption{string(st), l.t("mattersui.status." + string(st))})
		}
	}
	if next, err := matter.Next(a, m.Forum, m.Path); err == nil {
		d.Next, d.NextName = next, l.mtrForumName(next)
	} else {
		d.NoNext = s.errorText(r.Lang, s.mtrLocalise(r.Lang, err).(*gov.Error))
	}
	if d.CanAgenda {
		if err := s.mtrOpenMeetings(r, l, d, f); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	p := s.page(r, m.Title, d)
	p.Section = "matters"
	p.Errors = errs
	p.Crumbs = []Crumb{{Label: a.Name, Href: "/a/" + a.Slug}, {Label: l.t("mattersui.list.title"), Href: mtrURL(r, "/matters")}, {Label: m.Title}}
	s.render(w, r, status, "matter", p)
}

// mtrOpenMeetings fills the meetings of the matter's forum whose agenda
// is still open, for the agenda form.
func (s *Server) mtrOpenMeetings(r *Req, l *lens, d *mtrPageData, f *gov.Forum) error {
	ctx := r.Context()
	for _, t := range gov.AgendaItemTypes {
		d.Types = append(d.Types, mtgOption{string(t), l.t("pages.itemtype." + string(t))})
	}
	return s.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		ms, err := tx.Meetings(ctx, r.Agreement.Slug, store.MeetingFilter{Forum: f.Slug, States: []gov.MeetingState{gov.Planned, gov.AgendaPublished}, Limit: 20})
		for _, m := range ms {
			d.Meetings = append(d.Meetings, mtgOption{strconv.FormatInt(m.ID, 10), l.when(m.Start.In(l.loc()))})
		}
		return err
	})
}

func (l *lens) mtrEvent(r *Req, e matter.Event, n *names, result func(int64) string) mtrEvent {
	out := mtrEvent{At: l.when(e.At.In(l.loc())), Actor: n.of(e.Actor), Action: l.t("mattersui.action." + e.Action), Note: e.Note}
	if e.Action == "decide" && e.DecisionID != 0 {
		if text := result(e.DecisionID); text != "" {
			out.Note, out.Result = "", text
		}
	}
	for _, c := range e.Changes {
		out.Changes = append(out.Changes, l.t("mattersui.change", "Field", l.t("mattersui.field."+c.Field),
			"From", l.mtrValue(c.Field, c.From), "To", l.mtrValue(c.Field, c.To)))
	}
	switch {
	case e.DecisionID != 0:
		out.Href, out.HrefText = mtrURL(r, "/decisions/%d", e.DecisionID), l.t("mattersui.matter.decisionlink")
	case e.MeetingID != 0:
		out.Href, out.HrefText = mtrURL(r, "/meetings/%d", e.MeetingID), l.t("mattersui.matter.meetinglink")
	}
	return out
}

// mtrValue shows a changed field's value in words.
func (l *lens) mtrValue(field, v string) string {
	switch {
	case v == "":
		return "–"
	case field == "status":
		return l.t("mattersui.status." + v)
	case field == "kind":
		return l.t("mattersui.kind." + v)
	case field == "forum":
		return l.mtrForumName(v)
	case field == "owner":
		return l.personLabel(v, v)
	case field == "path":
		for _, p := range l.a.EscalationPaths {
			if p.Slug == v {
				return p.Name
			}
		}
	}
	return v
}

// mtrStep describes one step of the path, its outcome in words from
// its decision and from where the matter went next.
func (s *Server) mtrStep(r *Req, l *lens, st matter.Step, steps []matter.Step, i int, decisions map[int64]*matter.Decision) mtrStep {
	out := mtrStep{Forum: l.mtrForumName(st.Forum), ForumHref: l.forumURL(st.Forum), Entered: l.when(st.EnteredAt.In(l.loc())),
		Reason: st.Reason, Current: st.LeftAt == nil}
	if st.LeftAt != nil {
		out.Left = l.when(st.LeftAt.In(l.loc()))
	}
	if st.MeetingID != 0 {
		out.MeetingHref, out.Meeting = mtrURL(r, "/meetings/%d", st.MeetingID), l.t("mattersui.matter.meetinglink")
	}
	var parts []string
	if st.DecisionID != 0 {
		if dec := decisions[st.DecisionID]; dec != nil {
			out.DecisionHref = mtrURL(r, "/decisions/%d", dec.ID)
			parts = append(parts, l.mtrResult(dec))
			out.OverturnedBy, out.Overturns = l.mtrOverturnLinks(r, dec)
		}
	}
	if st.LeftAt != nil && i+1 < len(steps) {
		parts = append(parts, l.t("mattersui.matter.escalatedto", "Forum", l.mtrForumName(steps[i+1].Forum)))
	}
	out.Outcome = strings.Join(parts, "; ")
	return out
}

// mtrOverturnLinks are a decision's links both ways: the higher
// decision that changed it, and the lower ones it changed.
func (l *lens) mtrOverturnLinks(r *Req, d *matter.Decision) (*mtrDecLink, []mtrDecLink) {
	var by *mtrDecLink
	if d.OverturnedBy != 0 {
		by = &mtrDecLink{Href: mtrURL(r, "/decisions/%d", d.OverturnedBy),
			Text: l.t("mattersui.overturn.by."+string(d.OverturnEffect), "ID", d.OverturnedBy)}
	}
	var lower []mtrDecLink
	for _, id := range d.Overturns {
		lower = append(lower, mtrDecLink{Href: mtrURL(r, "/decisions/%d", id), Text: l.t("mattersui.overturn.lower", "ID", id)})
	}
	return by, lower
}

// mtrTakesPart: x acts for a party of forum f.
func mtrTakesPart(x matter.Actor, a *gov.Agreement, f *gov.Forum) bool {
	if x.P.Admin || x.Role == auth.Observer {
		return false
	}
	if len(f.Parties) == 0 {
		return x.P.Party != "" && a.Party(x.P.Party) != nil
	}
	for _, p := range f.Parties {
		if p == x.P.Party {
			return true
		}
	}
	return false
}

// mtrRuns: the forum's convener, or its chair on date; the forms that
// only they may use are offered to them (the service decides anyway).
func mtrRuns(x matter.Actor, a *gov.Agreement, f *gov.Forum, date string) bool {
	if meeting.CanConvene(x, a, f) {
		return true
	}
	if x.Person == nil {
		return false
	}
	for _, m := range a.Memberships {
		if m.Person == x.Person.Slug && m.Forum == f.Slug && m.Role == gov.RoleChair && m.ActiveOn(date) {
			return true
		}
	}
	return false
}

// mtrMayEdit: who raised the matter, its owner, the forum's convener or
// chair, and administrators.
func mtrMayEdit(x matter.Actor, a *gov.Agreement, f *gov.Forum, m *matter.Matter, date string) bool {
	return x.P.Admin || (x.P.Email != "" && m.RaisedBy == x.Name()) || (x.Person != nil && m.Owner == x.Person.Slug) || mtrRuns(x, a, f, date)
}

// setMatterStatus moves a matter by hand.
func (s *Server) setMatterStatus(w http.ResponseWriter, r *Req) {
	id, _ := pathID(r, "matter")
	form := mtrPageForm{Status: r.PostFormValue("status"), Note: r.PostFormValue("note"), Type: string(gov.ItemDecision)}
	err := s.matterSvc().SetStatus(r.Context(), r.Agreement, s.actor(r), id, matter.Status(form.Status), form.Note)
	s.mtrAfter(w, r, err, form, "status-", "status-status", "mattersui.flash.status", "status")
}

// escalateMatter takes a matter to the next forum up.
func (s *Server) escalateMatter(w http.ResponseWriter, r *Req) {
	id, _ := pathID(r, "matter")
	form := mtrPageForm{Reason: r.PostFormValue("reason"), Type: string(gov.ItemDecision)}
	_, err := s.matterSvc().Escalate(r.Context(), r.Agreement, s.actor(r), id, matter.EscalateInput{Reason: form.Reason, To: r.PostFormValue("to")})
	s.mtrAfter(w, r, err, form, "escalate-", "escalate-reason", "mattersui.flash.escalated", "path")
}

// matterToAgenda puts a matter on a meeting's agenda.
func (s *Server) matterToAgenda(w http.ResponseWriter, r *Req) {
	id, _ := pathID(r, "matter")
	form := mtrPageForm{Meeting: r.PostFormValue("meeting"), Type: r.PostFormValue("type")}
	mid, err := strconv.ParseInt(form.Meeting, 10, 64)
	if err != nil {
		errs := []FieldError{{Field: "agenda-meeting", Msg: s.cat.T(r.Lang, "mattersui.err.meeting")}}
		s.showMatter(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	_, err = s.matterSvc().PutOnAgenda(r.Context(), r.Agreement, s.actor(r), id, mid, gov.AgendaItemType(form.Type))
	s.mtrAfter(w, r, err, form, "agenda-", "agenda-meeting", "mattersui.flash.agenda", "links")
}

// mtrAfter ends a form on the matter page: back to the page with the
// flash, or the page again with the errors on the form, or the refusal.
func (s *Server) mtrAfter(w http.ResponseWriter, r *Req, err error, form mtrPageForm, prefix, field, flash, anchor string) {
	if errs, ok := s.mtrFieldErrors(r.Lang, err, prefix, field); ok {
		s.showMatter(w, r, mtrStatus(err), form, errs)
		return
	}
	if err != nil {
		s.mtrFail(w, r, err)
		return
	}
	s.flash(r, flash)
	http.Redirect(w, r.Request, fmt.Sprintf("%s#%s", mtrURL(r, "/matters/%s", r.PathValue("matter")), anchor), http.StatusSeeOther)
}
