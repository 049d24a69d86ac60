package store_test

import (
	"context"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestAuditWitnessAndState: the witness of an approval is that entry's
// place and hash in the chain (per agreement where ids repeat), and the
// state and the n-th entry agree with the chain.
func TestAuditWitnessAndState(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := richAgreement()
		if _, err := s.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		var aid int64
		write := func(action, object string, agreement int64) {
			if err := s.InTx(ctx, func(tx *store.Tx) error {
				return tx.Audit(ctx, store.Entry{Actor: "t", Action: action, ObjectType: "monthly_report", ObjectID: object, AgreementID: agreement})
			}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.InTx(ctx, func(tx *store.Tx) (err error) { aid, err = tx.AgreementID(ctx, a.Slug); return }); err != nil {
			t.Fatal(err)
		}
		write("report.approve", "2026-04", aid)
		st1, err := s.AuditState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		write("report.approve", "2026-04", 0) // another agreement's month
		write("report.write", "2026-05", aid)
		err = s.InTx(ctx, func(tx *store.Tx) error {
			pos, hash, err := tx.AuditWitness(ctx, "report.approve", "monthly_report", "2026-04", aid)
			if err != nil || pos != st1.Entries || hash != st1.Head {
				t.Errorf("witness %d %s %v, want %d %s", pos, hash, err, st1.Entries, st1.Head)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, hash, err := s.AuditEntryAt(ctx, st1.Entries); err != nil || hash != st1.Head {
			t.Errorf("entry at %d: %s %v", st1.Entries, hash, err)
		}
		st2, _ := s.AuditState(ctx)
		if st2.Entries != st1.Entries+2 {
			t.Errorf("state %+v after %+v", st2, st1)
		}
		if _, _, err := s.AuditEntryAt(ctx, st2.Entries+1); err == nil {
			t.Error("an entry beyond the chain")
		}
	})
}
