package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/timesheet"
)

type tsRow struct {
	ID                                               int64
	Day, Person, Order, OrderHref, Rate, Hours, Desc string
	State, StateID, Note                             string
	CanEdit, CanDecide                               bool
}

type tsForm struct {
	Day, Hours, Order, Person, Rate, Description string
}

// tsFields is the entry form's fields, shared by the timesheet and the
// correction page (partials/timefields.html).
type tsFields struct {
	L                     Loc
	F                     tsForm
	Orders, People, Rates []mtgOption
	Today                 string
	errs                  []FieldError
}

// ErrorFor returns the message for a field, or "".
func (t tsFields) ErrorFor(field string) string { return Page{Errors: t.errs}.ErrorFor(field) }

type tsData struct {
	Fields tsFields
	// Week narrows the month to one week (its Monday), for the supplier's
	// weekly correction; "" is the whole month.
	Week                                 string
	Weeks                                []mtgOption
	Supplier, SupplierName, Month, State string
	Suppliers, Months, States            []mtgOption
	Rows                                 []tsRow
	Total, Approved, Pending             string
	ApproveBy, InvoiceBy, DueNote        string
	DueClass                             string
	Issued                               bool
	CanEnter, CanApprove                 bool
	Form                                 tsForm
	Orders, People, Rates                []mtgOption
	Step                                 int
	Today                                string
	Back                                 string
}

// timesheetFilter reads the supplier and month of the request: the
// user's own party when it reports time, else the first supplier the
// user may see; this month by default.
func (s *Server) timesheetFilter(r *Req) (supplier, month string, suppliers []mtgOption) {
	a := r.Agreement
	x := s.actor(r)
	for _, p := range timesheet.Suppliers(a) {
		if timesheet.MaySee(a, x, p.Slug) {
			suppliers = append(suppliers, mtgOption{p.Slug, p.Name})
		}
	}
	supplier = r.URL.Query().Get("supplier")
	if !slices.ContainsFunc(suppliers, func(o mtgOption) bool { return o.Value == supplier }) {
		supplier = ""
		if slices.ContainsFunc(suppliers, func(o mtgOption) bool { return o.Value == x.P.Party }) {
			supplier = x.P.Party
		} else if len(suppliers) > 0 {
			supplier = suppliers[0].Value
		}
	}
	month = r.URL.Query().Get("month")
	if _, _, err := timesheet.MonthRange(month); err != nil {
		month = timesheet.Today(a, s.cfg.Now()).String()[:7]
	}
	return supplier, month, suppliers
}

// timesheet shows a supplier's month: entries by day with their state,
// the approval and invoicing deadlines, the entry form for the
// supplier's people and the approval forms for the ordering party.
func (s *Server) timesheet(w http.ResponseWriter, r *Req) {
	s.showTimesheet(w, r, http.StatusOK, tsForm{}, nil)
}

