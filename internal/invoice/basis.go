// Package invoice makes a supplier's monthly invoice basis (issue 7): the
// approved hours at the model's rates, approved overruns, approved
// (fixed-price) orders and service requests, each with its order id;
// a total that differs from the supplier's normal monthly amount by more
// than the model allows is flagged. Issued once, by the model's working
// day of the next month, after which the month's hours no longer change.
// Exported as CSV and XLSX.
package invoice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/timesheet"
)

// Line kinds.
const (
	LineHours          = "hours"
	LineOverrun        = "overrun"
	LineOrder          = "order"
	LineServiceRequest = "service-request"
	// LineSanction is an approved sanction, credited (a negative amount)
	// on the supplier's basis of the sanction's month (issue 16).
	LineSanction = "sanction"
)

// Line is one line of the basis.
type Line struct {
	Kind string `json:"kind"`
	// Order is the order's id (number); "" for the continuous service.
	Order       string `json:"order"`
	Description string `json:"description"`
	// Minutes and Rate for hours; UnitCents is the hourly price.
	Minutes     int    `json:"minutes,omitempty"`
	Rate        string `json:"rate,omitempty"`
	UnitCents   int64  `json:"unit_cents,omitempty"`
	AmountCents int64  `json:"amount_cents"`
}

// Basis is a supplier's month: issued (with Issued set) or as it would
// be issued now.
type Basis struct {
	Supplier, Month string
	Deadlines       timesheet.Deadlines
	Lines           []Line
	TotalCents      int64
	NormalCents     int64
	// DeviationPercent is the model's tolerance; Deviation flags a total
	// outside it.
	DeviationPercent float64
	Deviation        bool
	// Unapproved counts the month's entries not approved (not invoiced).
	Unapproved, UnapprovedMinutes int
	Issued                        *store.InvoiceBasis
}

// Flag reports whether total deviates from normal by more than pct per
// cent; without a normal amount nothing is flagged.
func Flag(total, normal int64, pct float64) bool {
	if normal <= 0 {
		return false
	}
	return math.Abs(float64(total-normal)) > float64(normal)*pct/100
}

