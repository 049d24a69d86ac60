package timesheet

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/store"
)

// Actor is who acts (see meeting.Actor).
type Actor = meeting.Actor

// System acts for the command line's import: an administrator.
var System = Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}

// Service runs time reporting on a store.
type Service struct {
	st *store.Store
	// Now returns the current time; tests pin it.
	Now func() time.Time
}

// New returns a service on st.
func New(st *store.Store) *Service { return &Service{st: st, Now: time.Now} }

// Input is one entry as entered or corrected.
type Input struct {
	Supplier string
	// Order is the order number; "" for the continuous service.
	Order       string
	Person      string
	Rate        string
	Day         string
	Minutes     int
	Description string
}

func conflict(id, msg string, args ...any) *gov.Error {
	return &gov.Error{Code: gov.CodeConflict, Message: msg, ID: id, Args: args}
}

func forbidden(id, msg string) *gov.Error {
	return &gov.Error{Code: gov.CodeForbidden, Message: msg, ID: id}
}

// MayEnter reports whether x may enter and correct supplier's hours:
// an administrator, or the supplier's own people (not observers).
func MayEnter(a *gov.Agreement, x Actor, supplier string) bool {
	p := a.Party(supplier)
	if p == nil || p.Kind != gov.KindSupplier && p.Kind != gov.KindProvider {
		return false
	}
	return x.Role == auth.Admin || x.P.Party == supplier && x.Role != auth.Observer && x.Role != ""
}

// MayApprove reports whether x may approve an entry: an administrator,
// for hours on an order a representative of its ordering party, for the
// continuous service a representative of the party that buys from the
// supplier under the model's relationships (issue #14).
func MayApprove(a *gov.Agreement, x Actor, supplier string, o *store.Order) bool {
	if x.Role == auth.Admin {
		return true
	}
	if x.Role != auth.Customer && x.Role != auth.Provider || x.P.Party == supplier {
		return false
	}
	if o != nil {
		return x.P.Party == o.OrdererParty
	}
	return a.Contract(x.P.Party, supplier) != nil
}

// Suppliers lists the parties whose staff report time: suppliers and
// the provider.
func Suppliers(a *gov.Agreement) []gov.Party {
	var out []gov.Party
	for _, p := range a.Parties {
		if p.Kind == gov.KindSupplier || p.Kind == gov.KindProvider {
			out = append(out, p)
		}
	}
	return out
}

