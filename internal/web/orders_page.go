package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/store"
)

type ordChange struct {
	ID                                           int64
	Kind, Description, Days, Amount, State, When string
	Pending                                      bool
}

type ordEvent struct{ When, Who, What, Note string }

type ordPageData struct {
	Row                                           ordRow
	O                                             *store.Order
	Description, Plan, Manager                    string
	AnswerKind, AnswerAmount, AnswerDays          string
	AltAmount, AltDays                            string
	AcceptedAmount, Spent, Currency               string
	Changes                                       []ordChange
	Events                                        []ordEvent
	QuoteRequired, Cheaper                        bool
	CanAnswer, CanAccept, CanCancel, CanChange    bool
	CanOverrun, CanDecide, CanDeliver, CanApprove bool
	Blocked                                       string
	Form                                          map[string]string
}

// orderPage shows the {order} of the URL with the forms its viewer may
// use; another agreement's order, or one the user's party neither placed
// nor supplies, is 404.
func (s *Server) orderPage(w http.ResponseWriter, r *Req) {
	s.showOrder(w, r, http.StatusOK, nil, nil)
}

func (s *Server) showOrder(w http.ResponseWriter, r *Req, status int, form map[string]string, errs []FieldError) {
	a := r.Agreement
	x := s.actor(r)
	id, ok := idOf(r, "order")
	if !ok {
		s.notFound(w, r)
		return
	}
	d := &ordPageData{Form: form, Currency: a.Currency}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	err := s.store.ReadOrders(r.Context(), func(tx *store.Tx) error {
		aid, err := tx.AgreementID(r.Context(), a.Slug)
		if err != nil {
			return err
		}
		o, err := tx.OrderByID(r.Context(), aid, id, false)
		if err != nil {
			return err
		}
		if !order.MaySee(a, x, o) {
			return store.ErrNotFound
		}
		changes, err := tx.OrderChanges(r.Context(), o.ID)
		if err != nil {
			return err
		}
		events, err := tx.OrderEvents(r.Context(), o.ID)
		if err != nil {
			return err
		}
		minutes, err := tx.OrderMinutes(r.Context(), o.ID)
		if err != nil {
			return err
		}
		s.fillOrder(r, d, o, changes, events, minutes)
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, s.cat.T(r.Lang, "orders.page.title", "Number", d.O.Number, "Title", d.O.Title), d)
	p.Section, p.Errors = "orders", errs
	p.Crumbs = []Crumb{{a.Name, "/a/" + a.Slug}, {s.cat.T(r.Lang, "orders.title"), "/a/" + a.Slug + "/orders"}}
	s.render(w, r, status, "order", p)
}

func (s *Server) fillOrder(r *Req, d *ordPageData, o *store.Order, changes []store.OrderChange, events []store.OrderEvent, minutes int) {
	a := r.Agreement
	x := s.actor(r)
	l := r.Lang
	blocked := order.EntriesAllowed(o, changes)
	d.O = o
	d.Row = s.ordRow(r, o, blocked != nil && o.State == order.StateAccepted)
	d.Description, d.Plan, d.Manager = o.Description, o.ProjectPlan, personName(a, o.ProjectManager)
	if o.ProjectManager == "" {
		d.Manager = ""
	}
	if o.AnswerKind != "" {
		d.AnswerKind = s.cat.T(l, "orders.answer.by", "Kind", s.cat.T(l, "orders.answer."+o.AnswerKind))
		d.AnswerAmount, d.AnswerDays = money(l, o.AnswerCents), daysText(l, o.AnswerDays)
	}
	if o.AltCents > 0 {
		d.AltAmount, d.AltDays = money(l, o.AltCents), daysText(l, o.AltDays)
	}
	if o.AcceptedCents > 0 {
		d.AcceptedAmount = money(l, o.AcceptedCents)
	}
	d.Spent = s.cat.T(l, "orders.spent", "Hours", hoursText(l, minutes), "Days", daysText(l, o.PersonDays))
	pending := false
	for _, c := range changes {
		oc := ordChange{ID: c.ID, Kind: s.cat.T(l, "orders.change.kind."+c.Kind), Description: c.Description,
			Days: daysText(l, c.PersonDays), Amount: money(l, c.Cents), State: s.cat.T(l, "orders.change.state."+c.State),
			When: i18nDate(l, c.ProposedAt), Pending: c.State == order.ChangeProposed}
		pending = pending || oc.Pending
		d.Changes = append(d.Changes, oc)
	}
	for _, e := range events {
		d.Events = append(d.Events, ordEvent{When: meetWhen(s.cat, l, e.At.In(s.zone(a))), Who: s.actorName(r, a, e.Actor),
			What: s.cat.T(l, "orders.event."+e.Action), Note: s.eventNote(l, e)})
	}
	orderer, supplier := order.IsOrderer(x, o), order.IsSupplier(x, o)
	d.QuoteRequired = order.QuoteRequired(a.Orders, o.EstimateCents)
	d.Cheaper = a.Orders != nil && a.Orders.CheaperAlternatives
	d.CanAnswer = supplier && (o.State == order.StatePlaced || o.State == order.StateAnswered)
	d.CanAccept = orderer && o.State == order.StateAnswered
	d.CanCancel = orderer && (o.State == order.StatePlaced || o.State == order.StateAnswered)
	d.CanChange = (orderer || supplier) && o.State == order.StateAccepted
	d.CanOverrun = supplier && o.State == order.StateAccepted && a.Orders != nil && a.Orders.OverrunNeedsApproval
	d.CanDecide = orderer && pending
	d.CanDeliver = supplier && o.State == order.StateAccepted && !pending
	d.CanApprove = orderer && o.State == order.StateDelivered
	if blocked != nil && o.State == order.StateAccepted {
		d.Blocked = s.errorText(l, blocked)
	}
}

// orderAction runs one state change of an order from a form and goes
// back to the order page, or shows the page with the errors.
func (s *Server) orderAction(w http.ResponseWriter, r *Req, form map[string]string, fn func(id int64) error) {
	id, ok := idOf(r, "order")
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := fn(id); err != nil {
		s.formFail(w, r, err, func(errs []FieldError) { s.showOrder(w, r, http.StatusUnprocessableEntity, form, errs) })
		return
	}
	s.flash(r, "orders.flash.saved")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/orders/"+itoa64(id), http.StatusSeeOther)
}

func (s *Server) answerOrder(w http.ResponseWriter, r *Req) {
	form := map[string]string{}
	for _, k := range []string{"answer-amount", "answer-days", "answer-text", "alt-amount", "alt-days", "alt-text"} {
		form[k] = r.PostFormValue(k)
	}
	s.orderAction(w, r, form, func(id int64) error {
		var in order.AnswerInput
		var fields []gov.FieldError
		var ok bool
		if in.Cents, ok = order.ParseMoney(form["answer-amount"]); !ok {
			fields = append(fields, gov.FieldError{Field: "answer-amount", ID: "orders.err.amount", Message: "give the cost"})
		}
		if in.PersonDays, ok = order.ParseDays(form["answer-days"]); !ok {
			fields = append(fields, gov.FieldError{Field: "answer-days", ID: "orders.err.days", Message: "give the person-days"})
		}
		if form["alt-amount"] != "" || form["alt-days"] != "" {
			in.AltCents, ok = order.ParseMoney(form["alt-amount"])
			alt, ok2 := order.ParseDays(form["alt-days"])
			if !ok || !ok2 {
				fields = append(fields, gov.FieldError{Field: "alt-amount", ID: "orders.err.alt", Message: "a cheaper alternative has person-days and a cost"})
			}
			in.AltDays = alt
		}
		if len(fields) > 0 {
			return gov.Invalid(fields...)
		}
		in.Text, in.AltText = form["answer-text"], form["alt-text"]
		return s.orderSvc().Answer(r.Context(), r.Agreement, s.actor(r), id, in)
	})
}

func (s *Server) acceptOrder(w http.ResponseWriter, r *Req) {
	s.orderAction(w, r, nil, func(id int64) error {
		return s.orderSvc().Accept(r.Context(), r.Agreement, s.actor(r), id, r.PostFormValue("alternative") == "1")
	})
}

func (s *Server) cancelOrder(w http.ResponseWriter, r *Req) {
	s.orderAction(w, r, nil, func(id int64) error { return s.orderSvc().Cancel(r.Context(), r.Agreement, s.actor(r), id) })
}

func (s *Server) proposeChange(w http.ResponseWriter, r *Req) {
	form := map[string]string{}
	for _, k := range []string{"change-kind", "change-description", "change-days", "change-amount"} {
		form[k] = r.PostFormValue(k)
	}
	s.orderAction(w, r, form, func(id int64) error {
		in := order.ChangeInput{Kind: form["change-kind"], Description: form["change-description"]}
		var fields []gov.FieldError
		var ok bool
		if form["change-days"] != "" {
			if in.PersonDays, ok = order.ParseDays(form["change-days"]); !ok {
				fields = append(fields, gov.FieldError{Field: "change-days", ID: "orders.err.changesize", Message: "give the additional person-days or cost"})
			}
		}
		if form["change-amount"] != "" {
			if in.Cents, ok = order.ParseMoney(form["change-amount"]); !ok {
				fields = append(fields, gov.FieldError{Field: "change-amount", ID: "orders.err.changesize", Message: "give the additional person-days or cost"})
			}
		}
		if len(fields) > 0 {
			return gov.Invalid(fields...)
		}
		return s.orderSvc().ProposeChange(r.Context(), r.Agreement, s.actor(r), id, in)
	})
}

func (s *Server) decideChange(w http.ResponseWriter, r *Req) {
	cid, ok := idOf(r, "change")
	if !ok {
		s.notFound(w, r)
		return
	}
	s.orderAction(w, r, nil, func(id int64) error {
		return s.orderSvc().DecideChange(r.Context(), r.Agreement, s.actor(r), id, cid, r.PostFormValue("decision") == "approve")
	})
}

func (s *Server) deliverOrder(w http.ResponseWriter, r *Req) {
	s.orderAction(w, r, nil, func(id int64) error { return s.orderSvc().Deliver(r.Context(), r.Agreement, s.actor(r), id) })
}

func (s *Server) approveDelivery(w http.ResponseWriter, r *Req) {
	form := map[string]string{"note": r.PostFormValue("note")}
	s.orderAction(w, r, form, func(id int64) error {
		return s.orderSvc().ApproveDelivery(r.Context(), r.Agreement, s.actor(r), id, r.PostFormValue("decision") == "approve", form["note"])
	})
}

// eventNote shows a history step's note: the coded notes of answers,
// acceptances and changes in words, free text (a returned delivery's
// reason) as written.
func (s *Server) eventNote(l string, e store.OrderEvent) string {
	switch e.Action {
	case "order.answer", "order.accept":
		return s.cat.T(l, "orders.answer."+e.Note)
	case "order.change.propose":
		return s.cat.T(l, "orders.change.kind."+e.Note)
	case "order.change.decide":
		if kind, state, ok := strings.Cut(e.Note, "/"); ok {
			return s.cat.T(l, "orders.change.kind."+kind) + ": " + s.cat.T(l, "orders.change.state."+state)
		}
	}
	return e.Note
}
