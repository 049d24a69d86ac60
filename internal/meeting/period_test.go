package meeting

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestMeetingOutsidePeriod: a meeting after the agreement's period ends
// is refused with a message naming the period, and nothing is stored;
// the plan of a year after it creates nothing (issue #15).
func TestMeetingOutsidePeriod(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		supplier := w.actor("minna-karjalainen", auth.AccountRepresentative)
		_, err := w.svc.CreateAdHoc(ctx, w.a, supplier, NewMeeting{Forum: forum, Date: "2030-01-08"}, false)
		wantCode(t, err, gov.CodeInvalid)
		var e *gov.Error
		if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != "date" || !strings.Contains(e.Message, "2026-01-01 – 2029-12-31") {
			t.Fatalf("want a date field error naming the period, got %v", err)
		}
		created, err := w.svc.CreateFromPlan(ctx, w.a, supplier, 2031, forum)
		ok(t, err)
		if len(created) != 0 {
			t.Fatalf("planned %d meetings in 2031, after the agreement ends", len(created))
		}
		var ms []gov.Meeting
		ok(t, st.ReadTx(ctx, func(tx *store.Tx) error {
			ms, err = tx.Meetings(ctx, w.a.Slug, store.MeetingFilter{})
			return err
		}))
		if len(ms) != 0 {
			t.Fatalf("%d meetings stored", len(ms))
		}
		// Inside the period it works.
		_, err = w.svc.CreateAdHoc(ctx, w.a, supplier, NewMeeting{Forum: forum, Date: "2027-01-12"}, false)
		ok(t, err)
	})
}
