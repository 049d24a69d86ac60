package api

import (
	"net/http"

	"github.com/steerco/steerco/internal/order"
)

// Ordering contacts through the API: the same service functions as the
// web page /a/{agreement}/orders/contacts, so who may name or withdraw a
// contact is decided once, in internal/order.

// OrderingContact is a person named to place orders, with their rights.
type OrderingContact struct {
	Person    string   `json:"person"`
	Name      string   `json:"name"`
	Party     string   `json:"party"`
	Kinds     []string `json:"kinds"`
	Max       float64  `json:"max"`
	MayRemove bool     `json:"may_remove"`
}

// OrderingContactInput names a person an ordering contact or changes
// their rights.
type OrderingContactInput struct {
	Person string   `json:"person"`
	Kinds  []string `json:"kinds"`
	Max    float64  `json:"max"`
}

func (a *API) contactViews(r *Req) ([]OrderingContact, error) {
	cs, err := a.orderSvc().Contacts(r.Context(), r.Agreement, a.actor(r))
	if err != nil {
		return nil, err
	}
	out := []OrderingContact{}
	for _, c := range cs {
		name := c.Person
		if p := r.Agreement.Person(c.Person); p != nil {
			name = p.Name
		}
		out = append(out, OrderingContact{Person: c.Person, Name: name, Party: c.Party, Kinds: nonNil(c.Kinds),
			Max: units(c.MaxCents), MayRemove: c.MayRemove})
	}
	return out, nil
}

// listContacts lists the agreement's ordering contacts.
func (a *API) listContacts(w http.ResponseWriter, r *Req) {
	cs, err := a.contactViews(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": cs})
}

// nameContact names an ordering contact (201 with the contact).
func (a *API) nameContact(w http.ResponseWriter, r *Req) {
	var in OrderingContactInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	c, ok := cents(in.Max)
	if !ok {
		writeError(w, errValidation(FieldError{"max", "a positive amount with at most two decimals"}))
		return
	}
	if err := a.orderSvc().NameContact(r.Context(), r.Agreement, a.actor(r), order.ContactInput{Person: in.Person, Kinds: in.Kinds, MaxCents: c}); err != nil {
		a.fail(w, r, err)
		return
	}
	cs, err := a.contactViews(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, c := range cs {
		if c.Person == in.Person {
			writeJSON(w, http.StatusCreated, c)
			return
		}
	}
	a.internal(w, r, errInternal())
}

// removeContact withdraws a person's ordering rights (204).
func (a *API) removeContact(w http.ResponseWriter, r *Req) {
	if err := a.orderSvc().RemoveContact(r.Context(), r.Agreement, a.actor(r), r.PathValue("person")); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
