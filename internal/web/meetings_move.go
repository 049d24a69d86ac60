package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
)

// Moving a meeting and editing its agenda (issue 19): each handler makes
// one change through the meeting service; a refused form comes back
// with its errors next to its fields.

// moveMeeting reschedules the meeting from its page.
func (s *Server) moveMeeting(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	form := mtgForm{MoveDate: strings.TrimSpace(r.PostFormValue("date")), MoveTime: strings.TrimSpace(r.PostFormValue("time")),
		MoveMinutes: strings.TrimSpace(r.PostFormValue("minutes")), MoveLocation: r.PostFormValue("location"),
		MoveURL: r.PostFormValue("online_url"), Moving: true}
	in := meeting.MoveInput{Date: form.MoveDate, Time: form.MoveTime, Location: &form.MoveLocation, OnlineURL: &form.MoveURL}
	if form.MoveMinutes != "" {
		n, err := strconv.Atoi(form.MoveMinutes)
		if err != nil || n == 0 {
			n = -1 // refused by the service's range check
		}
		in.Minutes = n
	}
	_, err := s.meetingSvc().Reschedule(r.Context(), r.Agreement, s.actor(r), id, in)
	if errs, ok := s.fieldErrors(r.Lang, err, func(f string) string { return "move-" + strings.ReplaceAll(f, "_", "-") }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "meetmove.flash.moved", "state")
}

// editItem changes an agenda item (the convener).
func (s *Server) editItem(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	item, ok2 := pathID(r, "item")
	if !ok || !ok2 {
		s.notFound(w, r)
		return
	}
	in := meeting.ItemInput{Type: gov.AgendaItemType(r.PostFormValue("type")), Title: r.PostFormValue("title"),
		Description: r.PostFormValue("description"), Presenter: strings.TrimSpace(r.PostFormValue("presenter"))}
	if v := strings.TrimSpace(r.PostFormValue("minutes")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		in.Minutes = n
	}
	_, err := s.meetingSvc().EditItem(r.Context(), r.Agreement, s.actor(r), id, item, in)
	prefix := "edit-" + strconv.FormatInt(item, 10) + "-"
	if errs, ok := s.fieldErrors(r.Lang, err, func(f string) string { return prefix + f }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, mtgForm{EditItem: item}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "meetmove.flash.itemedited", "agenda")
}

// moveItem moves an agenda item one place up or down (the convener).
func (s *Server) moveItem(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	item, ok2 := pathID(r, "item")
	if !ok || !ok2 {
		s.notFound(w, r)
		return
	}
	delta := 1
	if r.PostFormValue("dir") == "up" {
		delta = -1
	}
	if err := s.meetingSvc().MoveItem(r.Context(), r.Agreement, s.actor(r), id, item, delta); err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "", "item-"+strconv.FormatInt(item, 10))
}

// publishPending answers a publication refused for pending proposals:
// the page again, listing them, with a button to publish anyway.
func (s *Server) publishPending(w http.ResponseWriter, r *Req, err error) bool {
	var pe *meeting.PendingError
	if !errors.As(err, &pe) {
		return false
	}
	form := mtgForm{Pending: true}
	for _, it := range pe.Pending {
		form.PendingTitles = append(form.PendingTitles, it.Title)
	}
	s.showMeeting(w, r, http.StatusConflict, form, nil)
	return true
}

// agendaPack is the meeting's agenda and PDF materials as one PDF.
func (s *Server) agendaPack(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	pdf, name, err := s.meetingSvc().AgendaPack(r.Context(), r.Agreement, s.actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	attachFile(w, "application/pdf", name, pdf)
}
