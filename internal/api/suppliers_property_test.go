package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/itsm"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// cms is city-multi-supplier's API path: one city, three suppliers.
const cms = "/api/v1/agreements/city-multi-supplier"

// TestNoResponseHoldsAnotherSuppliersData (issue 14) is the property:
// whatever a supplier's person asks of the API (every read route, every
// id, every report part), no response holds a string that only another
// supplier's objects hold. Each supplier of city-multi-supplier gets a
// complaint filed against it, its own report part and a proposed
// exclusion, each carrying a marker of its own; every role of every
// supplier (representative, member, observer) then reads.
func TestNoResponseHoldsAnotherSuppliersData(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newAPIFixture(t, st)
		f.at("2026-05-04 10:00")
		src, _ := model.Template("city-multi-supplier")
		a, err := model.Parse("city-multi-supplier.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		suppliers := []string{"larplattform", "skoldata", "stadsdrift"}
		reps := map[string]string{"larplattform": "marcus-lindstrom", "skoldata": "frida-holmstrom", "stadsdrift": "lina-axelsson", "alvstad": "robert-lindahl"}
		token := func(name, party, email, role string) {
			u := &store.User{Email: email, Name: name, Party: party, Role: role}
			if err := st.CreateUser(ctx, u, "test"); err != nil {
				t.Fatal(err)
			}
			secret, err := st.CreateToken(ctx, &store.Token{UserID: u.ID, Name: "test", Kind: "personal", Scopes: []string{"write"}}, "test")
			if err != nil {
				t.Fatal(err)
			}
			f.tokens[name] = secret
		}
		var readers []string // token names of the suppliers' people
		for party, person := range reps {
			token(party, party, a.Person(person).Email, auth.AccountRepresentative)
			if party == "alvstad" {
				continue
			}
			readers = append(readers, party)
			for _, role := range []string{auth.AccountMember, auth.AccountObserver} {
				token(party+"-"+role, party, role+"."+party+"@api.example", role)
				readers = append(readers, party+"-"+role)
			}
		}
		partyOf := func(reader string) string { return strings.SplitN(reader, "-", 2)[0] }

		// Tickets of both services, imported by the administrator.
		loc, _ := time.LoadLocation(a.TimeZone)
		var buf bytes.Buffer
		if _, err := itsm.GenerateServiceNow(&buf, itsm.GenerateOptions{Seed: 21, Incidents: 60, From: time.Date(2026, 4, 1, 0, 0, 0, 0, loc),
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
		marker := map[string]string{}
		for _, s := range suppliers {
			marker[s] = "HEMLIGT-" + strings.ToUpper(s) + "-7Q"
			status, body := f.do("alvstad", "POST", cms+"/complaints", map[string]any{"supplier": s, "title": "Reklamation " + marker[s],
				"body": "Beskrivning " + marker[s]})
			f.want(status, 201, body, "complaint against "+s)
			if s == "stadsdrift" {
				continue // no service, no report part
			}
			status, body = f.do(s, "PUT", cms+"/reports/2026-04/narrative", map[string]any{"texts": map[string]string{"improvements": "Förbättring " + marker[s]}})
			f.want(status, 200, body, s+"'s narrative")
			for _, b := range breaches {
				if a.ServiceLevels.Service(b.Service).Supplier == s {
					status, body = f.do(s, "POST", cms+"/reports/2026-04/exclusions", map[string]any{"ticket": b.ID, "reason": "Orsak " + marker[s]})
					f.want(status, 200, body, s+"'s exclusion")
					break
				}
			}
		}
		// The suppliers' writes to each other's part are refused and
		// change nothing.
		status, body := f.do("skoldata", "PUT", cms+"/reports/2026-04/narrative?part=larplattform", map[string]any{"texts": map[string]string{"improvements": "x"}})
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("larplattform", "GET", cms+"/reports/2026-04", nil)
		f.want(status, 200, body, "Lärplattform's part")
		if !strings.Contains(string(body), marker["larplattform"]) || strings.Contains(string(body), marker["skoldata"]) {
			t.Fatalf("Lärplattform's part: %s", body)
		}

		var reads []string
		for _, rt := range New(f.st, nil).Routes() {
			if strings.HasPrefix(rt.Pattern, "GET /api/v1/agreements/{agreement}/") {
				reads = append(reads, strings.TrimPrefix(rt.Pattern, "GET "))
			}
		}
		param := regexp.MustCompile(`\{[a-z_]+\}`)
		// Every route as every reader, ids 1 to 3; then random ids,
		// parts and filters.
		for _, route := range reads {
			for id := 1; id <= 3; id++ {
				path := param.ReplaceAllString(strings.Replace(strings.Replace(route, "{agreement}", a.Slug, 1), "{month}", "2026-04", 1), fmt.Sprint(id))
				for _, reader := range readers {
					status, body := f.do(reader, http.MethodGet, path, nil)
					if status >= 500 {
						t.Fatalf("%s %s: %d %s", reader, path, status, body)
					}
					for _, s := range suppliers {
						if s != partyOf(reader) && bytes.Contains(body, []byte(marker[s])) {
							t.Fatalf("%s reads %s's data at %s: %s", reader, s, path, body)
						}
					}
				}
				if !param.MatchString(route) {
					break
				}
			}
		}
		rapid.Check(t, func(rt *rapid.T) {
			reader := rapid.SampledFrom(readers).Draw(rt, "reader")
			route := rapid.SampledFrom(reads).Draw(rt, "route")
			path := strings.Replace(route, "{agreement}", a.Slug, 1)
			path = strings.Replace(path, "{month}", "2026-04", 1)
			path = param.ReplaceAllStringFunc(path, func(string) string {
				return fmt.Sprint(rapid.IntRange(1, 12).Draw(rt, "id"))
			})
			query := rapid.SampledFrom([]string{"", "?part=larplattform", "?part=skoldata", "?supplier=larplattform", "?supplier=skoldata",
				"?supplier=stadsdrift", "?q=HEMLIGT"}).Draw(rt, "query")
			status, body := f.do(reader, http.MethodGet, path+query, nil)
			if status >= 500 {
				rt.Fatalf("%s %s: %d %s", reader, path+query, status, body)
			}
			own := partyOf(reader)
			for _, s := range suppliers {
				if s != own && bytes.Contains(body, []byte(marker[s])) {
					rt.Fatalf("%s (%s) reads %s's data at %s: %s", reader, own, s, path+query, body)
				}
			}
		})
	})
}
