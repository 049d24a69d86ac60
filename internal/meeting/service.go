package meeting

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/pades"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// Service runs meetings on a store.
type Service struct {
	st  *store.Store
	cat *i18n.Catalog
	// Now is the clock; tests pin it.
	Now func() time.Time
	// From is the sender address notifications name as organiser when no
	// convening person is known.
	From string
	// BaseURL is the instance's public address, for links in e-mails
	// (the agenda pack); "" leaves them out.
	BaseURL string
	// Signer seals checked and signed minutes with the instance's PAdES
	// signature; nil seals them without one.
	Signer *pades.Signer
}

// organise makes the acting convener the meeting's organiser: the
// directory's name and address, else the account's.
func organise(m *gov.Meeting, x Actor) {
	switch {
	case x.Person != nil && x.Person.Email != "":
		m.OrganiserName, m.OrganiserEmail = x.Person.Name, x.Person.Email
	case x.P.Email != "":
		m.OrganiserName, m.OrganiserEmail = x.P.Name, x.P.Email
	}
	if m.OrganiserName == "" {
		m.OrganiserName = m.OrganiserEmail
	}
}

// New makes a meeting service.
func New(st *store.Store, cat *i18n.Catalog) *Service {
	return &Service{st: st, cat: cat, Now: time.Now, From: "steerco@localhost"}
}

// ctxFor gathers what every change needs: the forum (which the actor
// must be able to see), the calendar and the time zone.
type scope struct {
	a   *gov.Agreement
	f   *gov.Forum
	cal calendar.Calendar
	loc *time.Location
}

func (s *Service) scope(a *gov.Agreement, x Actor, forum string) (*scope, error) {
	f := a.Forum(forum)
	if f == nil || !auth.CanSeeForum(x.P, a, f) {
		return nil, errf(gov.CodeNotFound, "meeterr.noforum", `no forum "{Forum}"`, "Forum", forum)
	}
	cal, err := plan.Calendar(a)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return nil, err
	}
	return &scope{a: a, f: f, cal: cal, loc: loc}, nil
}

func (sc *scope) today(now time.Time) calendar.Date {
	return calendar.DateOf(now.In(sc.loc))
}

// NewMeeting is what a convener gives for an ad hoc or extra meeting.
type NewMeeting struct {
	Forum    string
	Date     string // YYYY-MM-DD, the agreement's time zone
	Time     string // HH:MM; default the forum's cadence time
	Minutes  int    // duration; default the forum's
	Title    string
	Location string
}

// CreateFromPlan creates the regular meetings of a year's annual plan for
// the forums the actor convenes (or one forum), skipping those already
// created; it returns the meetings created. Running it twice creates
// nothing the second time.
func (s *Service) CreateFromPlan(ctx context.Context, a *gov.Agreement, x Actor, year int, forum string) ([]gov.Meeting, error) {
	ms, err := plan.Year(a, year)
	if err != nil {
		return nil, err
	}
	var created []gov.Meeting
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		for _, pm := range ms {
			if forum != "" && pm.Forum != forum {
				continue
			}
			sc, err := s.scope(a, x, pm.Forum)
			if err != nil {
				return err
			}
			if !CanConvene(x, a, sc.f) {
				if forum != "" {
					return forbidden("meeterr.forbidden.plan", "plan meetings of {Forum}", "Forum", sc.f.Name)
				}
				continue
			}
			// A plan date already past is history, not a meeting to hold:
			// it would stay planned for ever.
			if !pm.Start.After(s.Now()) {
				continue
			}
			if _, err := tx.MeetingOn(ctx, a.Slug, pm.Forum, pm.Date.String()); err == nil {
				continue
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			m := s.newMeeting(sc, x, gov.KindRegular, pm.Start, pm.End, sc.f.Name, "")
			if err := s.insert(ctx, tx, sc, x, m); err != nil {
				return err
			}
			created = append(created, *m)
		}
		return nil
	})
	return created, err
}

