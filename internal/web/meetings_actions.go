package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// mtgActionTable is a list of action items with their status forms, on
// the meeting page and on the agreement's action-item page.
type mtgActionTable struct {
	L        Loc
	Slug     string
	Rows     []mtgAction
	Statuses []mtgOption
	// Back is where a status change returns to.
	Back      string
	ShowForum bool
	// CanChange: some row may be changed by the viewer.
	CanChange bool
	Errors    map[string]string
	Caption   string
}

type mtgActionsData struct {
	Forum, Status string
	Mine          bool
	Forums        []mtgOption
	StatusOpts    []mtgOption
	Table         mtgActionTable
}

// actionStatuses are the statuses a user may set.
var actionStatuses = []gov.ActionStatus{gov.ActionOpen, gov.ActionDone, gov.ActionCancelled}

func (l *lens) statusOptions() []mtgOption {
	var out []mtgOption
	for _, st := range actionStatuses {
		out = append(out, mtgOption{string(st), l.t("meetings.action." + string(st))})
	}
	return out
}

// addAction records an action item agreed at the meeting.
func (s *Server) addAction(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	form := mtgForm{ActionTitle: r.PostFormValue("title"), ActionOwner: r.PostFormValue("owner"), ActionDue: strings.TrimSpace(r.PostFormValue("due"))}
	_, err := s.meetingSvc().AddActionItem(r.Context(), r.Agreement, s.actor(r), id,
		meeting.ActionInput{Title: form.ActionTitle, Owner: form.ActionOwner, Due: form.ActionDue})
	if errs, ok := s.fieldErrors(r.Lang, err, func(f string) string { return "action-" + f }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "meetings.flash.actionadded", "actions")
}

// actions lists the agreement's action items in the forums the user may
// see: open ones by default, or by forum, status and owner.
func (s *Server) actions(w http.ResponseWriter, r *Req) {
	s.showActions(w, r, http.StatusOK, nil)
}

func (s *Server) showActions(w http.ResponseWriter, r *Req, status int, errs []FieldError) {
	a := r.Agreement
	l, err := s.lensFor(r, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	d := &mtgActionsData{Forum: q.Get("forum"), Status: q.Get("status"), Mine: q.Get("mine") == "1", StatusOpts: l.statusOptions()}
	if l.visibleForum(d.Forum) == nil {
		d.Forum = ""
	}
	switch d.Status {
	case "open", "done", "cancelled", "all":
	default:
		d.Status = "open"
	}
	for i := range a.Forums {
		if f := &a.Forums[i]; l.seesForum(f) {
			d.Forums = append(d.Forums, mtgOption{f.Slug, f.Name})
		}
	}
	flt := store.ActionFilter{Agreement: a.Slug, Forum: d.Forum}
	if d.Status != "all" {
		flt.Status = gov.ActionStatus(d.Status)
	}
	if d.Mine {
		flt.OwnerEmail = r.Principal.Email
		if flt.OwnerEmail == "" {
			flt.OwnerEmail = "-" // no address, no items of one's own
		}
	}
	back := "/a/" + a.Slug + "/actions"
	if enc := r.URL.RawQuery; enc != "" {
		back += "?" + enc
	}
	d.Table = mtgActionTable{L: Loc{s.cat, r.Lang}, Slug: a.Slug, Statuses: l.statusOptions(), Back: back, ShowForum: true,
		Errors: map[string]string{}, Caption: l.t("meetings.actions.title")}
	for _, e := range errs {
		d.Table.Errors[e.Field] = e.Msg
	}
	x := s.actor(r)
	n := s.namesFor(r, l)
	ctx := r.Context()
	err = s.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		items, err := tx.ActionItems(ctx, flt)
		if err != nil {
			return err
		}
		for _, ai := range items {
			f := l.visibleForum(ai.Forum)
			if f == nil {
				continue
			}
			row := l.mtgAction(ai, x, meeting.CanRecord(x, a, f), n)
			hist, err := tx.ActionHistory(ctx, ai.ID)
			if err != nil {
				return err
			}
			for _, e := range hist {
				row.History = append(row.History, mtgEvent{At: l.stampTime(e.At), Actor: n.of(e.Actor), Change: l.actionChange(e.Change)})
			}
			d.Table.Rows = append(d.Table.Rows, row)
			d.Table.CanChange = d.Table.CanChange || row.CanChange
		}
		return nil
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, l.t("meetings.actions.title"), d)
	p.Section = "meetings"
	p.Errors = errs
	p.Crumbs = []Crumb{{Label: a.Name, Href: "/a/" + a.Slug}, {Label: l.t("meetings.nav"), Href: "/a/" + a.Slug + "/meetings"}, {Label: p.Title}}
	s.render(w, r, status, "actions", p)
}

// actionChange translates an action item's history entry, which the
// store keeps in English ("status open → done; due 2027-01-08 →
// 2027-01-15", `created: "title", owner Name, due 2027-01-08`).
func (l *lens) actionChange(change string) string {
	if rest, ok := strings.CutPrefix(change, "created: "); ok {
		if i := strings.LastIndex(rest, ", due "); i > 0 {
			return l.t("meetings.history.created", "Due", l.dateText(rest[i+len(", due "):]))
		}
		return change
	}
	var out []string
	for _, part := range strings.Split(change, "; ") {
		what, arrow, _ := strings.Cut(part, " ")
		from, to, ok := strings.Cut(arrow, " → ")
		switch {
		case ok && what == "status":
			out = append(out, l.t("meetings.history.status", "From", l.t("meetings.action."+from), "To", l.t("meetings.action."+to)))
		case ok && what == "due":
			out = append(out, l.t("meetings.history.due", "From", l.dateText(from), "To", l.dateText(to)))
		default:
			out = append(out, part)
		}
	}
	return strings.Join(out, "; ")
}

// updateAction changes an action item's status or due date (its owner,
// the convener or the minute-taker), then returns to where it was
// changed.
func (s *Server) updateAction(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "action")
	if !ok {
		s.notFound(w, r)
		return
	}
	status, due := r.PostFormValue("status"), strings.TrimSpace(r.PostFormValue("due"))
	err := s.meetingSvc().SetActionStatus(r.Context(), r.Agreement, s.actor(r), id, gov.ActionStatus(status), due)
	if errs, ok := s.fieldErrors(r.Lang, err, func(f string) string { return fmt.Sprintf("action-%s-%d", f, id) }); ok {
		s.showActions(w, r, http.StatusUnprocessableEntity, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "meetings.flash.actionupdated")
	back := r.PostFormValue("back")
	if u, err := url.Parse(back); err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(u.Path, "/a/"+r.Agreement.Slug+"/") {
		back = "/a/" + r.Agreement.Slug + "/actions"
	}
	http.Redirect(w, r.Request, safeNext(back), http.StatusSeeOther)
}
