package itsm

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestImportScatteredRows: the import streams, holding one ticket at a
// time, so a ticket whose rows come in several runs reaches the writer
// more than once — while its first version still waits in the insert
// batch (INC1003) or after it was written (INC1001, INC1004). The latest
// version must still win, each ticket count once, and the aggregates
// match the tickets; re-imports must count as before.
func TestImportScatteredRows(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		slug := applyTemplate(t, st)
		const head = "number,incident_state,priority,opened_at,resolved_at,sys_updated_at,sys_mod_count,made_sla,assignment_group\n"
		row := func(n int, state, resolved, updated string, mod int) string {
			return fmt.Sprintf("INC%d,%s,3 - Moderate,1/3/2016 09:00,%s,%s,%d,true,Group 56\n", n, state, resolved, updated, mod)
		}
		var b strings.Builder
		b.WriteString(head)
		b.WriteString(row(1001, "Active", "?", "1/3/2016 10:00", 1))
		b.WriteString(row(1003, "Active", "?", "1/3/2016 10:00", 1))
		b.WriteString(row(1004, "Resolved", "2/3/2016 10:00", "2/3/2016 10:00", 2))
		b.WriteString(row(1003, "Resolved", "2/3/2016 12:00", "2/3/2016 12:00", 2)) // later: wins
		// More than one insert batch, so that INC1001 is written by now.
		for n := 2000; n < 2150; n++ {
			b.WriteString(row(n, "Resolved", "3/3/2016 10:00", "3/3/2016 10:00", 2))
		}
		b.WriteString(row(1001, "Resolved", "4/3/2016 10:00", "4/3/2016 10:00", 2)) // later: wins
		b.WriteString(row(1004, "Active", "?", "1/3/2016 11:00", 1))                // older: loses
		file := b.String()
		opt := Options{Source: Source{Name: "servicenow"}, FileName: "scattered.csv", Actor: "test"}

		res, err := Import(ctx, st, slug, strings.NewReader(file), opt)
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 156 || res.Created != 153 || res.Updated != 0 || res.Unchanged != 0 || res.Tickets != 153 {
			t.Fatalf("first import: %+v tickets %d; want 156 rows, 153 created", res.ImportResult, res.Tickets)
		}
		state := func(number string) string {
			var s string
			if err := st.DB().QueryRow(st.Rebind(`SELECT state FROM tickets WHERE number = ?`), number).Scan(&s); err != nil {
				t.Fatalf("%s: %v", number, err)
			}
			return s
		}
		for _, n := range []string{"INC1001", "INC1003", "INC1004"} {
			if s := state(n); s != "Resolved" {
				t.Errorf("%s: state %q, want the latest version's Resolved", n, s)
			}
		}
		sameCounts(t, recount(t, st, slug), aggregates(t, st, slug))

		res, err = Import(ctx, st, slug, strings.NewReader(file), opt)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != 153 {
			t.Fatalf("same file again: %+v", res.ImportResult)
		}

		// INC1001 first older than stored (unchanged so far), then newer.
		more := head + row(1001, "Active", "?", "1/3/2016 10:00", 1) + row(3000, "Active", "?", "1/3/2016 10:00", 1) +
			row(1001, "Closed", "4/3/2016 10:00", "5/3/2016 10:00", 3)
		res, err = Import(ctx, st, slug, strings.NewReader(more), opt)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 1 || res.Updated != 1 || res.Unchanged != 0 {
			t.Fatalf("overlapping file: %+v", res.ImportResult)
		}
		if s := state("INC1001"); s != "Closed" {
			t.Errorf("INC1001: state %q, want Closed", s)
		}
		sameCounts(t, recount(t, st, slug), aggregates(t, st, slug))
	})
}

// TestImportLaterNonUTF8: the encoding is told from the start of the
// file; a row further on that is not UTF-8 is rejected with its line
// and column instead of storing broken text.
func TestImportLaterNonUTF8(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		slug := applyTemplate(t, st)
		var b strings.Builder
		b.WriteString("number,opened_at,short_description\n")
		for b.Len() < sniffSize+1000 {
			fmt.Fprintf(&b, "INC%d,1/3/2016 09:00,%s\n", 10000+b.Len(), strings.Repeat("x", 60))
		}
		b.WriteString("INC9,1/3/2016 09:00,S\xe4hk\xf6posti\n")
		lines := strings.Count(b.String(), "\n")
		res, err := Import(ctx, st, slug, strings.NewReader(b.String()), Options{Source: Source{Name: "servicenow"}, FileName: "x.csv", Actor: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Encoding != "utf-8" || len(res.Rejects) != 1 || res.Rejects[0].Line != lines || res.Rejects[0].Column != "short_description" {
			t.Fatalf("encoding %s rejects %v; want one on line %d, short_description", res.Encoding, res.Rejects, lines)
		}
		if res.Created != lines-2 {
			t.Errorf("created %d, want %d", res.Created, lines-2)
		}
	})
}
