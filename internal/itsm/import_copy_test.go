package itsm

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/demogen"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// PostgreSQL imports through COPY and a set-based merge, SQLite ticket by
// ticket (issue #18): the same files must give the same per-import
// counts, tickets and aggregates on both — a first export, the same
// export again, and a later export of the same tickets (most of them
// updated) with more tickets.
func TestImportSameOnBothDatabases(t *testing.T) {
	pg := storetest.PostgresDSN(t) // skips without PostgreSQL
	dbs := []*store.Store{storetest.Open(t, storetest.SQLiteDSN(t)), storetest.Open(t, pg)}
	file := func(count int, to time.Time) []byte {
		var b bytes.Buffer
		if _, err := demogen.WriteTickets(&b, demogen.TicketOptions{Count: count, Seed: 7,
			From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), To: to}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first := file(3000, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC))
	later := file(4000, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC))
	var results [2][]store.ImportResult
	for i, st := range dbs {
		slug := applyTemplate(t, st)
		for _, f := range [][]byte{first, first, later} {
			ctx, c := store.CountStatements(context.Background())
			res, err := Import(ctx, st, slug, bytes.NewReader(f), Options{Source: Source{Name: "servicenow"}, FileName: "x.csv", Actor: "test"})
			if err != nil {
				t.Fatalf("%s: %v", st.Dialect(), err)
			}
			r := res.ImportResult
			r.ID = 0
			results[i] = append(results[i], r)
			// PostgreSQL: a handful of statements per import, not one per
			// batch of tickets and lookup.
			if st.Dialect() == store.DialectPostgres && c.Statements() > 40 {
				t.Errorf("postgres import of %d tickets: %d statements", res.Tickets, c.Statements())
			}
		}
		sameCounts(t, recount(t, st, slug), aggregates(t, st, slug))
	}
	if !reflect.DeepEqual(results[0], results[1]) {
		t.Errorf("import results differ:\nsqlite   %+v\npostgres %+v", results[0], results[1])
	}
	if r := results[0]; r[1].Unchanged != r[0].Created || r[2].Updated == 0 || r[2].Created != 1000 {
		t.Errorf("results %+v: the second import changes nothing, the third updates and creates 1000", r)
	}
	for _, q := range []string{
		`SELECT month || '/' || kind || '/' || service || '/' || CAST(priority AS TEXT), ` + strings.Join(monthCounters, ", ") + ` FROM ticket_months ORDER BY 1`,
		`SELECT month || '/' || kind || '/' || category, opened, 0 FROM ticket_month_categories ORDER BY 1`,
		`SELECT kind || '/' || number || '/' || state || '/' || sla || '/' || resolved_month, mod_count, reopens FROM tickets ORDER BY 1`,
	} {
		a, b := dump(t, dbs[0], q), dump(t, dbs[1], q)
		if len(a) == 0 || !reflect.DeepEqual(a, b) {
			t.Errorf("%.60s…: %d rows on sqlite, %d on postgres, or they differ", q, len(a), len(b))
		}
	}
}

var monthCounters = []string{"opened", "resolved", "measured", "breached", "response_breached", "resolution_breached",
	"tool_measured", "tool_breached", "resolution_minutes", "proactive", "with_problem", "caused_by_change", "security", "reopened"}

// dump reads a query whose first column is a key and the rest numbers.
func dump(t *testing.T, st *store.Store, q string) []string {
	t.Helper()
	rows, err := st.DB().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		var key string
		nums := make([]int64, len(cols)-1)
		dest := []any{&key}
		for i := range nums {
			dest = append(dest, &nums[i])
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(key, nums))
	}
	return out
}