// check validates an entry against the model and the state of its
// order and month; it returns the order (nil for the continuous service).
func (s *Service) check(ctx context.Context, tx *store.Tx, a *gov.Agreement, aid int64, in *Input) (*store.Order, error) {
	var fields []gov.FieldError
	add := func(f, id, msg string, args ...any) {
		fields = append(fields, gov.FieldError{Field: f, ID: id, Message: msg, Args: args})
	}
	p := a.Person(in.Person)
	if p == nil || p.Party != in.Supplier {
		add("person", "time.err.person", "choose a person of the supplier")
	}
	day, err := calendar.ParseDate(in.Day)
	today := Today(a, s.Now())
	switch {
	case err != nil:
		add("day", "time.err.date", "give the day as a date")
	case day.After(today):
		add("day", "time.err.future", "hours are entered for days already worked, not ahead")
	case a.Period.From != "" && in.Day < a.Period.From || a.Period.To != "" && in.Day > a.Period.To:
		add("day", "time.err.period", "the day is outside the agreement's period")
	}
	if f := CheckMinutes(Step(a), in.Minutes); f != nil {
		fields = append(fields, *f)
	}
	in.Description = strings.TrimSpace(in.Description)
	if in.Description == "" || utf8.RuneCountInString(in.Description) > MaxDescription {
		add("description", "time.err.description", "describe the work done (at most 1000 characters)", "Max", MaxDescription)
	}
	var rates []gov.Rate
	if a.TimeReporting != nil {
		rates = a.TimeReporting.RatesFor(in.Supplier)
	}
	if in.Rate == "" && len(rates) > 0 {
		in.Rate = rates[0].Slug
	}
	if !slices.ContainsFunc(rates, func(r gov.Rate) bool { return r.Slug == in.Rate }) {
		add("rate", "time.err.rate", "choose a rate of the model")
	}
	var o *store.Order
	if in.Order != "" {
		os, err := tx.Orders(ctx, aid, store.OrderFilter{Supplier: in.Supplier})
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(os, func(x store.Order) bool { return x.Number == in.Order })
		if i < 0 {
			add("order", "time.err.order", "no order of the supplier has this number", "Number", in.Order)
		} else {
			o = &os[i]
		}
	}
	if len(fields) > 0 {
		return nil, gov.Invalid(fields...)
	}
	if o != nil {
		cs, err := tx.OrderChanges(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		if e := order.EntriesAllowed(o, cs); e != nil {
			return nil, e
		}
	}
	if err := s.checkOpen(ctx, tx, aid, in.Supplier, in.Day[:7]); err != nil {
		return nil, err
	}
	return o, nil
}

// MaxDayMinutes is the most one person can have worked in one day.
const MaxDayMinutes = 24 * 60

// checkDayTotal refuses an entry that would put one person's hours on one
// day above 24: a typo (80 for 8,0) or an import repeated, never real
// work. The entry being corrected (except) is left out of the sum;
// returned hours are not counted, since they wait for correction.
// Entries stored earlier in the same transaction count, so an import
// cannot pass the limit row by row.
func checkDayTotal(ctx context.Context, tx *store.Tx, aid int64, in Input, except int64) error {
	es, err := tx.TimeEntries(ctx, aid, store.EntryFilter{Supplier: in.Supplier, Person: in.Person, From: in.Day, To: in.Day})
	if err != nil {
		return err
	}
	total := in.Minutes
	for _, e := range es {
		if e.ID != except && e.State != StateRejected {
			total += e.Minutes
		}
	}
	if total > MaxDayMinutes {
		h := fmt.Sprintf("%d:%02d", total/60, total%60)
		return gov.Invalid(gov.FieldError{Field: "minutes", ID: "time.err.daytotal", Args: []any{"Day", in.Day, "Total", h},
			Message: fmt.Sprintf("this makes %s hours for the person on %s; a day has 24", h, in.Day)})
	}
	return nil
}

// checkOpen refuses changes to a month whose invoice basis is issued.
func (s *Service) checkOpen(ctx context.Context, tx *store.Tx, aid int64, supplier, month string) error {
	_, err := tx.InvoiceBasisFor(ctx, aid, supplier, month)
	if err == nil {
		return conflict("time.err.issued", "the invoice basis of "+month+" is issued: its hours no longer change", "Month", month)
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// Enter stores a new entry.
func (s *Service) Enter(ctx context.Context, a *gov.Agreement, x Actor, in Input, source string) (*store.TimeEntry, error) {
	if !MayEnter(a, x, in.Supplier) {
		return nil, forbidden("time.err.notsupplier", "only the supplier's own people enter its hours")
	}
	var e *store.TimeEntry
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		e, err = s.insert(ctx, tx, a, aid, x, in, source)
		return err
	})
	return e, err
}

func (s *Service) insert(ctx context.Context, tx *store.Tx, a *gov.Agreement, aid int64, x Actor, in Input, source string) (*store.TimeEntry, error) {
	o, err := s.check(ctx, tx, a, aid, &in)
	if err != nil {
		return nil, err
	}
	if err := checkDayTotal(ctx, tx, aid, in, 0); err != nil {
		return nil, err
	}
	e := &store.TimeEntry{Supplier: in.Supplier, Person: in.Person, Rate: in.Rate, Day: in.Day, Minutes: in.Minutes,
		Description: in.Description, State: StateEntered, Source: source, EnteredBy: x.Name(), EnteredAt: s.Now()}
	if o != nil {
		e.OrderID, e.OrderNumber = o.ID, o.Number
	}
	if err := tx.InsertTimeEntry(ctx, aid, e); err != nil {
		return nil, err
	}
	if err := s.settle(ctx, tx, a, aid, e.Supplier, e.Day[:7], x.Name()); err != nil {
		return nil, err
	}
	return e, tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "time.enter", ObjectType: "time_entry", ObjectID: fmt.Sprint(e.ID),
		AgreementID: aid, After: e})
}

