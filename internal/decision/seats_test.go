package decision

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
)

func nationalPlatform(t *testing.T) *gov.Agreement {
	t.Helper()
	src, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("national-platform.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// seatsOf writes a seating as "party=seats" in party order, with a * for
// a shared seat and - for a party no rule entitles.
func seatsOf(s Seating) string {
	var out []string
	for _, e := range s.Parties {
		switch {
		case e.Rule < 0:
			out = append(out, e.Party+"=-")
		case e.Shared:
			out = append(out, fmt.Sprintf("%s=%d*", e.Party, e.Seats))
		default:
			out = append(out, fmt.Sprintf("%s=%d", e.Party, e.Seats))
		}
	}
	return strings.Join(out, " ")
}

// TestSeatsNationalPlatform checks the seats §6 of the national platform's
// model gives: the ecosystem group's owner cities share 5 seats, the
// steering group's organisations under 150 000 residents share 7, held in
// a yearly rotation by party order.
func TestSeatsNationalPlatform(t *testing.T) {
	a := nationalPlatform(t)
	for _, tc := range []struct {
		forum, date string
		want        string
		holders     string // the rotating pool's holders, if any
	}{
		{"ekosysteemiryhma", "2026-03-01",
			"vantaa=5* tampere=5* oulu=5* espoo=5* turku=5* helsinki=2 kuopio=1 jarvenpaa=1 lohja=1 kerava=1 tiera=2 alustatalo=2 opetusdata=2 kasvatusteknologia-ry=1", ""},
		{"ohjausryhma", "2026-03-10",
			"vantaa=1 tampere=1 oulu=1 espoo=1 turku=1 helsinki=1 kuopio=2* jarvenpaa=2* lohja=2* kerava=1* tiera=-",
			"kuopio jarvenpaa lohja kerava kuopio jarvenpaa lohja"},
		{"ohjausryhma", "2027-03-10",
			"vantaa=1 tampere=1 oulu=1 espoo=1 turku=1 helsinki=1 kuopio=2* jarvenpaa=2* lohja=1* kerava=2* tiera=-",
			"kerava kuopio jarvenpaa lohja kerava kuopio jarvenpaa"},
		{"kehitysryhma", "2026-03-10",
			"vantaa=2 tampere=2 oulu=2 espoo=2 turku=2 helsinki=1 kuopio=1 jarvenpaa=1 lohja=1 kerava=1 tiera=-", ""},
		{"tuotantoryhma-alustatalo", "2026-03-10", "tiera=- alustatalo=-", ""},
	} {
		t.Run(tc.forum+"/"+tc.date, func(t *testing.T) {
			s := Seats(a.Forum(tc.forum), a, tc.date)
			got := seatsOf(s)
			if got != tc.want {
				t.Errorf("seats\n got %s\nwant %s", got, tc.want)
			}
			var holders []string
			for _, p := range s.Pools {
				holders = append(holders, p.Holders...)
			}
			if strings.Join(holders, " ") != tc.holders {
				t.Errorf("holders %v, want %s", holders, tc.holders)
			}
		})
	}
}

// TestSeatsRotation passes a small pool round the parties year by year.
func TestSeatsRotation(t *testing.T) {
	below := 150000.0
	a := &gov.Agreement{Period: gov.Period{From: "2026-01-01"}}
	for _, p := range []string{"p1", "p2", "p3", "p4", "p5"} {
		a.Parties = append(a.Parties, gov.Party{Slug: p, Kind: gov.KindCustomer,
			Attributes: []gov.Attribute{{Key: "residents", Value: "1000", From: "2020-01-01"}}})
	}
	f := &gov.Forum{Slug: "f", Seats: []gov.SeatRule{{Match: gov.PartyMatch{Kind: gov.KindCustomer, Attribute: "residents", Below: &below}, Total: 2, Rotation: "yearly"}}}
	for _, tc := range []struct{ date, want string }{
		{"2026-06-01", "p1 p2"},
		{"2027-06-01", "p3 p4"},
		{"2028-06-01", "p5 p1"},
		{"2029-06-01", "p2 p3"},
		{"2025-06-01", "p4 p5"}, // before the agreement: the turn runs backwards
	} {
		s := Seats(f, a, tc.date)
		if got := strings.Join(s.Pools[0].Holders, " "); got != tc.want {
			t.Errorf("%s: holders %s, want %s", tc.date, got, tc.want)
		}
		for _, e := range s.Parties {
			if want := strings.Count(" "+tc.want+" ", " "+e.Party+" "); e.Seats != want {
				t.Errorf("%s: %s has %d seats, want %d", tc.date, e.Party, e.Seats, want)
			}
		}
	}
}

// TestCheckSeats warns when the memberships break the rules, and not for
// the template's own memberships.
func TestCheckSeats(t *testing.T) {
	for _, tc := range []struct {
		name  string
		forum string
		date  string
		add   []gov.Membership
		want  []string // kind:party:held/allowed
	}{
		{name: "template steering group", forum: "ohjausryhma", date: "2026-03-10"},
		{name: "template ecosystem group", forum: "ekosysteemiryhma", date: "2026-03-10"},
		{name: "template development group", forum: "kehitysryhma", date: "2026-03-10"},
		{name: "a second Espoo seat in the steering group", forum: "ohjausryhma", date: "2026-03-10",
			add:  []gov.Membership{{Person: "olli-pitkanen", Forum: "ohjausryhma", Role: gov.RoleMember, From: "2026-01-01"}},
			want: []string{"over:espoo:2/1"}},
		{name: "the provider takes a seat in the steering group", forum: "ohjausryhma", date: "2026-03-10",
			add:  []gov.Membership{{Person: "pekka-ahonen", Forum: "ohjausryhma", Role: gov.RoleMember, From: "2026-01-01"}},
			want: []string{"no-entitlement:tiera:1/0"}},
		{name: "secretaries and experts hold no seats", forum: "ohjausryhma", date: "2026-03-10",
			add: []gov.Membership{{Person: "pekka-ahonen", Forum: "ohjausryhma", Role: gov.RoleExpert, From: "2026-01-01"},
				{Person: "olli-pitkanen", Forum: "ohjausryhma", Role: gov.RoleSecretary, From: "2026-01-01"}}},
		{name: "a sixth owner-city seat in the ecosystem group", forum: "ekosysteemiryhma", date: "2026-03-10",
			add:  []gov.Membership{{Person: "olli-pitkanen", Forum: "ekosysteemiryhma", Role: gov.RoleMember, From: "2026-01-01"}},
			want: []string{"pool-over::6/5"}},
		{name: "a supplier's third seat in the ecosystem group", forum: "ekosysteemiryhma", date: "2026-03-10",
			add:  []gov.Membership{{Person: "antti-ruuskanen", Forum: "ekosysteemiryhma", Role: gov.RoleMember, From: "2026-01-01"}},
			want: []string{"over:alustatalo:3/2"}},
		{name: "a membership that ended does not count", forum: "ekosysteemiryhma", date: "2026-03-10",
			add: []gov.Membership{{Person: "antti-ruuskanen", Forum: "ekosysteemiryhma", Role: gov.RoleMember, From: "2025-01-01", To: "2025-12-31"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := nationalPlatform(t)
			a.Memberships = append(slices.Clone(a.Memberships), tc.add...)
			var got []string
			for _, w := range CheckSeats(a.Forum(tc.forum), a, tc.date) {
				got = append(got, fmt.Sprintf("%s:%s:%d/%d", w.Kind, w.Party, w.Held, w.Allowed))
				if w.Message == "" || len(w.People) != w.Held {
					t.Errorf("warning %+v: no message or people", w)
				}
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("warnings %v, want %v", got, tc.want)
			}
		})
	}
}

// TestCheckSeatsRotation warns about a seat held out of turn.
func TestCheckSeatsRotation(t *testing.T) {
	a := nationalPlatform(t)
	f := a.Forum("ohjausryhma")
	f.Seats[1].Total = 2 // two shared seats: kuopio and jarvenpaa hold them in 2026
	ws := CheckSeats(f, a, "2026-03-10")
	var got []string
	for _, w := range ws {
		got = append(got, fmt.Sprintf("%s:%s:%d/%d", w.Kind, w.Party, w.Held, w.Allowed))
	}
	want := "over:lohja:1/0 over:kerava:1/0 pool-over::4/2"
	if strings.Join(got, " ") != want {
		t.Fatalf("warnings %v, want %s", got, want)
	}
	if !strings.Contains(ws[0].Message, "yearly rotation gives it 0 in 2026") {
		t.Errorf("message %q does not explain the rotation", ws[0].Message)
	}
}
