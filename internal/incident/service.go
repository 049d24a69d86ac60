package incident

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// Service runs incident reports on a store.
type Service struct {
	st  *store.Store
	cat *i18n.Catalog
	// Now is the clock; tests and the demo pin it.
	Now func() time.Time
}

// New makes an incident service; cat translates the notifications into
// the agreement's language.
func New(st *store.Store, cat *i18n.Catalog) *Service {
	return &Service{st: st, cat: cat, Now: time.Now}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Input is an incident report's content as reported or edited.
type Input struct {
	// Party is the supplier or provider whose service it is (fixed once
	// reported).
	Party    string
	Severity string
	Title    string
	// OccurredAt is when the incident began.
	OccurredAt            time.Time
	Impact, Cause, Action string
	// Status is ignored when reporting (a report starts open).
	Status Status
	// ReportMonth ("YYYY-MM"): by default the month it occurred in.
	ReportMonth string
	// MatterID links the matter that follows the incident up (0: none).
	MatterID int64
}

const maxText = 20000

// validate checks an input; reporting also checks the party.
func (s *Service) validate(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, in *Input, creating bool) error {
	in.Title = strings.TrimSpace(in.Title)
	in.Impact, in.Cause, in.Action = strings.TrimSpace(in.Impact), strings.TrimSpace(in.Cause), strings.TrimSpace(in.Action)
	in.ReportMonth = strings.TrimSpace(in.ReportMonth)
	var fs []gov.FieldError
	if creating && !reporter(a, in.Party) {
		fs = append(fs, fieldErr("party", "incidents.err.party", "choose the supplier whose service the incident is in"))
	}
	if SeverityOf(a, in.Severity) == nil {
		fs = append(fs, fieldErr("severity", "incidents.err.severity", "choose a severity"))
	}
	switch n := len([]rune(in.Title)); {
	case n == 0:
		fs = append(fs, fieldErr("title", "incidents.err.title", "an incident report needs a title"))
	case n > 300:
		fs = append(fs, fieldErr("title", "incidents.err.titlelong", "the title may be at most {Max} characters", "Max", 300))
	}
	switch {
	case in.OccurredAt.IsZero():
		fs = append(fs, fieldErr("occurred_at", "incidents.err.occurred", "say when the incident began"))
	case in.OccurredAt.After(s.now().Add(time.Hour)):
		fs = append(fs, fieldErr("occurred_at", "incidents.err.future", "an incident cannot begin in the future"))
	}
	for _, f := range []struct{ name, v string }{{"impact", in.Impact}, {"cause", in.Cause}, {"actions", in.Action}} {
		if len([]rune(f.v)) > maxText {
			fs = append(fs, fieldErr(f.name, "incidents.err.long", "the text may be at most {Max} characters", "Max", maxText))
		}
	}
	if !creating && !slices.Contains(Statuses, in.Status) {
		fs = append(fs, fieldErr("status", "incidents.err.status", "choose a status: open, resolved or closed"))
	}
	if in.ReportMonth == "" && !in.OccurredAt.IsZero() {
		in.ReportMonth = MonthOf(a, in.OccurredAt)
	}
	if !ValidMonth(in.ReportMonth) {
		fs = append(fs, fieldErr("report_month", "incidents.err.month", "the report month is a month, YYYY-MM"))
	}
	if in.MatterID != 0 {
		m, err := tx.Matter(ctx, a.Slug, in.MatterID, false)
		switch {
		case errors.Is(err, store.ErrNotFound):
			fs = append(fs, fieldErr("matter", "incidents.err.matter", "no matter {ID} that you may see", "ID", in.MatterID))
		case err != nil:
			return err
		default:
			if f := a.Forum(m.Forum); f == nil || !auth.CanSeeForum(x.P, a, f) {
				fs = append(fs, fieldErr("matter", "incidents.err.matter", "no matter {ID} that you may see", "ID", in.MatterID))
			}
		}
	}
	if len(fs) > 0 {
		return gov.Invalid(fs...)
	}
	return nil
}

// Report records an incident report. Its notification goes to the
// customer's contacts at once (queued in the same transaction): urgent
// for a class the model has notified immediately, not urgent otherwise.
func (s *Service) Report(ctx context.Context, a *gov.Agreement, x Actor, in Input) (*Incident, error) {
	var out *Incident
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		// The form first, then who: the web route lets every party's
		// reader reach the form, and a refused form writes nothing either
		// way.
		if err := s.validate(ctx, tx, a, x, &in, true); err != nil {
			return err
		}
		if !MayReportAny(x) {
			return errf(gov.CodeForbidden, "incidents.err.forbidden", "you may not report incidents: the parties' representatives do")
		}
		if !MayReport(x, a, in.Party) {
			return gov.Invalid(fieldErr("party", "incidents.err.ownparty", "a supplier reports incidents in its own service"))
		}
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		now := s.now()
		i := &Incident{Agreement: a.Slug, AgreementID: aid, Party: in.Party, Severity: in.Severity, Title: in.Title,
			OccurredAt: in.OccurredAt.UTC().Truncate(time.Second), Impact: in.Impact, Cause: in.Cause, Action: in.Action,
			Status: string(Open), ReportMonth: in.ReportMonth, MatterID: in.MatterID, ReportedBy: x.Name(),
			Notify: SeverityOf(a, in.Severity).Notify, CreatedAt: now, UpdatedAt: now}
		if err := tx.InsertIncident(ctx, i); err != nil {
			return err
		}
		if err := tx.InsertIncidentEvent(ctx, &Event{IncidentID: i.ID, At: i.OccurredAt, Note: i.Title, Actor: x.Name()}); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, a, i); err != nil {
			return err
		}
		out = i
		return s.audit(ctx, tx, x, i, "report")
	})
	return out, err
}

