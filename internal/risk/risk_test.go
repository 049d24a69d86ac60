package risk_test

import (
	"context"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/risk"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// OpenForMonth, as the monthly report calls it: a risk counts in every
// month it was open at some time, in the agreement's time zone.
func TestOpenForMonth(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		src, err := model.Template("national-platform")
		if err != nil {
			t.Fatal(err)
		}
		a, err := model.Parse("np.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		hel, _ := time.LoadLocation("Europe/Helsinki")
		svc := risk.New(st)
		x := meeting.ActorFor(auth.Principal{Email: "sanna.rautio@tiera.example.fi", Party: "tiera", Account: auth.AccountRepresentative}, a)
		at := func(s string) {
			svc.Now = func() time.Time { t, _ := time.ParseInLocation("2006-01-02 15:04", s, hel); return t }
		}

		at("2026-03-31 23:30") // 21:30 UTC: March in Helsinki
		march, err := svc.Add(ctx, a, x, risk.Input{Title: "Maaliskuu", Probability: 2, Impact: 2}, "")
		if err != nil {
			t.Fatal(err)
		}
		at("2026-04-10 10:00")
		if _, err := svc.Add(ctx, a, x, risk.Input{Title: "Huhtikuu", Probability: 5, Impact: 5}, ""); err != nil {
			t.Fatal(err)
		}
		at("2026-05-01 00:30") // closed in May, Helsinki time: still open in April
		if _, err := svc.Update(ctx, a, x, march.ID, risk.Input{Title: "Maaliskuu", Probability: 2, Impact: 2, Status: risk.Closed}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			month string
			want  []string
		}{
			{"2026-02", nil},
			{"2026-03", []string{"Maaliskuu"}},
			{"2026-04", []string{"Huhtikuu", "Maaliskuu"}}, // highest score first
			{"2026-05", []string{"Huhtikuu", "Maaliskuu"}},
			{"2026-06", []string{"Huhtikuu"}},
		} {
			got, err := risk.OpenForMonth(ctx, st, a.Slug, c.month)
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, r := range got {
				titles = append(titles, r.Title)
			}
			if len(titles) != len(c.want) || len(titles) > 0 && titles[0] != c.want[0] {
				t.Errorf("%s: %v, want %v", c.month, titles, c.want)
			}
		}
		if _, err := risk.OpenForMonth(ctx, st, a.Slug, "2026-13"); gov.CodeOf(err) != gov.CodeInvalid {
			t.Errorf("bad month: %v", err)
		}
	})
}
