// Package risk keeps the risk register: each risk with its probability
// and impact on a scale of 1 to 5, owner, actions and status, raised to
// the levels the governance model names. Raising a risk to a level makes
// it a matter of kind risk in a forum of that level (the forum's
// responsibilities are where the model says who takes up risks: e.g.
// "Risker lyfts till operativ och taktisk nivå"), so it comes up in that
// forum's matters and agendas like any other matter. OpenForMonth lists
// the risks that were open in a month, for the monthly report.
//
// Every change is one method that checks permission, validates, writes
// and records the audit entry in one transaction.
package risk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// Actor is who acts, as in internal/meeting.
type Actor = meeting.Actor

// Risk is an entry of the register as stored.
type Risk = store.Risk

// Status is where a risk stands.
type Status string

// The statuses: open, mitigated (actions taken, still watched), closed.
const (
	Open      Status = "open"
	Mitigated Status = "mitigated"
	Closed    Status = "closed"
)

// Statuses lists the statuses in their order.
var Statuses = []Status{Open, Mitigated, Closed}

// Scale bounds probability and impact: the models name no scale of their
// own, and 1–5 is the common one (1 rare / minor … 5 almost certain /
// critical).
const (
	ScaleMin = 1
	ScaleMax = 5
)

// Score is a risk's probability times its impact (1–25).
func Score(r *Risk) int { return r.Probability * r.Impact }

// Service runs the risk register on a store.
type Service struct {
	st *store.Store
	// Now is the clock; tests pin it.
	Now func() time.Time
}

// New makes a risk service.
func New(st *store.Store) *Service { return &Service{st: st, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// MayWrite reports whether x may add and edit risks: the parties'
// representatives and members (observers only watch; an administrator
// belongs to no party).
func MayWrite(x Actor) bool {
	switch x.Role {
	case auth.Customer, auth.Provider, auth.Supplier, auth.Member:
		return x.P.Party != ""
	}
	return false
}

// CanSee reports whether x may see r: every party sees the risks, except
// that a supplier sees only its own and those raised to forums it may
// see (never another supplier's bilateral forum).
func CanSee(x Actor, a *gov.Agreement, r *Risk) bool {
	if x.P.Admin {
		return true
	}
	p := a.Party(x.P.Party)
	if p == nil || x.Role == "" {
		return false
	}
	if p.Kind != gov.KindSupplier || r.Party == p.Slug {
		return true
	}
	f := a.Forum(r.Forum)
	return f != nil && auth.CanSeeForum(x.P, a, f)
}

// Input is a risk's content as entered or edited.
type Input struct {
	Title, Description  string
	Probability, Impact int
	// Owner is the owner's directory id ("" for none).
	Owner   string
	Actions string
	// Status is ignored when adding (a risk starts open).
	Status Status
}

func (in *Input) validate(a *gov.Agreement, x Actor, creating bool) (*gov.Person, error) {
	in.Title, in.Description, in.Actions = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description), strings.TrimSpace(in.Actions)
	var fs []gov.FieldError
	switch n := len([]rune(in.Title)); {
	case n == 0:
		fs = append(fs, fieldErr("title", "risks.err.title", "a risk needs a title"))
	case n > 300:
		fs = append(fs, fieldErr("title", "risks.err.titlelong", "the title may be at most {Max} characters", "Max", 300))
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"probability", in.Probability}, {"impact", in.Impact}} {
		if f.v < ScaleMin || f.v > ScaleMax {
			fs = append(fs, fieldErr(f.name, "risks.err.scale", "choose a value from {Min} to {Max}", "Min", ScaleMin, "Max", ScaleMax))
		}
	}
	for _, f := range []struct{ name, v string }{{"description", in.Description}, {"actions", in.Actions}} {
		if len([]rune(f.v)) > 20000 {
			fs = append(fs, fieldErr(f.name, "risks.err.long", "the text may be at most {Max} characters", "Max", 20000))
		}
	}
	var owner *gov.Person
	if in.Owner != "" {
		// A person the directory hides from the actor is no choice either
		// (the one visibility rule for people, issue 14).
		if owner = a.Person(in.Owner); owner == nil || !auth.CanSeePerson(x.P, a, owner) {
			owner = nil
			fs = append(fs, fieldErr("owner", "risks.err.owner", "choose the owner from the contact directory"))
		}
	}
	if !creating && !slices.Contains(Statuses, in.Status) {
		fs = append(fs, fieldErr("status", "risks.err.status", "choose a status: open, mitigated or closed"))
	}
	if len(fs) > 0 {
		return nil, gov.Invalid(fs...)
	}
	return owner, nil
}