// notify queues the notice about i for its contacts, once per severity
// (a report raised to a graver class is notified again), and notes when.
func (s *Service) notify(ctx context.Context, tx *store.Tx, a *gov.Agreement, i *Incident) error {
	kind, subject := KindNotUrgent, "incidents.mail.subject.prompt"
	if i.Notify == Immediately {
		kind, subject = KindUrgent, "incidents.mail.subject.immediate"
	}
	lang := a.Language
	sev := SeverityName(s.cat, lang, a, i.Severity)
	party := i.Party
	if p := a.Party(i.Party); p != nil {
		party = p.Name
	}
	body := s.cat.T(lang, "incidents.mail.body", "Title", i.Title, "Party", party, "Severity", sev,
		"When", i.OccurredAt.In(location(a)).Format("2006-01-02 15:04"), "Impact", orDash(i.Impact), "ID", i.ID)
	queued := false
	for _, p := range Contacts(a, i.Party, MonthOf(a, i.OccurredAt)+"-01") {
		ok, err := tx.Enqueue(ctx, &store.Message{AgreementID: i.AgreementID, Kind: kind,
			DedupeKey: "incident:" + strconv.FormatInt(i.ID, 10) + ":" + i.Severity + ":" + strings.ToLower(p.Email),
			Recipient: p.Email, Subject: s.cat.T(lang, subject, "Severity", sev, "Title", i.Title), Body: body, CreatedAt: s.now()})
		if err != nil {
			return err
		}
		queued = queued || ok
	}
	if queued {
		now := s.now()
		i.NotifiedAt = &now
		return tx.UpdateIncident(ctx, i)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// MayEdit reports whether x may edit an incident of party and add to its
// timeline: the party's own representatives and the buying side.
func MayEdit(x Actor, a *gov.Agreement, party string) bool {
	return (x.Role == auth.Supplier && x.P.Party == party) || buyingSide(x)
}

// Update writes an incident report's content and status. A report moved
// to a class notified immediately is notified again.
func (s *Service) Update(ctx context.Context, a *gov.Agreement, x Actor, id int64, in Input) (*Incident, error) {
	var out *Incident
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		i, err := s.load(ctx, tx, a, x, id, true)
		if err != nil {
			return err
		}
		if !MayEdit(x, a, i.Party) {
			return errf(gov.CodeForbidden, "incidents.err.forbidden.edit", "you may not edit this incident report")
		}
		if err := s.validate(ctx, tx, a, x, &in, false); err != nil {
			return err
		}
		before := i.Notify
		i.Severity, i.Title, i.OccurredAt = in.Severity, in.Title, in.OccurredAt.UTC().Truncate(time.Second)
		i.Impact, i.Cause, i.Action, i.Status = in.Impact, in.Cause, in.Action, string(in.Status)
		i.ReportMonth, i.MatterID, i.Notify = in.ReportMonth, in.MatterID, SeverityOf(a, in.Severity).Notify
		i.UpdatedAt = s.now()
		if err := tx.UpdateIncident(ctx, i); err != nil {
			return err
		}
		if before != Immediately && i.Notify == Immediately {
			if err := s.notify(ctx, tx, a, i); err != nil {
				return err
			}
		}
		out = i
		return s.audit(ctx, tx, x, i, "update")
	})
	return out, err
}

