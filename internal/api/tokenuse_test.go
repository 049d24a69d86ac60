package api

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// A token's last use is recorded at most once a minute, and a failure to
// record it never fails the request (issue #18).
func TestTokenLastUse(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newAPIFixture(t, st)
		lastUsed := func() *time.Time {
			t.Helper()
			ts, err := st.Tokens(ctx, f.users["customer"].ID)
			if err != nil || len(ts) != 1 {
				t.Fatalf("tokens: %v %v", ts, err)
			}
			return ts[0].LastUsed
		}
		get := func() {
			t.Helper()
			if status, body := f.do("customer", "GET", "/api/v1/me", nil); status != http.StatusOK {
				t.Fatalf("GET /api/v1/me: %d %s", status, body)
			}
		}
		f.at("2026-12-08 10:00")
		get()
		first := lastUsed()
		if first == nil || !first.Equal(f.now()) {
			t.Fatalf("last used %v after the first call at %v", first, f.now())
		}
		f.at("2026-12-08 10:00")
		f.clock.Add(int64(50 * time.Second))
		get()
		if got := lastUsed(); !got.Equal(*first) {
			t.Errorf("recorded again within a minute: %v", got)
		}
		// The note cannot be written: the call still succeeds.
		refuse := []string{`CREATE TRIGGER refuse_token_use BEFORE UPDATE ON api_tokens BEGIN SELECT RAISE(ABORT, 'refused'); END`}
		if st.Dialect() == store.DialectPostgres {
			refuse = []string{`CREATE FUNCTION refuse_token_use() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`,
				`CREATE TRIGGER refuse_token_use BEFORE UPDATE ON api_tokens FOR EACH ROW EXECUTE FUNCTION refuse_token_use()`}
		}
		for _, q := range refuse {
			if _, err := st.DB().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		f.at("2026-12-08 10:05")
		get()
		if got := lastUsed(); !got.Equal(*first) {
			t.Errorf("the refused note changed the last use: %v", got)
		}
	})
}
