package itsm

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestSupplierImportsOwnServicesOnly (issue #14): in national-platform
// Opetusdata imports a file that mixes its own tickets with Alustatalo's
// (rows matching Alustatalo's service, and a ticket number Alustatalo's
// service already holds). Every row of Alustatalo's is rejected on its
// line with the reason, Opetusdata's new tickets are imported, and
// nothing of Alustatalo's changes: its tickets, its monthly figures.
func TestSupplierImportsOwnServicesOnly(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		src, err := model.Template("national-platform")
		if err != nil {
			t.Fatal(err)
		}
		a, err := model.Parse("national-platform.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		loc, _ := time.LoadLocation(a.TimeZone)
		gen := func(groups []string, first int) *bytes.Buffer {
			var buf bytes.Buffer
			if _, err := GenerateServiceNow(&buf, GenerateOptions{Seed: 5, Incidents: 10, From: time.Date(2026, 4, 1, 0, 0, 0, 0, loc),
				Months: 1, Groups: groups, Late: 0.3, FirstNumber: first}); err != nil {
				t.Fatal(err)
			}
			return &buf
		}
		if ImportsAs(a, "alustatalo") != "alustatalo" || ImportsAs(a, "tiera") != "" {
			t.Fatal("a supplier with services imports as itself, the buyer as no one")
		}
		res, err := Import(ctx, st, a.Slug, gen([]string{"Alusta"}, 1000), Options{Source: Source{Name: "servicenow"}, FileName: "alusta.csv",
			Actor: "user:minna.karjalainen@alustatalo.example.com", Supplier: "alustatalo"})
		if err != nil || res.Created != 10 || res.Rejected != 0 {
			t.Fatalf("Alustatalo's own import: %+v %v", res, err)
		}
		snapshot := func() string {
			var b strings.Builder
			rows, err := st.DB().Query(`SELECT number, state, priority, import_id, resolution_minutes, sla FROM tickets
				WHERE service = 'oppimisalusta' ORDER BY number`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var n, s string
				var p, imp, min, sla int
				if err := rows.Scan(&n, &s, &p, &imp, &min, &sla); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintln(&b, n, s, p, imp, min, sla)
			}
			m, err := st.DB().Query(`SELECT month, kind, priority, opened, resolved, breached FROM ticket_months
				WHERE service = 'oppimisalusta' ORDER BY month, kind, priority`)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			for m.Next() {
				var mo, k string
				var p, o, r, br int
				if err := m.Scan(&mo, &k, &p, &o, &r, &br); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintln(&b, mo, k, p, o, r, br)
			}
			return b.String()
		}
		before := snapshot()
		// 1005, 1007 and 1009 are Alustatalo's numbers under Opetusdata's
		// group; 1006, 1008... match Alustatalo's service.
		mixed := gen([]string{"Opetusdata", "Alusta"}, 1005)
		lines := strings.Count(mixed.String(), "\n") - 1
		res, err = Import(ctx, st, a.Slug, mixed, Options{Source: Source{Name: "servicenow"}, FileName: "sekalainen.csv",
			Actor: "user:petri.huttunen@opetusdata.example.com", Supplier: "opetusdata"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 2 || res.Updated != 0 || res.Rows != lines {
			t.Fatalf("mixed import: %+v (rows %d)", res.ImportResult, lines)
		}
		var service, stored int
		for _, rj := range res.Rejects {
			switch {
			case strings.Contains(rj.Reason, "belongs to the service Oppimisalusta of another supplier"):
				service++
			case strings.Contains(rj.Reason, "is reported under another supplier's service"):
				stored++
			default:
				t.Errorf("unexpected reject %s", rj)
			}
			if rj.Line < 2 {
				t.Errorf("reject without its line: %+v", rj)
			}
		}
		if service == 0 || stored == 0 || res.Rejected != len(res.Rejects) {
			t.Fatalf("rejects: %d of another service, %d stored under it, %d in all", service, stored, res.Rejected)
		}
		if after := snapshot(); after != before {
			t.Fatalf("Alustatalo's tickets or figures changed:\n%s\n---\n%s", before, after)
		}
		imps, err := st.TicketImports(ctx, a.Slug, 10, false)
		if err != nil || len(imps) != 2 || imps[0].Party != "opetusdata" || imps[1].Party != "alustatalo" {
			t.Fatalf("imports %+v %v", imps, err)
		}
	})
}