// AddEvent adds an entry to an incident's timeline.
func (s *Service) AddEvent(ctx context.Context, a *gov.Agreement, x Actor, id int64, at time.Time, note string) (*Event, error) {
	note = strings.TrimSpace(note)
	var fs []gov.FieldError
	if note == "" {
		fs = append(fs, fieldErr("note", "incidents.err.note", "say what happened"))
	} else if len([]rune(note)) > 2000 {
		fs = append(fs, fieldErr("note", "incidents.err.notelong", "the entry may be at most {Max} characters", "Max", 2000))
	}
	if at.IsZero() {
		fs = append(fs, fieldErr("at", "incidents.err.at", "say when it happened"))
	} else if at.After(s.now().Add(time.Hour)) {
		fs = append(fs, fieldErr("at", "incidents.err.atfuture", "a timeline entry cannot be in the future"))
	}
	var out *Event
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		i, err := s.load(ctx, tx, a, x, id, true)
		if err != nil {
			return err
		}
		if !MayEdit(x, a, i.Party) {
			return errf(gov.CodeForbidden, "incidents.err.forbidden.edit", "you may not edit this incident report")
		}
		if len(fs) > 0 {
			return gov.Invalid(fs...)
		}
		e := &Event{IncidentID: i.ID, At: at.UTC().Truncate(time.Second), Note: note, Actor: x.Name()}
		if err := tx.InsertIncidentEvent(ctx, e); err != nil {
			return err
		}
		i.UpdatedAt = s.now()
		if err := tx.UpdateIncident(ctx, i); err != nil {
			return err
		}
		out = e
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "incident.timeline", ObjectType: "incident",
			ObjectID: strconv.FormatInt(i.ID, 10), AgreementID: i.AgreementID, After: map[string]any{"at": e.At, "note": note}})
	})
	return out, err
}

func (s *Service) audit(ctx context.Context, tx *store.Tx, x Actor, i *Incident, action string) error {
	return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "incident." + action, ObjectType: "incident",
		ObjectID: strconv.FormatInt(i.ID, 10), AgreementID: i.AgreementID, After: map[string]any{"party": i.Party,
			"severity": i.Severity, "title": i.Title, "status": i.Status, "report_month": i.ReportMonth, "matter": i.MatterID,
			"notify": i.Notify}})
}

// load opens an incident x may see.
func (s *Service) load(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, id int64, lock bool) (*Incident, error) {
	i, err := tx.Incident(ctx, a.Slug, id, lock)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound(id)
	} else if err != nil {
		return nil, err
	}
	if !CanSee(x, a, i.Party) {
		return nil, notFound(id)
	}
	return i, nil
}

// View is an incident report with its timeline.
type View struct {
	Incident
	Events []Event
}

// Get reads an incident report x may see, with its timeline.
func (s *Service) Get(ctx context.Context, a *gov.Agreement, x Actor, id int64) (*View, error) {
	var v *View
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		i, err := s.load(ctx, tx, a, x, id, false)
		if err != nil {
			return err
		}
		evs, err := tx.IncidentEvents(ctx, i.ID)
		v = &View{Incident: *i, Events: evs}
		return err
	})
	return v, err
}

// List lists the incident reports x may see.
func (s *Service) List(ctx context.Context, a *gov.Agreement, x Actor, f store.IncidentFilter) ([]Incident, error) {
	var out []Incident
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		all, err := tx.Incidents(ctx, a.Slug, f)
		for _, i := range all {
			if CanSee(x, a, i.Party) {
				out = append(out, i)
			}
		}
		return err
	})
	return out, err
}
