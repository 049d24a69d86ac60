package order

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// AnswerInput is the supplier's quote or estimate, with a cheaper
// alternative where the model asks for one and the supplier has one.
type AnswerInput struct {
	Cents      int64
	PersonDays float64
	Text       string
	AltCents   int64
	AltDays    float64
	AltText    string
}

// Answer records the supplier's answer to a placed order: a written
// quote when the order is above the model's threshold, else an estimate.
func (s *Service) Answer(ctx context.Context, a *gov.Agreement, x Actor, id int64, in AnswerInput) error {
	return s.change(ctx, a, x, id, "order.answer", func(tx *store.Tx, aid int64, o *store.Order) (string, error) {
		if !IsSupplier(x, o) {
			return "", forbidden("orders.err.notsupplier", "only the supplier answers an order")
		}
		if o.State != StatePlaced && o.State != StateAnswered {
			return "", wrongState(o)
		}
		var fields []gov.FieldError
		if in.Cents <= 0 {
			fields = append(fields, field("answer-amount", "orders.err.amount", "give the cost, above zero"))
		}
		if in.PersonDays <= 0 {
			fields = append(fields, field("answer-days", "orders.err.days", "give the estimate in person-days, above zero"))
		}
		kind := AnswerEstimate
		if QuoteRequired(a.Orders, max(in.Cents, o.EstimateCents)) {
			kind = AnswerQuote
			if strings.TrimSpace(in.Text) == "" {
				fields = append(fields, field("answer-text", "orders.err.quote", "above the threshold the answer is a written quote: write it",
					"Threshold", a.Orders.QuoteAbove))
			}
		}
		if utf8.RuneCountInString(in.Text) > MaxText || utf8.RuneCountInString(in.AltText) > MaxText {
			fields = append(fields, field("answer-text", "orders.err.long", "at most 5000 characters", "Max", MaxText))
		}
		hasAlt := in.AltCents > 0 || strings.TrimSpace(in.AltText) != ""
		if hasAlt && (in.AltCents <= 0 || in.AltCents >= in.Cents || strings.TrimSpace(in.AltText) == "" || in.AltDays <= 0) {
			fields = append(fields, field("alt-amount", "orders.err.alt", "a cheaper alternative has a description, person-days and a cost below the answer's"))
		}
		if len(fields) > 0 {
			return "", gov.Invalid(fields...)
		}
		o.AnswerKind, o.AnswerCents, o.AnswerDays, o.AnswerText = kind, in.Cents, in.PersonDays, strings.TrimSpace(in.Text)
		o.AltCents, o.AltDays, o.AltText = 0, 0, ""
		if hasAlt {
			o.AltCents, o.AltDays, o.AltText = in.AltCents, in.AltDays, strings.TrimSpace(in.AltText)
		}
		o.State = StateAnswered
		return kind, nil
	})
}

// Accept is the orderer's acceptance of the answer, or of the cheaper
// alternative: the order opens for work. The accepted cost must stay
// within the orderer's limit. An additional service becomes an addendum
// to the agreement.
func (s *Service) Accept(ctx context.Context, a *gov.Agreement, x Actor, id int64, alternative bool) error {
	return s.change(ctx, a, x, id, "order.accept", func(tx *store.Tx, aid int64, o *store.Order) (string, error) {
		if !IsOrderer(x, o) {
			return "", forbidden("orders.err.notorderer", "only the ordering party accepts an answer")
		}
		if o.State != StateAnswered {
			return "", wrongState(o)
		}
		cents, days, note := o.AnswerCents, o.AnswerDays, o.AnswerKind
		if alternative {
			if o.AltCents == 0 {
				return "", conflict("orders.err.noalt", "the supplier proposed no alternative")
			}
			cents, days, note = o.AltCents, o.AltDays, "alternative"
		}
		cs, err := tx.OrderingContacts(ctx, aid)
		if err != nil {
			return "", err
		}
		if e := MayOrder(ContactOf(cs, x), o.Kind, cents); e != nil {
			return "", e
		}
		o.AcceptedCents, o.AcceptedDays = cents, days
		o.PersonDays, o.EstimateCents = days, cents
		if c := Class(a.Orders, days); c != nil {
			o.Class = c.Slug
		}
		o.State = StateAccepted
		if o.Kind == KindAdditional {
			ad := &store.Addendum{OrderID: o.ID, Title: o.Title, CreatedBy: x.Name(), CreatedAt: s.Now()}
			if a.Orders != nil {
				ad.Forum = a.Orders.AddendumForum
			}
			if err := tx.InsertAddendum(ctx, aid, ad); err != nil {
				return "", err
			}
			if err := tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "order.addendum", ObjectType: "addendum", ObjectID: ad.Number,
				AgreementID: aid, After: ad}); err != nil {
				return "", err
			}
		}
		return note, nil
	})
}