// Compute makes the basis of a supplier's month from the store as it is.
func Compute(ctx context.Context, tx *store.Tx, a *gov.Agreement, aid int64, supplier, month string) (*Basis, error) {
	d, err := timesheet.DeadlinesFor(a, month)
	if err != nil {
		return nil, err
	}
	from, to, _ := timesheet.MonthRange(month)
	b := &Basis{Supplier: supplier, Month: month, Deadlines: d}
	rates := map[string]gov.Rate{}
	if t := a.TimeReporting; t != nil {
		for _, r := range t.RatesFor(supplier) {
			rates[r.Slug] = r
		}
		b.NormalCents = int64(math.Round(t.NormalFor(supplier) * 100))
		b.DeviationPercent = t.DeviationPercent
	}
	es, err := tx.TimeEntries(ctx, aid, store.EntryFilter{Supplier: supplier, From: from, To: to})
	if err != nil {
		return nil, err
	}
	orders, err := tx.Orders(ctx, aid, store.OrderFilter{Supplier: supplier})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*store.Order{}
	for i := range orders {
		byID[orders[i].ID] = &orders[i]
	}
	type key struct{ order, rate string }
	hours := map[key]*Line{}
	for _, e := range es {
		if e.State != timesheet.StateApproved {
			b.Unapproved++
			b.UnapprovedMinutes += e.Minutes
			continue
		}
		if o := byID[e.OrderID]; o != nil && o.Pricing == order.PricingFixed {
			continue // the fixed price covers these hours
		}
		k := key{e.OrderNumber, e.Rate}
		l := hours[k]
		if l == nil {
			r := rates[e.Rate]
			// The description is the order's title; the rate is a column
			// of its own (continuous service: no title).
			l = &Line{Kind: LineHours, Order: e.OrderNumber, Rate: e.Rate, UnitCents: int64(math.Round(r.Hourly * 100))}
			if o := byID[e.OrderID]; o != nil {
				l.Description = o.Title
			}
			hours[k] = l
		}
		l.Minutes += e.Minutes
	}
	for _, l := range hours {
		l.AmountCents = int64(math.Round(float64(l.Minutes) * float64(l.UnitCents) / 60))
		b.Lines = append(b.Lines, *l)
	}
	sort.Slice(b.Lines, func(i, j int) bool {
		if b.Lines[i].Order != b.Lines[j].Order {
			return b.Lines[i].Order < b.Lines[j].Order
		}
		return b.Lines[i].Rate < b.Lines[j].Rate
	})
	for _, o := range orders {
		if o.Pricing != order.PricingFixed || o.State != order.StateClosed || o.ClosedMonth != month {
			continue
		}
		cents := o.AcceptedCents
		cs, err := tx.OrderChanges(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.Kind == order.ChangeScope && c.State == order.ChangeApproved {
				cents += c.Cents
			}
		}
		kind := LineOrder
		if o.Kind == order.KindServiceRequest {
			kind = LineServiceRequest
		}
		b.Lines = append(b.Lines, Line{Kind: kind, Order: o.Number, Description: o.Title, AmountCents: cents})
	}
	ovs, err := tx.ApprovedOverruns(ctx, aid, supplier, month)
	if err != nil {
		return nil, err
	}
	for _, c := range ovs {
		o := byID[c.OrderID]
		if o == nil || o.Pricing != order.PricingFixed {
			continue // on an hourly order the hours themselves are invoiced
		}
		b.Lines = append(b.Lines, Line{Kind: LineOverrun, Order: o.Number, Description: c.Description, AmountCents: c.Cents})
	}
	scs, err := tx.ApprovedSanctions(ctx, aid, supplier, month)
	if err != nil {
		return nil, err
	}
	for _, sc := range scs {
		b.Lines = append(b.Lines, Line{Kind: LineSanction, Order: "", Description: fmt.Sprintf("#%d %s", sc.ID, sc.Reason), AmountCents: -sc.Amount})
	}
	for _, l := range b.Lines {
		b.TotalCents += l.AmountCents
	}
	b.Deviation = Flag(b.TotalCents, b.NormalCents, b.DeviationPercent)
	return b, nil
}

// Service issues and reads invoice bases.
type Service struct {
	st *store.Store
	// Now returns the current time; tests pin it.
	Now func() time.Time
}

// New returns a service on st.
func New(st *store.Store) *Service { return &Service{st: st, Now: time.Now} }

// Actor is who acts.
type Actor = timesheet.Actor

// MayIssue reports whether x may issue a supplier's basis: an
// administrator or the supplier's representative.
func MayIssue(x Actor, supplier string) bool {
	return x.Role == auth.Admin || x.P.Party == supplier && (x.Role == auth.Supplier || x.Role == auth.Provider)
}

// Get returns the supplier's month: the issued basis, or the draft.
func (s *Service) Get(ctx context.Context, a *gov.Agreement, x Actor, supplier, month string) (*Basis, error) {
	if !timesheet.MaySee(a, x, supplier) || a.Party(supplier) == nil {
		return nil, &gov.Error{Code: gov.CodeNotFound, Message: "no such supplier", ID: "invoice.err.supplier"}
	}
	if _, _, err := timesheet.MonthRange(month); err != nil {
		return nil, gov.Invalid(gov.FieldError{Field: "month", ID: "time.err.month", Message: "give the month as YYYY-MM"})
	}
	var b *Basis
	err := s.st.ReadOrders(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		issued, err := tx.InvoiceBasisFor(ctx, aid, supplier, month)
		if err == nil {
			b, err = fromIssued(a, issued)
			return err
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		b, err = Compute(ctx, tx, a, aid, supplier, month)
		return err
	})
	return b, err
}

