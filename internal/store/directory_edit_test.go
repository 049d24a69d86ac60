package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// editTemplate stores the national-platform template and returns it.
func editTemplate(t *testing.T, s *store.Store) *gov.Agreement {
	t.Helper()
	src, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("national-platform.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	apply(t, s, a)
	return load(t, s, a.Slug)
}

// validating is an editor whose check is the model's own validation.
var validating = store.Editor{Actor: "user:admin@test.example", Check: func(_, after *gov.Agreement) error {
	return model.Validate(after)
}}

// roundTrips checks that the stored model still exports and parses.
func roundTrips(t *testing.T, s *store.Store, slug string) {
	t.Helper()
	got := load(t, s, slug)
	out, err := model.Format(got)
	if err != nil {
		t.Fatal(err)
	}
	back, err := model.Parse("export.yaml", out)
	if err != nil {
		t.Fatalf("exported model does not parse: %v", err)
	}
	if diff := cmp.Diff(got, store.Normalize(back)); diff != "" {
		t.Fatalf("export/parse changed the model:\n%s", diff)
	}
}

func auditCount(t *testing.T, s *store.Store, action string) int {
	t.Helper()
	return count(t, s, `SELECT COUNT(*) FROM audit_log WHERE action = ?`, action)
}

func TestUpdateParty(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := editTemplate(t, s)
		p := a.Parties[0]
		old := p.Attributes[0]
		err := s.UpdateParty(ctx, a.Slug, validating, p.Slug, "Renamed city",
			gov.Attribute{Key: old.Key, Value: "changed", From: old.From},
			gov.Attribute{Key: "learners", Value: "1234", From: "2027-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		got := load(t, s, a.Slug).Party(p.Slug)
		if got.Name != "Renamed city" {
			t.Errorf("name = %q", got.Name)
		}
		if v, _ := got.Attr(old.Key, old.From); v != "changed" {
			t.Errorf("%s@%s = %q, want changed", old.Key, old.From, v)
		}
		if v, _ := got.Attr("learners", "2027-06-01"); v != "1234" {
			t.Errorf("learners = %q, want the added value", v)
		}
		if len(got.Attributes) != len(p.Attributes)+1 {
			t.Errorf("attributes: %d, want %d", len(got.Attributes), len(p.Attributes)+1)
		}
		if n := auditCount(t, s, "party.update"); n != 1 {
			t.Errorf("party.update entries = %d, want 1", n)
		}
		var actor, before, after string
		if err := s.QueryRowContext(ctx, `SELECT actor, before_json, after_json FROM audit_log WHERE action = 'party.update'`).
			Scan(&actor, &before, &after); err != nil {
			t.Fatal(err)
		}
		if actor != validating.Actor || !strings.Contains(before, p.Name) || !strings.Contains(after, "Renamed city") {
			t.Errorf("audit entry: %s / %s / %s", actor, before, after)
		}
		if err := s.UpdateParty(ctx, a.Slug, validating, "no-such-party", "x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing party: %v, want ErrNotFound", err)
		}
		// The same values again change nothing and write no entry.
		if err := s.UpdateParty(ctx, a.Slug, validating, p.Slug, "Renamed city"); err != nil {
			t.Fatal(err)
		}
		if n := auditCount(t, s, "party.update"); n != 1 {
			t.Errorf("an edit that changed nothing was audited: %d entries", n)
		}
		roundTrips(t, s, a.Slug)
	})
}

func TestCreateUpdateDeletePerson(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := editTemplate(t, s)
		party := a.Parties[0].Slug
		p := gov.Person{Slug: "anna-aberg", Name: "Anna Åberg", Party: party, Titles: []string{"Sopimusvastaava"},
			Email: "anna@example.org", Phone: "+358 40 123 4567", Deputy: a.People[0].Slug}
		first, err := s.CreatePerson(ctx, a.Slug, validating, p)
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.CreatePerson(ctx, a.Slug, validating, p)
		if err != nil {
			t.Fatal(err)
		}
		if first != "anna-aberg" || second != "anna-aberg-2" {
			t.Fatalf("ids %q, %q; want anna-aberg and anna-aberg-2", first, second)
		}
		got := load(t, s, a.Slug).Person(second)
		want := p
		want.Slug = second
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Fatalf("created person (-want +got):\n%s", diff)
		}

		want.Name, want.Titles, want.Deputy = "Anna Åberg-Öhman", nil, first
		if err := s.UpdatePerson(ctx, a.Slug, validating, want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&want, load(t, s, a.Slug).Person(second)); diff != "" {
			t.Fatalf("updated person (-want +got):\n%s", diff)
		}
		missing := want
		missing.Slug = "nobody"
		if err := s.UpdatePerson(ctx, a.Slug, validating, missing); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing person: %v", err)
		}

		// first is second's deputy: not removable until that changes.
		err = s.DeletePerson(ctx, a.Slug, validating, first, "2027-01-01")
		var inUse *store.InUseError
		if !errors.As(err, &inUse) || !errors.Is(err, store.ErrInUse) || len(inUse.DeputyFor) != 1 || inUse.DeputyFor[0] != second {
			t.Fatalf("delete a deputy: %v", err)
		}
		if err := s.DeletePerson(ctx, a.Slug, validating, second, "2027-01-01"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeletePerson(ctx, a.Slug, validating, first, "2027-01-01"); err != nil {
			t.Fatal(err)
		}
		after := load(t, s, a.Slug)
		if after.Person(first) != nil || after.Person(second) != nil || len(after.People) != len(a.People) {
			t.Fatalf("people after delete: %d, want %d", len(after.People), len(a.People))
		}
		for action, n := range map[string]int{"person.create": 2, "person.update": 1, "person.delete": 2} {
			if got := auditCount(t, s, action); got != n {
				t.Errorf("%s entries = %d, want %d", action, got, n)
			}
		}
		if _, ok, err := s.VerifyAudit(ctx); err != nil || !ok {
			t.Errorf("audit chain: %v %v", ok, err)
		}
		roundTrips(t, s, a.Slug)
	})
}

