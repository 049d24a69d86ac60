package web

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/demogen"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/itsm"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// Issue #18's rules for reading pages, checked on an agreement with a
// year of generated history (every meeting of the annual plan held, with
// matters, decisions and minutes) and imported tickets, on both
// databases: a signed-in GET writes nothing (the session table does not
// change while a user reads pages), and every page reads what it shows in
// at most readsLimit statements, whatever the amount of history. Speed
// itself is bench/run's business, never a timed assertion here.

// readsLimit is the ceiling of statements per page.
const readsLimit = 10

// readsOver are the pages still known to run more than readsLimit
// statements, with their count at the time; the list only shrinks.
var readsOver = map[string]int64{
	// The meeting page: issue 19's invitation answers added one.
	// The home page: the sign-in's reads, the agreements, the inbox's
	// read of the duty ledger (issue 16) and each agreement's records.
	"/": 14, "/a/reports/2024-04": 14, "/a/meetings/{id}": 21, "/a/matters/{id}": 15,
}

// readsKey is a path's key in readsOver: the agreement as /a/, ids as {id}.
func readsKey(path string) string {
	path, _, _ = strings.Cut(path, "?")
	if rest, ok := strings.CutPrefix(path, "/a/"); ok {
		_, rest, _ = strings.Cut(rest, "/")
		path = "/a/" + rest
		if i := strings.LastIndexByte(path, '/'); i > 0 && strings.Trim(path[i+1:], "0123456789") == "" {
			path = path[:i] + "/{id}"
		}
	}
	return path
}

// readsCounts remembers each request's statement counter by path.
type readsCounts struct {
	mu sync.Mutex
	by map[string]*store.StatementCounter
}

func (rc *readsCounts) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, c := store.TraceStatements(r.Context())
		h.ServeHTTP(w, r.WithContext(ctx))
		rc.mu.Lock()
		rc.by[r.URL.RequestURI()] = c
		rc.mu.Unlock()
	})
}

func (rc *readsCounts) get(path string) *store.StatementCounter {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.by[path]
}

