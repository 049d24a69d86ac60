package incident_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/incident"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func parse(t *testing.T, name string) *gov.Agreement {
	t.Helper()
	src, err := model.Template(name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse(name+".yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func emails(ps []gov.Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Email)
	}
	slices.Sort(out)
	return out
}

// Who is told: the holders of the model's report_to title on the buying
// side, else the buying side's members of the operational forums the
// supplier takes part in.
func TestContacts(t *testing.T) {
	np := parse(t, "national-platform")
	ss := parse(t, "state-shared-services")
	untitled := parse(t, "state-shared-services")
	for i := range untitled.People {
		untitled.People[i].Titles = slices.DeleteFunc(untitled.People[i].Titles, func(s string) bool { return s == "operativ kontaktperson" })
	}
	cases := []struct {
		name  string
		a     *gov.Agreement
		party string
		want  []string
	}{
		{"national-platform: no rule, production group of the supplier", np, "alustatalo",
			[]string{"kari.vaisanen@tiera.example.fi", "sanna.rautio@tiera.example.fi"}},
		{"state-shared-services: the holders of report_to's title", ss, "statens-servicecenter",
			[]string{"ahmed.hassan@exempelmyndigheten.example.se", "ida.karlsson@exempelmyndigheten.example.se"}}, // erik-holm holds it too, but for the provider, whose service it is
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := emails(incident.Contacts(c.a, c.party, "2026-04-01")); !slices.Equal(got, c.want) {
				t.Fatalf("contacts = %v, want %v", got, c.want)
			}
		})
	}
	// Nobody holds the title: the operational forum's buying side, never
	// the supplier itself.
	got := incident.Contacts(untitled, "statens-servicecenter", "2026-04-01")
	if len(got) == 0 {
		t.Fatal("no fallback contacts")
	}
	for _, p := range got {
		if k := untitled.Party(p.Party).Kind; k != gov.KindCustomer && k != gov.KindProvider || p.Party == "statens-servicecenter" {
			t.Errorf("contact %s of %s", p.Email, p.Party)
		}
	}
}

func TestSeverities(t *testing.T) {
	cases := []struct {
		template, severity, notify string
	}{
		{"national-platform", "serious", incident.Immediately},
		{"national-platform", "significant", incident.Immediately},
		{"national-platform", "moderate", incident.Promptly},
		{"national-platform", "negligible", incident.Promptly},
		{"state-shared-services", "allvarlig", incident.Immediately},
		{"state-shared-services", "betydande", incident.Immediately},
		{"state-shared-services", "mattlig", incident.Promptly},
		{"state-shared-services", "serious", ""}, // the model's own classes only
	}
	for _, c := range cases {
		a := parse(t, c.template)
		s := incident.SeverityOf(a, c.severity)
		switch {
		case c.notify == "" && s != nil:
			t.Errorf("%s %s: found %+v", c.template, c.severity, s)
		case c.notify != "" && (s == nil || s.Notify != c.notify):
			t.Errorf("%s %s: %+v, want %s", c.template, c.severity, s, c.notify)
		}
	}
	for _, m := range []struct {
		s  string
		ok bool
	}{{"2026-04", true}, {"2026-13", false}, {"2026-4", false}, {"", false}, {"2026-04-01", false}} {
		if incident.ValidMonth(m.s) != m.ok {
			t.Errorf("ValidMonth(%q) != %v", m.s, m.ok)
		}
	}
}

func agreement(t *testing.T, st *store.Store) *gov.Agreement {
	t.Helper()
	a := parse(t, "national-platform")
	ctx := context.Background()
	if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
		t.Fatal(err)
	}
	a, err := st.Agreement(ctx, a.Slug)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func actor(a *gov.Agreement, email, party string) incident.Actor {
	return meeting.ActorFor(auth.Principal{Email: email, Party: party, Account: auth.AccountRepresentative}, a)
}