// Add records a risk; with a forum, it is raised there at once.
func (s *Service) Add(ctx context.Context, a *gov.Agreement, x Actor, in Input, raiseTo string) (*Risk, error) {
	owner, err := in.validate(a, x, true)
	if err != nil {
		return nil, err
	}
	// Checked after the form, as internal/complaint does: the web route
	// lets every party's reader reach the form.
	if !MayWrite(x) {
		return nil, errf(gov.CodeForbidden, "risks.err.forbidden", "you may not add risks: the parties' representatives and members do")
	}
	var f *gov.Forum
	if raiseTo != "" {
		if f, err = raiseForum(a, x, raiseTo); err != nil {
			return nil, err
		}
	}
	var out *Risk
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		now := s.now()
		r := &Risk{Agreement: a.Slug, AgreementID: aid, Title: in.Title, Description: in.Description, Probability: in.Probability,
			Impact: in.Impact, Actions: in.Actions, Status: string(Open), Party: x.P.Party, CreatedBy: x.Name(), CreatedAt: now, UpdatedAt: now}
		if owner != nil {
			r.Owner, r.OwnerName = owner.Slug, owner.Name
		}
		if err := tx.InsertRisk(ctx, r); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, x, r, "add"); err != nil {
			return err
		}
		if f != nil {
			if err := s.raise(ctx, tx, a, x, r, f); err != nil {
				return err
			}
		}
		out = r
		return nil
	})
	return out, err
}

// Update writes a risk's content and status; closing it stamps when.
func (s *Service) Update(ctx context.Context, a *gov.Agreement, x Actor, id int64, in Input) (*Risk, error) {
	if !MayWrite(x) {
		return nil, errf(gov.CodeForbidden, "risks.err.forbidden.edit", "you may not edit risks: the parties' representatives and members do")
	}
	owner, err := in.validate(a, x, false)
	if err != nil {
		return nil, err
	}
	var out *Risk
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		r, err := s.load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		now := s.now()
		r.Title, r.Description, r.Probability, r.Impact, r.Actions = in.Title, in.Description, in.Probability, in.Impact, in.Actions
		r.Owner, r.OwnerName = "", ""
		if owner != nil {
			r.Owner, r.OwnerName = owner.Slug, owner.Name
		}
		switch {
		case in.Status == Closed && r.Status != string(Closed):
			r.ClosedAt = &now
		case in.Status != Closed:
			r.ClosedAt = nil
		}
		r.Status, r.UpdatedAt = string(in.Status), now
		if err := tx.UpdateRisk(ctx, r); err != nil {
			return err
		}
		out = r
		return s.audit(ctx, tx, x, r, "update")
	})
	return out, err
}

// Raise raises a risk to a forum's level: it becomes a matter of kind
// risk in the forum, raised by x, who must take part in the forum.
func (s *Service) Raise(ctx context.Context, a *gov.Agreement, x Actor, id int64, forum string) (*Risk, error) {
	if !MayWrite(x) {
		return nil, errf(gov.CodeForbidden, "risks.err.forbidden.edit", "you may not edit risks: the parties' representatives and members do")
	}
	f, err := raiseForum(a, x, forum)
	if err != nil {
		return nil, err
	}
	var out *Risk
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		r, err := s.load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		if r.Status == string(Closed) {
			return errf(gov.CodeConflict, "risks.err.closed", "a closed risk is not raised; reopen it first")
		}
		if r.Forum == f.Slug && r.MatterID != 0 {
			return errf(gov.CodeConflict, "risks.err.already", "the risk is already raised to {Forum}", "Forum", f.Name)
		}
		out = r
		return s.raise(ctx, tx, a, x, r, f)
	})
	return out, err
}

// raiseForum finds the forum a risk is raised to: one x may see and whose
// parties x acts for, on one of the model's levels.
func raiseForum(a *gov.Agreement, x Actor, slug string) (*gov.Forum, error) {
	f := a.Forum(slug)
	if f == nil || !auth.CanSeeForum(x.P, a, f) || a.LevelRank(f.Level) < 0 {
		return nil, gov.Invalid(fieldErr("forum", "risks.err.forum", "choose a forum of the level the risk is raised to"))
	}
	if !slices.Contains(forumParties(a, f), x.P.Party) {
		return nil, gov.Invalid(fieldErr("forum", "risks.err.notparty", "you may raise risks only in forums your organisation takes part in"))
	}
	return f, nil
}

