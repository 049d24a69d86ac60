package store_test

import (
	"context"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// The cached model is reused while the agreement is unchanged and reloaded
// after any change — also a change made through another Store on the same
// database, as another `steerco serve` instance would.
func TestSharedAgreementFollowsChanges(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn)
		a := editTemplate(t, s)
		first, err := s.SharedAgreement(ctx, a.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := s.SharedAgreement(ctx, a.Slug); again != first {
			t.Fatal("an unchanged agreement was loaded again")
		}
		// Agreement hands out a copy: changing it leaves the cache alone.
		own, _ := s.Agreement(ctx, a.Slug)
		own.Parties[0].Name = "scribbled"
		if again, _ := s.SharedAgreement(ctx, a.Slug); again.Parties[0].Name == "scribbled" {
			t.Fatal("a caller's copy changed the shared model")
		}

		// A directory edit through another instance.
		other := storetest.Open(t, dsn)
		p := first.Parties[0]
		if err := other.UpdateParty(ctx, a.Slug, validating, p.Slug, "Renamed elsewhere", p.Attributes...); err != nil {
			t.Fatal(err)
		}
		got, err := s.SharedAgreement(ctx, a.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if got == first || got.Parties[0].Name != "Renamed elsewhere" {
			t.Fatalf("stale model after another instance's edit: %q", got.Parties[0].Name)
		}

		// Erasure rewrites people outside the model's apply path.
		person := got.People[0]
		if person.Email == "" {
			t.Skip("the template's first person has no e-mail")
		}
		if _, err := other.ErasePerson(ctx, person.Email, store.EraseOptions{Actor: "test"}); err != nil {
			t.Fatal(err)
		}
		after, _ := s.SharedAgreement(ctx, a.Slug)
		if after.Person(person.Slug) != nil && after.Person(person.Slug).Name == person.Name {
			t.Fatalf("erased person still in the cached model: %q", person.Name)
		}

		if _, err := s.SharedAgreement(ctx, "no-such-agreement"); err == nil {
			t.Fatal("a missing agreement was found")
		}
	})
}
