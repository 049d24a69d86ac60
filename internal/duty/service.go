package duty

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// Service reads the ledger and runs evidence, for the web UI, the API,
// the CLI and the scheduler.
type Service struct {
	st *store.Store
	// Now is the clock; tests and the demo pin it.
	Now func() time.Time
	// Cat words the matters and reminders in the agreement's or the
	// reader's language; without it they are in English.
	Cat *i18n.Catalog
}

// New makes a duty service.
func New(st *store.Store, cat *i18n.Catalog) *Service {
	return &Service{st: st, Now: time.Now, Cat: cat}
}

// View is a duty as a reader sees it: its state computed for today
// (late, planned) and the names of the parties.
type View struct {
	store.Duty
	// State is open, late, done, waived or planned.
	State string
	// DaysLate counts working days past the due day (late duties only);
	// DaysLeft working days until it (open ones).
	DaysLate, DaysLeft                            int
	OwedByName, OwedToName, PersonName, ForumName string
	// Mine, Ours and Theirs place the duty in the reader's inbox: on
	// them, on their organisation, owed to their organisation.
	Mine, Ours, Theirs bool
	// AgreementName names the agreement, for lists across agreements.
	AgreementName string
}

// Owner selects whose duties a list holds.
type Owner string

// The owners: me (on me personally), party (on my organisation) and all
// (every duty I may see).
const (
	OwnerMe    Owner = "me"
	OwnerParty Owner = "party"
	OwnerAll   Owner = "all"
)

// Filter narrows a list of duties.
type Filter struct {
	Owner Owner
	// State is open (which includes late), late, done, waived, planned
	// or "" for all.
	State string
	Kind  string
	// Source matches a source or its prefix ("obligation").
	Source string
	// Party keeps duties owed by or to a party (slug).
	Party string
	// From and To bound the due date (inclusive); zero = open-ended.
	From, To calendar.Date
	// Planned adds the recurring duties not yet in the ledger whose due
	// date falls in From..To (both needed), as planned.
	Planned bool
}

func badFilter(field, msg string) error {
	return gov.Invalid(gov.FieldError{Field: field, ID: "duties.err." + field, Message: msg})
}

// Check validates a filter's words, naming the field that is wrong.
func (f Filter) Check() error {
	switch f.Owner {
	case "", OwnerMe, OwnerParty, OwnerAll:
	default:
		return badFilter("owner", "owner is me, party or all")
	}
	switch f.State {
	case "", StateOpen, StateLate, StateDone, StateWaived, StatePlanned:
	default:
		return badFilter("state", "state is open, late, done, waived or planned")
	}
	if f.Kind != "" && !KnownKind(f.Kind) {
		return badFilter("kind", "no such kind of duty: "+f.Kind)
	}
	if !(f.From == calendar.Date{}) && !(f.To == calendar.Date{}) && f.To.Before(f.From) {
		return badFilter("to", "the end date is before the start date")
	}
	return nil
}

// view computes how a duty looks to x today.
func view(a *gov.Agreement, cal calendar.Calendar, today calendar.Date, x Actor, d store.Duty) View {
	v := View{Duty: d, State: d.State, AgreementName: a.Name, OwedByName: PartyName(a, d.OwedBy), OwedToName: PartyName(a, d.OwedTo)}
	if p := a.Person(d.OwedByPerson); p != nil {
		v.PersonName = p.Name
	}
	if f := a.Forum(d.Forum); f != nil {
		v.ForumName = f.Name
	}
	if d.State == store.DutyOpen {
		due, err := calendar.ParseDate(d.Due)
		starts, _ := calendar.ParseDate(d.Starts)
		switch {
		case err != nil:
		case d.Starts != "" && today.Before(starts):
			v.State = StatePlanned
		case today.After(due):
			v.State, v.DaysLate = StateLate, cal.WorkingDaysBetween(due, today)
		default:
			v.DaysLeft = cal.WorkingDaysBetween(today, due)
		}
	}
	v.Mine, v.Ours, v.Theirs = Mine(x, &d), Owes(x, a, &d), Receives(x, a, &d)
	return v
}

// keep reports whether a view passes the filter's computed parts.
func (f Filter) keep(v View) bool {
	switch f.Owner {
	case OwnerMe:
		if !v.Mine {
			return false
		}
	case OwnerParty:
		if !v.Ours {
			return false
		}
	}
	switch f.State {
	case StateOpen:
		if v.State != StateOpen && v.State != StateLate {
			return false
		}
	case "":
	default:
		if v.State != f.State {
			return false
		}
	}
	if f.Party != "" && v.OwedBy != f.Party && v.OwedTo != f.Party {
		return false
	}
	return true
}

// storeFilter is the part of f the SQL can do.
func (f Filter) storeFilter(slugs []string) store.DutyFilter {
	sf := store.DutyFilter{Agreements: slugs, Source: f.Source}
	if f.Kind != "" {
		sf.Kinds = []string{f.Kind}
	}
	switch f.State {
	case StateOpen, StateLate, StatePlanned:
		sf.States = []string{store.DutyOpen}
	case StateDone, StateWaived:
		sf.States = []string{f.State}
	}
	if !(f.From == calendar.Date{}) {
		sf.DueFrom = f.From.String()
	}
	if !(f.To == calendar.Date{}) {
		sf.DueTo = f.To.String()
	}
	return sf
}

