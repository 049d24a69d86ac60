package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// mtgListMax bounds the list; a weekly forum has 52 meetings a year.
const mtgListMax = 60

// The list's time filters: current is what still needs something
// (upcoming, or held but without approved minutes).
var mtgWhens = []string{"current", "upcoming", "past", "all"}

type mtgFilter struct{ Forum, State, When string }

func (f mtgFilter) query() string {
	q := url.Values{}
	for k, v := range map[string]string{"forum": f.Forum, "state": f.State, "when": f.When} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

type mtgRow struct {
	Href, When, Forum, ForumHref, Title, Kind, State string
	StateID                                          gov.MeetingState
	Deadlines                                        []mtgDeadline
	LateMaterial                                     bool
}

// mtgNew is the form for a meeting outside the plan.
type mtgNew struct {
	Date, Time, Minutes, Title, Location string
}

// mtgPlan is the planning forms of one forum, as far as the viewer may
// use them.
type mtgPlan struct {
	Forum, ForumSlug, ForumHref string
	CanPlan, CanAdd, CanExtra   bool
	// NotYours says who plans and calls meetings, to whom may do neither.
	NotYours       string
	Year           string
	Years          []mtgOption
	ExtraRule      string
	DefaultTime    string
	DefaultMinutes int
	// Kind is the form a refused request came from: "add" or "extra".
	Kind string
	Form mtgNew
}

type mtgListData struct {
	Filter               mtgFilter
	Forums, States, When []mtgOption
	Rows                 []mtgRow
	More                 bool
	Plan                 *mtgPlan
	// Plannable are the forums whose meetings the viewer may plan or
	// add, linked when no forum is chosen.
	Plannable []mtgOption
}

// meetings lists the agreement's meetings in the forums the user may see,
// with filters, and the planning forms of the forum chosen.
func (s *Server) meetings(w http.ResponseWriter, r *Req) {
	s.showMeetings(w, r, http.StatusOK, "", mtgNew{}, "", nil)
}

func (s *Server) showMeetings(w http.ResponseWriter, r *Req, status int, kind string, form mtgNew, year string, errs []FieldError) {
	a := r.Agreement
	l, err := s.lensFor(r, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	flt := mtgFilter{Forum: q.Get("forum"), State: q.Get("state"), When: q.Get("when")}
	if fs := r.PathValue("forum"); fs != "" {
		flt = mtgFilter{Forum: fs}
	}
	if l.visibleForum(flt.Forum) == nil {
		flt.Forum = ""
	}
	if !slices.Contains(gov.MeetingStates, gov.MeetingState(flt.State)) {
		flt.State = ""
	}
	if !slices.Contains(mtgWhens, flt.When) {
		flt.When = "current"
	}
	d := &mtgListData{Filter: flt}
	x := s.actor(r)
	for i := range a.Forums {
		f := &a.Forums[i]
		if !l.seesForum(f) {
			continue
		}
		d.Forums = append(d.Forums, mtgOption{f.Slug, f.Name})
		if meeting.CanConvene(x, a, f) || meeting.CanConveneExtra(x, a, f, l.today.String()) {
			d.Plannable = append(d.Plannable, mtgOption{"/a/" + a.Slug + "/meetings?forum=" + url.QueryEscape(f.Slug) + "#plan", f.Name})
		}
	}
	for _, st := range gov.MeetingStates {
		d.States = append(d.States, mtgOption{string(st), l.t("meetings.state." + string(st))})
	}
	for _, w := range mtgWhens {
		d.When = append(d.When, mtgOption{w, l.t("meetings.when." + w)})
	}
	if err := s.meetingRows(r, l, d); err != nil {
		s.serverError(w, r, err)
		return
	}
	if f := a.Forum(flt.Forum); f != nil {
		d.Plan = l.planForms(x, f, kind, form, year)
	}
	p := s.page(r, l.t("meetings.nav"), d)
	p.Section = "meetings"
	p.Errors = errs
	p.Crumbs = []Crumb{{Label: a.Name, Href: "/a/" + a.Slug}, {Label: p.Title}}
	s.render(w, r, status, "meetings", p)
}

// meetingRows reads the meetings the filter selects.
func (s *Server) meetingRows(r *Req, l *lens, d *mtgListData) error {
	ctx := r.Context()
	flt := d.Filter
	sf := store.MeetingFilter{Forum: flt.Forum}
	if flt.State != "" {
		sf.States = []gov.MeetingState{gov.MeetingState(flt.State)}
	}
	return s.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		ms, err := tx.Meetings(ctx, l.a.Slug, sf)
		if err != nil {
			return err
		}
		var keep []gov.Meeting
		for _, m := range ms {
			if l.visibleForum(m.Forum) != nil && mtgWhenKeeps(flt.When, &m, l.now) {
				keep = append(keep, m)
			}
		}
		if flt.When == "past" {
			slices.Reverse(keep)
		}
		if len(keep) > mtgListMax {
			keep, d.More = keep[:mtgListMax], true
		}
		// The rows' materials and minutes in one statement each, not
		// two per row (issue #18).
		ids := make([]int64, len(keep))
		var sent []int64
		for i, m := range keep {
			ids[i] = m.ID
			if m.State == gov.MinutesSent || m.State == gov.MinutesApproved {
				sent = append(sent, m.ID)
			}
		}
		materials, err := tx.MaterialsOf(ctx, ids)
		if err != nil {
			return err
		}
		versions, err := tx.MinutesVersionsOf(ctx, sent)
		if err != nil {
			return err
		}
		for i := range keep {
			m := &keep[i]
			v := &mtg{l: l, f: l.a.Forum(m.Forum), m: m}
			mats := materials[m.ID]
			row := mtgRow{Href: fmt.Sprintf("/a/%s/meetings/%d", l.a.Slug, m.ID), When: l.when(m.Start.In(l.loc())),
				Forum: v.f.Name, ForumHref: l.forumURL(m.Forum), Title: m.Title, Kind: l.t("meetings.kind." + string(m.Kind)),
				State: l.t("meetings.state." + string(m.State)), StateID: m.State}
			for _, mt := range mats {
				row.LateMaterial = row.LateMaterial || mt.Late
			}
			v.versions = versions[m.ID]
			row.Deadlines = v.deadlines()
			d.Rows = append(d.Rows, row)
		}
		return nil
	})
}