// Correct changes an entry not yet approved (the supplier's weekly
// correction); a rejected entry corrected goes back for approval.
func (s *Service) Correct(ctx context.Context, a *gov.Agreement, x Actor, id int64, in Input) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, e, err := s.load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		in.Supplier = e.Supplier
		if !MayEnter(a, x, e.Supplier) {
			return forbidden("time.err.notsupplier", "only the supplier's own people correct its hours")
		}
		if e.State == StateApproved {
			return conflict("time.err.approved", "an approved entry is not corrected; ask the approver to return it")
		}
		if err := s.checkOpen(ctx, tx, aid, e.Supplier, e.Day[:7]); err != nil {
			return err
		}
		o, err := s.check(ctx, tx, a, aid, &in)
		if err != nil {
			return err
		}
		if err := checkDayTotal(ctx, tx, aid, in, e.ID); err != nil {
			return err
		}
		before := *e
		e.Person, e.Rate, e.Day, e.Minutes, e.Description = in.Person, in.Rate, in.Day, in.Minutes, in.Description
		e.OrderID, e.OrderNumber = 0, ""
		if o != nil {
			e.OrderID, e.OrderNumber = o.ID, o.Number
		}
		e.State, e.UpdatedAt, e.Note = StateEntered, s.Now(), ""
		if err := tx.UpdateTimeEntry(ctx, e); err != nil {
			return err
		}
		for _, m := range []string{before.Day[:7], e.Day[:7]} {
			if err := s.settle(ctx, tx, a, aid, e.Supplier, m, x.Name()); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "time.correct", ObjectType: "time_entry", ObjectID: fmt.Sprint(e.ID),
			AgreementID: aid, Before: before, After: e})
	})
}

// Delete removes an entry not yet approved.
func (s *Service) Delete(ctx context.Context, a *gov.Agreement, x Actor, id int64) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, e, err := s.load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		if !MayEnter(a, x, e.Supplier) {
			return forbidden("time.err.notsupplier", "only the supplier's own people correct its hours")
		}
		if e.State == StateApproved {
			return conflict("time.err.approved", "an approved entry is not corrected; ask the approver to return it")
		}
		if err := s.checkOpen(ctx, tx, aid, e.Supplier, e.Day[:7]); err != nil {
			return err
		}
		if err := tx.DeleteTimeEntry(ctx, e.ID); err != nil {
			return err
		}
		if err := s.settle(ctx, tx, a, aid, e.Supplier, e.Day[:7], x.Name()); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "time.delete", ObjectType: "time_entry", ObjectID: fmt.Sprint(e.ID),
			AgreementID: aid, Before: e})
	})
}

// MaySee reports whether x may see a supplier's entries: the supplier,
// the parties that buy from it directly (who approve them), and
// administrators; never another supplier.
func MaySee(a *gov.Agreement, x Actor, supplier string) bool {
	if x.Role == auth.Admin || x.P.Party == supplier {
		return true
	}
	return a.Contract(x.P.Party, supplier) != nil && x.Role != auth.Observer && x.Role != ""
}