// readsHistory generates the agreement with a year of history and
// imports tickets into it; it returns the agreement.
func readsHistory(t *testing.T, st *store.Store) *gov.Agreement {
	t.Helper()
	ctx := context.Background()
	if _, err := demogen.Agreements(ctx, st, demogen.AgreementOptions{Count: 1, FirstYear: 2024, Years: 1}); err != nil {
		t.Fatal(err)
	}
	slug := demogen.Slug(0)
	var csv bytes.Buffer
	if _, err := demogen.WriteTickets(&csv, demogen.TicketOptions{Count: 300, Seed: 1,
		From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := itsm.Import(ctx, st, slug, &csv, itsm.Options{Source: itsm.Source{Name: "servicenow"}, FileName: "tickets.csv", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	a, err := st.Agreement(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// readsPaths are the reading pages of the agreement: every list, and one
// of each object page (the latest meeting, matter and decision).
func readsPaths(t *testing.T, st *store.Store, a *gov.Agreement) []string {
	t.Helper()
	ctx := context.Background()
	p := "/a/" + a.Slug
	paths := []string{"/", "/agreements", "/account", "/account/feeds", "/outbox",
		p, p + "/forums", p + "/meetings", p + "/meetings?when=past", p + "/matters", p + "/decisions", p + "/actions", p + "/directory", p + "/plan", p + "/model",
		p + "/complaints", p + "/sanctions", p + "/incidents", p + "/deficiencies", p + "/risks",
		p + "/orders", p + "/time", p + "/invoice", p + "/reports", p + "/reports/2024-04"}
	for _, f := range a.Forums {
		paths = append(paths, p+"/forums/"+f.Slug)
	}
	latest := func(q string) int64 {
		var id sql.NullInt64
		if err := st.DB().QueryRowContext(ctx, st.Rebind(q), a.Slug).Scan(&id); err != nil || !id.Valid {
			t.Fatalf("%s: %v", q, err)
		}
		return id.Int64
	}
	const of = ` JOIN agreements a ON a.id = x.agreement_id WHERE a.slug = ?`
	paths = append(paths,
		fmt.Sprintf("%s/meetings/%d", p, latest(`SELECT max(x.id) FROM meetings x`+of)),
		fmt.Sprintf("%s/matters/%d", p, latest(`SELECT max(x.id) FROM matters x`+of)),
		fmt.Sprintf("%s/decisions/%d", p, latest(`SELECT max(x.id) FROM decisions x`+of)))
	return paths
}

// readsSessions is the whole session table.
func readsSessions(t *testing.T, st *store.Store) [][]any {
	t.Helper()
	rows, err := st.DB().Query(`SELECT token, data, expiry, deadline FROM sessions ORDER BY token`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		var tok string
		var data []byte
		var exp, dl sql.NullTime
		if err := rows.Scan(&tok, &data, &exp, &dl); err != nil {
			t.Fatal(err)
		}
		out = append(out, []any{tok, data, exp.Time.UTC(), dl.Time.UTC()})
	}
	return out
}

func TestReadsWriteNothingAndFewStatements(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		f := newFixture(t, storetest.Open(t, dsn))
		a := readsHistory(t, f.st)
		rc := &readsCounts{by: map[string]*store.StatementCounter{}}
		srv := httptest.NewServer(rc.wrap(f.web.Handler()))
		defer srv.Close()
		f.srv = srv
		// The administrator sees every agreement (the heaviest home page);
		// the provider's representative is a party of the generated one.
		users := []string{"admin"}
		paths := readsPaths(t, f.st, a)
		var lines []string
		for _, u := range users {
			c := f.client(u)
			before := readsSessions(t, f.st)
			for round := 0; round < 2; round++ {
				for _, path := range paths {
					status, body := f.get(c, path)
					if status != http.StatusOK {
						t.Errorf("%s: GET %s: %d\n%.300s", u, path, status, body)
						continue
					}
					if strings.HasSuffix(path, "/matters") {
						// A year of history holds over 300 matters: the list
						// shows the latest mtrListMax and says so.
						rows := regexp.MustCompile(`href="/a/[^/]+/matters/[0-9]+"`).FindAllString(body, -1)
						if len(rows) != mtrListMax || strings.Contains(body, "perf.matters.more") || !regexp.MustCompile(`class="muted">[^<]*100`).MatchString(body) {
							t.Errorf("GET %s: %d matters listed, want %d and a note", path, len(rows), mtrListMax)
						}
					}
					n := rc.get(path)
					if n.Writes() != 0 {
						t.Errorf("%s: GET %s wrote %d times", u, path, n.Writes())
					}
					// Statements are counted on the second round, with the
					// models cached, as a server under load runs.
					if round == 0 {
						continue
					}
					if limit, ok := readsOver[readsKey(path)]; ok {
						if n.Statements() > limit {
							t.Errorf("%s: GET %s ran %d statements, more than the %d it ran before", u, path, n.Statements(), limit)
						}
					} else if n.Statements() > readsLimit {
						t.Errorf("%s: GET %s ran %d statements, more than %d", u, path, n.Statements(), readsLimit)
					}
					if round == 1 {
						lines = append(lines, fmt.Sprintf("%3d %s", n.Statements(), path))
						if testing.Verbose() && n.Statements() > readsLimit {
							for _, q := range n.Queries() {
								t.Logf("%s: %.200s", path, q)
							}
						}
					}
				}
			}
			if after := readsSessions(t, f.st); !reflect.DeepEqual(before, after) {
				t.Errorf("%s: reading pages changed the session table:\nbefore %v\nafter  %v", u, before, after)
			}
		}
		sort.Strings(lines)
		for _, l := range lines {
			t.Log(l)
		}
	})
}
