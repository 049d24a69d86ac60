package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/steerco/steerco/internal/meeting"
)

// mtgMaxRows bounds the attendance form's rows.
const mtgMaxRows = 500

// recordAttendance records who attended in which role (the convener or
// the minute-taker): the form's rows, and one more person if chosen.
func (s *Server) recordAttendance(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	var in []meeting.AttendeeInput
	for i := 0; i < mtgMaxRows; i++ {
		person, ok := r.PostForm[fmt.Sprintf("person-%d", i)]
		if !ok {
			break
		}
		in = append(in, meeting.AttendeeInput{Person: strings.Join(person, ""), Role: r.PostFormValue(fmt.Sprintf("role-%d", i)),
			Present: r.PostFormValue(fmt.Sprintf("present-%d", i)) != ""})
	}
	rows := len(in)
	if p := r.PostFormValue("person-extra"); p != "" {
		in = append(in, meeting.AttendeeInput{Person: p, Role: r.PostFormValue("role-extra"), Present: r.PostFormValue("present-extra") != ""})
	}
	err := s.meetingSvc().RecordAttendance(r.Context(), r.Agreement, s.actor(r), id, in)
	rename := func(f string) string {
		var i int
		if _, err := fmt.Sscanf(f[strings.IndexByte(f, '[')+1:], "%d]", &i); err == nil && i < rows {
			return fmt.Sprintf("att-role-%d", i)
		}
		return "att-extra"
	}
	if errs, ok := s.fieldErrors(r.Lang, err, rename); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, mtgForm{}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "meetings.flash.attendance", "attendance")
}

// markHeld records that the meeting took place.
func (s *Server) markHeld(w http.ResponseWriter, r *Req) {
	s.meetingStep(w, r, "meetings.flash.held", "state", func(svc *meeting.Service, id int64) error {
		return svc.MarkHeld(r.Context(), r.Agreement, s.actor(r), id)
	})
}

// submitMinutes sends the saved draft for approval.
func (s *Server) submitMinutes(w http.ResponseWriter, r *Req) {
	s.meetingStep(w, r, "meetings.flash.submitted", "minutes", func(svc *meeting.Service, id int64) error {
		return svc.SubmitMinutes(r.Context(), r.Agreement, s.actor(r), id)
	})
}

// approveMinutes approves the submitted minutes.
func (s *Server) approveMinutes(w http.ResponseWriter, r *Req) {
	s.meetingStep(w, r, "meetings.flash.approved", "minutes", func(svc *meeting.Service, id int64) error {
		return svc.ApproveMinutes(r.Context(), r.Agreement, s.actor(r), id)
	})
}

// meetingStep runs a change that takes no input but the meeting.
func (s *Server) meetingStep(w http.ResponseWriter, r *Req, flashID, anchor string, do func(*meeting.Service, int64) error) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := do(s.meetingSvc(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, flashID, anchor)
}

// saveMinutes saves the minutes' draft (the minute-taking party).
func (s *Server) saveMinutes(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	body := strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n")
	_, err := s.meetingSvc().SaveMinutes(r.Context(), r.Agreement, s.actor(r), id, body)
	if errs, ok := s.fieldErrors(r.Lang, err, func(string) string { return "minutes-body" }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, mtgForm{Body: body}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "meetings.flash.saved", "minutes")
}

// returnMinutes returns the submitted minutes with comments.
func (s *Server) returnMinutes(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	comment := r.PostFormValue("comment")
	err := s.meetingSvc().ReturnMinutes(r.Context(), r.Agreement, s.actor(r), id, comment)
	if errs, ok := s.fieldErrors(r.Lang, err, func(string) string { return "return-comment" }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, mtgForm{ReturnComment: comment}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "meetings.flash.returned", "minutes")
}
