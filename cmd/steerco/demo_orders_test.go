package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// The demo has what a month of orders needs: ordering contacts with
// their rights, and logins for the ordering contact and the supplier's
// service manager; seeding twice changes nothing.
func TestDemoOrders(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, err := seedDemo(ctx, st, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		logins, err := seedDemoUsers(ctx, st, a)
		if err != nil {
			t.Fatal(err)
		}
		var errs bytes.Buffer
		for range 2 {
			logins = seedDemoOrders(ctx, st, a, logins, &errs)
		}
		if errs.Len() > 0 {
			t.Fatal(errs.String())
		}
		var cs []store.OrderingContact
		if err := st.ReadOrders(ctx, func(tx *store.Tx) error {
			aid, err := tx.AgreementID(ctx, a.Slug)
			if err != nil {
				return err
			}
			cs, err = tx.OrderingContacts(ctx, aid)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(cs) != 2 || cs[0].Party != "tiera" || cs[1].MaxCents != 60000_00 && cs[0].MaxCents != 60000_00 {
			t.Errorf("contacts %+v", cs)
		}
		seen := map[string]int{}
		for _, l := range logins {
			seen[l.email]++
		}
		for _, slug := range demoOrderLogins {
			email := a.Person(slug).Email
			if seen[email] != 1 {
				t.Errorf("%s is listed %d times among the logins", email, seen[email])
			}
			if _, err := st.UserByEmail(ctx, email); err != nil {
				t.Errorf("no account for %s: %v", email, err)
			}
		}
		if a.TimeReporting == nil || len(a.TimeReporting.RatesFor("alustatalo")) == 0 {
			t.Error("the demo agreement has no rates")
		}
	})
}
