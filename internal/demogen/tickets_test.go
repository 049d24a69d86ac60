package demogen

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

func gen(t *testing.T, opt TicketOptions) ([]byte, TicketStats) {
	t.Helper()
	var b bytes.Buffer
	st, err := WriteTickets(&b, opt)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), st
}

// The same seed writes the same bytes; another seed, other bytes.
func TestTicketsDeterministic(t *testing.T) {
	a, _ := gen(t, TicketOptions{Count: 5000, Seed: 7})
	b, _ := gen(t, TicketOptions{Count: 5000, Seed: 7})
	c, _ := gen(t, TicketOptions{Count: 5000, Seed: 8})
	if sha256.Sum256(a) != sha256.Sum256(b) {
		t.Fatal("the same seed wrote different files")
	}
	if bytes.Equal(a, c) {
		t.Fatal("seeds 7 and 8 wrote the same file")
	}
}

// The file is the public event log's shape: its header, one row per
// state change grouped by ticket, consistent states, day-first dates.
func TestTicketsShape(t *testing.T) {
	data, st := gen(t, TicketOptions{Count: 3000, Seed: 1})
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != strings.Join(TicketHeader, ",") {
		t.Fatalf("header = %s", got)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	rows := recs[1:]
	if len(rows) != st.Rows || st.Tickets != 3000 {
		t.Fatalf("%d rows read, stats say %d rows, %d tickets", len(rows), st.Rows, st.Tickets)
	}
	if st.Rows < 3*st.Tickets {
		t.Errorf("%d rows for %d tickets: an event log has several rows per ticket", st.Rows, st.Tickets)
	}
	date := func(s string) time.Time {
		t.Helper()
		d, err := time.Parse("2/1/2006 15:04", s)
		if err != nil {
			t.Fatalf("date %q: %v", s, err)
		}
		return d
	}
	tickets, prevNumber, prevOpened := 0, "", time.Time{}
	var last []string
	states := map[string]int{}
	for _, r := range rows {
		states[r[col["incident_state"]]]++
		if r[col["number"]] != prevNumber {
			if last != nil && last[col["incident_state"]] == "Closed" && last[col["active"]] != "false" {
				t.Errorf("%s closed but active", prevNumber)
			}
			tickets++
			if r[col["incident_state"]] != "New" || r[col["sys_mod_count"]] != "0" {
				t.Fatalf("%s starts with %v", r[0], r)
			}
			if r[0] <= prevNumber || len(r[0]) != 10 || !strings.HasPrefix(r[0], "INC") {
				t.Fatalf("number %s after %s", r[0], prevNumber)
			}
			opened := date(r[col["opened_at"]])
			if opened.Before(prevOpened) {
				t.Fatalf("%s opened %s, before the previous ticket", r[0], opened)
			}
			prevNumber, prevOpened = r[0], opened
		} else if date(r[col["sys_updated_at"]]).Before(date(last[col["sys_updated_at"]])) {
			t.Fatalf("%s: updates out of order", r[0])
		}
		resolved := r[col["resolved_at"]] != "?"
		if st := r[col["incident_state"]]; (st == "Resolved" || st == "Closed") != resolved {
			t.Fatalf("%s in state %s with resolved_at %q", r[0], st, r[col["resolved_at"]])
		}
		if p := r[col["priority"]]; p != "1 - Critical" && p != "2 - High" && p != "3 - Moderate" && p != "4 - Low" {
			t.Fatalf("priority %q", p)
		}
		last = r
	}
	if tickets != 3000 {
		t.Errorf("%d distinct tickets", tickets)
	}
	for _, s := range []string{"New", "Active", "Resolved", "Closed", "Awaiting User Info"} {
		if states[s] == 0 {
			t.Errorf("no row in state %s", s)
		}
	}
}

func TestTicketsLimits(t *testing.T) {
	for _, n := range []int{-1, MaxTickets + 1} {
		if _, err := WriteTickets(&bytes.Buffer{}, TicketOptions{Count: n}); err == nil {
			t.Errorf("%d tickets accepted", n)
		}
	}
}