func (s *Server) showTimesheet(w http.ResponseWriter, r *Req, status int, form tsForm, errs []FieldError) {
	a := r.Agreement
	x := s.actor(r)
	l := r.Lang
	supplier, month, suppliers := s.timesheetFilter(r)
	if supplier == "" {
		s.noSupplier(w, r, "time.title", "time")
		return
	}
	today := timesheet.Today(a, s.cfg.Now())
	d := &tsData{Supplier: supplier, SupplierName: partyName(a, supplier), Month: month, Suppliers: suppliers,
		State: r.URL.Query().Get("state"), Step: timesheet.Step(a), Today: today.String(), Form: form}
	if !slices.Contains(timesheet.States, d.State) {
		d.State = ""
	}
	if d.Form.Day == "" {
		d.Form.Day = today.String()
	}
	for _, st := range timesheet.States {
		d.States = append(d.States, mtgOption{st, s.cat.T(l, "time.state."+st)})
	}
	for i := 0; i < 13; i++ {
		t := today.Time(s.zone(a)).AddDate(0, -i, 0)
		m := t.Format("2006-01")
		d.Months = append(d.Months, mtgOption{m, s.cat.Month(l, t.Month()) + " " + t.Format("2006")})
	}
	if !slices.ContainsFunc(d.Months, func(o mtgOption) bool { return o.Value == month }) {
		d.Months = append(d.Months, mtgOption{month, month})
	}
	d.Back = "/a/" + a.Slug + "/time?supplier=" + supplier + "&month=" + month
	dl, err := timesheet.DeadlinesFor(a, month)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.ApproveBy, d.InvoiceBy = l10nDate(l, dl.ApproveBy), l10nDate(l, dl.InvoiceBy)
	d.CanEnter = timesheet.MayEnter(a, x, supplier)
	from, to, _ := timesheet.MonthRange(month)
	d.Weeks, d.Week = s.monthWeeks(l, from, to), r.URL.Query().Get("week")
	if i := slices.IndexFunc(d.Weeks, func(o mtgOption) bool { return o.Value == d.Week }); i < 0 {
		d.Week = ""
	} else {
		monday, _ := time.Parse(time.DateOnly, d.Week)
		from, to = max(from, d.Week), min(to, monday.AddDate(0, 0, 6).Format(time.DateOnly))
	}
	err = s.store.ReadOrders(r.Context(), func(tx *store.Tx) error {
		aid, err := tx.AgreementID(r.Context(), a.Slug)
		if err != nil {
			return err
		}
		if _, err := tx.InvoiceBasisFor(r.Context(), aid, supplier, month); err == nil {
			d.Issued = true
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		es, err := tx.TimeEntries(r.Context(), aid, store.EntryFilter{Supplier: supplier, From: from, To: to, State: d.State})
		if err != nil {
			return err
		}
		orders, err := tx.Orders(r.Context(), aid, store.OrderFilter{Supplier: supplier})
		if err != nil {
			return err
		}
		byID := map[int64]*store.Order{}
		for i := range orders {
			byID[orders[i].ID] = &orders[i]
			if orders[i].State == order.StateAccepted {
				d.Orders = append(d.Orders, mtgOption{orders[i].Number, orders[i].Number + " " + orders[i].Title})
			}
		}
		total, approved, pending := 0, 0, 0
		for _, e := range es {
			row := tsRow{ID: e.ID, Day: l10nDay(l, e.Day), Person: personName(a, e.Person), Order: e.OrderNumber, Rate: s.rateName(a, e.Rate),
				Hours: hoursText(l, e.Minutes), Desc: e.Description, State: s.cat.T(l, "time.state."+e.State), StateID: e.State, Note: e.Note}
			if e.OrderID != 0 {
				row.OrderHref = "/a/" + a.Slug + "/orders/" + itoa64(e.OrderID)
			}
			row.CanEdit = d.CanEnter && !d.Issued && e.State != timesheet.StateApproved
			row.CanDecide = !d.Issued && timesheet.MayApprove(a, x, supplier, byID[e.OrderID])
			d.CanApprove = d.CanApprove || row.CanDecide && e.State == timesheet.StateEntered
			total += e.Minutes
			switch e.State {
			case timesheet.StateApproved:
				approved += e.Minutes
			case timesheet.StateEntered:
				pending += e.Minutes
			}
			d.Rows = append(d.Rows, row)
		}
		d.Total, d.Approved, d.Pending = hoursText(l, total), hoursText(l, approved), hoursText(l, pending)
		switch left := timesheet.Calendar(a).WorkingDaysBetween(today, dl.ApproveBy); {
		case d.Issued:
			d.DueNote = s.cat.T(l, "time.due.issued")
		case pending == 0:
		case left < 0:
			d.DueNote, d.DueClass = s.cat.T(l, "time.due.overdue", "Date", d.ApproveBy), "overdue"
		default:
			d.DueNote, d.DueClass = s.cat.T(l, "time.due.left", "Count", left, "Date", d.ApproveBy), "due"
		}
		return nil
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, p := range visiblePeople(r, a, func(p *gov.Person) bool { return p.Party == supplier }) {
		d.People = append(d.People, mtgOption{p.Slug, p.Name})
	}
	if d.Form.Person == "" && x.Person != nil && x.Person.Party == supplier {
		d.Form.Person = x.Person.Slug
	}
	if a.TimeReporting != nil {
		for _, rt := range a.TimeReporting.RatesFor(supplier) {
			d.Rates = append(d.Rates, mtgOption{rt.Slug, rt.Name + " (" + money(l, int64(rt.Hourly*100)) + " " + a.Currency + "/h)"})
		}
	}
	p := s.page(r, s.cat.T(l, "time.title"), d)
	p.Section, p.Errors = "time", errs
	d.Fields = tsFields{L: p.L, F: d.Form, Orders: d.Orders, People: d.People, Rates: d.Rates, Today: d.Today, errs: errs}
	p.Crumbs = []Crumb{{a.Name, "/a/" + a.Slug}}
	s.render(w, r, status, "timesheet", p)
}

func (s *Server) rateName(a *gov.Agreement, slug string) string {
	if a.TimeReporting != nil {
		for _, r := range a.TimeReporting.Rates {
			if r.Slug == slug {
				return r.Name
			}
		}
	}
	return slug
}

func l10nDate(lang string, d calendar.Date) string { return i18nDate(lang, d.Time(time.UTC)) }

func l10nDay(lang, day string) string {
	d, err := calendar.ParseDate(day)
	if err != nil {
		return day
	}
	return l10nDate(lang, d)
}

// readEntry reads the entry form; the duration's own error is a field
// error before the service sees the rest.
func (s *Server) readEntry(r *Req) (tsForm, timesheet.Input, *FieldError) {
	f := tsForm{Day: strings.TrimSpace(r.PostFormValue("day")), Hours: r.PostFormValue("hours"), Order: r.PostFormValue("order"),
		Person: r.PostFormValue("person"), Rate: r.PostFormValue("rate"), Description: r.PostFormValue("description")}
	in := timesheet.Input{Order: f.Order, Person: f.Person, Rate: f.Rate, Day: f.Day, Description: f.Description}
	m, ok := timesheet.ParseDuration(f.Hours)
	if !ok {
		return f, in, &FieldError{"hours", s.cat.T(r.Lang, "time.err.hours")}
	}
	in.Minutes = m
	return f, in, nil
}

// enterTime stores an entry of the supplier chosen in the query.
func (s *Server) enterTime(w http.ResponseWriter, r *Req) {
	f, in, fe := s.readEntry(r)
	again := func(errs []FieldError) { s.showTimesheet(w, r, http.StatusUnprocessableEntity, f, errs) }
	if fe != nil {
		again([]FieldError{*fe})
		return
	}
	in.Supplier, _, _ = s.timesheetFilter(r)
	if _, err := s.timeSvc().Enter(r.Context(), r.Agreement, s.actor(r), in, "web"); err != nil {
		s.formFail(w, r, err, again)
		return
	}
	s.flash(r, "time.flash.entered")
	http.Redirect(w, r.Request, r.URL.RequestURI(), http.StatusSeeOther)
}

// decideTime approves or returns one entry, or approves the month.
func (s *Server) decideTime(w http.ResponseWriter, r *Req) {
	supplier, month, _ := s.timesheetFilter(r)
	var err error
	switch {
	case r.PostFormValue("all") == "1":
		_, err = s.timeSvc().ApproveMonth(r.Context(), r.Agreement, s.actor(r), supplier, month)
	default:
		id, perr := strconv.ParseInt(r.PostFormValue("entry"), 10, 64)
		if perr != nil {
			s.showTimesheet(w, r, http.StatusUnprocessableEntity, tsForm{}, []FieldError{{"", s.cat.T(r.Lang, "time.err.notfound")}})
			return
		}
		_, err = s.timeSvc().Decide(r.Context(), r.Agreement, s.actor(r), []int64{id}, r.PostFormValue("decision") == "approve", r.PostFormValue("note"))
	}
	if err != nil {
		s.formFail(w, r, err, func(errs []FieldError) {
			for i := range errs {
				if errs[i].Field == "note" {
					errs[i].Field = "note-" + r.PostFormValue("entry")
				}
			}
			s.showTimesheet(w, r, http.StatusUnprocessableEntity, tsForm{}, errs)
		})
		return
	}
	s.flash(r, "time.flash.decided")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/time?supplier="+supplier+"&month="+month, http.StatusSeeOther)
}

type tsEditData struct {
	Fields                tsFields
	ID                    int64
	Form                  tsForm
	Orders, People, Rates []mtgOption
	Back                  string
}

// editTimeForm shows an entry for correction.
func (s *Server) editTimeForm(w http.ResponseWriter, r *Req) {
	s.showEditTime(w, r, http.StatusOK, nil, nil)
}

func (s *Server) showEditTime(w http.ResponseWriter, r *Req, status int, form *tsForm, errs []FieldError) {
	a := r.Agreement
	x := s.actor(r)
	id, ok := idOf(r, "entry")
	if !ok {
		s.notFound(w, r)
		return
	}
	d := &tsEditData{ID: id}
	var e *store.TimeEntry
	err := s.store.ReadOrders(r.Context(), func(tx *store.Tx) error {
		aid, err := tx.AgreementID(r.Context(), a.Slug)
		if err != nil {
			return err
		}
		if e, err = tx.TimeEntryByID(r.Context(), aid, id, false); err != nil {
			return err
		}
		if !timesheet.MaySee(a, x, e.Supplier) {
			return store.ErrNotFound
		}
		orders, err := tx.Orders(r.Context(), aid, store.OrderFilter{Supplier: e.Supplier, State: order.StateAccepted})
		for _, o := range orders {
			d.Orders = append(d.Orders, mtgOption{o.Number, o.Number + " " + o.Title})
		}
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !timesheet.MayEnter(a, x, e.Supplier) {
		s.renderError(w, r, http.StatusForbidden, "time.err.notsupplier")
		return
	}
	if form != nil {
		d.Form = *form
	} else {
		d.Form = tsForm{Day: e.Day, Hours: hoursText(r.Lang, e.Minutes), Order: e.OrderNumber, Person: e.Person, Rate: e.Rate, Description: e.Description}
	}
	for _, p := range visiblePeople(r, a, func(p *gov.Person) bool { return p.Party == e.Supplier }) {
		d.People = append(d.People, mtgOption{p.Slug, p.Name})
	}
	if a.TimeReporting != nil {
		for _, rt := range a.TimeReporting.RatesFor(e.Supplier) {
			d.Rates = append(d.Rates, mtgOption{rt.Slug, rt.Name})
		}
	}
	d.Back = "/a/" + a.Slug + "/time?supplier=" + e.Supplier + "&month=" + e.Day[:7]
	p := s.page(r, s.cat.T(r.Lang, "time.edit.title"), d)
	p.Section, p.Errors = "time", errs
	d.Fields = tsFields{L: p.L, F: d.Form, Orders: d.Orders, People: d.People, Rates: d.Rates, errs: errs}
	p.Crumbs = []Crumb{{a.Name, "/a/" + a.Slug}, {s.cat.T(r.Lang, "time.title"), d.Back}}
	s.render(w, r, status, "time_edit", p)
}

// correctTime saves a correction.
func (s *Server) correctTime(w http.ResponseWriter, r *Req) {
	id, ok := idOf(r, "entry")
	if !ok {
		s.notFound(w, r)
		return
	}
	f, in, fe := s.readEntry(r)
	again := func(errs []FieldError) { s.showEditTime(w, r, http.StatusUnprocessableEntity, &f, errs) }
	if fe != nil {
		again([]FieldError{*fe})
		return
	}
	if err := s.timeSvc().Correct(r.Context(), r.Agreement, s.actor(r), id, in); err != nil {
		s.formFail(w, r, err, again)
		return
	}
	s.flash(r, "time.flash.corrected")
	http.Redirect(w, r.Request, safeNext(r.PostFormValue("back")), http.StatusSeeOther)
}

// deleteTime removes an entry not yet approved.
func (s *Server) deleteTime(w http.ResponseWriter, r *Req) {
	id, ok := idOf(r, "entry")
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := s.timeSvc().Delete(r.Context(), r.Agreement, s.actor(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "time.flash.deleted")
	http.Redirect(w, r.Request, safeNext(r.PostFormValue("back")), http.StatusSeeOther)
}

// noSupplier is the time and invoice pages of a user who may see no
// supplier's hours (a municipality's member, say): it says so.
func (s *Server) noSupplier(w http.ResponseWriter, r *Req, title, section string) {
	p := s.page(r, s.cat.T(r.Lang, title), nil)
	p.Section = section
	p.Crumbs = []Crumb{{r.Agreement.Name, "/a/" + r.Agreement.Slug}}
	s.render(w, r, http.StatusOK, "time_none", p)
}

// monthWeeks lists the weeks (by their Monday) that overlap the month
// from..to, named by their ISO week number and days.
func (s *Server) monthWeeks(lang, from, to string) []mtgOption {
	first, _ := time.Parse(time.DateOnly, from)
	last, _ := time.Parse(time.DateOnly, to)
	monday := first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7))
	var out []mtgOption
	for ; !monday.After(last); monday = monday.AddDate(0, 0, 7) {
		_, wk := monday.ISOWeek()
		out = append(out, mtgOption{monday.Format(time.DateOnly), s.cat.T(lang, "time.week", "Week", wk,
			"From", i18nDate(lang, maxTime(monday, first)), "To", i18nDate(lang, minTime(monday.AddDate(0, 0, 6), last)))})
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
