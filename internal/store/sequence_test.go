package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestParallelNumbering: 40 transactions over two Stores (two server
// instances) allocate order numbers, a month's report versions and
// addenda at once; none fails and every number is used once. On
// PostgreSQL this is the race that answered 500 on the unique keys.
func TestParallelNumbering(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		stores := []*store.Store{storetest.Open(t, dsn), storetest.Open(t, dsn)}
		a := richAgreement()
		if _, err := stores[0].ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		var aid int64
		if err := stores[0].InTx(ctx, func(tx *store.Tx) (err error) { aid, err = tx.AgreementID(ctx, a.Slug); return }); err != nil {
			t.Fatal(err)
		}
		const n = 40
		var wg sync.WaitGroup
		errs := make(chan error, 3*n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := stores[i%2]
				errs <- s.InTx(ctx, func(tx *store.Tx) error {
					num, err := tx.NextOrderNumber(ctx, aid, 2026)
					if err != nil {
						return err
					}
					o := &store.Order{Number: num, Kind: "assignment", Pricing: "hourly", Title: fmt.Sprint("order ", i), Supplier: "s",
						Orderer: "o", OrdererParty: "p", State: "placed", CreatedBy: "test", CreatedAt: time.Now()}
					if err := tx.InsertOrder(ctx, aid, o); err != nil {
						return err
					}
					return tx.InsertAddendum(ctx, aid, &store.Addendum{OrderID: o.ID, Title: "a", Forum: "f", CreatedBy: "test", CreatedAt: time.Now()})
				})
				errs <- s.InTx(ctx, func(tx *store.Tx) error {
					v, err := tx.LatestReportForUpdate(ctx, aid, "2026-04", "")
					next := 1
					if err == nil {
						next = v.Version + 1
					}
					_, err = tx.CreateReportVersion(ctx, aid, "2026-04", "", next, "{}", "test")
					return err
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		if err := stores[0].InTx(ctx, func(tx *store.Tx) error {
			v, err := tx.LatestReport(ctx, aid, "2026-04", "")
			if err != nil || v.Version != n {
				t.Errorf("latest report version %d, %v; want %d", v.Version, err, n)
			}
			num, err := tx.NextOrderNumber(ctx, aid, 2026)
			if num != fmt.Sprintf("2026-%03d", n+1) {
				t.Errorf("next order number %s, %v", num, err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})
}
