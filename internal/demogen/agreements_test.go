package demogen

import (
	"context"
	"testing"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// A year of two agreements' governance: every meeting of the annual plan
// held with minutes, decisions recorded, minutes approved by the forum's
// rule; a second run adds nothing.
func TestAgreements(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		opt := AgreementOptions{Count: 2, FirstYear: 2020, Years: 1}
		got, err := Agreements(ctx, st, opt)
		if err != nil {
			t.Fatal(err)
		}
		if got.Agreements != 2 {
			t.Fatalf("%d agreements created", got.Agreements)
		}
		planned := 0
		for k := 0; k < 2; k++ {
			a, err := st.Agreement(ctx, Slug(k))
			if err != nil {
				t.Fatal(err)
			}
			ps, err := plan.Year(a, 2020)
			if err != nil {
				t.Fatal(err)
			}
			planned += len(ps)
			var ms []gov.Meeting
			err = st.ReadMeetings(ctx, func(tx *store.Tx) (err error) {
				ms, err = tx.Meetings(ctx, a.Slug, store.MeetingFilter{})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != len(ps) {
				t.Errorf("%s: %d meetings, the plan has %d", a.Slug, len(ms), len(ps))
			}
			for _, m := range ms {
				if m.State != gov.MinutesApproved && m.State != gov.MinutesSent {
					t.Errorf("%s: meeting %s %s is %s", a.Slug, m.Forum, m.LocalDate, m.State)
				}
				if d := m.LocalDate; d < "2020-01-01" || d > "2021-01-31" {
					t.Errorf("meeting on %s", d)
				}
			}
		}
		if got.Meetings != planned || got.Minutes != planned || got.Matters != planned {
			t.Errorf("stats %+v for %d planned meetings", got, planned)
		}
		if got.Decisions < planned || got.Approved < planned*9/10 {
			t.Errorf("stats %+v: every meeting decides its matter; nearly all minutes are approved", got)
		}
		again, err := Agreements(ctx, st, opt)
		if err != nil || again != (AgreementStats{}) {
			t.Errorf("second run: %+v, %v", again, err)
		}
	})
}

func TestSlug(t *testing.T) {
	if Slug(0) == Slug(5) || Slug(0) != "city-multi-supplier-001" {
		t.Errorf("Slug(0) = %s, Slug(5) = %s", Slug(0), Slug(5))
	}
}
