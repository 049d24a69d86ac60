package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/store"
)

// demoOrdering are the demo's ordering contacts (issue 7): in the
// national-platform model the provider (Tiera) orders from the
// suppliers. Their rights differ, as the model allows.
var demoOrdering = []struct {
	person string
	kinds  []string
	max    int64 // cents
}{
	{"sanna-rautio", order.Kinds, 60000_00},
	{"kari-vaisanen", []string{order.KindAssignment, order.KindServiceRequest}, 10000_00},
}

// demoOrderLogins are the accounts the month of orders and hours is run
// with: an ordering contact of the provider and the supplier's service
// manager, who enters hours and issues the invoice basis.
var demoOrderLogins = []string{"sanna-rautio", "minna-karjalainen"}

// seedDemoOrders names the demo's ordering contacts when it has none and
// makes the accounts of demoOrderLogins, returning logins with theirs
// added. A failure is reported and leaves the demo running without them.
func seedDemoOrders(ctx context.Context, s *store.Store, a *gov.Agreement, logins []demoLogin, stderr io.Writer) []demoLogin {
	out, err := seedOrders(ctx, s, a, logins)
	if err != nil {
		fmt.Fprintf(stderr, "steerco demo: ordering contacts: %v\n", err)
		return logins
	}
	return out
}

func seedOrders(ctx context.Context, s *store.Store, a *gov.Agreement, logins []demoLogin) ([]demoLogin, error) {
	var have []store.OrderingContact
	err := s.ReadOrders(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		have, err = tx.OrderingContacts(ctx, aid)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(have) == 0 {
		svc := order.New(s)
		admin := meeting.Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}
		for _, c := range demoOrdering {
			if a.Person(c.person) == nil {
				continue // the template changed; nothing to name
			}
			if err := svc.NameContact(ctx, a, admin, order.ContactInput{Person: c.person, Kinds: c.kinds, MaxCents: c.max}); err != nil {
				return nil, err
			}
		}
	}
	hash, err := auth.HashPassword(demoPassword)
	if err != nil {
		return nil, err
	}
	for _, slug := range demoOrderLogins {
		p := a.Person(slug)
		if p == nil || p.Email == "" {
			continue
		}
		party := a.Party(p.Party)
		what := fmt.Sprintf("%s representative: %s, %s (orders, hours, invoice basis)", party.Kind, p.Name, party.Name)
		if _, err := s.UserByEmail(ctx, p.Email); errors.Is(err, store.ErrNotFound) {
			if err := s.CreateUser(ctx, &store.User{Email: p.Email, Name: p.Name, Party: p.Party, Role: auth.AccountRepresentative, PasswordHash: hash}, "demo"); err != nil {
				return nil, err
			}
		} else if err != nil {
			return nil, err
		}
		dup := false
		for _, l := range logins {
			dup = dup || l.email == p.Email
		}
		if !dup {
			logins = append(logins, demoLogin{p.Email, what})
		}
	}
	return logins, nil
}
