package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/i18n"
)

// outboxMax is how many of the newest messages the outbox shows.
const outboxMax = 200

type outboxRow struct {
	Kind, Subject, Created, Sent string
	// Body is the message's text by line.
	Body []string
	// Lang is the message's language (its agreement's) where it
	// differs from the page's.
	Lang               string
	Invitation, Failed bool
}

// outbox lists the notifications addressed to the signed-in user, newest
// first: where they are read when no SMTP server is configured, and a
// record of what was sent when one is.
func (s *Server) outbox(w http.ResponseWriter, r *Req) {
	var rows []outboxRow
	if r.Principal.Email != "" {
		msgs, err := s.store.OutboxFor(r.Context(), r.Principal.Email, outboxMax)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		loc := s.userZone(r)
		langs := s.agreementLanguages(r)
		for _, m := range msgs {
			row := outboxRow{Kind: s.cat.T(r.Lang, "meetings.outbox.kind."+m.Kind), Subject: m.Subject, Body: strings.Split(m.Body, "\n"),
				Created: s.moment(r.Lang, m.CreatedAt.In(loc)), Invitation: m.ICS != "", Failed: m.LastError != "" && m.SentAt == nil}
			if l := langs[m.AgreementID]; l != r.Lang {
				row.Lang = l
			}
			if row.Kind == "meetings.outbox.kind."+m.Kind {
				row.Kind = m.Kind // a kind this version does not name
			}
			if m.SentAt != nil {
				row.Sent = s.moment(r.Lang, m.SentAt.In(loc))
			}
			rows = append(rows, row)
		}
	}
	p := s.page(r, s.cat.T(r.Lang, "meetings.outbox.title"), rows)
	p.Section = "outbox"
	s.render(w, r, http.StatusOK, "outbox", p)
}

// userZone is the time zone the user's messages are shown in: that of
// their (first) agreement, messages being about its meetings, else UTC.
func (s *Server) userZone(r *Req) *time.Location {
	as, err := s.visibleAgreements(r)
	if err != nil || len(as) == 0 {
		return time.UTC
	}
	loc, err := time.LoadLocation(as[0].TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// agreementLanguages maps the user's agreements' row ids to their
// languages: notifications are written in their agreement's language.
func (s *Server) agreementLanguages(r *Req) map[int64]string {
	list, err := s.store.AgreementsForOrganisation(r.Context(), r.Principal.Organisation)
	if r.Principal.Admin {
		list, err = s.store.Agreements(r.Context())
	}
	out := map[int64]string{}
	if err == nil {
		for _, a := range list {
			out[a.ID] = a.Language
		}
	}
	return out
}

// moment is a date and a time of day.
func (s *Server) moment(lang string, t time.Time) string {
	return s.cat.T(lang, "meetings.stamp", "Date", i18n.Date(lang, t), "Time", meetClock(lang, t))
}
