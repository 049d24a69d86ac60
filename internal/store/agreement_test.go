package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func apply(t *testing.T, s *store.Store, a *gov.Agreement) store.Change {
	t.Helper()
	ch, err := s.ApplyAgreement(context.Background(), a, "tester")
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return ch
}

func load(t *testing.T, s *store.Store, slug string) *gov.Agreement {
	t.Helper()
	a, err := s.Agreement(context.Background(), slug)
	if err != nil {
		t.Fatalf("load %s: %v", slug, err)
	}
	return a
}

// count runs a COUNT(*) query.
func count(t *testing.T, s *store.Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// rowIDs maps slug to id for a table of the agreement.
func rowIDs(t *testing.T, s *store.Store, table string, agreementID int64) map[string]int64 {
	t.Helper()
	rows, err := s.QueryContext(context.Background(), `SELECT slug, id FROM `+table+` WHERE agreement_id = ?`, agreementID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[string]int64{}
	for rows.Next() {
		var slug string
		var id int64
		if err := rows.Scan(&slug, &id); err != nil {
			t.Fatal(err)
		}
		ids[slug] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestApplyLoadRoundTrip(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		want := richAgreement()
		ch := apply(t, s, want)
		if ch.Kind != store.Created || ch.AgreementID == 0 {
			t.Fatalf("change = %+v, want created with an id", ch)
		}
		got := load(t, s, want.Slug)
		// Strict: no option to equate nil and empty, the fixture has none.
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("loaded model differs (-applied +loaded):\n%s", diff)
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatal("reflect.DeepEqual disagrees with cmp")
		}
		if richAgreement().Slug != want.Slug || !reflect.DeepEqual(richAgreement(), want) {
			t.Fatal("ApplyAgreement modified its argument")
		}
		// The queryable columns hold what the rules say.
		var level, area, escalates, freq string
		err := s.QueryRowContext(context.Background(), `SELECT level, area, escalates_to, frequency FROM forums WHERE slug = ?`, "delivery").
			Scan(&level, &area, &escalates, &freq)
		if err != nil || level != "operational" || area != "delivery" || escalates != "steering" || freq != "monthly" {
			t.Errorf("forum columns = %q %q %q %q, %v", level, area, escalates, freq, err)
		}
	})
}

func TestApplyMinimalAndEmptyLists(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		a := &gov.Agreement{
			Version: 1, Slug: "minimal", Name: "Minimal", Country: "SE", TimeZone: "Europe/Stockholm",
			Language: "sv", Currency: "SEK", Period: gov.Period{From: "2026-01-01"},
			Levels:  []gov.Level{},
			Parties: []gov.Party{{Slug: "kund", Name: "Kund", Kind: gov.KindCustomer, Attributes: []gov.Attribute{}}},
			People:  []gov.Person{{Slug: "p", Name: "P", Party: "kund", Titles: []string{}}},
			Forums: []gov.Forum{{Slug: "f", Name: "F", Level: "x", Tasks: []string{},
				Cadence: gov.Cadence{Frequency: gov.AsNeeded, Months: []int{}}, Votes: &gov.VoteRule{}}},
			Memberships:     []gov.Membership{},
			EscalationPaths: []gov.EscalationPath{{Slug: "e", Forums: []string{}}},
			Incidents:       &gov.IncidentRules{},
			Survey:          &gov.SurveyRule{},
		}
		apply(t, s, a)
		got := load(t, s, "minimal")
		if diff := cmp.Diff(a, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("loaded model differs (-applied +loaded):\n%s", diff)
		}
		if diff := cmp.Diff(store.Normalize(a), got); diff != "" {
			t.Fatalf("loaded model is not in Normalize's form:\n%s", diff)
		}
		if got.Levels != nil || got.People[0].Titles != nil || got.Forums[0].Cadence.Months != nil {
			t.Error("empty lists should load as nil")
		}
		if got.Forums[0].Votes == nil || got.Incidents == nil || got.Survey == nil {
			t.Error("pointers to empty rule blocks should load as non-nil")
		}
		if ch := apply(t, s, a); ch.Kind != store.Unchanged {
			t.Errorf("re-apply with empty lists: %+v, want unchanged", ch)
		}
	})
}

