package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestConcurrentAppliesKeepOneChain runs two Stores (two server processes,
// as far as the database can tell) applying models and writing audit
// entries at the same time, on the same agreements and on their own.
func TestConcurrentAppliesKeepOneChain(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		stores := []*store.Store{storetest.Open(t, dsn), storetest.Open(t, dsn)}
		const rounds = 8
		var wg sync.WaitGroup
		errs := make(chan error, 2*rounds*3)
		for w, s := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range rounds {
					// The shared agreement, created by whichever Store
					// comes first, then changed by both.
					shared := richAgreement()
					shared.Name = fmt.Sprintf("shared %d/%d", w, i)
					// An agreement of this worker's own.
					own := richAgreement()
					own.Slug = fmt.Sprintf("own-%d", w)
					own.Forums[0].Cadence.PerYear = i + 1
					for _, a := range []*gov.Agreement{shared, own} {
						if _, err := s.ApplyAgreement(ctx, a, fmt.Sprintf("worker %d", w)); err != nil {
							errs <- err
						}
					}
					err := s.InTx(ctx, func(tx *store.Tx) error {
						return tx.Audit(ctx, store.Entry{Actor: "worker", Action: "thing.change", ObjectType: "thing", ObjectID: fmt.Sprint(w)})
					})
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		s := stores[0]
		if id, ok := verify(t, s); !ok {
			t.Fatalf("chain broken at %d", id)
		}
		// Every apply changed something (the name or the cadence differs
		// from the previous one), except possibly a shared apply that
		// repeats the other worker's last name: none do, names differ.
		want := 2*rounds /* own */ + 2*rounds /* shared */ + 2*rounds /* entries */
		if n := count(t, s, `SELECT COUNT(*) FROM audit_log`); n != want {
			t.Errorf("audit entries = %d, want %d", n, want)
		}
		if n := count(t, s, `SELECT COUNT(DISTINCT prev_hash) FROM audit_log`); n != want {
			t.Errorf("distinct prev_hash = %d, want %d: the chain forked", n, want)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM agreements`); n != 3 {
			t.Errorf("agreements = %d, want 3", n)
		}
	})
}