// mtgWhenKeeps applies the time filter.
func mtgWhenKeeps(when string, m *gov.Meeting, now time.Time) bool {
	switch when {
	case "upcoming":
		return m.End.After(now)
	case "past":
		return !m.Start.After(now)
	case "current":
		// A past meeting whose agenda was never published can only be
		// cancelled; it is listed under past, not among the open ones.
		return m.End.After(now) || (m.State != gov.MinutesApproved && m.State != gov.Cancelled && m.State != gov.Planned)
	}
	return true
}

// planForms are the forms for planning and adding meetings to f.
func (l *lens) planForms(x meeting.Actor, f *gov.Forum, kind string, form mtgNew, year string) *mtgPlan {
	a := l.a
	p := &mtgPlan{Forum: f.Name, ForumSlug: f.Slug, ForumHref: l.forumURL(f.Slug), Kind: kind, Form: form, Year: year,
		DefaultTime: f.Cadence.Time, DefaultMinutes: f.Cadence.DurationMinutes}
	if p.DefaultMinutes <= 0 {
		p.DefaultMinutes = 60
	}
	if p.DefaultTime == "" {
		p.DefaultTime = "09:00"
	}
	convene := meeting.CanConvene(x, a, f)
	p.CanPlan = convene && !f.Inactive && f.Cadence.Frequency != gov.AsNeeded
	p.CanAdd = convene
	p.CanExtra = !convene && meeting.CanConveneExtra(x, a, f, l.today.String())
	if f.ExtraMeeting != nil {
		p.ExtraRule = l.t("pages.extra."+f.ExtraMeeting.By, "Count", f.ExtraMeeting.NoticeDays)
	}
	if !p.CanAdd && !p.CanExtra {
		p.NotYours = l.t("meetings.plan.notyours", "Who", l.who(f, f.Responsibilities.Convenes))
		if p.ExtraRule != "" {
			p.NotYours += " " + p.ExtraRule
		}
	}
	if p.Year == "" {
		p.Year = strconv.Itoa(l.today.Y)
	}
	for y := l.today.Y; y <= l.today.Y+1; y++ {
		p.Years = append(p.Years, mtgOption{strconv.Itoa(y), strconv.Itoa(y)})
	}
	return p
}

// planMeetings creates the year's meetings of a forum from its annual
// plan; meetings that exist already are left alone.
func (s *Server) planMeetings(w http.ResponseWriter, r *Req) {
	l, err := s.lensFor(r, r.Agreement)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := l.visibleForum(r.PathValue("forum"))
	if f == nil {
		s.notFound(w, r)
		return
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	if err != nil || year < l.today.Y || year > l.today.Y+1 {
		msg := l.t("meetings.plan.badyear", "From", l.today.Y, "To", l.today.Y+1)
		s.showMeetings(w, r, http.StatusUnprocessableEntity, "", mtgNew{}, r.PostFormValue("year"), []FieldError{{Field: "plan-year", Msg: msg}})
		return
	}
	created, err := s.meetingSvc().CreateFromPlan(r.Context(), r.Agreement, s.actor(r), year, f.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(created) == 0 {
		s.flash(r, "meetings.flash.plannednone")
	} else {
		s.flash(r, "meetings.flash.planned")
	}
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/meetings?"+mtgFilter{Forum: f.Slug, When: "upcoming"}.query(), http.StatusSeeOther)
}

// createMeeting adds a meeting outside the plan (the convener) or calls
// an extra meeting (whom the forum's rule allows, with its notice).
func (s *Server) createMeeting(w http.ResponseWriter, r *Req) {
	l, err := s.lensFor(r, r.Agreement)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := l.visibleForum(r.PathValue("forum"))
	if f == nil {
		s.notFound(w, r)
		return
	}
	extra := r.PostFormValue("extra") == "1"
	kind := "add"
	if extra {
		kind = "extra"
	}
	form := mtgNew{Date: strings.TrimSpace(r.PostFormValue("date")), Time: strings.TrimSpace(r.PostFormValue("time")),
		Minutes: strings.TrimSpace(r.PostFormValue("minutes")), Title: r.PostFormValue("title"), Location: r.PostFormValue("location")}
	in := meeting.NewMeeting{Forum: f.Slug, Date: form.Date, Time: form.Time, Title: form.Title, Location: form.Location}
	if form.Minutes != "" {
		n, err := strconv.Atoi(form.Minutes)
		if err != nil {
			n = -1 // refused by the service's range check, with its message
		}
		in.Minutes = n
	}
	m, err := s.meetingSvc().CreateAdHoc(r.Context(), r.Agreement, s.actor(r), in, extra)
	if errs, ok := s.fieldErrors(r.Lang, err, func(f string) string { return kind + "-" + f }); ok {
		s.showMeetings(w, r, http.StatusUnprocessableEntity, kind, form, "", errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "meetings.flash.created")
	http.Redirect(w, r.Request, fmt.Sprintf("/a/%s/meetings/%d", r.Agreement.Slug, m.ID), http.StatusSeeOther)
}