func (s *Service) load(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, id int64) (int64, *store.TimeEntry, error) {
	aid, err := tx.AgreementID(ctx, a.Slug)
	if err != nil {
		return 0, nil, err
	}
	e, err := tx.TimeEntryByID(ctx, aid, id, true)
	if errors.Is(err, store.ErrNotFound) || err == nil && !MaySee(a, x, e.Supplier) {
		return 0, nil, &gov.Error{Code: gov.CodeNotFound, Message: fmt.Sprintf("no time entry %d", id), ID: "time.err.notfound"}
	}
	return aid, e, err
}

// Decide approves or rejects (returns) entries. An approved entry may
// still be returned until the month's invoice basis is issued; after
// that no approval changes. It returns how many entries changed.
func (s *Service) Decide(ctx context.Context, a *gov.Agreement, x Actor, ids []int64, approve bool, note string) (int, error) {
	note = strings.TrimSpace(note)
	if !approve && note == "" {
		return 0, gov.Invalid(gov.FieldError{Field: "note", ID: "time.err.note", Message: "say why the hours are returned"})
	}
	n := 0
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			aid, e, err := s.load(ctx, tx, a, x, id)
			if err != nil {
				return err
			}
			changed, err := s.decide(ctx, tx, a, aid, x, e, approve, note)
			if err != nil {
				return err
			}
			if changed {
				n++
			}
		}
		return nil
	})
	return n, err
}

func (s *Service) decide(ctx context.Context, tx *store.Tx, a *gov.Agreement, aid int64, x Actor, e *store.TimeEntry, approve bool, note string) (bool, error) {
	var o *store.Order
	if e.OrderID != 0 {
		var err error
		if o, err = tx.OrderByID(ctx, aid, e.OrderID, false); err != nil {
			return false, err
		}
	}
	if !MayApprove(a, x, e.Supplier, o) {
		return false, forbidden("time.err.notapprover", "only the ordering party approves these hours")
	}
	if err := s.checkOpen(ctx, tx, aid, e.Supplier, e.Day[:7]); err != nil {
		return false, err
	}
	want := StateApproved
	if !approve {
		want = StateRejected
	}
	if e.State == want {
		return false, nil
	}
	before := *e
	now := s.Now()
	e.State, e.DecidedBy, e.DecidedAt, e.Note, e.UpdatedAt = want, x.Name(), &now, note, now
	if err := tx.UpdateTimeEntry(ctx, e); err != nil {
		return false, err
	}
	if err := s.settle(ctx, tx, a, aid, e.Supplier, e.Day[:7], x.Name()); err != nil {
		return false, err
	}
	return true, tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "time." + want, ObjectType: "time_entry", ObjectID: fmt.Sprint(e.ID),
		AgreementID: aid, Before: before, After: e})
}

// ApproveMonth approves every entry of a supplier's month awaiting
// approval that x may approve; it returns how many.
func (s *Service) ApproveMonth(ctx context.Context, a *gov.Agreement, x Actor, supplier, month string) (int, error) {
	from, to, err := MonthRange(month)
	if err != nil {
		return 0, gov.Invalid(gov.FieldError{Field: "month", ID: "time.err.month", Message: "give the month as YYYY-MM"})
	}
	n := 0
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		if err := s.checkOpen(ctx, tx, aid, supplier, month); err != nil {
			return err
		}
		es, err := tx.TimeEntries(ctx, aid, store.EntryFilter{Supplier: supplier, From: from, To: to, State: StateEntered})
		if err != nil {
			return err
		}
		for i := range es {
			var o *store.Order
			if es[i].OrderID != 0 {
				if o, err = tx.OrderByID(ctx, aid, es[i].OrderID, false); err != nil {
					return err
				}
			}
			if !MayApprove(a, x, supplier, o) {
				continue
			}
			if _, err := s.decide(ctx, tx, a, aid, x, &es[i], true, ""); err != nil {
				return err
			}
			n++
		}
		if n == 0 && len(es) > 0 {
			return forbidden("time.err.notapprover", "only the ordering party approves these hours")
		}
		return nil
	})
	return n, err
}
