package records

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestRetention: agenda items kept one year are listed for disposal a
// year after their meeting; a legal hold stops the disposal; disposal
// removes them with audit entries holding only digests.
func TestRetention(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		stored, mid, item := seed(t, st, true)
		a := *stored
		rules := *a.Records
		rules.Types = append([]gov.RecordMeta(nil), rules.Types...)
		for i := range rules.Types {
			if rules.Types[i].Type == gov.RecAgenda {
				rules.Types[i].Retention = "1"
			}
		}
		a.Records = &rules
		svc := New(st)
		clock := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		svc.Now = func() time.Time { return clock }
		supplier := Actor{Role: "supplier"}
		if _, err := svc.Retention(ctx, &a, supplier); code(err) != gov.CodeForbidden {
			t.Errorf("supplier sees the retention list: %v", err)
		}
		if v, err := svc.Retention(ctx, &a, admin); err != nil || len(v.Types) != 0 {
			t.Fatalf("before a year: %+v %v", v, err)
		}
		clock = time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
		v, err := svc.Retention(ctx, &a, admin)
		if err != nil || len(v.Types) != 1 || v.Types[0].Type != gov.RecAgenda || len(v.Types[0].Records) != 2 {
			t.Fatalf("after a year: %+v %v", v, err)
		}
		// The archivist's duty is in the ledger, once.
		for i, want := range []int{1, 0} {
			if n, err := svc.SyncDisposal(ctx, &a); err != nil || n != want {
				t.Fatalf("sync %d: opened %d, want %d (%v)", i, n, want, err)
			}
		}
		disposalDuty := func() store.Duty {
			var ds []store.Duty
			err := st.ReadMeetings(ctx, func(tx *store.Tx) error {
				var err error
				ds, err = tx.Duties(ctx, store.DutyFilter{Agreements: []string{a.Slug}, Kinds: []string{duty.RecordsDisposal}})
				return err
			})
			if err != nil || len(ds) != 1 {
				t.Fatalf("disposal duties: %+v %v", ds, err)
			}
			return ds[0]
		}
		if d := disposalDuty(); d.State != store.DutyOpen || d.Source != "records/agenda" || d.OwedBy != "customer" {
			t.Errorf("duty %+v", d)
		}
		if err := svc.PlaceHold(ctx, &a, admin, "", " "); code(err) != gov.CodeInvalid {
			t.Errorf("hold without reason: %v", err)
		}
		if err := svc.PlaceHold(ctx, &a, admin, "agenda", "Hallinto-oikeuden valitus 2027/12"); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.Dispose(ctx, &a, admin, gov.RecAgenda); code(err) != gov.CodeConflict || n != 0 || !strings.Contains(err.Error(), "legal hold") {
			t.Errorf("disposal under a hold: %d %v", n, err)
		}
		if _, err := svc.Dispose(ctx, &a, supplier, gov.RecAgenda); code(err) != gov.CodeForbidden {
			t.Errorf("supplier disposes: %v", err)
		}
		if _, err := svc.Dispose(ctx, &a, admin, gov.RecMinutes); code(err) != gov.CodeConflict {
			t.Errorf("permanent minutes disposed: %v", err)
		}
		v, _ = svc.Retention(ctx, &a, admin)
		if v.Types[0].Hold == nil || len(v.Holds) != 1 {
			t.Fatalf("hold not shown: %+v", v)
		}
		if err := svc.ReleaseHold(ctx, &a, admin, v.Holds[0].ID); err != nil {
			t.Fatal(err)
		}
		n, err := svc.Dispose(ctx, &a, admin, gov.RecAgenda)
		if err != nil || n != 2 {
			t.Fatalf("dispose: %d %v", n, err)
		}
		if v, _ := svc.Retention(ctx, &a, admin); len(v.Types) != 0 {
			t.Errorf("still listed after disposal: %+v", v)
		}
		if d := disposalDuty(); d.State != store.DutyDone {
			t.Errorf("the disposal duty is %s after disposal", d.State)
		}
		err = st.ReadMeetings(ctx, func(tx *store.Tx) error {
			items, err := tx.Items(ctx, mid)
			if len(items) != 0 {
				t.Errorf("%d items left", len(items))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		es, err := st.ObjectHistory(ctx, 0, "agenda", strconv.FormatInt(item, 10))
		if err != nil || len(es) != 1 || es[0].Action != "records.dispose" {
			t.Fatalf("audit: %+v %v", es, err)
		}
		if b := string(es[0].Before); !strings.Contains(b, `"sha256":"`) || strings.Contains(b, secretTitle) {
			t.Errorf("the audit entry keeps more than digests: %s", b)
		}
	})
}
