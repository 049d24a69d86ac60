package ops

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestReadyzNeedsAWritableDatabase: a database that answers reads but
// refuses writes (SQLite query_only, a PostgreSQL session in read-only
// mode, as on a replica or after an operator's lock-down) is not ready.
func TestReadyzNeedsAWritableDatabase(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn) // migrated
		if code, body := newServer(t, s, false).get(t, "/readyz"); code != 200 {
			t.Fatalf("/readyz on a writable database: %d %q", code, body)
		}
		var ro *store.Store
		if strings.HasPrefix(dsn, "sqlite:") {
			// The SQLite store has one connection: make it read-only.
			if _, err := s.ExecContext(ctx, `PRAGMA query_only = ON`); err != nil {
				t.Fatal(err)
			}
			ro = s
		} else {
			c, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			var err error
			if ro, err = store.Connect(c, dsn+"&default_transaction_read_only=on"); err != nil {
				t.Fatal(err)
			}
			defer ro.Close()
		}
		srv := newServer(t, ro, false)
		code, body := srv.get(t, "/readyz")
		if code != 503 || body != "not ready: database cannot be written\n" {
			t.Errorf("/readyz on a read-only database: %d %q", code, body)
		}
		if !strings.Contains(srv.log.String(), "write check") {
			t.Errorf("the log lacks the cause:\n%s", srv.log)
		}
	})
}
