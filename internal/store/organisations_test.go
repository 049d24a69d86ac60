package store_test

import (
	"context"
	"maps"
	"testing"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// template parses a shipped template, renamed to slug.
func template(t *testing.T, name, slug string) *gov.Agreement {
	t.Helper()
	src, err := model.Template(name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse(name+".yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	a.Slug = slug
	return a
}

// TestTemplateAppliedTwiceKeepsOrganisationsApart: two agreements applied
// from one template with unchanged party ids get organisations of their
// own, so an account of the first is no party of the second.
func TestTemplateAppliedTwiceKeepsOrganisationsApart(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		apply(t, s, template(t, "municipal-3-level", "kunta-a"))
		apply(t, s, template(t, "municipal-3-level", "kunta-b"))
		a, err := s.PartyOrganisation(ctx, "kunta-a", "esimerkkila")
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.PartyOrganisation(ctx, "kunta-b", "esimerkkila")
		if err != nil {
			t.Fatal(err)
		}
		if a != "esimerkkila" || b != "kunta-b-esimerkkila" {
			t.Fatalf("organisations %q and %q, want esimerkkila and kunta-b-esimerkkila", a, b)
		}
		u := &store.User{Email: "a@example.fi", Name: "A", Party: a, Role: "representative"}
		if err := s.CreateUser(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{"kunta-a": "esimerkkila"}; !maps.Equal(u.Links, want) {
			t.Errorf("created account's links %v, want %v", u.Links, want)
		}
		got, err := s.UserByEmail(ctx, "a@example.fi")
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{"kunta-a": "esimerkkila"}; !maps.Equal(got.Links, want) {
			t.Errorf("links %v, want %v", got.Links, want)
		}
		list, err := s.AgreementsForOrganisation(ctx, a)
		if err != nil || len(list) != 1 || list[0].Slug != "kunta-a" {
			t.Errorf("agreements of %s: %v %v", a, list, err)
		}
		// Re-applying keeps the links; an unchanged model writes nothing.
		if ch := apply(t, s, template(t, "municipal-3-level", "kunta-b")); ch.Kind != store.Unchanged {
			t.Errorf("re-apply: %v", ch.Kind)
		}
		if b2, _ := s.PartyOrganisation(ctx, "kunta-b", "esimerkkila"); b2 != b {
			t.Errorf("re-apply relinked to %s", b2)
		}

		// An administrator links kunta-b's customer to the first one's
		// organisation: the account now sees both, as the same party id.
		if err := s.LinkParty(ctx, "kunta-b", "esimerkkila", "esimerkkila", "test"); err != nil {
			t.Fatal(err)
		}
		got, _ = s.UserByEmail(ctx, "a@example.fi")
		if want := map[string]string{"kunta-a": "esimerkkila", "kunta-b": "esimerkkila"}; !maps.Equal(got.Links, want) {
			t.Errorf("after link: %v, want %v", got.Links, want)
		}
		// One organisation is at most one party of an agreement.
		if err := s.LinkParty(ctx, "kunta-b", "esimerkki-it", "esimerkkila", "test"); err == nil {
			t.Error("an organisation became two parties of one agreement")
		}
		if err := s.LinkParty(ctx, "kunta-b", "no-such-party", "x", "test"); err == nil {
			t.Error("linked a party that does not exist")
		}
		// An organisation named at apply time.
		apply3 := template(t, "municipal-3-level", "kunta-c")
		if _, err := s.ApplyAgreement(ctx, apply3, "test", store.LinkOrganisations(map[string]string{"esimerkki-it": "esimerkki-it"})); err != nil {
			t.Fatal(err)
		}
		if o, _ := s.PartyOrganisation(ctx, "kunta-c", "esimerkki-it"); o != "esimerkki-it" {
			t.Errorf("--org link: %s", o)
		}
		if o, _ := s.PartyOrganisation(ctx, "kunta-c", "esimerkkila"); o != "kunta-c-esimerkkila" {
			t.Errorf("unnamed party: %s", o)
		}
		orgs, err := s.Organisations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(orgs) != 5 {
			t.Errorf("%d organisations: %+v", len(orgs), orgs)
		}
	})
}

// TestOrganisationsMigration: a database from before organisations (an
// account whose party id counts in every agreement naming it) keeps
// seeing exactly what it saw.
func TestOrganisationsMigration(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.ApplyMigrationVersion(ctx, 20, false); err != nil {
			t.Fatal(err)
		}
		// Written as before: agreements and accounts, no organisations.
		for _, slug := range []string{"kunta-a", "kunta-b"} {
			a := template(t, "municipal-3-level", slug)
			if _, err := s.ExecContext(ctx, `INSERT INTO agreements (slug, name, country, timezone, language, currency, period_from, format_version, created_at, updated_at)
				VALUES (?, ?, 'FI', 'Europe/Helsinki', 'fi', 'EUR', '2026-01-01', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, slug, a.Name); err != nil {
				t.Fatal(err)
			}
			for i, p := range a.Parties {
				if _, err := s.ExecContext(ctx, `INSERT INTO parties (agreement_id, slug, name, kind, position) SELECT id, ?, ?, ?, ? FROM agreements WHERE slug = ?`,
					p.Slug, p.Name, string(p.Kind), i, slug); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, u := range [][2]string{{"a@example.fi", "esimerkkila"}, {"o@example.fi", "gone"}, {"root@example.fi", ""}} {
			if _, err := s.ExecContext(ctx, `INSERT INTO users (email, name, party, created_at, updated_at) VALUES (?, 'N', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, u[0], u[1]); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.ApplyMigrationVersion(ctx, 20, true); err != nil {
			t.Fatal(err)
		}
		u, err := s.UserByEmail(ctx, "a@example.fi")
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{"kunta-a": "esimerkkila", "kunta-b": "esimerkkila"}; !maps.Equal(u.Links, want) {
			t.Errorf("migrated links %v, want %v", u.Links, want)
		}
		if u, _ := s.UserByEmail(ctx, "o@example.fi"); len(u.Links) != 0 {
			t.Errorf("an organisation of no agreement got links %v", u.Links)
		}
		orgs, err := s.Organisations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var slugs []string
		for _, o := range orgs {
			slugs = append(slugs, o.Slug)
		}
		if want := []string{"esimerkki-it", "esimerkkila", "gone"}; !slicesEqual(slugs, want) {
			t.Errorf("organisations %v, want %v", slugs, want)
		}
	})
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
