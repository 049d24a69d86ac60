package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// Meetings through the API: the routes need ViewForum, and the meeting
// service decides everything else (who convenes, proposes, writes or
// approves, by the forum's rules), in one transaction per change. Its
// coded errors are answered by fail, in one place.

// pathID reads a positive numeric path value; ok is false otherwise.
func pathID(r *Req, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// meetingOf reads the {meeting} of the URL, answering 404 when it is no
// meeting id.
func meetingOf(w http.ResponseWriter, r *Req) (int64, bool) {
	id, ok := pathID(r, "meeting")
	if !ok {
		writeError(w, errNoMeeting(r.PathValue("meeting")))
	}
	return id, ok
}

func (a *API) actor(r *Req) meeting.Actor { return meeting.ActorFor(r.Principal, r.Agreement) }

// writeDetail answers with the meeting as it is now.
func (a *API) writeDetail(w http.ResponseWriter, r *Req, status int, id int64) {
	d, err := a.detail(r.Context(), r, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/agreements/"+r.Agreement.Slug+"/meetings/"+itoa(id))
	}
	writeJSON(w, status, d)
}

// listMeetings lists the meetings of the forums the caller may see, by
// start time, filtered by forum, state and a date range (from and to
// inclusive, in the agreement's time zone).
func (a *API) listMeetings(w http.ResponseWriter, r *Req) {
	ag := r.Agreement
	q := r.URL.Query()
	flt := store.MeetingFilter{Forum: q.Get("forum")}
	loc := location(ag)
	if s := q.Get("state"); s != "" {
		ok := false
		for _, st := range gov.MeetingStates {
			ok = ok || string(st) == s
		}
		if !ok {
			writeError(w, errBadRequest("state must be one of planned, agenda-published, held, minutes-drafted, minutes-submitted, minutes-approved, cancelled"))
			return
		}
		flt.States = []gov.MeetingState{gov.MeetingState(s)}
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
		days int
	}{{"from", &flt.From, 0}, {"to", &flt.To, 1}} {
		s := q.Get(p.name)
		if s == "" {
			continue
		}
		d, err := calendar.ParseDate(s)
		if err != nil {
			writeError(w, errBadRequest(p.name+" must be a date, YYYY-MM-DD"))
			return
		}
		*p.dst = d.AddDays(p.days).Time(loc)
	}
	ctx := r.Context()
	items := []Meeting{}
	err := a.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		ms, err := tx.Meetings(ctx, ag.Slug, flt)
		if err != nil {
			return err
		}
		for i := range ms {
			if f := ag.Forum(ms[i].Forum); f != nil && auth.CanSeeForum(r.Principal, ag, f) {
				items = append(items, meetingOut(ag, &ms[i]))
			}
		}
		return nil
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeList(w, r, items)
}

func (a *API) getMeeting(w http.ResponseWriter, r *Req) {
	if id, ok := meetingOf(w, r); ok {
		a.writeDetail(w, r, http.StatusOK, id)
	}
}

// visibleForum finds the {forum} of the URL, answering 404 when the
// caller may not see it.
func visibleForum(w http.ResponseWriter, r *Req) *gov.Forum {
	f := r.Agreement.Forum(r.PathValue("forum"))
	if f == nil || !auth.CanSeeForum(r.Principal, r.Agreement, f) {
		writeError(w, errNotFound("no forum "+r.PathValue("forum")))
		return nil
	}
	return f
}

// PlanInput is the body of POST .../forums/{forum}/plan.
type PlanInput struct {
	Year int `json:"year"`
}

// PlanResult lists the meetings a plan created; none when they all
// existed already.
type PlanResult struct {
	Created []Meeting `json:"created"`
}

// planMeetings creates the forum's regular meetings of a year from the
// annual plan, skipping those already created: 201 when it created any,
// 200 when there was nothing to create.
func (a *API) planMeetings(w http.ResponseWriter, r *Req) {
	f := visibleForum(w, r)
	if f == nil {
		return
	}
	var in PlanInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.Year < 2000 || in.Year > 2100 {
		writeError(w, errValidation(FieldError{"year", "a year from 2000 to 2100"}))
		return
	}
	created, err := a.meetings.CreateFromPlan(r.Context(), r.Agreement, a.actor(r), in.Year, f.Slug)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := PlanResult{Created: []Meeting{}}
	for i := range created {
		out.Created = append(out.Created, meetingOut(r.Agreement, &created[i]))
	}
	status := http.StatusOK
	if len(created) > 0 {
		status = http.StatusCreated
	}
	writeJSON(w, status, out)
}

// NewMeetingInput is the body of POST .../forums/{forum}/meetings: a
// meeting outside the plan (the convener), or with extra an extra meeting
// under the forum's notice rule (whoever the rule allows).
type NewMeetingInput struct {
	Date     string `json:"date"`
	Time     string `json:"time,omitempty"`
	Minutes  int    `json:"minutes,omitempty"`
	Title    string `json:"title,omitempty"`
	Location string `json:"location,omitempty"`
	Extra    bool   `json:"extra,omitempty"`
}

func (a *API) createMeeting(w http.ResponseWriter, r *Req) {
	f := visibleForum(w, r)
	if f == nil {
		return
	}
	var in NewMeetingInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	m, err := a.meetings.CreateAdHoc(r.Context(), r.Agreement, a.actor(r),
		meeting.NewMeeting{Forum: f.Slug, Date: in.Date, Time: in.Time, Minutes: in.Minutes, Title: in.Title, Location: in.Location}, in.Extra)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeDetail(w, r, http.StatusCreated, m.ID)
}

// ItemInput is the body of POST .../meetings/{meeting}/items.
type ItemInput struct {
	Type        string `json:"type"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Presenter   string `json:"presenter,omitempty"`
	Minutes     int    `json:"minutes,omitempty"`
}

// addItem puts an item on the agenda (the convener) or proposes one
// (whoever the forum's proposal rule allows); the item's status says
// which.
func (a *API) addItem(w http.ResponseWriter, r *Req) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	var in ItemInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	it, err := a.meetings.AddItem(r.Context(), r.Agreement, a.actor(r), id,
		meeting.ItemInput{Type: gov.AgendaItemType(in.Type), Title: in.Title, Description: in.Description, Presenter: in.Presenter, Minutes: in.Minutes})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/agreements/"+r.Agreement.Slug+"/meetings/"+itoa(id))
	writeJSON(w, http.StatusCreated, itemOut(*it))
}

// Decision is the body of POST .../items/{item}/decide: accept a
// proposed item, or decline it with a reason.
type Decision struct {
	Accept *bool  `json:"accept"`
	Reason string `json:"reason,omitempty"`
}

func (a *API) decideItem(w http.ResponseWriter, r *Req) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	item, ok := pathID(r, "item")
	if !ok {
		writeError(w, errNotFound("no agenda item "+r.PathValue("item")))
		return
	}
	var in Decision
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.Accept == nil {
		writeError(w, errValidation(FieldError{"accept", "required: true to accept, false to decline"}))
		return
	}
	if err := a.meetings.DecideProposal(r.Context(), r.Agreement, a.actor(r), id, item, *in.Accept, in.Reason); err != nil {
		a.fail(w, r, err)
		return
	}
	ctx := r.Context()
	var it *gov.AgendaItem
	err := a.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		var err error
		it, err = tx.Item(ctx, id, item)
		return err
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, itemOut(*it))
}

func (a *API) removeItem(w http.ResponseWriter, r *Req) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	item, ok := pathID(r, "item")
	if !ok {
		writeError(w, errNotFound("no agenda item "+r.PathValue("item")))
		return
	}
	if err := a.meetings.RemoveItem(r.Context(), r.Agreement, a.actor(r), id, item); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// step is one of the service's state changes of a meeting.
type step func(ctx context.Context, ag *gov.Agreement, x meeting.Actor, id int64) error

// change runs a state change on the meeting of the URL and answers with
// the meeting as it is then.
func (a *API) change(w http.ResponseWriter, r *Req, do step) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	if err := do(r.Context(), r.Agreement, a.actor(r), id); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeDetail(w, r, http.StatusOK, id)
}

func (a *API) publishAgenda(w http.ResponseWriter, r *Req) {
	// ?confirm_pending=true publishes although proposals wait for a
	// decision (else 409 naming them). A query parameter, not a body, so
	// that publishing stays a bodiless POST.
	switch r.URL.Query().Get("confirm_pending") {
	case "true", "1":
		a.change(w, r, a.meetings.PublishAgendaAnyway)
	case "", "false", "0":
		a.change(w, r, a.meetings.PublishAgenda)
	default:
		writeError(w, errBadRequest("confirm_pending must be true or false"))
	}
}
func (a *API) markHeld(w http.ResponseWriter, r *Req)      { a.change(w, r, a.meetings.MarkHeld) }
func (a *API) submitMinutes(w http.ResponseWriter, r *Req) { a.change(w, r, a.meetings.SubmitMinutes) }
func (a *API) approveMinutes(w http.ResponseWriter, r *Req) {
	a.change(w, r, a.meetings.ApproveMinutes)
}

// Reason is the body of POST .../meetings/{meeting}/cancel.
type Reason struct {
	Reason string `json:"reason"`
}

func (a *API) cancelMeeting(w http.ResponseWriter, r *Req) {
	var in Reason
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	a.change(w, r, func(ctx context.Context, ag *gov.Agreement, x meeting.Actor, id int64) error {
		return a.meetings.Cancel(ctx, ag, x, id, in.Reason)
	})
}

// Comment is the body of POST .../minutes/return.
type Comment struct {
	Comment string `json:"comment"`
}

func (a *API) returnMinutes(w http.ResponseWriter, r *Req) {
	var in Comment
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	a.change(w, r, func(ctx context.Context, ag *gov.Agreement, x meeting.Actor, id int64) error {
		return a.meetings.ReturnMinutes(ctx, ag, x, id, in.Comment)
	})
}

// AttendanceInput is the body of PUT .../attendance: the whole list,
// which replaces the recorded one.
type AttendanceInput struct {
	Attendees []AttendeeInput `json:"attendees"`
}

// AttendeeInput is one person at a meeting.
type AttendeeInput struct {
	Person  string `json:"person"`
	Role    string `json:"role"`
	Present bool   `json:"present"`
}

func (a *API) recordAttendance(w http.ResponseWriter, r *Req) {
	var in AttendanceInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.Attendees == nil {
		writeError(w, errValidation(FieldError{"attendees", "required: the list of attendees (may be empty)"}))
		return
	}
	as := make([]meeting.AttendeeInput, len(in.Attendees))
	for i, at := range in.Attendees {
		as[i] = meeting.AttendeeInput{Person: at.Person, Role: at.Role, Present: at.Present}
	}
	a.change(w, r, func(ctx context.Context, ag *gov.Agreement, x meeting.Actor, id int64) error {
		return a.meetings.RecordAttendance(ctx, ag, x, id, as)
	})
}

// MinutesInput is the body of PUT .../minutes: the draft's markdown.
type MinutesInput struct {
	Body string `json:"body"`
}

func (a *API) saveMinutes(w http.ResponseWriter, r *Req) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	var in MinutesInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	mn, err := a.meetings.SaveMinutes(r.Context(), r.Agreement, a.actor(r), id, in.Body)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, minutesOut(*mn))
}

// --- action items ------------------------------------------------------------

// listActions lists the action items of the forums the caller may see,
// by due date, filtered by forum, status, meeting, owner (a person id),
// or mine=true for the caller's own (by their e-mail address).
func (a *API) listActions(w http.ResponseWriter, r *Req) {
	ag := r.Agreement
	q := r.URL.Query()
	flt := store.ActionFilter{Agreement: ag.Slug, Forum: q.Get("forum")}
	switch s := q.Get("status"); s {
	case "":
	case string(gov.ActionOpen), string(gov.ActionDone), string(gov.ActionCancelled):
		flt.Status = gov.ActionStatus(s)
	default:
		writeError(w, errBadRequest("status must be open, done or cancelled"))
		return
	}
	if s := q.Get("meeting"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 1 {
			writeError(w, errBadRequest("meeting must be a meeting id"))
			return
		}
		flt.MeetingID = id
	}
	switch q.Get("mine") {
	case "", "false":
	case "true":
		flt.OwnerEmail = r.Principal.Email
		if flt.OwnerEmail == "" {
			flt.OwnerEmail = "-" // no address, no items of one's own
		}
	default:
		writeError(w, errBadRequest("mine must be true or false"))
		return
	}
	owner := q.Get("owner")
	ctx := r.Context()
	items := []ActionItem{}
	err := a.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		ais, err := tx.ActionItems(ctx, flt)
		if err != nil {
			return err
		}
		for _, ai := range ais {
			if f := ag.Forum(ai.Forum); f == nil || !auth.CanSeeForum(r.Principal, ag, f) || (owner != "" && ai.Owner != owner) {
				continue
			}
			items = append(items, actionOut(r.Principal, ag, ai))
		}
		return nil
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeList(w, r, items)
}

// action reads one action item with its history as the caller sees it.
func (a *API) action(r *Req, id int64) (*ActionItem, error) {
	ctx := r.Context()
	var out *ActionItem
	err := a.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		ai, err := tx.ActionItem(ctx, r.Agreement.Slug, id)
		if err != nil {
			return err
		}
		if f := r.Agreement.Forum(ai.Forum); f == nil || !auth.CanSeeForum(r.Principal, r.Agreement, f) {
			return store.ErrNotFound
		}
		o := actionOut(r.Principal, r.Agreement, *ai)
		hist, err := tx.ActionHistory(ctx, ai.ID)
		if err != nil {
			return err
		}
		for _, e := range hist {
			o.History = append(o.History, ActionEvent{At: e.At.UTC(), Actor: e.Actor, Change: e.Change})
		}
		out = &o
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound("no action item " + itoa(id))
	}
	return out, err
}

func (a *API) getAction(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "action")
	if !ok {
		writeError(w, errNotFound("no action item "+r.PathValue("action")))
		return
	}
	ai, err := a.action(r, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ai)
}

// ActionInput is the body of POST .../actions: an action item agreed at
// a meeting, owned by a directory person.
type ActionInput struct {
	Meeting int64  `json:"meeting"`
	Title   string `json:"title"`
	Owner   string `json:"owner"`
	Due     string `json:"due"`
}

func (a *API) createAction(w http.ResponseWriter, r *Req) {
	var in ActionInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.Meeting < 1 {
		writeError(w, errValidation(FieldError{"meeting", "required: the id of the meeting the item was agreed at"}))
		return
	}
	ai, err := a.meetings.AddActionItem(r.Context(), r.Agreement, a.actor(r), in.Meeting,
		meeting.ActionInput{Title: in.Title, Owner: in.Owner, Due: in.Due})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out, err := a.action(r, ai.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/agreements/"+r.Agreement.Slug+"/actions/"+itoa(ai.ID))
	writeJSON(w, http.StatusCreated, out)
}

// ActionPatch is the body of PATCH .../actions/{action}: a new status, a
// new due date, or both.
type ActionPatch struct {
	Status *string `json:"status,omitempty"`
	Due    *string `json:"due,omitempty"`
}

func (a *API) updateAction(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "action")
	if !ok {
		writeError(w, errNotFound("no action item "+r.PathValue("action")))
		return
	}
	var in ActionPatch
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	cur, err := a.action(r, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	status, due := gov.ActionStatus(cur.Status), ""
	if in.Status != nil {
		status = gov.ActionStatus(*in.Status)
	}
	if in.Due != nil {
		if due = *in.Due; due == "" {
			writeError(w, errValidation(FieldError{"due", "a due date cannot be removed; give a date, YYYY-MM-DD"}))
			return
		}
	}
	if err := a.meetings.SetActionStatus(r.Context(), r.Agreement, a.actor(r), id, status, due); err != nil {
		a.fail(w, r, err)
		return
	}
	out, err := a.action(r, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
