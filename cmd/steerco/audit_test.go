package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// applyTemplates applies every shipped template to the database at dsn,
// one audit entry each, and returns the entries' ids in order.
func applyTemplates(t *testing.T, dsn string) []int64 {
	t.Helper()
	ctx := context.Background()
	s := storetest.Open(t, dsn)
	defer s.Close() // a server's open connection would stop a restore
	for _, name := range model.Templates() {
		src, err := model.Template(name)
		if err != nil {
			t.Fatal(err)
		}
		a, err := model.Parse(name+".yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApplyAgreement(ctx, a, "tester"); err != nil {
			t.Fatal(err)
		}
	}
	return auditIDs(t, s)
}

func auditIDs(t *testing.T, s *store.Store) []int64 {
	t.Helper()
	rows, err := s.QueryContext(context.Background(), `SELECT id FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// tamper runs statements on the audit log as an attacker with the
// database owner's rights would: first switching off the triggers that
// keep it append-only.
func tamper(t *testing.T, dsn string, stmts ...string) {
	t.Helper()
	s := storetest.Open(t, dsn)
	off := []string{`DROP TRIGGER IF EXISTS audit_log_no_update`, `DROP TRIGGER IF EXISTS audit_log_no_delete`}
	if s.Dialect() == store.DialectPostgres {
		off = []string{`ALTER TABLE audit_log DISABLE TRIGGER ALL`}
	}
	for _, q := range append(off, stmts...) {
		if _, err := s.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
}

func TestAuditVerify(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		storetest.Open(t, db).Close() // migrated, empty
		if out := ok(t, "audit", "verify", "--db", db); out != "audit trail intact: 0 entries\n" {
			t.Errorf("empty log: %q", out)
		}
		ids := applyTemplates(t, db)
		if len(ids) < 4 {
			t.Fatalf("want at least 4 audit entries, got %d", len(ids))
		}
		want := fmt.Sprintf("audit trail intact: %d entries\n", len(ids))
		if out := ok(t, "audit", "verify", "--db", db); out != want {
			t.Errorf("stdout %q, want %q", out, want)
		}

		// An altered field breaks its own entry.
		tamper(t, db, fmt.Sprintf(`UPDATE audit_log SET actor = 'mallory' WHERE id = %d`, ids[2]))
		stderr := fails(t, 1, "audit", "verify", "--db", db)
		wantBroken(t, stderr, ids[2], "contents")
		// Putting it back mends the chain: the check is of content only.
		tamper(t, db, fmt.Sprintf(`UPDATE audit_log SET actor = 'tester' WHERE id = %d`, ids[2]))
		ok(t, "audit", "verify", "--db", db)

		// A removed entry in the middle breaks the one after it.
		tamper(t, db, fmt.Sprintf(`DELETE FROM audit_log WHERE id = %d`, ids[1]))
		stderr = fails(t, 1, "audit", "verify", "--db", db)
		wantBroken(t, stderr, ids[2], fmt.Sprintf("does not match the hash of entry %d", ids[0]))
	})
}

func TestAuditVerifyTail(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		ids := applyTemplates(t, db)
		last := ids[len(ids)-1]
		// A cut-off tail shows against the head row's count.
		tamper(t, db, fmt.Sprintf(`DELETE FROM audit_log WHERE id = %d`, last))
		stderr := fails(t, 1, "audit", "verify", "--db", db)
		wantBroken(t, stderr, ids[len(ids)-2]+1, "the last 1 were removed")
	})
}

// wantBroken checks the verdict names entry id and gives a reason.
func wantBroken(t *testing.T, stderr string, id int64, reason string) {
	t.Helper()
	prefix := fmt.Sprintf("audit trail broken at entry %d: ", id)
	if !strings.HasPrefix(stderr, prefix) || !strings.Contains(stderr, reason) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr %q: want one line %q... mentioning %q", stderr, prefix, reason)
	}
}

func TestAuditVerifyBadInput(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	stderr := fails(t, 1, "audit", "verify", "--db", "sqlite:"+missing)
	if !strings.Contains(stderr, "no database at "+missing) {
		t.Errorf("stderr %q", stderr)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("verifying a missing database created it")
	}
	for _, args := range [][]string{{"audit"}, {"audit", "check"}, {"audit", "verify", "extra"}, {"audit", "verify", "--bogus"}} {
		fails(t, 2, args...)
	}
	if r := steerco(t, "audit", "verify", "-h"); r.code != 0 || !strings.Contains(r.stderr, "-db") {
		t.Errorf("audit verify -h:\n%s", r)
	}
}
