package order

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// Actor is who acts, resolved as the meeting rules resolve them: the
// principal, their role and their directory entry.
type Actor = meeting.Actor

// Service runs orders on a store.
type Service struct {
	st *store.Store
	// Now returns the current time; tests pin it.
	Now func() time.Time
}

// New returns a service on st.
func New(st *store.Store) *Service { return &Service{st: st, Now: time.Now} }

// Contact is an ordering contact with their rights.
type Contact = store.OrderingContact

// Text limits.
const (
	MaxTitle = 200
	MaxText  = 5000
)

func forbidden(id, msg string, args ...any) *gov.Error {
	return &gov.Error{Code: gov.CodeForbidden, Message: msg, ID: id, Args: args}
}

func conflict(id, msg string, args ...any) *gov.Error {
	return &gov.Error{Code: gov.CodeConflict, Message: msg, ID: id, Args: args}
}

func field(name, id, msg string, args ...any) gov.FieldError {
	return gov.FieldError{Field: name, Message: msg, ID: id, Args: args}
}

// notFound is the answer for an order id that is not the agreement's.
func notFound(id int64) *gov.Error {
	return &gov.Error{Code: gov.CodeNotFound, Message: fmt.Sprintf("no order %d", id), ID: "orders.err.notfound"}
}

// Orderers are the parties that may name ordering contacts and place
// orders: those that buy from another party (issue #14: the buying side
// of a contract relationship).
func orderingParty(a *gov.Agreement, slug string) bool {
	return a.Party(slug) != nil && len(a.SellersTo(slug)) > 0
}

// Suppliers returns the parties an orderer of party may order from: the
// parties it has a contract to buy from (a city orders from the provider,
// the provider from its suppliers).
func Suppliers(a *gov.Agreement, party string) []gov.Party {
	var out []gov.Party
	for _, s := range a.SellersTo(party) {
		if p := a.Party(s); p != nil {
			out = append(out, *p)
		}
	}
	return out
}

// representsParty reports whether x is a representative of party
// (a customer, provider or supplier account of that organisation).
func representsParty(x Actor, party string) bool {
	return x.P.Party == party && (x.Role == auth.Customer || x.Role == auth.Provider || x.Role == auth.Supplier)
}

// MayNameContacts reports whether x may name ordering contacts for
// party: an administrator, or a representative of that ordering party.
func MayNameContacts(a *gov.Agreement, x Actor, party string) bool {
	return orderingParty(a, party) && (x.Role == auth.Admin || representsParty(x, party))
}

// ContactInput names a person an ordering contact.
type ContactInput struct {
	Person   string
	Kinds    []string
	MaxCents int64
}

// NameContact names a person of an ordering party an ordering contact, or
// changes their rights.
func (s *Service) NameContact(ctx context.Context, a *gov.Agreement, x Actor, in ContactInput) error {
	var fields []gov.FieldError
	p := a.Person(in.Person)
	switch {
	case p == nil:
		fields = append(fields, field("person", "orders.err.person", "choose a person from the directory"))
	case !orderingParty(a, p.Party):
		fields = append(fields, field("person", "orders.err.personparty", "ordering contacts are people of a customer or the provider"))
	case !MayNameContacts(a, x, p.Party):
		return forbidden("orders.err.namecontacts", "only the ordering party's representatives name its ordering contacts")
	}
	if len(in.Kinds) == 0 {
		fields = append(fields, field("kinds", "orders.err.kinds", "choose at least one kind of order"))
	}
	for _, k := range in.Kinds {
		if !slices.Contains(Kinds, k) {
			fields = append(fields, field("kinds", "orders.err.kinds", "choose at least one kind of order"))
			break
		}
	}
	if in.MaxCents <= 0 {
		fields = append(fields, field("max", "orders.err.max", "give the largest order value, above zero"))
	}
	if len(fields) > 0 {
		return gov.Invalid(fields...)
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		c := &store.OrderingContact{Person: p.Slug, Party: p.Party, Kinds: in.Kinds, MaxCents: in.MaxCents, NamedBy: x.Name(), NamedAt: s.Now()}
		if err := tx.SaveOrderingContact(ctx, aid, c); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "order.contact.name", ObjectType: "ordering_contact", ObjectID: p.Slug,
			AgreementID: aid, After: c})
	})
}