func TestReapplyIsUnchanged(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		a := richAgreement()
		first := apply(t, s, a)
		entries := count(t, s, `SELECT COUNT(*) FROM audit_log`)
		if entries != 1 {
			t.Fatalf("audit entries after create = %d, want 1", entries)
		}
		var updated1 string
		s.QueryRowContext(context.Background(), `SELECT CAST(updated_at AS TEXT) FROM agreements`).Scan(&updated1)

		ch := apply(t, s, richAgreement())
		if ch.Kind != store.Unchanged || ch.AgreementID != first.AgreementID {
			t.Fatalf("re-apply: %+v, want unchanged with id %d", ch, first.AgreementID)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM audit_log`); n != entries {
			t.Errorf("re-apply wrote an audit entry: %d entries, want %d", n, entries)
		}
		var updated2 string
		s.QueryRowContext(context.Background(), `SELECT CAST(updated_at AS TEXT) FROM agreements`).Scan(&updated2)
		if updated1 != updated2 {
			t.Errorf("re-apply moved updated_at: %s -> %s", updated1, updated2)
		}
	})
}

func TestApplyChangesKeepIDs(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		created := apply(t, s, richAgreement())
		forumsBefore := rowIDs(t, s, "forums", created.AgreementID)
		peopleBefore := rowIDs(t, s, "people", created.AgreementID)
		partiesBefore := rowIDs(t, s, "parties", created.AgreementID)

		a := richAgreement()
		a.Forums[1].Name = "Toimitusryhmä"                  // rename a forum
		a.Forums[0], a.Forums[1] = a.Forums[1], a.Forums[0] // and reorder
		a.People = slicesDelete(a.People, 1)                // remove bertil ...
		a.People[0].Deputy = "dan"                          // ... anna's deputy
		a.Memberships = slicesDelete(a.Memberships, 2)      // ... and his seat
		a.Parties[0].Attributes = append(a.Parties[0].Attributes,
			gov.Attribute{Key: "residents", Value: "315000", From: "2026-01-01"})
		a.Levels = a.Levels[:2] // drop operational ...
		a.Forums[0].Level = "tactical"
		a.Memberships[3].To = "2026-12-31"
		a.Survey = nil

		ch := apply(t, s, a)
		if ch.Kind != store.Updated || ch.AgreementID != created.AgreementID {
			t.Fatalf("change = %+v, want updated of %d", ch, created.AgreementID)
		}
		wantChange := store.Change{
			Kind: store.Updated, AgreementID: created.AgreementID,
			Added:   []string{"attribute:espoo/residents@2026-01-01"},
			Changed: []string{"agreement", "person:anna", "person:cecilia", "person:dan", "forum:delivery", "forum:steering", "membership:cecilia/steering/secretary@2025-01-01", "membership:cecilia/delivery/member@2025-02-01", "membership:dan/delivery/expert@2025-03-01"},
			Removed: []string{"membership:bertil/steering/deputy@2025-01-01", "person:bertil", "level:operational"},
		}
		if diff := cmp.Diff(wantChange, ch); diff != "" {
			t.Errorf("change (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(a, load(t, s, a.Slug)); diff != "" {
			t.Fatalf("loaded model differs (-applied +loaded):\n%s", diff)
		}

		forumsAfter := rowIDs(t, s, "forums", created.AgreementID)
		peopleAfter := rowIDs(t, s, "people", created.AgreementID)
		if diff := cmp.Diff(forumsBefore, forumsAfter); diff != "" {
			t.Errorf("forum ids moved:\n%s", diff)
		}
		delete(peopleBefore, "bertil")
		if diff := cmp.Diff(peopleBefore, peopleAfter); diff != "" {
			t.Errorf("person ids moved or bertil kept:\n%s", diff)
		}
		if diff := cmp.Diff(partiesBefore, rowIDs(t, s, "parties", created.AgreementID)); diff != "" {
			t.Errorf("party ids moved:\n%s", diff)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM people WHERE slug = ?`, "bertil"); n != 0 {
			t.Errorf("bertil still stored")
		}
		if n := count(t, s, `SELECT COUNT(*) FROM levels WHERE slug = ?`, "operational"); n != 0 {
			t.Errorf("level operational still stored")
		}
		if n := count(t, s, `SELECT COUNT(*) FROM audit_log`); n != 2 {
			t.Errorf("audit entries = %d, want 2", n)
		}

		// Back to the original: everything removed comes back, with new ids
		// only for what was removed.
		ch = apply(t, s, richAgreement())
		if ch.Kind != store.Updated {
			t.Fatalf("revert: %+v", ch)
		}
		if diff := cmp.Diff(richAgreement(), load(t, s, a.Slug)); diff != "" {
			t.Fatalf("reverted model differs:\n%s", diff)
		}
		peopleAgain := rowIDs(t, s, "people", created.AgreementID)
		if peopleAgain["anna"] != peopleBefore["anna"] || peopleAgain["bertil"] == 0 {
			t.Errorf("people ids after revert: %v", peopleAgain)
		}
		if _, ok, err := s.VerifyAudit(ctx); !ok || err != nil {
			t.Errorf("audit chain broken: %v", err)
		}
	})
}

func slicesDelete[T any](s []T, i int) []T {
	return append(s[:i:i], s[i+1:]...)
}