// Forums are the forums x may raise risks to, highest level first.
func Forums(a *gov.Agreement, x Actor) []gov.Forum {
	var out []gov.Forum
	for _, f := range a.Forums {
		if _, err := raiseForum(a, x, f.Slug); err == nil && !f.Inactive {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(p, q gov.Forum) int { return a.LevelRank(p.Level) - a.LevelRank(q.Level) })
	return out
}

// raise makes r a matter of kind risk in f (open, waiting for the
// forum's agenda) and notes the level, forum and matter on the risk.
func (s *Service) raise(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, r *Risk, f *gov.Forum) error {
	now := s.now()
	title := "Riski / Risk #" + strconv.FormatInt(r.ID, 10) + ": " + r.Title
	if len([]rune(title)) > 300 {
		title = string([]rune(title)[:300])
	}
	desc := r.Description
	if r.Actions != "" {
		desc = strings.TrimSpace(desc + "\n\n" + r.Actions)
	}
	m := &store.Matter{Agreement: a.Slug, Forum: f.Slug, Origin: f.Slug, Kind: "risk", Status: "open", Title: title,
		Description: desc, Owner: r.Owner, OwnerName: r.OwnerName, RaisedBy: x.Name(), RaisedParty: x.P.Party, CreatedAt: now, UpdatedAt: now}
	if err := tx.InsertMatter(ctx, m); err != nil {
		return err
	}
	if err := tx.InsertMatterStep(ctx, a.Slug, &store.MatterStep{MatterID: m.ID, Forum: f.Slug, EnteredAt: now}); err != nil {
		return err
	}
	ev := &store.MatterEvent{MatterID: m.ID, At: now, Actor: x.Name(), Action: "raise", Note: "risk #" + strconv.FormatInt(r.ID, 10),
		Changes: []store.MatterChange{{Field: "forum", To: f.Slug}, {Field: "kind", To: "risk"}, {Field: "title", To: title}, {Field: "status", To: "open"}}}
	if err := tx.InsertMatterEvent(ctx, ev); err != nil {
		return err
	}
	if err := tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "matter.raise", ObjectType: "matter", ObjectID: strconv.FormatInt(m.ID, 10),
		AgreementID: r.AgreementID, After: map[string]any{"changes": ev.Changes, "note": ev.Note}}); err != nil {
		return err
	}
	r.Level, r.Forum, r.MatterID, r.UpdatedAt = f.Level, f.Slug, m.ID, now
	if err := tx.UpdateRisk(ctx, r); err != nil {
		return err
	}
	return s.audit(ctx, tx, x, r, "raise")
}

// Get reads a risk x may see.
func (s *Service) Get(ctx context.Context, a *gov.Agreement, x Actor, id int64) (*Risk, error) {
	var out *Risk
	err := s.st.InTx(ctx, func(tx *store.Tx) (err error) {
		out, err = s.load(ctx, tx, a, x, id)
		return err
	})
	return out, err
}

// List lists the risks x may see, highest score first.
func (s *Service) List(ctx context.Context, a *gov.Agreement, x Actor, f store.RiskFilter) ([]Risk, error) {
	var out []Risk
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		all, err := tx.Risks(ctx, a.Slug, f)
		for i := range all {
			if CanSee(x, a, &all[i]) {
				out = append(out, all[i])
			}
		}
		return err
	})
	return out, err
}

// OpenForMonth lists the risks of an agreement (by slug) that were open
// at some time in month ("YYYY-MM", in the agreement's time zone): entered
// before the month ended and not closed before it began, whatever their
// status now. Highest score first. It reads for the monthly report, with
// no reader's limits: the report decides what its readers see.
func OpenForMonth(ctx context.Context, st *store.Store, agreement, month string) ([]Risk, error) {
	a, err := st.Agreement(ctx, agreement)
	if err != nil {
		return nil, err
	}
	start, end, err := monthBounds(a, month)
	if err != nil {
		return nil, err
	}
	var out []Risk
	err = st.InTx(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.Risks(ctx, a.Slug, store.RiskFilter{OpenFrom: start, OpenUntil: end})
		return err
	})
	return out, err
}

// monthBounds are the first moments of month and of the next month in
// the agreement's time zone.
func monthBounds(a *gov.Agreement, month string) (time.Time, time.Time, error) {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	t, err := time.ParseInLocation("2006-01", month, loc)
	if err != nil {
		return time.Time{}, time.Time{}, gov.Invalid(fieldErr("month", "risks.err.month", "the month is YYYY-MM"))
	}
	return t, t.AddDate(0, 1, 0), nil
}

func (s *Service) load(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, id int64) (*Risk, error) {
	r, err := tx.Risk(ctx, a.Slug, id, true)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !CanSee(x, a, r)) {
		return nil, errf(gov.CodeNotFound, "risks.err.notfound", "no risk {ID}", "ID", id)
	}
	return r, err
}

func (s *Service) audit(ctx context.Context, tx *store.Tx, x Actor, r *Risk, action string) error {
	return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "risk." + action, ObjectType: "risk", ObjectID: strconv.FormatInt(r.ID, 10),
		AgreementID: r.AgreementID, After: map[string]any{"title": r.Title, "probability": r.Probability, "impact": r.Impact,
			"owner": r.Owner, "status": r.Status, "level": r.Level, "forum": r.Forum, "matter": r.MatterID}})
}

// forumParties are the party slugs taking part in a forum.
func forumParties(a *gov.Agreement, f *gov.Forum) []string {
	if len(f.Parties) > 0 {
		return f.Parties
	}
	out := make([]string, len(a.Parties))
	for i, p := range a.Parties {
		out[i] = p.Slug
	}
	return out
}

func errf(code gov.ErrorCode, id, english string, args ...any) *gov.Error {
	return &gov.Error{Code: code, Message: fill(english, args), ID: id, Args: args}
}

func fieldErr(field, id, english string, args ...any) gov.FieldError {
	return gov.FieldError{Field: field, Message: fill(english, args), ID: id, Args: args}
}

func fill(s string, args []any) string {
	for i := 0; i+1 < len(args); i += 2 {
		s = strings.ReplaceAll(s, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return s
}