// RemoveContact withdraws a person's ordering rights.
func (s *Service) RemoveContact(ctx context.Context, a *gov.Agreement, x Actor, person string) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		cs, err := tx.OrderingContacts(ctx, aid)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(cs, func(c store.OrderingContact) bool { return c.Person == person })
		if i < 0 {
			return &gov.Error{Code: gov.CodeNotFound, Message: "no such ordering contact", ID: "orders.err.nocontact"}
		}
		if !MayNameContacts(a, x, cs[i].Party) {
			return forbidden("orders.err.namecontacts", "only the ordering party's representatives name its ordering contacts")
		}
		if _, err := tx.RemoveOrderingContact(ctx, aid, person); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "order.contact.remove", ObjectType: "ordering_contact", ObjectID: person,
			AgreementID: aid, Before: cs[i]})
	})
}

// ContactOf returns x's ordering contact entry, or nil.
func ContactOf(cs []store.OrderingContact, x Actor) *Contact {
	if x.Person == nil {
		return nil
	}
	for i := range cs {
		if cs[i].Person == x.Person.Slug && cs[i].Party == x.Person.Party && x.P.Party == cs[i].Party {
			return &cs[i]
		}
	}
	return nil
}

// PlaceInput is a new order.
type PlaceInput struct {
	Kind, Pricing, Title, Description, Supplier string
	PersonDays                                  float64
	Cents                                       int64
	ProjectManager, ProjectPlan                 string
}

// validate checks an order's fields against the model; class is the
// estimate's class.
func (in PlaceInput) validate(a *gov.Agreement, party string) (*gov.OrderClass, *gov.Error) {
	var fields []gov.FieldError
	if !slices.Contains(Kinds, in.Kind) {
		fields = append(fields, field("kind", "orders.err.kind.invalid", "choose the kind of order"))
	}
	if in.Pricing != PricingHourly && in.Pricing != PricingFixed {
		fields = append(fields, field("pricing", "orders.err.pricing", "choose hourly or a fixed price"))
	}
	if t := strings.TrimSpace(in.Title); t == "" || utf8.RuneCountInString(t) > MaxTitle {
		fields = append(fields, field("title", "orders.err.title", "give the order a title (at most 200 characters)", "Max", MaxTitle))
	}
	if t := strings.TrimSpace(in.Description); t == "" || utf8.RuneCountInString(t) > MaxText {
		fields = append(fields, field("description", "orders.err.description", "describe the work in plain language (at most 5000 characters)", "Max", MaxText))
	}
	if !slices.ContainsFunc(Suppliers(a, party), func(p gov.Party) bool { return p.Slug == in.Supplier }) {
		fields = append(fields, field("supplier", "orders.err.supplier", "choose the supplier the order goes to"))
	}
	if in.PersonDays <= 0 {
		fields = append(fields, field("days", "orders.err.days", "give the estimate in person-days, above zero"))
	}
	if in.Cents <= 0 {
		fields = append(fields, field("amount", "orders.err.amount", "give the estimated cost, above zero"))
	}
	class := Class(a.Orders, in.PersonDays)
	if class != nil && class.Project {
		if pm := a.Person(in.ProjectManager); pm == nil {
			fields = append(fields, field("manager", "orders.err.manager", "a project needs a project manager", "Class", class.Name))
		}
		if strings.TrimSpace(in.ProjectPlan) == "" {
			fields = append(fields, field("plan", "orders.err.plan", "a project needs a project plan", "Class", class.Name))
		}
	}
	if utf8.RuneCountInString(in.ProjectPlan) > MaxText {
		fields = append(fields, field("plan", "orders.err.plan.long", "the project plan is at most 5000 characters", "Max", MaxText))
	}
	if len(fields) > 0 {
		return nil, gov.Invalid(fields...)
	}
	return class, nil
}

