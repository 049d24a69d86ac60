package auth

import (
	"testing"

	"github.com/steerco/steerco/internal/gov"
)

// agreement: a customer, a provider, two suppliers each with a bilateral
// forum with the provider, a shared forum, and an "other" party.
func agreement() *gov.Agreement {
	return &gov.Agreement{
		Parties: []gov.Party{{Slug: "city", Kind: gov.KindCustomer}, {Slug: "prov", Kind: gov.KindProvider},
			{Slug: "s1", Kind: gov.KindSupplier}, {Slug: "s2", Kind: gov.KindSupplier}, {Slug: "uni", Kind: gov.KindOther}},
		Forums: []gov.Forum{{Slug: "all"}, {Slug: "b1", Parties: []string{"prov", "s1"}}, {Slug: "b2", Parties: []string{"prov", "s2"}}},
		People: []gov.Person{{Slug: "p1", Party: "s1"}, {Slug: "p2", Party: "s2"}, {Slug: "p2b", Party: "s2"}, {Slug: "c", Party: "city"}},
		Memberships: []gov.Membership{{Person: "p2", Forum: "all", Role: gov.RoleMember, From: "2026-01-01"},
			{Person: "p2b", Forum: "b2", Role: gov.RoleMember, From: "2026-01-01"}},
	}
}

func TestRoleIn(t *testing.T) {
	a := agreement()
	for _, tc := range []struct {
		p    Principal
		want Role
	}{
		{Principal{Admin: true}, Admin},
		{Principal{Party: "city", Account: AccountRepresentative}, Customer},
		{Principal{Party: "prov", Account: AccountRepresentative}, Provider},
		{Principal{Party: "s1", Account: AccountRepresentative}, Supplier},
		{Principal{Party: "uni", Account: AccountRepresentative}, Observer},
		{Principal{Party: "city", Account: AccountMember}, Member},
		{Principal{Party: "city", Account: AccountObserver}, Observer},
		{Principal{Party: "city", Account: "boss"}, ""}, // unknown account roles grant nothing
		{Principal{Party: "elsewhere", Account: AccountRepresentative}, ""},
		{Principal{Account: AccountRepresentative}, ""},
	} {
		if got := RoleIn(tc.p, a); got != tc.want {
			t.Errorf("RoleIn(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestDenyByDefault(t *testing.T) {
	for _, action := range Actions {
		if Allowed("", action) {
			t.Errorf("no role may %s", action)
		}
		if !Allowed(Admin, action) {
			t.Errorf("the administrator may not %s", action)
		}
	}
	if Allowed(Observer, ViewDirectory) || Allowed(Member, ExportDirectory) || Allowed(Supplier, EditParties) || Allowed(Supplier, ExportAgreement) {
		t.Error("a role has more than the matrix gives")
	}
}

func TestBilateralForumsAndPeople(t *testing.T) {
	a := agreement()
	s1 := Principal{Party: "s1", Account: AccountRepresentative}
	city := Principal{Party: "city", Account: AccountRepresentative}
	for _, tc := range []struct {
		p     Principal
		forum string
		want  bool
	}{
		{s1, "all", true}, {s1, "b1", true}, {s1, "b2", false},
		{city, "all", true}, {city, "b1", false},
		{Principal{Admin: true}, "b2", true},
	} {
		if got := CanSeeForum(tc.p, a, a.Forum(tc.forum)); got != tc.want {
			t.Errorf("%s sees %s: %v, want %v", tc.p.Party, tc.forum, got, tc.want)
		}
	}
	// A supplier sees the other supplier's people only where they share a
	// forum the supplier can see.
	if !CanSeePerson(s1, a, a.Person("p2")) || CanSeePerson(s1, a, a.Person("p2b")) || !CanSeePerson(s1, a, a.Person("c")) {
		t.Error("supplier's view of the directory")
	}
	if !CanSeePerson(city, a, a.Person("p2b")) {
		t.Error("the customer sees every supplier's people")
	}
	if !CanEditPerson(s1, a, a.Person("p1")) || CanEditPerson(s1, a, a.Person("c")) {
		t.Error("a representative edits only their own organisation's people")
	}
}

func TestMayEditPeople(t *testing.T) {
	before := agreement()
	after := agreement()
	after.People[0].Phone = "+358 40 1" // p1, of s1
	s1 := Principal{Party: "s1", Account: AccountRepresentative}
	s2 := Principal{Party: "s2", Account: AccountRepresentative}
	if !MayEditPeople(s1)(before, after) || MayEditPeople(s2)(before, after) {
		t.Error("only the person's own organisation may change them")
	}
	moved := agreement()
	moved.People[0].Party = "s2" // s1 moving its person to another supplier
	if MayEditPeople(s1)(before, moved) {
		t.Error("a representative may not move a person to another organisation")
	}
}