// CreateAdHoc adds a meeting outside the plan (the convener), or an extra
// meeting under the forum's notice rule (whoever the rule allows).
func (s *Service) CreateAdHoc(ctx context.Context, a *gov.Agreement, x Actor, in NewMeeting, extra bool) (*gov.Meeting, error) {
	sc, err := s.scope(a, x, in.Forum)
	if err != nil {
		return nil, err
	}
	var fields []gov.FieldError
	d, derr := calendar.ParseDate(in.Date)
	if derr != nil {
		fields = append(fields, fieldErr("date", "meeterr.date.invalid", `"{Value}" is not a date; write YYYY-MM-DD`, "Value", in.Date))
	}
	hh, mm := 9, 0
	t := in.Time
	if t == "" {
		t = sc.f.Cadence.Time
	}
	if t != "" {
		if _, err := fmt.Sscanf(t, "%d:%d", &hh, &mm); err != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(t) != 5 {
			fields = append(fields, fieldErr("time", "meeterr.time.invalid", `"{Value}" is not a time of day; write HH:MM`, "Value", in.Time))
		}
	}
	dur := in.Minutes
	if dur == 0 {
		dur = max(sc.f.Cadence.DurationMinutes, 60)
	}
	if dur < 5 || dur > 24*60 {
		fields = append(fields, fieldErr("minutes", "meeterr.duration.range", "a meeting lasts from 5 minutes to a day"))
	}
	if len(in.Title) > 200 || len(in.Location) > 200 {
		fields = append(fields, fieldErr("title", "meeterr.title.long", "the title and place may be at most {Max} characters", "Max", 200))
	}
	if len(fields) > 0 {
		return nil, gov.Invalid(fields...)
	}
	today := sc.today(s.Now())
	switch {
	case extra && !CanConveneExtra(x, a, sc.f, today.String()):
		if sc.f.ExtraMeeting == nil {
			return nil, errf(gov.CodeForbidden, "meeterr.extra.none", "the model does not let members call extra meetings of {Forum}", "Forum", sc.f.Name)
		}
		return nil, forbidden("meeterr.forbidden.extra", "call an extra meeting of {Forum}", "Forum", sc.f.Name)
	case !extra && !CanConvene(x, a, sc.f):
		return nil, forbidden("meeterr.forbidden.add", "add meetings to {Forum}", "Forum", sc.f.Name)
	case !sc.cal.IsWorkingDay(d):
		if h, ok := holiday(sc, d); ok {
			return nil, gov.Invalid(fieldErr("date", "meeterr.date.holiday", "{Date} is not a working day on the {Country} calendar ({Holiday}); choose another day",
				"Date", d, "Country", sc.a.Country, "Holiday", h))
		}
		return nil, gov.Invalid(fieldErr("date", "meeterr.date.nonworking", "{Date} is not a working day on the {Country} calendar; choose another day",
			"Date", d, "Country", sc.a.Country))
	case d.Before(today):
		return nil, gov.Invalid(fieldErr("date", "meeterr.date.past", "{Date} is in the past", "Date", d))
	case !sc.a.Period.Contains(d.String()):
		return nil, gov.Invalid(outsidePeriod(sc.a, d))
	}
	if extra {
		if earliest := today.AddDays(sc.f.ExtraMeeting.NoticeDays); d.Before(earliest) {
			return nil, gov.Invalid(fieldErr("date", "meeterr.extra.notice", "an extra meeting needs {Count} days' notice: the earliest date is {Earliest}",
				"Count", sc.f.ExtraMeeting.NoticeDays, "Earliest", earliest))
		}
	}
	day := d.Time(sc.loc)
	start := time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, sc.loc)
	kind := gov.KindAdHoc
	title := strings.TrimSpace(in.Title)
	if extra {
		kind = gov.KindExtra
	}
	if title == "" {
		title = sc.f.Name
	}
	m := s.newMeeting(sc, x, kind, start, start.Add(time.Duration(dur)*time.Minute), title, strings.TrimSpace(in.Location))
	err = s.st.InTx(ctx, func(tx *store.Tx) error { return s.insert(ctx, tx, sc, x, m) })
	if err != nil {
		return nil, err
	}
	return m, nil
}

// outsidePeriod refuses a date outside the agreement's period, naming the
// period: nothing is held before the contract starts or after it ends.
func outsidePeriod(a *gov.Agreement, d calendar.Date) gov.FieldError {
	day := func(s string) any {
		if v, err := calendar.ParseDate(s); err == nil {
			return v
		}
		return s
	}
	if a.Period.To == "" {
		return fieldErr("date", "period.meeting.before", "{Date} is outside the agreement's period: it runs from {From}",
			"Date", d, "From", day(a.Period.From))
	}
	return fieldErr("date", "period.meeting.outside", "{Date} is outside the agreement's period {From} – {To}",
		"Date", d, "From", day(a.Period.From), "To", day(a.Period.To))
}

// holiday finds the holiday on d, if d is one.
func holiday(sc *scope, d calendar.Date) (calendar.Holiday, bool) {
	for _, h := range calendar.Holidays(sc.cal.Country, d.Y) {
		if h.Date == d {
			return h, true
		}
	}
	return calendar.Holiday{}, false
}

