package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
)

// The meeting's form handlers each make one change through the meeting
// service, which checks who may do it; a refused form comes back with
// its errors next to its fields (422), any other refusal is an error
// page with the service's translated message (403, 404, 409).

// toMeeting sends the browser back to the meeting page with a message.
func (s *Server) toMeeting(w http.ResponseWriter, r *Req, id int64, flashID, anchor string) {
	if flashID != "" {
		s.flash(r, flashID)
	}
	http.Redirect(w, r.Request, fmt.Sprintf("/a/%s/meetings/%d#%s", r.Agreement.Slug, id, anchor), http.StatusSeeOther)
}

// pathID reads a positive id from the URL.
func pathID(r *Req, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// addItem puts an item on the agenda (the convener) or proposes one.
func (s *Server) addItem(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	form := mtgForm{ItemTitle: r.PostFormValue("title"), ItemType: r.PostFormValue("type"), ItemPresenter: r.PostFormValue("presenter"),
		ItemMinutes: strings.TrimSpace(r.PostFormValue("minutes")), ItemDescription: r.PostFormValue("description")}
	in := meeting.ItemInput{Type: gov.AgendaItemType(form.ItemType), Title: form.ItemTitle, Description: form.ItemDescription,
		Presenter: strings.TrimSpace(form.ItemPresenter)}
	if form.ItemMinutes != "" {
		n, err := strconv.Atoi(form.ItemMinutes)
		if err != nil {
			n = -1 // refused by the service's range check
		}
		in.Minutes = n
	}
	it, err := s.meetingSvc().AddItem(r.Context(), r.Agreement, s.actor(r), id, in)
	if errs, ok := s.fieldErrors(r.Lang, err, func(f string) string { return "item-" + f }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "meetings.flash.itemadded"
	if it.Status == gov.ItemProposed {
		msg = "meetings.flash.proposed"
	}
	s.toMeeting(w, r, id, msg, "agenda")
}

// decideItem accepts or declines a proposed item (the convener).
func (s *Server) decideItem(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	item, ok2 := pathID(r, "item")
	if !ok || !ok2 {
		s.notFound(w, r)
		return
	}
	accept := r.PostFormValue("decision") == "accept"
	reason := r.PostFormValue("reason")
	err := s.meetingSvc().DecideProposal(r.Context(), r.Agreement, s.actor(r), id, item, accept, reason)
	field := fmt.Sprintf("decline-reason-%d", item)
	if errs, ok := s.fieldErrors(r.Lang, err, func(string) string { return field }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, mtgForm{DeclineItem: item, DeclineReason: reason}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "meetings.flash.declined"
	if accept {
		msg = "meetings.flash.accepted"
	}
	s.toMeeting(w, r, id, msg, "proposals")
}

// deleteItem takes an item off the agenda (the convener).
func (s *Server) deleteItem(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	item, ok2 := pathID(r, "item")
	if !ok || !ok2 {
		s.notFound(w, r)
		return
	}
	if err := s.meetingSvc().RemoveItem(r.Context(), r.Agreement, s.actor(r), id, item); err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "meetings.flash.itemremoved", "agenda")
}

// publishAgenda publishes the agenda and sends the invitations.
func (s *Server) publishAgenda(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	svc := s.meetingSvc()
	publish := svc.PublishAgenda
	if r.PostFormValue("anyway") == "1" {
		publish = svc.PublishAgendaAnyway
	}
	if err := publish(r.Context(), r.Agreement, s.actor(r), id); err != nil {
		if !s.publishPending(w, r, err) {
			s.fail(w, r, err)
		}
		return
	}
	s.toMeeting(w, r, id, "meetings.flash.published", "agenda")
}

// cancelMeeting cancels a meeting with a reason (the convener).
func (s *Server) cancelMeeting(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	reason := r.PostFormValue("reason")
	err := s.meetingSvc().Cancel(r.Context(), r.Agreement, s.actor(r), id, reason)
	if errs, ok := s.fieldErrors(r.Lang, err, func(string) string { return "cancel-reason" }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, mtgForm{CancelReason: reason}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "meetings.flash.cancelled", "state")
}

// meetingICS is the meeting as an iCalendar event, the same event the
// invitations carry.
func (s *Server) meetingICS(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	ics, err := s.meetingSvc().ICS(r.Context(), r.Agreement, s.actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	method := "REQUEST"
	if strings.Contains(ics, "\r\nMETHOD:CANCEL\r\n") {
		method = "CANCEL"
	}
	attachFile(w, "text/calendar; charset=utf-8; method="+method, fmt.Sprintf("meeting-%d.ics", id), []byte(ics))
}