func TestApplyIsAtomic(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		apply(t, s, richAgreement())
		entries := count(t, s, `SELECT COUNT(*) FROM audit_log`)

		// Many changes that would be written before the membership that
		// cannot be resolved.
		bad := richAgreement()
		bad.Name = "Renamed"
		bad.Forums[0].Name = "Renamed forum"
		bad.People = bad.People[:3]
		bad.Parties[1].Attributes = nil
		bad.Memberships = append(bad.Memberships, gov.Membership{Person: "nobody", Forum: "steering", Role: gov.RoleMember, From: "2025-01-01"})
		_, err := s.ApplyAgreement(ctx, bad, "tester")
		if err == nil || !strings.Contains(err.Error(), `unknown person "nobody"`) {
			t.Fatalf("apply with unknown person: err = %v", err)
		}
		if diff := cmp.Diff(richAgreement(), load(t, s, bad.Slug)); diff != "" {
			t.Fatalf("failed apply left changes:\n%s", diff)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM audit_log`); n != entries {
			t.Errorf("failed apply wrote audit entries: %d, want %d", n, entries)
		}

		// A new agreement that fails leaves no trace at all.
		tables := []string{"agreements", "levels", "parties", "party_attributes", "people", "forums", "memberships", "audit_log"}
		before := map[string]int{}
		for _, table := range tables {
			before[table] = count(t, s, `SELECT COUNT(*) FROM `+table)
		}
		fresh := richAgreement()
		fresh.Slug = "fresh"
		fresh.Memberships[len(fresh.Memberships)-1].Forum = "nowhere"
		if _, err := s.ApplyAgreement(ctx, fresh, "tester"); err == nil || !strings.Contains(err.Error(), `unknown forum "nowhere"`) {
			t.Fatalf("apply with unknown forum: err = %v", err)
		}
		if _, err := s.Agreement(ctx, "fresh"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("failed create left an agreement: %v", err)
		}
		for _, table := range tables {
			if got := count(t, s, `SELECT COUNT(*) FROM `+table); got != before[table] {
				t.Errorf("%s: %d rows after a failed create, want %d", table, got, before[table])
			}
		}
	})
}

func TestApplyRejects(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		cases := map[string]func(a *gov.Agreement){
			"duplicate forum":  func(a *gov.Agreement) { a.Forums = append(a.Forums, a.Forums[0]) },
			"duplicate person": func(a *gov.Agreement) { a.People = append(a.People, a.People[0]) },
			"duplicate attribute": func(a *gov.Agreement) {
				a.Parties[0].Attributes = append(a.Parties[0].Attributes, a.Parties[0].Attributes[0])
			},
			"unknown party":  func(a *gov.Agreement) { a.People[2].Party = "nobody" },
			"unknown deputy": func(a *gov.Agreement) { a.People[2].Deputy = "nobody" },
			"no slug":        func(a *gov.Agreement) { a.Slug = "" },
		}
		for name, mutate := range cases {
			a := richAgreement()
			mutate(a)
			if _, err := s.ApplyAgreement(ctx, a, "tester"); err == nil {
				t.Errorf("%s: applied", name)
			}
		}
		if _, err := s.ApplyAgreement(ctx, richAgreement(), ""); err == nil {
			t.Error("applied without an actor")
		}
		if n := count(t, s, `SELECT COUNT(*) FROM agreements`); n != 0 {
			t.Errorf("rejected models left %d agreements", n)
		}
	})
}

func TestAgreementNotFound(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		_, err := s.Agreement(context.Background(), "missing")
		if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "missing") {
			t.Fatalf("err = %v, want ErrNotFound naming the slug", err)
		}
	})
}

func TestAgreementLists(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := richAgreement()
		b := richAgreement()
		b.Slug, b.Name, b.Country, b.Language = "acme-only", "Acme only", "SE", "sv"
		b.Parties = b.Parties[1:2]
		b.People, b.Memberships, b.Forums = nil, nil, b.Forums[1:]
		apply(t, s, b)
		apply(t, s, a)

		all, err := s.Agreements(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.AgreementSummary{
			{Slug: "acme-only", Name: "Acme only", Country: "SE", Language: "sv", Parties: 1, Forums: 1},
			{Slug: "espoo-it", Name: "Espoo IT services", Country: "FI", Language: "fi", Parties: 3, Forums: 2},
		}
		ignoreID := cmpopts.IgnoreFields(store.AgreementSummary{}, "ID", "Revision")
		if diff := cmp.Diff(want, all, ignoreID); diff != "" {
			t.Errorf("Agreements (-want +got):\n%s", diff)
		}
		for party, slugs := range map[string][]string{"acme": {"acme-only", "espoo-it"}, "espoo": {"espoo-it"}, "nobody": nil} {
			list, err := s.AgreementsForParty(ctx, party)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range list {
				got = append(got, a.Slug)
			}
			if fmt.Sprint(got) != fmt.Sprint(slugs) {
				t.Errorf("AgreementsForParty(%s) = %v, want %v", party, got, slugs)
			}
		}
	})
}
