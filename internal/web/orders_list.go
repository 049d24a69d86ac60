package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/store"
)

type ordRow struct {
	Href, Number, Title, Kind, Class, Supplier, Orderer, State, Amount, Days string
	Overrun                                                                  bool
}

type ordListData struct {
	State, Kind, Supplier     string
	States, Kinds, Suppliers  []mtgOption
	Rows                      []ordRow
	CanOrder, CanNameContacts bool
	Contact                   *ordContactView
	Addenda                   []ordAddendum
	Currency                  string
}

type ordContactView struct{ Kinds, Max string }

type ordAddendum struct{ Number, Title, Order, OrderHref, Forum, Date string }

// orders is the order register: the orders the user's party placed or
// supplies (all for administrators), filtered by state, kind and
// supplier, with the addenda the additional services made.
func (s *Server) orders(w http.ResponseWriter, r *Req) {
	a := r.Agreement
	x := s.actor(r)
	q := r.URL.Query()
	d := &ordListData{State: q.Get("state"), Kind: q.Get("kind"), Supplier: q.Get("supplier"), Currency: a.Currency}
	if !slices.Contains(order.States, d.State) {
		d.State = ""
	}
	if !slices.Contains(order.Kinds, d.Kind) {
		d.Kind = ""
	}
	for _, st := range order.States {
		d.States = append(d.States, mtgOption{st, s.cat.T(r.Lang, "orders.state."+st)})
	}
	for _, k := range order.Kinds {
		d.Kinds = append(d.Kinds, mtgOption{k, s.cat.T(r.Lang, "orders.kind."+k)})
	}
	for _, p := range a.Parties {
		if p.Kind == gov.KindSupplier || p.Kind == gov.KindProvider {
			d.Suppliers = append(d.Suppliers, mtgOption{p.Slug, p.Name})
		}
	}
	if a.Party(d.Supplier) == nil {
		d.Supplier = ""
	}
	err := s.store.ReadOrders(r.Context(), func(tx *store.Tx) error {
		aid, err := tx.AgreementID(r.Context(), a.Slug)
		if err != nil {
			return err
		}
		cs, err := tx.OrderingContacts(r.Context(), aid)
		if err != nil {
			return err
		}
		if c := order.ContactOf(cs, x); c != nil {
			d.CanOrder = true
			d.Contact = &ordContactView{Kinds: s.kindList(r.Lang, c.Kinds), Max: money(r.Lang, c.MaxCents)}
		}
		os, err := tx.Orders(r.Context(), aid, store.OrderFilter{State: d.State, Kind: d.Kind, Supplier: d.Supplier})
		if err != nil {
			return err
		}
		for i := range os {
			o := &os[i]
			if !order.MaySee(a, x, o) {
				continue
			}
			changes, err := tx.OrderChanges(r.Context(), o.ID)
			if err != nil {
				return err
			}
			d.Rows = append(d.Rows, s.ordRow(r, o, order.EntriesAllowed(o, changes) != nil && o.State == order.StateAccepted))
		}
		ads, err := tx.Addenda(r.Context(), aid)
		if err != nil {
			return err
		}
		for _, ad := range ads {
			forum := ad.Forum
			if f := a.Forum(ad.Forum); f != nil {
				forum = f.Name
			}
			d.Addenda = append(d.Addenda, ordAddendum{Number: ad.Number, Title: ad.Title, Order: ad.OrderNumber,
				OrderHref: "/a/" + a.Slug + "/orders/" + itoa64(ad.OrderID), Forum: forum, Date: i18nDate(r.Lang, ad.CreatedAt)})
		}
		return nil
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, p := range a.Parties {
		if order.MayNameContacts(a, x, p.Slug) {
			d.CanNameContacts = true
		}
	}
	p := s.page(r, s.cat.T(r.Lang, "orders.title"), d)
	p.Section = "orders"
	p.Crumbs = []Crumb{{a.Name, "/a/" + a.Slug}}
	s.render(w, r, http.StatusOK, "orders", p)
}

func (s *Server) ordRow(r *Req, o *store.Order, overrun bool) ordRow {
	a := r.Agreement
	class := o.Class
	if a.Orders != nil {
		for _, c := range a.Orders.Classes {
			if c.Slug == o.Class {
				class = c.Name
			}
		}
	}
	return ordRow{Href: "/a/" + a.Slug + "/orders/" + itoa64(o.ID), Number: o.Number, Title: o.Title,
		Kind: s.cat.T(r.Lang, "orders.kind."+o.Kind), Class: class, Supplier: partyName(a, o.Supplier),
		Orderer: personName(a, o.Orderer), State: s.cat.T(r.Lang, "orders.state."+o.State),
		Amount: money(r.Lang, o.EstimateCents), Days: daysText(r.Lang, o.PersonDays), Overrun: overrun}
}

func (s *Server) kindList(lang string, kinds []string) string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = s.cat.T(lang, "orders.kind."+k)
	}
	return strings.Join(out, ", ")
}

