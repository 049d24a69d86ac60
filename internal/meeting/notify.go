package meeting

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/ical"
	"github.com/steerco/steerco/internal/store"
)

// t translates a notification into the agreement's language: notices go
// to both parties, and the agreement names its working language.
func (s *Service) t(a *gov.Agreement, id string, args ...any) string {
	return s.cat.T(a.Language, id, args...)
}

// members are the people with an e-mail address seated in the forum on
// the meeting's date, sorted by e-mail.
func members(a *gov.Agreement, f *gov.Forum, date string) []gov.Person {
	seen := map[string]bool{}
	var out []gov.Person
	for _, ms := range a.Memberships {
		if ms.Forum != f.Slug || !ms.ActiveOn(date) {
			continue
		}
		if p := a.Person(ms.Person); p != nil && p.Email != "" && !seen[strings.ToLower(p.Email)] {
			seen[strings.ToLower(p.Email)] = true
			out = append(out, *p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Email < out[j].Email })
	return out
}

// peopleOf are the forum members of the given parties.
func peopleOf(a *gov.Agreement, f *gov.Forum, date string, parties []string) []gov.Person {
	var out []gov.Person
	for _, p := range members(a, f, date) {
		for _, s := range parties {
			if p.Party == s {
				out = append(out, p)
			}
		}
	}
	return out
}

// enqueue queues one message unless its dedupe key (key plus recipient)
// was queued before; it reports whether it was added.
func (s *Service) enqueue(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, kind, key string, to gov.Person, subject, body, ics string) (bool, error) {
	aid, err := tx.AgreementID(ctx, sc.a.Slug)
	if err != nil {
		return false, err
	}
	return tx.Enqueue(ctx, &store.Message{AgreementID: aid, MeetingID: m.ID, Kind: kind, DedupeKey: key + ":" + strings.ToLower(to.Email),
		Recipient: to.Email, Subject: subject, Body: body, ICS: ics, CreatedAt: s.Now()})
}

func (s *Service) when(sc *scope, m *gov.Meeting) string {
	return m.Start.In(sc.loc).Format("2006-01-02 15:04") + "–" + m.End.In(sc.loc).Format("15:04")
}

// Invitation is the iCalendar text of a meeting: METHOD:REQUEST while it
// stands, METHOD:CANCEL once cancelled. The UID never changes; SEQUENCE
// rises with every change, so calendars update the event in place.
func (s *Service) Invitation(sc *scope, m *gov.Meeting, attendees []gov.Person, agenda []gov.AgendaItem) string {
	return s.invitation(sc, m, attendees, agenda, nil)
}

// invitation is the iCalendar text with each invitee's answer as their
// PARTSTAT (ACCEPTED, DECLINED, DELEGATED).
func (s *Service) invitation(sc *scope, m *gov.Meeting, attendees []gov.Person, agenda []gov.AgendaItem, answers []store.MeetingAnswer) string {
	var w ical.Writer
	method, status := "REQUEST", "CONFIRMED"
	if m.State == gov.Cancelled {
		method, status = "CANCEL", "CANCELLED"
	}
	w.Line("BEGIN", "VCALENDAR")
	w.Line("VERSION", "2.0")
	w.Line("PRODID", "-//steerco//meetings//EN")
	w.Line("CALSCALE", "GREGORIAN")
	w.Line("METHOD", method)
	y := m.Start.In(sc.loc).Year()
	w.Timezone(sc.loc, y, y)
	w.Line("BEGIN", "VEVENT")
	w.Line("UID", m.ICalUID)
	w.Line("SEQUENCE", fmt.Sprint(m.ICalSequence))
	w.Line("DTSTAMP", ical.UTC(s.Now()))
	w.Line("DTSTART;TZID="+sc.loc.String(), ical.Local(m.Start.In(sc.loc)))
	w.Line("DTEND;TZID="+sc.loc.String(), ical.Local(m.End.In(sc.loc)))
	w.Text("SUMMARY", m.Title)
	// An online meeting's link is its place too: calendars show LOCATION
	// and open URL; the description carries it for those that show neither.
	switch {
	case m.Location != "" && m.OnlineURL != "":
		w.Text("LOCATION", m.Location+" / "+m.OnlineURL)
	case m.Location != "":
		w.Text("LOCATION", m.Location)
	case m.OnlineURL != "":
		w.Text("LOCATION", m.OnlineURL)
	}
	if m.OnlineURL != "" {
		w.Line("URL", m.OnlineURL)
	}
	var desc strings.Builder
	if m.OnlineURL != "" {
		fmt.Fprintf(&desc, "%s\n\n", s.t(sc.a, "meetmove.mail.online", "URL", m.OnlineURL))
	}
	n := 0
	for _, it := range agenda {
		if it.Status == gov.ItemAccepted {
			n++
			fmt.Fprintf(&desc, "%d. %s\n", n, it.Title)
		}
	}
	fmt.Fprintf(&desc, "\n%s", s.t(sc.a, "meeting.mail.materialsdue", "Date", m.MaterialsDue))
	w.Text("DESCRIPTION", desc.String())
	// The organiser is the convening person, so that replies and
	// questions reach someone; steerco's own address only without one.
	orgName, orgMail := m.OrganiserName, m.OrganiserEmail
	if orgMail == "" {
		orgName, orgMail = s.t(sc.a, "app.name"), s.From
	}
	w.Line("ORGANIZER;CN="+quoteParam(orgName), "mailto:"+orgMail)
	for _, p := range attendees {
		w.Line("ATTENDEE;CN="+quoteParam(p.Name)+";ROLE=REQ-PARTICIPANT;PARTSTAT="+partstat(p.Slug, answers)+";RSVP=TRUE", "mailto:"+p.Email)
	}
	w.Line("STATUS", status)
	w.Line("END", "VEVENT")
	w.Line("END", "VCALENDAR")
	return w.String()
}

// quoteParam quotes a parameter value; RFC 5545 forbids DQUOTE inside.
func quoteParam(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, "'") + `"`
}