// Cancel withdraws an order that has not been accepted.
func (s *Service) Cancel(ctx context.Context, a *gov.Agreement, x Actor, id int64) error {
	return s.change(ctx, a, x, id, "order.cancel", func(tx *store.Tx, aid int64, o *store.Order) (string, error) {
		if !IsOrderer(x, o) {
			return "", forbidden("orders.err.notorderer", "only the ordering party cancels an order")
		}
		if o.State != StatePlaced && o.State != StateAnswered {
			return "", wrongState(o)
		}
		o.State = StateCancelled
		return "", nil
	})
}

// ChangeInput proposes a change request or a forecast overrun: the
// additional person-days and cost and why.
type ChangeInput struct {
	Kind        string
	Description string
	PersonDays  float64
	Cents       int64
}

// ProposeChange proposes a scope change (either party) or a forecast
// overrun (the supplier) on an open order. A pending overrun stops time
// entries on the order until the orderer decides.
func (s *Service) ProposeChange(ctx context.Context, a *gov.Agreement, x Actor, id int64, in ChangeInput) error {
	return s.change(ctx, a, x, id, "order.change.propose", func(tx *store.Tx, aid int64, o *store.Order) (string, error) {
		switch {
		case in.Kind == ChangeOverrun && !IsSupplier(x, o):
			return "", forbidden("orders.err.notsupplier", "only the supplier forecasts an overrun")
		case in.Kind == ChangeScope && !IsSupplier(x, o) && !IsOrderer(x, o):
			return "", forbidden("orders.err.notparty", "only the ordering party and the supplier change an order")
		case in.Kind != ChangeScope && in.Kind != ChangeOverrun:
			return "", gov.Invalid(field("change-kind", "orders.err.changekind", "choose a change request or an overrun"))
		}
		if o.State != StateAccepted {
			return "", wrongState(o)
		}
		var fields []gov.FieldError
		if t := strings.TrimSpace(in.Description); t == "" || utf8.RuneCountInString(t) > MaxText {
			fields = append(fields, field("change-description", "orders.err.changedesc", "say what changes and why (at most 5000 characters)", "Max", MaxText))
		}
		if in.PersonDays < 0 || in.Cents < 0 || in.PersonDays == 0 && in.Cents == 0 {
			fields = append(fields, field("change-days", "orders.err.changesize", "give the additional person-days or cost"))
		}
		if len(fields) > 0 {
			return "", gov.Invalid(fields...)
		}
		cs, err := tx.OrderChanges(ctx, o.ID)
		if err != nil {
			return "", err
		}
		for _, c := range cs {
			if c.State == ChangeProposed && c.Kind == in.Kind {
				return "", conflict("orders.err.pending", "a proposal of this kind awaits a decision already")
			}
		}
		c := &store.OrderChange{OrderID: o.ID, Kind: in.Kind, Description: strings.TrimSpace(in.Description), PersonDays: in.PersonDays,
			Cents: in.Cents, State: ChangeProposed, ProposedBy: x.Name(), ProposedAt: s.Now()}
		if err := tx.InsertOrderChange(ctx, c); err != nil {
			return "", err
		}
		return in.Kind, nil
	})
}