// Place places an order: only an ordering contact, within their kinds
// and their limit. The order gets the next number of the year.
func (s *Service) Place(ctx context.Context, a *gov.Agreement, x Actor, in PlaceInput) (*store.Order, error) {
	var o *store.Order
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		cs, err := tx.OrderingContacts(ctx, aid)
		if err != nil {
			return err
		}
		c := ContactOf(cs, x)
		if c == nil {
			return MayOrder(nil, in.Kind, in.Cents)
		}
		class, verr := in.validate(a, c.Party)
		if verr != nil {
			return verr
		}
		if e := MayOrder(c, in.Kind, in.Cents); e != nil {
			return e
		}
		now := s.Now()
		num, err := tx.NextOrderNumber(ctx, aid, now.Year())
		if err != nil {
			return err
		}
		o = &store.Order{Number: num, Kind: in.Kind, Pricing: in.Pricing, Title: strings.TrimSpace(in.Title),
			Description: strings.TrimSpace(in.Description), Supplier: in.Supplier, Orderer: c.Person, OrdererParty: c.Party,
			PersonDays: in.PersonDays, EstimateCents: in.Cents, State: StatePlaced, CreatedBy: x.Name(), CreatedAt: now}
		if class != nil {
			o.Class = class.Slug
			if class.Project {
				o.ProjectManager, o.ProjectPlan = in.ProjectManager, strings.TrimSpace(in.ProjectPlan)
			}
		}
		if err := tx.InsertOrder(ctx, aid, o); err != nil {
			return err
		}
		return s.record(ctx, tx, aid, x, o, "order.place", "", nil)
	})
	return o, err
}

// record writes an order's history step and its audit entry.
func (s *Service) record(ctx context.Context, tx *store.Tx, aid int64, x Actor, o *store.Order, action, note string, before any) error {
	if err := tx.AddOrderEvent(ctx, o.ID, store.OrderEvent{At: s.Now(), Actor: x.Name(), Action: action, Note: note}); err != nil {
		return err
	}
	return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: action, ObjectType: "order", ObjectID: fmt.Sprint(o.ID),
		AgreementID: aid, Before: before, After: o})
}

// change loads an order for a change under lock and runs fn on it,
// then writes it back and records the step.
func (s *Service) change(ctx context.Context, a *gov.Agreement, x Actor, id int64, action string, fn func(tx *store.Tx, aid int64, o *store.Order) (string, error)) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		o, err := tx.OrderByID(ctx, aid, id, true)
		if errors.Is(err, store.ErrNotFound) || err == nil && !MaySee(a, x, o) {
			return notFound(id)
		} else if err != nil {
			return err
		}
		before := *o
		note, err := fn(tx, aid, o)
		if err != nil {
			return err
		}
		o.UpdatedAt = s.Now()
		if err := tx.UpdateOrder(ctx, o); err != nil {
			return err
		}
		return s.record(ctx, tx, aid, x, o, action, note, before)
	})
}

// MaySee reports whether x may see an order: administrators, the
// ordering party and the supplier. Other parties' orders are not theirs.
func MaySee(a *gov.Agreement, x Actor, o *store.Order) bool {
	return x.Role == auth.Admin || x.P.Party == o.OrdererParty || x.P.Party == o.Supplier
}

// IsOrderer reports whether x acts for the ordering party of o: its
// representative or one of its people.
func IsOrderer(x Actor, o *store.Order) bool {
	return x.P.Party == o.OrdererParty && x.Role != auth.Observer && x.Role != ""
}

// IsSupplier reports whether x acts for the supplier of o.
func IsSupplier(x Actor, o *store.Order) bool {
	return x.P.Party == o.Supplier && x.Role != auth.Observer && x.Role != ""
}

func wrongState(o *store.Order) *gov.Error {
	return conflict("orders.err.state", fmt.Sprintf("order %s is %s: not possible now", o.Number, o.State), "Number", o.Number, "State", o.State)
}
