package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/invoice"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/timesheet"
)

// Orders, time entries and invoice bases through the API (issue 7): the
// reads need UseOrders and list what the caller's party may see; the
// changes need ViewForum at the route and internal/order,
// internal/timesheet and internal/invoice decide the rest (ordering
// contacts and their limits, the supplier's people, the ordering
// party's approval), as for the web pages. Amounts are in the
// agreement's currency, as numbers with at most two decimals.

func (a *API) orderSvc() *order.Service {
	s := order.New(a.store)
	s.Now = func() time.Time { return a.now() }
	return s
}

func (a *API) timeSvc() *timesheet.Service {
	s := timesheet.New(a.store)
	s.Now = func() time.Time { return a.now() }
	return s
}

func (a *API) invoiceSvc() *invoice.Service {
	s := invoice.New(a.store)
	s.Now = func() time.Time { return a.now() }
	return s
}

func units(cents int64) float64 { return float64(cents) / 100 }

// cents reads an amount in currency units; ok is false for a negative
// one or one with more than two decimals.
func cents(v float64) (int64, bool) {
	c := v * 100
	r := float64(int64(c + 0.5))
	if v < 0 || c-r > 1e-6 || r-c > 1e-6 || v > 1e12 {
		return 0, false
	}
	return int64(r), true
}