// DecideChange is the orderer's decision on a proposed change. An
// approved one adds to the order's estimate (and may change its class);
// an approved overrun is invoiced in the month of the decision when the
// order has a fixed price. Either decision lifts an overrun's stop.
func (s *Service) DecideChange(ctx context.Context, a *gov.Agreement, x Actor, id, changeID int64, approve bool) error {
	return s.change(ctx, a, x, id, "order.change.decide", func(tx *store.Tx, aid int64, o *store.Order) (string, error) {
		if !IsOrderer(x, o) {
			return "", forbidden("orders.err.notorderer", "only the ordering party decides on a change")
		}
		cs, err := tx.OrderChanges(ctx, o.ID)
		if err != nil {
			return "", err
		}
		var c *store.OrderChange
		for i := range cs {
			if cs[i].ID == changeID {
				c = &cs[i]
			}
		}
		if c == nil {
			return "", &gov.Error{Code: gov.CodeNotFound, Message: "no such change", ID: "orders.err.nochange"}
		}
		if c.State != ChangeProposed {
			return "", conflict("orders.err.decided", "this change was decided already")
		}
		if approve {
			cts, err := tx.OrderingContacts(ctx, aid)
			if err != nil {
				return "", err
			}
			if e := MayOrder(ContactOf(cts, x), o.Kind, o.EstimateCents+c.Cents); e != nil {
				return "", e
			}
			c.State = ChangeApproved
			o.PersonDays += c.PersonDays
			o.EstimateCents += c.Cents
			if cl := Class(a.Orders, o.PersonDays); cl != nil {
				o.Class = cl.Slug
			}
		} else {
			c.State = ChangeRejected
		}
		now := s.Now()
		c.DecidedBy, c.DecidedAt, c.DecidedMonth = x.Name(), &now, Month(a, now)
		if err := tx.DecideOrderChange(ctx, c); err != nil {
			return "", err
		}
		return c.Kind + "/" + c.State, nil
	})
}

// Deliver marks the work delivered; the orderer then approves it.
func (s *Service) Deliver(ctx context.Context, a *gov.Agreement, x Actor, id int64) error {
	return s.change(ctx, a, x, id, "order.deliver", func(tx *store.Tx, aid int64, o *store.Order) (string, error) {
		if !IsSupplier(x, o) {
			return "", forbidden("orders.err.notsupplier", "only the supplier reports the delivery")
		}
		if o.State != StateAccepted {
			return "", wrongState(o)
		}
		cs, err := tx.OrderChanges(ctx, o.ID)
		if err != nil {
			return "", err
		}
		for _, c := range cs {
			if c.State == ChangeProposed {
				return "", conflict("orders.err.pendingdeliver", "decide the pending changes before the delivery")
			}
		}
		now := s.Now()
		o.State, o.DeliveredAt = StateDelivered, &now
		return "", nil
	})
}

// ApproveDelivery is the orderer's approval of the delivery: the order
// closes (no more time entries), and a fixed price is invoiced in month.
// Rejecting sends it back to work.
func (s *Service) ApproveDelivery(ctx context.Context, a *gov.Agreement, x Actor, id int64, approve bool, note string) error {
	action := "order.delivery.approve"
	if !approve {
		action = "order.delivery.reject"
	}
	return s.change(ctx, a, x, id, action, func(tx *store.Tx, aid int64, o *store.Order) (string, error) {
		if !IsOrderer(x, o) {
			return "", forbidden("orders.err.notorderer", "only the ordering party approves the delivery")
		}
		if o.State != StateDelivered {
			return "", wrongState(o)
		}
		if !approve {
			if strings.TrimSpace(note) == "" {
				return "", gov.Invalid(field("note", "orders.err.note", "say what is missing from the delivery"))
			}
			o.State, o.DeliveredAt = StateAccepted, nil
			return strings.TrimSpace(note), nil
		}
		now := s.Now()
		o.State, o.ClosedAt, o.ClosedMonth = StateClosed, &now, Month(a, now)
		return "", nil
	})
}

// Month is the month (YYYY-MM) t falls in, in the agreement's time zone.
func Month(a *gov.Agreement, t time.Time) string {
	if loc, err := time.LoadLocation(a.TimeZone); err == nil {
		t = t.In(loc)
	}
	return t.Format("2006-01")
}

// EntriesAllowed says whether time may be entered on o now; when not,
// the coded error says why (closed, or an overrun awaits approval).
func EntriesAllowed(o *store.Order, changes []store.OrderChange) *gov.Error {
	if o.State != StateAccepted {
		if o.State == StateClosed || o.State == StateDelivered || o.State == StateCancelled {
			return conflict("orders.err.closed", "order "+o.Number+" is closed: no time entries on it", "Number", o.Number)
		}
		return conflict("orders.err.notopen", "order "+o.Number+" is not accepted yet: no time entries on it", "Number", o.Number)
	}
	for _, c := range changes {
		if c.Kind == ChangeOverrun && c.State == ChangeProposed {
			return conflict("orders.err.overrun", "the forecast overrun of order "+o.Number+" awaits the orderer's approval: no time entries until then", "Number", o.Number)
		}
	}
	return nil
}