func (s *Service) newMeeting(sc *scope, x Actor, kind gov.MeetingKind, start, end time.Time, title, location string) *gov.Meeting {
	d := calendar.DateOf(start.In(sc.loc))
	now := s.Now().UTC()
	m := &gov.Meeting{Agreement: sc.a.Slug, Forum: sc.f.Slug, Kind: kind, State: gov.Planned, Title: title, Location: location,
		Start: start, End: end, LocalDate: d.String(), MaterialsDue: plan.MaterialsDue(sc.cal, sc.f.Materials, d).String(),
		CreatedBy: x.Name(), CreatedAt: now, UpdatedAt: now}
	if p := sc.f.Proposals; p != nil {
		m.ProposalsDue = sc.cal.AddWorkingDays(d, -max(p.WorkingDaysBefore, 1)).String()
	}
	// The UID is fixed for the meeting's life; a random part keeps two
	// meetings of one forum on one day apart however close their creation.
	var rnd [8]byte
	rand.Read(rnd[:])
	m.ICalUID = fmt.Sprintf("%s-%s-%x@%s.steerco", sc.f.Slug, strings.ReplaceAll(m.LocalDate, "-", ""), rnd, sc.a.Slug)
	return m
}

// insert stores a new meeting with its pre-filled agenda: the forum's
// standard agenda and, at the first meeting of a calendar year, its
// yearly duties.
func (s *Service) insert(ctx context.Context, tx *store.Tx, sc *scope, x Actor, m *gov.Meeting) error {
	if err := tx.InsertMeeting(ctx, m); err != nil {
		return err
	}
	if err := s.syncDuties(ctx, tx, sc, m, x.Name()); err != nil {
		return err
	}
	for _, t := range sc.f.StandardAgenda {
		it := gov.AgendaItem{MeetingID: m.ID, Type: t.Type, Title: t.Title, Presenter: t.Presents, Minutes: t.Minutes, Status: gov.ItemAccepted, Source: "standard"}
		if err := tx.InsertItem(ctx, &it); err != nil {
			return err
		}
	}
	if len(sc.f.YearlyDuties) > 0 {
		yearStart := time.Date(m.Start.In(sc.loc).Year(), 1, 1, 0, 0, 0, 0, sc.loc)
		prev, err := tx.PreviousMeeting(ctx, sc.a.Slug, sc.f.Slug, m.Start)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if prev == nil || prev.Start.Before(yearStart) {
			for _, y := range sc.f.YearlyDuties {
				it := gov.AgendaItem{MeetingID: m.ID, Type: gov.ItemDecision, Title: y.Title, Status: gov.ItemAccepted, Source: "yearly-duty"}
				if err := tx.InsertItem(ctx, &it); err != nil {
					return err
				}
			}
		}
	}
	return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "meeting.create", ObjectType: "meeting", ObjectID: fmt.Sprint(m.ID),
		After: map[string]any{"forum": m.Forum, "kind": m.Kind, "start": m.Start, "title": m.Title}})
}

// load opens a meeting for a change: locked, with its forum's scope.
func (s *Service) load(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, id int64) (*gov.Meeting, *scope, error) {
	m, err := tx.Meeting(ctx, a.Slug, id, true)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errf(gov.CodeNotFound, "meeterr.nomeeting", "no meeting {ID}", "ID", id)
	} else if err != nil {
		return nil, nil, err
	}
	sc, err := s.scope(a, x, m.Forum)
	if err != nil {
		return nil, nil, errf(gov.CodeNotFound, "meeterr.nomeeting", "no meeting {ID}", "ID", id)
	}
	return m, sc, nil
}

// move changes a meeting's state, refusing what the state machine does
// not allow, with a message that says where the meeting is.
func move(m *gov.Meeting, to gov.MeetingState, now time.Time) error {
	if !gov.CanMove(m.State, to) {
		return errf(gov.CodeConflict, "meeterr.state.move", "the meeting is {State}; it cannot become {To}", "State", m.State, "To", to)
	}
	m.State, m.UpdatedAt = to, now.UTC()
	return nil
}

func (s *Service) audit(ctx context.Context, tx *store.Tx, x Actor, action string, m *gov.Meeting, after map[string]any) error {
	if after == nil {
		after = map[string]any{}
	}
	after["state"] = m.State
	return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: action, ObjectType: "meeting", ObjectID: fmt.Sprint(m.ID), After: after})
}