func (s *Service) notifyInvitation(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting) error {
	items, err := tx.Items(ctx, m.ID)
	if err != nil {
		return err
	}
	answers, err := tx.Answers(ctx, m.ID)
	if err != nil {
		return err
	}
	to := invited(sc.a, sc.f, m, answers)
	ics := s.invitation(sc, m, to, items, answers)
	subject := s.t(sc.a, "meeting.mail.invite.subject", "Forum", sc.f.Name, "When", s.when(sc, m))
	var agenda strings.Builder
	n := 0
	for _, it := range items {
		if it.Status == gov.ItemAccepted {
			n++
			fmt.Fprintf(&agenda, "%d. %s\n", n, it.Title)
		}
	}
	body := s.t(sc.a, "meeting.mail.invite.body", "Forum", sc.f.Name, "When", s.when(sc, m), "Agenda", agenda.String(), "Due", m.MaterialsDue)
	if m.OnlineURL != "" {
		body += "\n\n" + s.t(sc.a, "meetmove.mail.online", "URL", m.OnlineURL)
	}
	if s.BaseURL != "" {
		body += "\n\n" + s.t(sc.a, "meetmove.mail.pack", "URL", fmt.Sprintf("%s/a/%s/meetings/%d/pack.pdf", strings.TrimRight(s.BaseURL, "/"), sc.a.Slug, m.ID))
	}
	for _, p := range to {
		if _, err := s.enqueue(ctx, tx, sc, m, "invitation", fmt.Sprintf("invite:%d:%d", m.ID, m.ICalSequence), p, subject, body, ics); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) notifyCancel(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting) error {
	to := members(sc.a, sc.f, m.LocalDate)
	ics := s.Invitation(sc, m, to, nil)
	subject := s.t(sc.a, "meeting.mail.cancel.subject", "Forum", sc.f.Name, "When", s.when(sc, m))
	body := s.t(sc.a, "meeting.mail.cancel.body", "Forum", sc.f.Name, "When", s.when(sc, m), "Reason", m.CancelReason)
	for _, p := range to {
		if _, err := s.enqueue(ctx, tx, sc, m, "cancellation", fmt.Sprintf("cancel:%d", m.ID), p, subject, body, ics); err != nil {
			return err
		}
	}
	return nil
}

// approvers are the people the forum's approval rule points at: the
// meeting's chair, the attendees other than the writer, or the
// representatives of the parties that did not write the minutes.
func approvers(sc *scope, m *gov.Meeting, attendees []gov.Attendee, writer string) []gov.Person {
	a, f := sc.a, sc.f
	writers := Responsible(a, f, f.Responsibilities.Minutes)
	var parties []string
	switch f.Minutes.Approval {
	case gov.ApproveChair, gov.ApproveNextMeeting:
		if p := MeetingChair(a, f, m, attendees); p != nil && p.Email != "" {
			return []gov.Person{*p}
		}
		parties = Responsible(a, f, f.Responsibilities.Chairs)
	case gov.ApproveAttendees:
		var out []gov.Person
		for _, at := range attendees {
			if p := a.Person(at.Person); p != nil && at.Present && p.Email != "" && !strings.EqualFold("user:"+p.Email, writer) {
				out = append(out, *p)
			}
		}
		return out
	default:
		for _, p := range forumParties(a, f) {
			if !contains(writers, p) {
				parties = append(parties, p)
			}
		}
	}
	return peopleOf(a, f, m.LocalDate, parties)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Service) notifyApprovalRequested(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, mn *gov.Minutes) error {
	attendees, err := tx.Attendance(ctx, m.ID)
	if err != nil {
		return err
	}
	subject := s.t(sc.a, "meeting.mail.approve.subject", "Forum", sc.f.Name, "Date", m.LocalDate)
	body := s.t(sc.a, "meeting.mail.approve.body", "Forum", sc.f.Name, "Date", m.LocalDate, "Rule", string(sc.f.Minutes.Approval))
	for _, p := range approvers(sc, m, attendees, mn.WrittenBy) {
		if _, err := s.enqueue(ctx, tx, sc, m, "approval-requested", fmt.Sprintf("approve:%d:%d", m.ID, mn.Version), p, subject, body, ""); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) notifyApproved(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, mn *gov.Minutes, attendees []gov.Attendee) error {
	to := members(sc.a, sc.f, m.LocalDate)
	for _, at := range attendees {
		if p := sc.a.Person(at.Person); p != nil && p.Email != "" && at.Present {
			to = append(to, *p)
		}
	}
	subject := s.t(sc.a, "meeting.mail.approved.subject", "Forum", sc.f.Name, "Date", m.LocalDate)
	body := s.t(sc.a, "meeting.mail.approved.body", "Forum", sc.f.Name, "Date", m.LocalDate, "By", mn.ApprovedBy,
		"At", mn.ApprovedAt.In(sc.loc).Format("2006-01-02 15:04")) + "\n\n" + mn.Body
	for _, p := range to {
		if _, err := s.enqueue(ctx, tx, sc, m, "minutes-approved", fmt.Sprintf("approved:%d", m.ID), p, subject, body, ""); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) notifyReturned(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, mn *gov.Minutes) error {
	subject := s.t(sc.a, "meeting.mail.returned.subject", "Forum", sc.f.Name, "Date", m.LocalDate)
	body := s.t(sc.a, "meeting.mail.returned.body", "Forum", sc.f.Name, "Date", m.LocalDate, "Comment", mn.ReturnComment)
	for _, p := range peopleOf(sc.a, sc.f, m.LocalDate, Responsible(sc.a, sc.f, sc.f.Responsibilities.Minutes)) {
		if _, err := s.enqueue(ctx, tx, sc, m, "minutes-returned", fmt.Sprintf("returned:%d:%d", m.ID, mn.Version), p, subject, body, ""); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) notifyLate(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, mat *gov.Material) error {
	subject := s.t(sc.a, "meeting.mail.late.subject", "Forum", sc.f.Name, "Name", mat.Name)
	body := s.t(sc.a, "meeting.mail.late.body", "Forum", sc.f.Name, "Name", mat.Name, "Due", m.MaterialsDue, "When", s.when(sc, m))
	for _, p := range members(sc.a, sc.f, m.LocalDate) {
		if _, err := s.enqueue(ctx, tx, sc, m, "late-material", fmt.Sprintf("late:%d", mat.ID), p, subject, body, ""); err != nil {
			return err
		}
	}
	return nil
}

// notifyDelivered sends submitted minutes to the participants before
// their approval at the next meeting.
func (s *Service) notifyDelivered(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, mn *gov.Minutes) error {
	attendees, err := tx.Attendance(ctx, m.ID)
	if err != nil {
		return err
	}
	to := members(sc.a, sc.f, m.LocalDate)
	for _, at := range attendees {
		if p := sc.a.Person(at.Person); p != nil && p.Email != "" && at.Present {
			to = append(to, *p)
		}
	}
	subject := s.t(sc.a, "signing.mail.delivered.subject", "Forum", sc.f.Name, "Date", m.LocalDate)
	body := s.t(sc.a, "signing.mail.delivered.body", "Forum", sc.f.Name, "Date", m.LocalDate) + "\n\n" + mn.Body
	for _, p := range to {
		if _, err := s.enqueue(ctx, tx, sc, m, "minutes-delivered", fmt.Sprintf("delivered:%d:%d", m.ID, mn.Version), p, subject, body, ""); err != nil {
			return err
		}
	}
	return nil
}