// listOrders lists the orders the caller's party placed or supplies,
// filtered by state, kind and supplier.
func (a *API) listOrders(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	f := store.OrderFilter{State: q.Get("state"), Kind: q.Get("kind"), Supplier: q.Get("supplier")}
	if f.State != "" && !slices.Contains(order.States, f.State) {
		writeError(w, errBadRequest("state must be one of placed, answered, accepted, delivered, closed, cancelled"))
		return
	}
	if f.Kind != "" && !slices.Contains(order.Kinds, f.Kind) {
		writeError(w, errBadRequest("kind must be one of assignment, special, additional, service-request"))
		return
	}
	x := a.actor(r)
	out := []Order{}
	err := a.store.ReadOrders(r.Context(), func(tx *store.Tx) error {
		aid, err := tx.AgreementID(r.Context(), r.Agreement.Slug)
		if err != nil {
			return err
		}
		os, err := tx.Orders(r.Context(), aid, f)
		if err != nil {
			return err
		}
		for i := range os {
			if !order.MaySee(r.Agreement, x, &os[i]) {
				continue
			}
			cs, err := tx.OrderChanges(r.Context(), os[i].ID)
			if err != nil {
				return err
			}
			out = append(out, orderDTO(&os[i], cs))
		}
		return nil
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

// writeOrder answers with an order as it is now.
func (a *API) writeOrder(w http.ResponseWriter, r *Req, status int, id int64) {
	var out Order
	err := a.store.ReadOrders(r.Context(), func(tx *store.Tx) error {
		aid, err := tx.AgreementID(r.Context(), r.Agreement.Slug)
		if err != nil {
			return err
		}
		o, err := tx.OrderByID(r.Context(), aid, id, false)
		if err != nil {
			return err
		}
		cs, err := tx.OrderChanges(r.Context(), o.ID)
		out = orderDTO(o, cs)
		return err
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/agreements/"+r.Agreement.Slug+"/orders?number="+out.Number)
	}
	writeJSON(w, status, out)
}

// placeOrder places an order as the caller, an ordering contact.
func (a *API) placeOrder(w http.ResponseWriter, r *Req) {
	var in OrderInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	c, ok := cents(in.Amount)
	if !ok {
		writeError(w, errValidation(FieldError{"amount", "a positive amount with at most two decimals"}))
		return
	}
	o, err := a.orderSvc().Place(r.Context(), r.Agreement, a.actor(r), order.PlaceInput{Kind: in.Kind, Pricing: in.Pricing, Title: in.Title,
		Description: in.Description, Supplier: in.Supplier, PersonDays: in.PersonDays, Cents: c, ProjectManager: in.ProjectManager, ProjectPlan: in.ProjectPlan})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeOrder(w, r, http.StatusCreated, o.ID)
}

// orderStep runs one change of the {order} and answers with the order.
func (a *API) orderStep(w http.ResponseWriter, r *Req, body any, fn func(id int64) error) {
	id, ok := pathID(r, "order")
	if !ok {
		writeError(w, fromGov(&gov.Error{Code: gov.CodeNotFound, Message: "no such order"}))
		return
	}
	if body != nil {
		if e := decode(w, r, body); e != nil {
			writeError(w, e)
			return
		}
	}
	if err := fn(id); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeOrder(w, r, http.StatusOK, id)
}

func (a *API) answerOrder(w http.ResponseWriter, r *Req) {
	var in AnswerInput
	a.orderStep(w, r, &in, func(id int64) error {
		c, ok1 := cents(in.Amount)
		alt, ok2 := cents(in.AltAmount)
		if !ok1 || !ok2 {
			return gov.Invalid(gov.FieldError{Field: "amount", Message: "amounts are positive with at most two decimals"})
		}
		return a.orderSvc().Answer(r.Context(), r.Agreement, a.actor(r), id, order.AnswerInput{Cents: c, PersonDays: in.PersonDays, Text: in.Text,
			AltCents: alt, AltDays: in.AltPersonDays, AltText: in.AltText})
	})
}

func (a *API) acceptOrder(w http.ResponseWriter, r *Req) {
	var in AcceptInput
	a.orderStep(w, r, &in, func(id int64) error {
		return a.orderSvc().Accept(r.Context(), r.Agreement, a.actor(r), id, in.Alternative)
	})
}

func (a *API) proposeOrderChange(w http.ResponseWriter, r *Req) {
	var in ChangeInput
	a.orderStep(w, r, &in, func(id int64) error {
		c, ok := cents(in.Amount)
		if !ok {
			return gov.Invalid(gov.FieldError{Field: "amount", Message: "a positive amount with at most two decimals"})
		}
		return a.orderSvc().ProposeChange(r.Context(), r.Agreement, a.actor(r), id, order.ChangeInput{Kind: in.Kind, Description: in.Description,
			PersonDays: in.PersonDays, Cents: c})
	})
}

func (a *API) decideOrderChange(w http.ResponseWriter, r *Req) {
	var in DecisionInput
	change, ok := pathID(r, "change")
	if !ok {
		writeError(w, fromGov(&gov.Error{Code: gov.CodeNotFound, Message: "no such change"}))
		return
	}
	a.orderStep(w, r, &in, func(id int64) error {
		return a.orderSvc().DecideChange(r.Context(), r.Agreement, a.actor(r), id, change, in.Approve)
	})
}

func (a *API) deliverOrder(w http.ResponseWriter, r *Req) {
	a.orderStep(w, r, nil, func(id int64) error { return a.orderSvc().Deliver(r.Context(), r.Agreement, a.actor(r), id) })
}

func (a *API) decideDelivery(w http.ResponseWriter, r *Req) {
	var in DecisionInput
	a.orderStep(w, r, &in, func(id int64) error {
		return a.orderSvc().ApproveDelivery(r.Context(), r.Agreement, a.actor(r), id, in.Approve, in.Note)
	})
}

// listTimeEntries lists a month's entries of the suppliers the caller
// may see (or of one, with supplier).
func (a *API) listTimeEntries(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	month := q.Get("month")
	if month == "" {
		month = timesheet.Today(r.Agreement, a.now()).String()[:7]
	}
	from, to, err := timesheet.MonthRange(month)
	if err != nil {
		writeError(w, errBadRequest("month is YYYY-MM"))
		return
	}
	x := a.actor(r)
	out := []TimeEntry{}
	err = a.store.ReadOrders(r.Context(), func(tx *store.Tx) error {
		aid, err := tx.AgreementID(r.Context(), r.Agreement.Slug)
		if err != nil {
			return err
		}
		for _, p := range timesheet.Suppliers(r.Agreement) {
			if s := q.Get("supplier"); s != "" && s != p.Slug || !timesheet.MaySee(r.Agreement, x, p.Slug) {
				continue
			}
			es, err := tx.TimeEntries(r.Context(), aid, store.EntryFilter{Supplier: p.Slug, From: from, To: to, State: q.Get("state")})
			if err != nil {
				return err
			}
			for _, e := range es {
				out = append(out, entryDTO(e))
			}
		}
		return nil
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

// createTimeEntry enters hours as one of the supplier's people.
func (a *API) createTimeEntry(w http.ResponseWriter, r *Req) {
	var in TimeEntryInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	e, err := a.timeSvc().Enter(r.Context(), r.Agreement, a.actor(r), timesheet.Input{Supplier: in.Supplier, Order: in.Order, Person: in.Person,
		Rate: in.Rate, Day: in.Day, Minutes: in.Minutes, Description: in.Description}, "api")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, entryDTO(*e))
}

// decideTimeEntries approves or returns entries by id, or approves a
// supplier's month.
func (a *API) decideTimeEntries(w http.ResponseWriter, r *Req) {
	var in TimeDecisionInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	var n int
	var err error
	switch {
	case len(in.Entries) > 0:
		n, err = a.timeSvc().Decide(r.Context(), r.Agreement, a.actor(r), in.Entries, in.Approve, in.Note)
	case in.Supplier != "" && in.Month != "" && in.Approve:
		n, err = a.timeSvc().ApproveMonth(r.Context(), r.Agreement, a.actor(r), in.Supplier, in.Month)
	default:
		err = gov.Invalid(gov.FieldError{Field: "entries", Message: "name the entries, or approve a supplier's month"})
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"changed": n})
}

// listInvoiceBases gives a month's basis of every supplier the caller may
// see: issued, or as it would be issued now.
func (a *API) listInvoiceBases(w http.ResponseWriter, r *Req) {
	month := r.URL.Query().Get("month")
	if month == "" {
		// The basis most likely wanted is last month's.
		month = timesheet.Today(r.Agreement, a.now()).Time(time.UTC).AddDate(0, -1, 0).Format("2006-01")
	}
	if _, _, err := timesheet.MonthRange(month); err != nil {
		writeError(w, errBadRequest("month is YYYY-MM"))
		return
	}
	x := a.actor(r)
	out := []InvoiceBasis{}
	for _, p := range timesheet.Suppliers(r.Agreement) {
		if !timesheet.MaySee(r.Agreement, x, p.Slug) {
			continue
		}
		b, err := a.invoiceSvc().Get(r.Context(), r.Agreement, x, p.Slug, month)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out = append(out, basisDTO(b))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

// issueInvoiceBasis issues a supplier's month, as the supplier.
func (a *API) issueInvoiceBasis(w http.ResponseWriter, r *Req) {
	var in IssueInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	b, err := a.invoiceSvc().Issue(r.Context(), r.Agreement, a.actor(r), in.Supplier, in.Month)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, basisDTO(b))
}
