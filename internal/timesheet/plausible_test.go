package timesheet_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
	"github.com/steerco/steerco/internal/timesheet"
)

// TestNoMoreThan24HoursADay: one person's hours on one day stop at 24,
// counted over the entries already stored and the rows of the same
// import; another day or person is not affected.
func TestNoMoreThan24HoursADay(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		src, _ := model.Template("national-platform")
		a, _ := model.Parse("np.yaml", src)
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		svc := timesheet.New(st)
		svc.Now = func() time.Time { return time.Date(2026, 4, 20, 8, 0, 0, 0, time.UTC) }
		const who = "minna.karjalainen@alustatalo.example.com"
		csv := "date,email,hours,description\n" +
			"2026-04-14," + who + ",9,aamu\n" +
			"2026-04-14," + who + ",9,ilta\n" +
			"2026-04-14," + who + ",9,yö\n" +
			"2026-04-15," + who + ",9,seuraava päivä\n"
		res, err := svc.Import(ctx, a, timesheet.System, "alustatalo", strings.NewReader(csv), false)
		if err != nil {
			t.Fatal(err)
		}
		if res.Imported != 3 || len(res.Errors) != 1 || res.Errors[0].ID != "time.err.daytotal" || res.Errors[0].Line != 4 || res.Errors[0].Column != "hours" {
			t.Fatalf("imported %d, errors %+v; want 3 and the third row of the 14th refused", res.Imported, res.Errors)
		}
		// Six more hours fit on the 14th, seven do not.
		res, err = svc.Import(ctx, a, timesheet.System, "alustatalo", strings.NewReader("date,email,hours,description\n2026-04-14,"+who+",7,lisää\n"), false)
		if err != nil || res.Imported != 0 || len(res.Errors) != 1 {
			t.Fatalf("7 more hours: %+v %v", res, err)
		}
		res, err = svc.Import(ctx, a, timesheet.System, "alustatalo", strings.NewReader("date,email,hours,description\n2026-04-14,"+who+",6,lisää\n"), false)
		if err != nil || res.Imported != 1 {
			t.Fatalf("6 more hours: %+v %v", res, err)
		}
	})
}