func TestMembershipEdits(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := editTemplate(t, s)
		seat := a.Memberships[0]
		// A seated person cannot be removed while the seat holds.
		err := s.DeletePerson(ctx, a.Slug, validating, seat.Person, "2027-01-01")
		var inUse *store.InUseError
		if !errors.As(err, &inUse) || len(inUse.Seats) == 0 {
			t.Fatalf("delete a seated person: %v", err)
		}
		if err := s.AddMembership(ctx, a.Slug, validating, seat); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("the same seat twice: %v, want ErrDuplicate", err)
		}
		extra := seat
		extra.Role, extra.From = gov.RoleExpert, "2027-02-01"
		if err := s.AddMembership(ctx, a.Slug, validating, extra); err != nil {
			t.Fatal(err)
		}
		if err := s.EndMembership(ctx, a.Slug, validating, extra, "2027-03-31"); err != nil {
			t.Fatal(err)
		}
		got := load(t, s, a.Slug)
		last := got.Memberships[len(got.Memberships)-1]
		extra.To = "2027-03-31"
		if last != extra {
			t.Fatalf("membership = %+v, want %+v", last, extra)
		}
		nope := extra
		nope.From = "2020-01-01"
		if err := s.EndMembership(ctx, a.Slug, validating, nope, "2027-03-31"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("end a missing seat: %v", err)
		}
		for action, n := range map[string]int{"membership.create": 1, "membership.end": 1} {
			if got := auditCount(t, s, action); got != n {
				t.Errorf("%s entries = %d, want %d", action, got, n)
			}
		}
		roundTrips(t, s, a.Slug)
	})
}

// TestEditCheckedAndAtomic: a change the model rules refuse, or that the
// caller's check refuses, writes nothing at all.
func TestEditCheckedAndAtomic(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := editTemplate(t, s)
		entries := count(t, s, `SELECT COUNT(*) FROM audit_log`)

		// A membership ending before it starts breaks the model rules.
		seat := a.Memberships[0]
		err := s.EndMembership(ctx, a.Slug, validating, seat, "2000-01-01")
		var verrs model.Errors
		if !errors.As(err, &verrs) {
			t.Fatalf("invalid end date: %v, want model.Errors", err)
		}
		// A person of a party that does not exist.
		p := a.People[0]
		p.Party = "no-such-party"
		if err := s.UpdatePerson(ctx, a.Slug, validating, p); !errors.As(err, &verrs) {
			t.Fatalf("unknown party: %v, want model.Errors", err)
		}
		// The caller's own check (a permission, say) refuses.
		denied := errors.New("denied")
		refuse := store.Editor{Actor: "user:x@test.example", Check: func(_, _ *gov.Agreement) error { return denied }}
		if err := s.UpdateParty(ctx, a.Slug, refuse, a.Parties[0].Slug, "x"); !errors.Is(err, denied) {
			t.Fatalf("refused: %v", err)
		}
		// No check at all is a programming error, refused before writing.
		if err := s.UpdateParty(ctx, a.Slug, store.Editor{Actor: "user:x"}, a.Parties[0].Slug, "x"); err == nil {
			t.Fatal("an edit without a check was accepted")
		}
		if _, err := s.UpdateAgreement(ctx, "no-such-agreement", store.Edit{Editor: validating, Action: "x.y"},
			func(*gov.Agreement) error { return nil }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing agreement: %v", err)
		}
		if _, err := s.UpdateAgreement(ctx, a.Slug, store.Edit{Editor: validating, Action: "x.y"},
			func(a *gov.Agreement) error { a.Slug = "other"; return nil }); err == nil {
			t.Error("an edit changed the agreement's id")
		}
		if diff := cmp.Diff(a, load(t, s, a.Slug)); diff != "" {
			t.Fatalf("a refused edit changed the model:\n%s", diff)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM audit_log`); n != entries {
			t.Errorf("refused edits wrote %d audit entries", n-entries)
		}
	})
}
