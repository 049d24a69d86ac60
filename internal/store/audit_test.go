package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// appendEntries writes n audit entries, one transaction each.
func appendEntries(t *testing.T, s *store.Store, n int) {
	t.Helper()
	for i := range n {
		err := s.InTx(context.Background(), func(tx *store.Tx) error {
			return tx.Audit(context.Background(), store.Entry{
				Actor: "tester", Action: "thing.change", ObjectType: "thing", ObjectID: "t1",
				AgreementID: int64(i % 2), Before: map[string]int{"n": i}, After: struct{ N int }{i + 1},
			})
		})
		if err != nil {
			t.Fatalf("audit: %v", err)
		}
	}
}

func verify(t *testing.T, s *store.Store) (int64, bool) {
	t.Helper()
	id, ok, err := s.VerifyAudit(context.Background())
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return id, ok
}

// entryIDs lists the audit entry ids in order.
func entryIDs(t *testing.T, s *store.Store) []int64 {
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

// allowTampering disables the append-only triggers, as an attacker with
// the database owner's rights could.
func allowTampering(t *testing.T, s *store.Store) {
	t.Helper()
	stmts := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
	if s.Dialect() == store.DialectPostgres {
		stmts = []string{`ALTER TABLE audit_log DISABLE TRIGGER USER`}
	}
	for _, q := range stmts {
		if _, err := s.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestAuditChainVerifies(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		if _, ok := verify(t, s); !ok {
			t.Fatal("empty log does not verify")
		}
		appendEntries(t, s, 5)
		apply(t, s, richAgreement())
		if id, ok := verify(t, s); !ok {
			t.Fatalf("fresh chain broken at %d", id)
		}
		var before, after *string
		var agreementID *int64
		err := s.QueryRowContext(context.Background(),
			`SELECT before_json, after_json, agreement_id FROM audit_log WHERE action = ? ORDER BY id LIMIT 1`, "thing.change").
			Scan(&before, &after, &agreementID)
		if err != nil {
			t.Fatal(err)
		}
		if before == nil || *before != `{"n":0}` || after == nil || *after != `{"N":1}` || agreementID != nil {
			t.Errorf("first entry: before %v after %v agreement %v", deref(before), deref(after), agreementID)
		}
	})
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestAuditIsAppendOnly(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		appendEntries(t, s, 2)
		ctx := context.Background()
		if _, err := s.ExecContext(ctx, `UPDATE audit_log SET actor = ?`, "mallory"); err == nil {
			t.Error("UPDATE of audit_log succeeded")
		}
		if _, err := s.ExecContext(ctx, `DELETE FROM audit_log`); err == nil {
			t.Error("DELETE from audit_log succeeded")
		}
		if _, ok := verify(t, s); !ok {
			t.Error("chain broken by rejected statements")
		}
	})
}

func TestAuditTamperingIsFound(t *testing.T) {
	ctx := context.Background()
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		appendEntries(t, s, 5)
		ids := entryIDs(t, s)
		allowTampering(t, s)

		// Changing a field of the third entry breaks the third entry.
		if _, err := s.ExecContext(ctx, `UPDATE audit_log SET actor = ? WHERE id = ?`, "mallory", ids[2]); err != nil {
			t.Fatal(err)
		}
		if id, ok := verify(t, s); ok || id != ids[2] {
			t.Errorf("after changing entry %d: verify = %d, %v", ids[2], id, ok)
		}
		if _, err := s.ExecContext(ctx, `UPDATE audit_log SET actor = ? WHERE id = ?`, "tester", ids[2]); err != nil {
			t.Fatal(err)
		}
		if _, ok := verify(t, s); !ok {
			t.Fatal("undoing the change did not mend the chain")
		}

		// Rehashing a changed entry moves the break to the next one.
		if _, err := s.ExecContext(ctx, `UPDATE audit_log SET after_json = ? WHERE id = ?`, `{"N":99}`, ids[1]); err != nil {
			t.Fatal(err)
		}
		if id, ok := verify(t, s); ok || id != ids[1] {
			t.Errorf("after changing after_json of %d: verify = %d, %v", ids[1], id, ok)
		}
	})
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		appendEntries(t, s, 4)
		ids := entryIDs(t, s)
		allowTampering(t, s)
		// Deleting an entry in the middle breaks the one after it.
		if _, err := s.ExecContext(ctx, `DELETE FROM audit_log WHERE id = ?`, ids[1]); err != nil {
			t.Fatal(err)
		}
		if id, ok := verify(t, s); ok || id != ids[2] {
			t.Errorf("after deleting %d: verify = %d, %v, want %d", ids[1], id, ok, ids[2])
		}
	})
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		appendEntries(t, s, 3)
		ids := entryIDs(t, s)
		allowTampering(t, s)
		// Cutting off the tail is seen through the head row.
		if _, err := s.ExecContext(ctx, `DELETE FROM audit_log WHERE id = ?`, ids[2]); err != nil {
			t.Fatal(err)
		}
		if id, ok := verify(t, s); ok || id != ids[1]+1 {
			t.Errorf("after deleting the last entry: verify = %d, %v, want %d", id, ok, ids[1]+1)
		}
	})
}

func TestInTxRollsBack(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		entry := store.Entry{Actor: "tester", Action: "thing.change", ObjectType: "thing", ObjectID: "1"}
		boom := errors.New("boom")
		err := s.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.Audit(ctx, entry); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx error = %v, want boom", err)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Error("panic was swallowed")
				}
			}()
			s.InTx(ctx, func(tx *store.Tx) error {
				if err := tx.Audit(ctx, entry); err != nil {
					t.Fatal(err)
				}
				panic("boom")
			})
		}()
		if n := count(t, s, `SELECT COUNT(*) FROM audit_log`); n != 0 {
			t.Errorf("rolled back transactions left %d entries", n)
		}
		// The Store is usable afterwards (on SQLite: the one connection
		// was given back).
		appendEntries(t, s, 1)
		if _, ok := verify(t, s); !ok {
			t.Error("chain broken after rollbacks")
		}
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.Audit(ctx, store.Entry{Action: "x"}) }); err == nil {
			t.Error("audit without actor accepted")
		}
	})
}