func TestReportNotifiesBySeverity(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := agreement(t, st)
		svc := incident.New(st, cat)
		hel, _ := time.LoadLocation("Europe/Helsinki")
		now := time.Date(2026, 4, 30, 23, 30, 0, 0, hel)
		svc.Now = func() time.Time { return now }
		sup := actor(a, "minna.karjalainen@alustatalo.example.com", "alustatalo")
		other := actor(a, "petri.huttunen@opetusdata.example.com", "opetusdata")
		tiera := actor(a, "sanna.rautio@tiera.example.fi", "tiera")

		in := incident.Input{Party: "opetusdata", Severity: "moderate", Title: "Hidas kirjautuminen", OccurredAt: now.Add(-time.Hour)}
		if _, err := svc.Report(ctx, a, sup, in); gov.CodeOf(err) != gov.CodeInvalid {
			t.Fatalf("another supplier's service: %v", err)
		}
		if _, err := svc.Report(ctx, a, sup, incident.Input{Party: "alustatalo", Severity: "huge", OccurredAt: now.Add(time.Hour * 3)}); gov.CodeOf(err) != gov.CodeInvalid {
			t.Fatalf("bad input: %v", err)
		} else if e := err.(*gov.Error); len(e.Fields) != 3 {
			t.Fatalf("fields: %+v", e.Fields)
		}
		in.Party = "alustatalo"
		mod, err := svc.Report(ctx, a, sup, in)
		if err != nil {
			t.Fatal(err)
		}
		// 22:30 in Helsinki on 30 April: April's report, whatever UTC says.
		if mod.Notify != incident.Promptly || mod.NotifiedAt == nil || mod.ReportMonth != "2026-04" || mod.Status != "open" {
			t.Fatalf("moderate: %+v", mod)
		}
		msgs, err := st.Outbox(ctx, true, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 2 || msgs[0].Kind != incident.KindNotUrgent || !strings.Contains(msgs[0].Body, "Hidas kirjautuminen") {
			t.Fatalf("moderate notices: %+v", msgs)
		}
		if _, err := svc.Get(ctx, a, other, mod.ID); gov.CodeOf(err) != gov.CodeNotFound {
			t.Fatalf("other supplier reads: %v", err)
		}
		// Raised to serious: told again, urgently.
		in.Severity, in.Status, in.Impact = "serious", incident.Open, "Kaikki kunnat"
		if _, err := svc.Update(ctx, a, other, mod.ID, in); gov.CodeOf(err) != gov.CodeNotFound {
			t.Fatalf("other supplier edits: %v", err)
		}
		up, err := svc.Update(ctx, a, tiera, mod.ID, in)
		if err != nil || up.Notify != incident.Immediately {
			t.Fatalf("update: %+v, %v", up, err)
		}
		msgs, _ = st.Outbox(ctx, true, 100)
		urgent := 0
		for _, m := range msgs {
			if m.Kind == incident.KindUrgent {
				urgent++
			}
		}
		if len(msgs) != 4 || urgent != 2 {
			t.Fatalf("after raising to serious: %d messages, %d urgent", len(msgs), urgent)
		}
		if _, err := svc.AddEvent(ctx, a, sup, mod.ID, now.Add(-30*time.Minute), "Palvelu palautettu"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddEvent(ctx, a, sup, mod.ID, time.Time{}, ""); gov.CodeOf(err) != gov.CodeInvalid {
			t.Fatalf("empty entry: %v", err)
		}
		v, err := svc.Get(ctx, a, tiera, mod.ID)
		if err != nil || len(v.Events) != 2 || v.Events[1].Note != "Palvelu palautettu" || v.Impact != "Kaikki kunnat" {
			t.Fatalf("view: %+v, %v", v, err)
		}
		if l, _ := svc.List(ctx, a, other, store.IncidentFilter{}); len(l) != 0 {
			t.Fatalf("other supplier lists %d", len(l))
		}
		if l, _ := svc.List(ctx, a, tiera, store.IncidentFilter{Month: "2026-04"}); len(l) != 1 {
			t.Fatalf("tiera lists %d", len(l))
		}
	})
}
