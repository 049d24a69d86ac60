package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/itsm"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/report"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestNoPageHoldsAnotherSuppliersData (issue 14) is the web UI's side of
// the property: in city-multi-supplier, whatever page a supplier's person
// (representative, member or observer of each of the three suppliers)
// opens, with whatever id and report part, no page holds a string that
// only another supplier's objects hold (its complaints, its report part,
// its proposed exclusions). A write to another supplier's part answers
// 404 and changes nothing.
func TestNoPageHoldsAnotherSuppliersData(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		src, _ := model.Template("city-multi-supplier")
		a, err := model.Parse("city-multi-supplier.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		hash, err := auth.HashPassword(testPassword)
		if err != nil {
			t.Fatal(err)
		}
		suppliers := []string{"larplattform", "skoldata", "stadsdrift"}
		people := map[string]string{"larplattform": "marcus-lindstrom", "skoldata": "frida-holmstrom", "stadsdrift": "lina-axelsson"}
		var readers []string
		for _, s := range suppliers {
			for _, role := range auth.AccountRoles {
				email := role + "." + s + "@test.example"
				if role == auth.AccountRepresentative {
					email = a.Person(people[s]).Email
				}
				name := s + "-" + role
				u := &store.User{Email: email, Name: name, PasswordHash: hash, Party: s, Role: role}
				if err := st.CreateUser(ctx, u, "test"); err != nil {
					t.Fatal(err)
				}
				f.users[name] = u
				readers = append(readers, name)
			}
		}
		actor := func(s string) meeting.Actor {
			p := a.Person(people[s])
			return meeting.ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: s, Account: auth.AccountRepresentative}, a)
		}
		city := meeting.ActorFor(auth.Principal{Email: a.Person("robert-lindahl").Email, Party: "alvstad", Account: auth.AccountRepresentative}, a)

		loc, _ := time.LoadLocation(a.TimeZone)
		var buf bytes.Buffer
		if _, err := itsm.GenerateServiceNow(&buf, itsm.GenerateOptions{Seed: 22, Incidents: 60, From: time.Date(2026, 4, 1, 0, 0, 0, 0, loc),
			Months: 1, Groups: []string{"Lärplattform", "Skoldata"}, Late: 0.4, FirstNumber: 300}); err != nil {
			t.Fatal(err)
		}
		if _, err := itsm.Import(ctx, st, a.Slug, &buf, itsm.Options{Source: itsm.Source{Name: "servicenow"}, FileName: "april.csv", Actor: "test"}); err != nil {
			t.Fatal(err)
		}
		breaches, err := st.Breaches(ctx, a.Slug, "2026-04", 0)
		if err != nil {
			t.Fatal(err)
		}
		rs := report.New(st, nil)
		marker := map[string]string{}
		for _, s := range suppliers {
			marker[s] = "HEMLIGT-" + strings.ToUpper(s) + "-9W"
			if _, err := complaint.New(st).File(ctx, a, city, complaint.NewComplaint{Supplier: s, Title: "Reklamation " + marker[s], Body: "Beskrivning " + marker[s]}); err != nil {
				t.Fatalf("complaint against %s: %v", s, err)
			}
			if s == "stadsdrift" {
				continue
			}
			if err := rs.SaveNarrative(ctx, actor(s), a, "2026-04", report.Narrative{Texts: map[string]string{"improvements": "Förbättring " + marker[s]}}); err != nil {
				t.Fatal(err)
			}
			for _, b := range breaches {
				if a.ServiceLevels.Service(b.Service).Supplier == s {
					if err := rs.ProposeExclusion(ctx, actor(s), a, b.ID, "Orsak "+marker[s]); err != nil {
						t.Fatal(err)
					}
					break
				}
			}
		}
		base := "/a/" + a.Slug
		clients := map[string]*http.Client{}
		for _, r := range readers {
			clients[r] = f.client(r)
		}
		// Skoldata's representative writes to Lärplattform's part: 404,
		// and the part is as it was.
		before, _ := report.Build(ctx, st, a, "2026-04", report.Options{Part: "larplattform"})
		for _, p := range []string{"/reports/2026-04/narrative?part=larplattform", "/reports/2026-04/submit?part=larplattform"} {
			if status, _ := f.post(clients["skoldata-representative"], base+p, url.Values{"text-improvements": {"skrivet av Skoldata"}}); status != http.StatusNotFound {
				t.Errorf("Skoldata posting %s: %d, want 404", p, status)
			}
		}
		after, _ := report.Build(ctx, st, a, "2026-04", report.Options{Part: "larplattform"})
		if before.Improvements.Text != after.Improvements.Text || after.Status != before.Status {
			t.Fatalf("Lärplattform's part changed: %q → %q", before.Improvements.Text, after.Improvements.Text)
		}

		// Each reads its own.
		for _, p := range []string{"/complaints", "/reports/2026-04"} {
			if status, body := f.get(clients["skoldata-representative"], base+p); status != 200 || !strings.Contains(body, marker["skoldata"]) {
				t.Fatalf("Skoldata does not read its own data at %s: %d", p, status)
			}
		}
		var reads []string
		for _, rt := range f.web.Routes() {
			if strings.HasPrefix(rt.Pattern, "GET /a/{agreement}") && !rt.Admin {
				reads = append(reads, strings.TrimPrefix(rt.Pattern, "GET "))
			}
		}
		param := regexp.MustCompile(`\{[a-z_]+\}`)
		leaks := func(reader, path, body string) string {
			own := strings.SplitN(reader, "-", 2)[0]
			for _, s := range suppliers {
				if s != own && strings.Contains(body, marker[s]) {
					return s
				}
			}
			return ""
		}
		// Every route as every reader, ids 1 to 3; then random ids,
		// parts and filters.
		for _, route := range reads {
			for id := 1; id <= 3; id++ {
				path := strings.Replace(strings.Replace(strings.Replace(route, "{agreement}", a.Slug, 1), "{month}", "2026-04", 1), "{format}", "json", 1)
				path = param.ReplaceAllString(path, fmt.Sprint(id))
				for _, reader := range readers {
					status, body := f.get(clients[reader], path)
					if status >= 500 {
						t.Fatalf("%s %s: %d", reader, path, status)
					}
					if s := leaks(reader, path, body); s != "" {
						t.Fatalf("%s reads %s's data at %s", reader, s, path)
					}
				}
				if !param.MatchString(route) {
					break
				}
			}
		}
		rapid.Check(t, func(rt *rapid.T) {
			reader := rapid.SampledFrom(readers).Draw(rt, "reader")
			path := strings.Replace(rapid.SampledFrom(reads).Draw(rt, "route"), "{agreement}", a.Slug, 1)
			path = strings.Replace(path, "{month}", "2026-04", 1)
			path = strings.Replace(path, "{format}", rapid.SampledFrom(report.Formats).Draw(rt, "format"), 1)
			path = param.ReplaceAllStringFunc(path, func(string) string { return fmt.Sprint(rapid.IntRange(1, 12).Draw(rt, "id")) })
			query := rapid.SampledFrom([]string{"", "?part=larplattform", "?part=skoldata", "?supplier=larplattform", "?supplier=skoldata",
				"?supplier=stadsdrift", "?q=HEMLIGT"}).Draw(rt, "query")
			status, body := f.get(clients[reader], path+query)
			if status >= 500 {
				rt.Fatalf("%s %s: %d", reader, path+query, status)
			}
			own := strings.SplitN(reader, "-", 2)[0]
			for _, s := range suppliers {
				if s != own && strings.Contains(body, marker[s]) {
					rt.Fatalf("%s reads %s's data at %s", reader, s, path+query)
				}
			}
		})
	})
}