// snapshot is what an issued basis stores.
type snapshot struct {
	Lines             []Line  `json:"lines"`
	DeviationPercent  float64 `json:"deviation_percent"`
	Unapproved        int     `json:"unapproved"`
	UnapprovedMinutes int     `json:"unapproved_minutes"`
}

func fromIssued(a *gov.Agreement, ib *store.InvoiceBasis) (*Basis, error) {
	var sn snapshot
	if err := json.Unmarshal(ib.Lines, &sn); err != nil {
		return nil, fmt.Errorf("invoice basis %d: %w", ib.ID, err)
	}
	d, err := timesheet.DeadlinesFor(a, ib.Month)
	if err != nil {
		return nil, err
	}
	return &Basis{Supplier: ib.Supplier, Month: ib.Month, Deadlines: d, Lines: sn.Lines, TotalCents: ib.TotalCents,
		NormalCents: ib.NormalCents, DeviationPercent: sn.DeviationPercent, Deviation: ib.Deviation, Unapproved: sn.Unapproved,
		UnapprovedMinutes: sn.UnapprovedMinutes, Issued: ib}, nil
}

// Issue issues a supplier's basis for a month that is over. While the
// approval deadline has not passed, hours awaiting approval hold it
// back; after it, they stay out (unapproved hours are never invoiced).
func (s *Service) Issue(ctx context.Context, a *gov.Agreement, x Actor, supplier, month string) (*Basis, error) {
	if a.Party(supplier) == nil || !timesheet.MaySee(a, x, supplier) {
		return nil, &gov.Error{Code: gov.CodeNotFound, Message: "no such supplier", ID: "invoice.err.supplier"}
	}
	if !MayIssue(x, supplier) {
		return nil, &gov.Error{Code: gov.CodeForbidden, Message: "only the supplier issues its invoice basis", ID: "invoice.err.notsupplier"}
	}
	_, last, err := timesheet.MonthRange(month)
	if err != nil {
		return nil, gov.Invalid(gov.FieldError{Field: "month", ID: "time.err.month", Message: "give the month as YYYY-MM"})
	}
	today := timesheet.Today(a, s.Now())
	if today.String() <= last {
		return nil, &gov.Error{Code: gov.CodeConflict, Message: "the month is not over yet", ID: "invoice.err.notover", Args: []any{"Month", month}}
	}
	var b *Basis
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		if b, err = Compute(ctx, tx, a, aid, supplier, month); err != nil {
			return err
		}
		if b.Unapproved > 0 && !today.After(b.Deadlines.ApproveBy) {
			return &gov.Error{Code: gov.CodeConflict, Message: fmt.Sprintf("%d entries await approval until %s", b.Unapproved, b.Deadlines.ApproveBy),
				ID: "invoice.err.pending", Args: []any{"Count", b.Unapproved, "Due", b.Deadlines.ApproveBy}}
		}
		lines, err := json.Marshal(snapshot{Lines: b.Lines, DeviationPercent: b.DeviationPercent, Unapproved: b.Unapproved, UnapprovedMinutes: b.UnapprovedMinutes})
		if err != nil {
			return err
		}
		ib := &store.InvoiceBasis{Supplier: supplier, Month: month, Due: b.Deadlines.InvoiceBy.String(), TotalCents: b.TotalCents,
			NormalCents: b.NormalCents, Deviation: b.Deviation, Lines: lines, IssuedBy: x.Name(), IssuedAt: s.Now()}
		ok, err := tx.InsertInvoiceBasis(ctx, aid, ib)
		if err != nil {
			return err
		}
		if !ok {
			return &gov.Error{Code: gov.CodeConflict, Message: "the month's invoice basis is issued already", ID: "invoice.err.issued", Args: []any{"Month", month}}
		}
		b.Issued = ib
		if err := duty.Done(ctx, tx, aid, duty.InvoiceBasis, "invoice:"+supplier, month, x.Name()); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "invoice.issue", ObjectType: "invoice_basis", ObjectID: fmt.Sprint(ib.ID),
			AgreementID: aid, After: ib})
	})
	return b, err
}