// List reads the duties p may see in the given agreements, filtered,
// late ones first, then by due date: one statement for the ledger,
// whatever the number of agreements.
func (s *Service) List(ctx context.Context, p auth.Principal, as []*gov.Agreement, f Filter) ([]View, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	bySlug := map[string]*gov.Agreement{}
	var slugs []string
	for _, a := range as {
		bySlug[a.Slug] = a
		slugs = append(slugs, a.Slug)
	}
	if len(slugs) == 0 {
		return nil, nil
	}
	rows, err := s.st.ListDuties(ctx, f.storeFilter(slugs))
	if err != nil {
		return nil, err
	}
	now := s.Now()
	type ctxA struct {
		x     Actor
		cal   calendar.Calendar
		today calendar.Date
	}
	per := map[string]*ctxA{}
	for _, a := range as {
		cal, err := plan.Calendar(a)
		if err != nil {
			return nil, err
		}
		per[a.Slug] = &ctxA{x: ActorIn(p, a), cal: cal, today: Today(a, now)}
	}
	var out []View
	seen := map[string]bool{}
	for _, d := range rows {
		a, c := bySlug[d.Agreement], per[d.Agreement]
		if a == nil || !CanSee(c.x, a, &d) {
			continue
		}
		seen[d.Agreement+"|"+d.Kind+"|"+d.Source+"|"+d.Occurrence] = true
		if v := view(a, c.cal, c.today, c.x, d); f.keep(v) {
			out = append(out, v)
		}
	}
	if f.Planned && !(f.From == calendar.Date{}) && !(f.To == calendar.Date{}) && (f.State == "" || f.State == StatePlanned) {
		for _, a := range as {
			c := per[a.Slug]
			occ, err := Schedule(a, f.From.Y-1, f.To.Y)
			if err != nil {
				return nil, err
			}
			for _, o := range occ {
				d := o.Duty
				d.Agreement, d.State = a.Slug, store.DutyOpen
				due, _ := calendar.ParseDate(d.Due)
				if due.Before(f.From) || due.After(f.To) || seen[a.Slug+"|"+d.Kind+"|"+d.Source+"|"+d.Occurrence] ||
					f.Kind != "" && d.Kind != f.Kind || f.Source != "" && d.Source != f.Source && !strings.HasPrefix(d.Source, f.Source+":") ||
					!CanSee(c.x, a, &d) {
					continue
				}
				v := view(a, c.cal, c.today, c.x, d)
				if !c.today.Before(mustDate(d.Starts)) {
					// Its period has begun but Sync has not run yet.
					v.State = StateOpen
					if c.today.After(due) {
						v.State = StateLate
					}
				}
				if f.keep(v) {
					out = append(out, v)
				}
			}
		}
	}
	Sort(out)
	return out, nil
}

func mustDate(s string) calendar.Date {
	d, _ := calendar.ParseDate(s)
	return d
}

// Sort orders views as the inbox shows them: late first, then by due
// date, then planned ones, done and waived last by due date.
func Sort(vs []View) {
	rank := func(v View) int {
		switch v.State {
		case StateLate:
			return 0
		case StateOpen:
			return 1
		case StatePlanned:
			return 2
		}
		return 3
	}
	slices.SortStableFunc(vs, func(a, b View) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		if c := strings.Compare(a.Due, b.Due); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
}

func notFound() error {
	return &gov.Error{Code: gov.CodeNotFound, Message: "no such duty", ID: "duties.err.notfound"}
}

// Detail is one duty with its evidence.
type Detail struct {
	View
	Evidence []store.DutyEvidence
	// MaySubmit: x's organisation owes it and it is open; MayDecide: x's
	// organisation receives it and evidence waits for an answer.
	MaySubmit, MayDecide bool
}

// Get reads one duty x may see, with its evidence.
func (s *Service) Get(ctx context.Context, a *gov.Agreement, p auth.Principal, id int64) (*Detail, error) {
	x := ActorIn(p, a)
	var out *Detail
	err := s.st.ReadTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Duty(ctx, a.Slug, id, false)
		if errors.Is(err, store.ErrNotFound) || err == nil && !CanSee(x, a, d) {
			return notFound()
		} else if err != nil {
			return err
		}
		cal, err := plan.Calendar(a)
		if err != nil {
			return err
		}
		ev, err := tx.DutyEvidenceList(ctx, d.ID)
		if err != nil {
			return err
		}
		v := view(a, cal, Today(a, s.Now()), x, *d)
		out = &Detail{View: v, Evidence: ev,
			MaySubmit: d.State == store.DutyOpen && d.Evidence != store.EvidenceSubmitted && mayAct(x) && Owes(x, a, d),
			MayDecide: d.State == store.DutyOpen && d.Evidence == store.EvidenceSubmitted && mayAct(x) && Receives(x, a, d)}
		return nil
	})
	return out, err
}

// mayAct: representatives and members act for their organisation;
// observers only read.
func mayAct(x Actor) bool {
	return x.Role != "" && x.Role != auth.Observer && x.Role != auth.Admin && x.P.Party != ""
}

// File reads one evidence file of a duty x may see.
func (s *Service) File(ctx context.Context, a *gov.Agreement, p auth.Principal, id, fileID int64) (*store.DutyFile, error) {
	x := ActorIn(p, a)
	var out *store.DutyFile
	err := s.st.ReadTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Duty(ctx, a.Slug, id, false)
		if errors.Is(err, store.ErrNotFound) || err == nil && !CanSee(x, a, d) {
			return notFound()
		} else if err != nil {
			return err
		}
		out, err = tx.DutyFileData(ctx, d.ID, fileID)
		if errors.Is(err, store.ErrNotFound) {
			return notFound()
		}
		return err
	})
	return out, err
}
