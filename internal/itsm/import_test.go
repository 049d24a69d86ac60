package itsm

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// applyTemplate creates the national-platform agreement with the test
// service levels.
func applyTemplate(t testing.TB, st *store.Store) string {
	t.Helper()
	data, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("national-platform.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	a.ServiceLevels = testAgreement().ServiceLevels
	if _, err := st.ApplyAgreement(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	return a.Slug
}

// recount recomputes the monthly aggregates from the tickets themselves,
// as the test's independent check of what the import kept up to date.
func recount(t *testing.T, st *store.Store, slug string) map[string]int {
	t.Helper()
	db := st.DB()
	out := map[string]int{}
	q := func(name, query string) {
		rows, err := db.Query(st.Rebind(query), slug)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var month, kind, service string
			var prio, n int
			if err := rows.Scan(&month, &kind, &service, &prio, &n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				out[strings.Join([]string{month, kind, service, string(rune('0' + prio)), name}, "/")] = n
			}
		}
	}
	from := ` FROM tickets t JOIN agreements a ON a.id = t.agreement_id WHERE a.slug = ? `
	q("opened", `SELECT opened_month, kind, service, priority, COUNT(*)`+from+`GROUP BY 1, 2, 3, 4`)
	q("resolved", `SELECT resolved_month, kind, service, priority, COUNT(*)`+from+`AND resolved_month <> '' GROUP BY 1, 2, 3, 4`)
	q("breached", `SELECT resolved_month, kind, service, priority, COUNT(*)`+from+`AND sla = 2 GROUP BY 1, 2, 3, 4`)
	q("measured", `SELECT resolved_month, kind, service, priority, COUNT(*)`+from+`AND sla <> 0 GROUP BY 1, 2, 3, 4`)
	q("tool_breached", `SELECT resolved_month, kind, service, priority, COUNT(*)`+from+`AND resolved_month <> '' AND made_sla = 0 GROUP BY 1, 2, 3, 4`)
	q("resolution_minutes", `SELECT resolved_month, kind, service, priority, SUM(resolution_minutes)`+from+`AND sla <> 0 GROUP BY 1, 2, 3, 4`)
	return out
}

// aggregates reads the kept aggregates in recount's shape.
func aggregates(t *testing.T, st *store.Store, slug string) map[string]int {
	t.Helper()
	rows, err := st.TicketMonths(context.Background(), slug, "0000-00", "9999-99")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		for _, name := range []string{"opened", "resolved", "breached", "measured", "tool_breached", "resolution_minutes"} {
			if n := r.N(name); n != 0 {
				out[strings.Join([]string{r.Month, r.Kind, r.Service, string(rune('0' + r.Priority)), name}, "/")] = n
			}
		}
	}
	return out
}

func sameCounts(t *testing.T, want, got map[string]int) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("aggregate %s: kept %d, tickets say %d", k, got[k], v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("aggregate %s: kept %d, tickets say 0", k, v)
		}
	}
}

// TestImportAndReimport imports the event log, imports it again, then an
// overlapping later export; the aggregates must always equal a count
// over the tickets, and tickets are never duplicated.
func TestImportAndReimport(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		slug := applyTemplate(t, st)
		data, err := os.ReadFile("testdata/uci-eventlog.csv")
		if err != nil {
			t.Fatal(err)
		}
		opt := Options{Source: Source{Name: "servicenow"}, FileName: "uci.csv", Actor: "test"}
		res, err := Import(ctx, st, slug, bytes.NewReader(data), opt)
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 13 || res.Created != 3 || res.Updated != 0 || res.Rejected != 2 {
			t.Fatalf("first import: %+v", res.ImportResult)
		}
		sameCounts(t, recount(t, st, slug), aggregates(t, st, slug))

		res, err = Import(ctx, st, slug, bytes.NewReader(data), opt)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != 3 {
			t.Fatalf("same file again: %+v", res.ImportResult)
		}

		// A later list export: INC0000057 resolved late (P2, 8h), a new
		// one, and INC0000045 in an OLDER version that must not win.
		later := "number,incident_state,priority,opened_at,resolved_at,sys_updated_at,sys_mod_count,made_sla,assignment_group\n" +
			"INC0000057,Resolved,2 - High,1/3/2016 10:00,2/3/2016 10:00,2/3/2016 10:00,3,false,Group 56\n" +
			"INC0000099,Resolved,4 - Low,3/3/2016 10:00,3/3/2016 11:00,3/3/2016 11:00,2,true,Group 56\n" +
			"INC0000045,Active,3 - Moderate,29/2/2016 01:16,?,29/2/2016 02:00,1,true,Group 56\n"
		res, err = Import(ctx, st, slug, strings.NewReader(later), opt)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 1 || res.Updated != 1 || res.Unchanged != 1 {
			t.Fatalf("overlapping import: %+v", res.ImportResult)
		}
		sameCounts(t, recount(t, st, slug), aggregates(t, st, slug))
		months, err := st.TicketMonths(ctx, slug, "2016-03", "2016-03")
		if err != nil {
			t.Fatal(err)
		}
		breached, resolved := 0, 0
		for _, r := range months {
			breached += r.N("breached")
			resolved += r.N("resolved")
		}
		if breached != 2 || resolved != 3 {
			t.Errorf("March 2016: %d resolved, %d breached; want 3 and 2 (INC0000047, INC0000057)", resolved, breached)
		}
		var n int
		if err := st.DB().QueryRow(`SELECT COUNT(*) FROM tickets`).Scan(&n); err != nil || n != 4 {
			t.Errorf("tickets: %d (%v); want 4", n, err)
		}
		imports, err := st.TicketImports(ctx, slug, 10, true)
		if err != nil || len(imports) != 3 || len(imports[2].Rejects) != 2 || imports[2].Rejects[0].Column != "opened_at" {
			t.Errorf("import records: %+v %v", imports, err)
		}
	})
}

// TestStrictRefusesAll: with --strict a file with a bad row writes
// nothing, not even the import record.
func TestStrictRefusesAll(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		slug := applyTemplate(t, st)
		data, _ := os.ReadFile("testdata/uci-eventlog.csv")
		_, err := Import(ctx, st, slug, bytes.NewReader(data), Options{Source: Source{Name: "servicenow"}, FileName: "uci.csv", Actor: "test", Strict: true})
		var se *StrictError
		if !errors.As(err, &se) || len(se.Rejects) != 2 {
			t.Fatalf("strict import: %v", err)
		}
		var n int
		if err := st.DB().QueryRow(`SELECT (SELECT COUNT(*) FROM tickets) + (SELECT COUNT(*) FROM ticket_imports)`).Scan(&n); err != nil || n != 0 {
			t.Errorf("rows written: %d %v", n, err)
		}
	})
}
