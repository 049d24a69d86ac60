package order

import (
	"context"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// ContactView is an ordering contact as both front ends show it: the
// contact, and whether the reader may withdraw the rights.
type ContactView struct {
	Contact
	MayRemove bool
}

// Contacts lists the agreement's ordering contacts for x. Every party
// that uses orders sees them: a supplier needs to know who may order
// from it and up to what value.
func (s *Service) Contacts(ctx context.Context, a *gov.Agreement, x Actor) ([]ContactView, error) {
	var out []ContactView
	err := s.st.ReadOrders(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		cs, err := tx.OrderingContacts(ctx, aid)
		for _, c := range cs {
			out = append(out, ContactView{Contact: c, MayRemove: MayNameContacts(a, x, c.Party)})
		}
		return err
	})
	return out, err
}

// Nameable lists the directory's people x may name ordering contacts.
func Nameable(a *gov.Agreement, x Actor) []gov.Person {
	var out []gov.Person
	for _, p := range a.People {
		if MayNameContacts(a, x, p.Party) {
			out = append(out, p)
		}
	}
	return out
}