// ordNewData is the new-order form.
type ordNewData struct {
	Kind, Pricing, Title, Description, Supplier, Days, Amount, Manager, Plan string
	Kinds, Pricings, Suppliers, People                                       []mtgOption
	Classes                                                                  []string
	QuoteAbove, Max, Currency                                                string
	NotContact                                                               bool
}

// newOrderForm shows the order form to an ordering contact.
func (s *Server) newOrderForm(w http.ResponseWriter, r *Req) {
	s.showOrderForm(w, r, http.StatusOK, ordNewData{Pricing: order.PricingHourly}, nil)
}

func (s *Server) showOrderForm(w http.ResponseWriter, r *Req, status int, d ordNewData, errs []FieldError) {
	a := r.Agreement
	x := s.actor(r)
	var c *order.Contact
	err := s.store.ReadOrders(r.Context(), func(tx *store.Tx) error {
		aid, err := tx.AgreementID(r.Context(), a.Slug)
		if err != nil {
			return err
		}
		cs, err := tx.OrderingContacts(r.Context(), aid)
		c = order.ContactOf(cs, x)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if c == nil {
		// Not an ordering contact: the page says so and offers no form.
		d.NotContact = true
		p := s.page(r, s.cat.T(r.Lang, "orders.new.title"), d)
		p.Section = "orders"
		p.Crumbs = []Crumb{{a.Name, "/a/" + a.Slug}, {s.cat.T(r.Lang, "orders.title"), "/a/" + a.Slug + "/orders"}}
		s.render(w, r, http.StatusOK, "order_new", p)
		return
	}
	for _, k := range c.Kinds {
		d.Kinds = append(d.Kinds, mtgOption{k, s.cat.T(r.Lang, "orders.kind."+k)})
	}
	for _, p := range []string{order.PricingHourly, order.PricingFixed} {
		d.Pricings = append(d.Pricings, mtgOption{p, s.cat.T(r.Lang, "orders.pricing."+p)})
	}
	for _, p := range order.Suppliers(a, c.Party) {
		d.Suppliers = append(d.Suppliers, mtgOption{p.Slug, p.Name})
	}
	for _, p := range visiblePeople(r, a, nil) {
		d.People = append(d.People, mtgOption{p.Slug, p.Name + " (" + partyName(a, p.Party) + ")"})
	}
	if a.Orders != nil {
		for _, cl := range a.Orders.Classes {
			d.Classes = append(d.Classes, cl.Name)
		}
		if a.Orders.QuoteAbove > 0 {
			d.QuoteAbove = money(r.Lang, int64(a.Orders.QuoteAbove*100))
		}
	}
	d.Max, d.Currency = money(r.Lang, c.MaxCents), a.Currency
	p := s.page(r, s.cat.T(r.Lang, "orders.new.title"), d)
	p.Section, p.Errors = "orders", errs
	p.Crumbs = []Crumb{{a.Name, "/a/" + a.Slug}, {s.cat.T(r.Lang, "orders.title"), "/a/" + a.Slug + "/orders"}}
	s.render(w, r, status, "order_new", p)
}

// placeOrder places an order; the service checks the ordering rights.
func (s *Server) placeOrder(w http.ResponseWriter, r *Req) {
	f := ordNewData{Kind: r.PostFormValue("kind"), Pricing: r.PostFormValue("pricing"), Title: r.PostFormValue("title"),
		Description: r.PostFormValue("description"), Supplier: r.PostFormValue("supplier"), Days: r.PostFormValue("days"),
		Amount: r.PostFormValue("amount"), Manager: r.PostFormValue("manager"), Plan: r.PostFormValue("plan")}
	in := order.PlaceInput{Kind: f.Kind, Pricing: f.Pricing, Title: f.Title, Description: f.Description, Supplier: f.Supplier,
		ProjectManager: f.Manager, ProjectPlan: f.Plan}
	var errs []FieldError
	var ok bool
	if in.PersonDays, ok = order.ParseDays(f.Days); !ok || in.PersonDays == 0 {
		errs = append(errs, FieldError{"days", s.cat.T(r.Lang, "orders.err.days")})
	}
	if in.Cents, ok = order.ParseMoney(f.Amount); !ok || in.Cents == 0 {
		errs = append(errs, FieldError{"amount", s.cat.T(r.Lang, "orders.err.amount")})
	}
	if len(errs) > 0 {
		s.showOrderForm(w, r, http.StatusUnprocessableEntity, f, errs)
		return
	}
	o, err := s.orderSvc().Place(r.Context(), r.Agreement, s.actor(r), in)
	if err != nil {
		s.formFail(w, r, err, func(errs []FieldError) { s.showOrderForm(w, r, http.StatusUnprocessableEntity, f, errs) })
		return
	}
	s.flash(r, "orders.flash.placed")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/orders/"+itoa64(o.ID), http.StatusSeeOther)
}

// ordContactsData is the ordering contacts page.
type ordContactsData struct {
	Rows          []ordContactRow
	People, Kinds []mtgOption
	Person, Max   string
	Chosen        []string
	CanName       bool
	Currency      string
}

type ordContactRow struct {
	Person, Party, Kinds, Max, Slug string
	CanRemove                       bool
}

// orderContacts lists the ordering contacts, with the form to name one
// for those who may.
func (s *Server) orderContacts(w http.ResponseWriter, r *Req) {
	s.showContacts(w, r, http.StatusOK, ordContactsData{}, nil)
}

func (s *Server) showContacts(w http.ResponseWriter, r *Req, status int, d ordContactsData, errs []FieldError) {
	a := r.Agreement
	x := s.actor(r)
	cs, err := s.orderSvc().Contacts(r.Context(), a, x)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, c := range cs {
		d.Rows = append(d.Rows, ordContactRow{Person: personName(a, c.Person), Party: partyName(a, c.Party),
			Kinds: s.kindList(r.Lang, c.Kinds), Max: money(r.Lang, c.MaxCents), Slug: c.Person, CanRemove: c.MayRemove})
	}
	for _, p := range order.Nameable(a, x) {
		d.People = append(d.People, mtgOption{p.Slug, p.Name + " (" + partyName(a, p.Party) + ")"})
	}
	d.CanName = len(d.People) > 0
	for _, k := range order.Kinds {
		d.Kinds = append(d.Kinds, mtgOption{k, s.cat.T(r.Lang, "orders.kind."+k)})
	}
	d.Currency = a.Currency
	p := s.page(r, s.cat.T(r.Lang, "orders.contacts.title"), d)
	p.Section, p.Errors = "orders", errs
	p.Crumbs = []Crumb{{a.Name, "/a/" + a.Slug}, {s.cat.T(r.Lang, "orders.title"), "/a/" + a.Slug + "/orders"}}
	s.render(w, r, status, "order_contacts", p)
}

// nameContact names an ordering contact or changes their rights.
func (s *Server) nameContact(w http.ResponseWriter, r *Req) {
	r.ParseForm()
	d := ordContactsData{Person: r.PostFormValue("person"), Max: r.PostFormValue("max"), Chosen: r.PostForm["kinds"]}
	cents, ok := order.ParseMoney(d.Max)
	if !ok {
		s.showContacts(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"max", s.cat.T(r.Lang, "orders.err.max")}})
		return
	}
	err := s.orderSvc().NameContact(r.Context(), r.Agreement, s.actor(r), order.ContactInput{Person: d.Person, Kinds: d.Chosen, MaxCents: cents})
	if err != nil {
		s.formFail(w, r, err, func(errs []FieldError) {
			for i := range errs {
				if errs[i].Field == "kinds" {
					errs[i].Field = "kinds-" + order.Kinds[0]
				}
			}
			s.showContacts(w, r, http.StatusUnprocessableEntity, d, errs)
		})
		return
	}
	s.flash(r, "orders.flash.contact")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/orders/contacts", http.StatusSeeOther)
}

// removeContact withdraws a person's ordering rights.
func (s *Server) removeContact(w http.ResponseWriter, r *Req) {
	if r.PostFormValue("person") == "" {
		s.showContacts(w, r, http.StatusUnprocessableEntity, ordContactsData{}, []FieldError{{"person", s.cat.T(r.Lang, "orders.err.person")}})
		return
	}
	if err := s.orderSvc().RemoveContact(r.Context(), r.Agreement, s.actor(r), r.PostFormValue("person")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "orders.flash.removed")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/orders/contacts", http.StatusSeeOther)
}
