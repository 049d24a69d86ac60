package report

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/itsm"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// seed creates the national-platform agreement and imports a generated
// April 2026 event log through the real importer.
func seed(t testing.TB, st *store.Store, incidents int) *gov.Agreement {
	t.Helper()
	ctx := context.Background()
	data, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("national-platform.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation(a.TimeZone)
	var buf bytes.Buffer
	if _, err := itsm.GenerateServiceNow(&buf, itsm.GenerateOptions{Seed: 3, Incidents: incidents, From: time.Date(2026, 4, 1, 0, 0, 0, 0, loc),
		Months: 1, Groups: []string{"Alusta", "Opetusdata"}, Late: 0.2, FirstNumber: 1000}); err != nil {
		t.Fatal(err)
	}
	if _, err := itsm.Import(ctx, st, a.Slug, &buf, itsm.Options{Source: itsm.Source{Name: "servicenow"}, FileName: "april.csv", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	return a
}

func actor(a *gov.Agreement, party, email string) meeting.Actor {
	return meeting.ActorFor(auth.Principal{Email: email, Party: party, Account: auth.AccountRepresentative}, a)
}

func code(err error) gov.ErrorCode {
	var ge *gov.Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return ""
}

// TestReviewFlow walks the month: a breach proposed as not attributable,
// accepted; attainment before and after; the report written, submitted,
// approved and published; sanctions proposed for what stays.
func TestReviewFlow(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := seed(t, st, 300)
		cat, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		svc := New(st, cat)
		supplier := actor(a, "alustatalo", "antti.ruuskanen@alustatalo.example.fi")
		other := actor(a, "opetusdata", "x@opetusdata.example.fi")
		customer := actor(a, "tiera", "kari.vaisanen@tiera.example.fi")

		p, err := Build(ctx, st, a, "2026-04", Options{})
		if err != nil {
			t.Fatal(err)
		}
		tot := p.ServiceLevels.Total
		if tot.Measured == 0 || tot.Breached == 0 || *tot.Attainment != *tot.AttainmentAfter || len(p.ServiceLevels.Breaches) != tot.Breached {
			t.Fatalf("April before exclusions: %+v, %d breaches listed", tot, len(p.ServiceLevels.Breaches))
		}
		if len(p.ServiceLevels.Trend) != 12 || p.ServiceLevels.Trend[11].Month != "2026-04" || p.ServiceLevels.Trend[11].Breached != tot.Breached {
			t.Errorf("trend: %+v", p.ServiceLevels.Trend)
		}
		if p.Incidents.IncidentsOpened != 300 || p.Review.Forum != "tuotantoryhma-alustatalo" {
			t.Errorf("incidents opened %d, review forum %q", p.Incidents.IncidentsOpened, p.Review.Forum)
		}
		var breach Breach
		for _, b := range p.ServiceLevels.Breaches {
			if b.Service == "oppimisalusta" {
				breach = b
				break
			}
		}
		if breach.TicketID == 0 {
			t.Fatal("no breach of oppimisalusta")
		}
		if err := svc.ProposeExclusion(ctx, other, a, breach.TicketID, "not ours"); code(err) != gov.CodeNotFound {
			t.Errorf("another supplier's proposal: %v", err)
		}
		if err := svc.ProposeExclusion(ctx, supplier, a, breach.TicketID, " "); code(err) != gov.CodeInvalid {
			t.Errorf("proposal without reason: %v", err)
		}
		if err := svc.ProposeExclusion(ctx, customer, a, breach.TicketID, "x"); code(err) != gov.CodeForbidden {
			t.Errorf("the customer proposing: %v", err)
		}
		if err := svc.ProposeExclusion(ctx, supplier, a, breach.TicketID, "The city's network was down (change CHG0000123)"); err != nil {
			t.Fatal(err)
		}
		if err := svc.ProposeExclusion(ctx, supplier, a, breach.TicketID, "again"); code(err) != gov.CodeConflict {
			t.Errorf("proposing twice: %v", err)
		}
		pending, err := st.ExclusionsPending(ctx, a.Slug)
		if err != nil || len(pending) != 1 {
			t.Fatalf("pending: %v %v", pending, err)
		}
		exID := pending[0].Exclusion.ID
		if err := svc.DecideExclusion(ctx, customer, a, exID, false, ""); code(err) != gov.CodeInvalid {
			t.Errorf("rejection without note: %v", err)
		}
		if err := svc.DecideExclusion(ctx, supplier, a, exID, true, ""); code(err) != gov.CodeForbidden {
			t.Errorf("the supplier deciding: %v", err)
		}
		if err := svc.DecideExclusion(ctx, customer, a, exID, true, "Agreed: the city's network"); err != nil {
			t.Fatal(err)
		}
		p, err = Build(ctx, st, a, "2026-04", Options{})
		if err != nil {
			t.Fatal(err)
		}
		tot = p.ServiceLevels.Total
		if tot.Excluded != 1 || !(*tot.AttainmentAfter > *tot.Attainment) || p.ServiceLevels.Trend[11].Excluded != 1 {
			t.Errorf("after the exclusion: %+v", tot)
		}

		if err := svc.Decide(ctx, customer, a, "2026-04", "alustatalo", true, ""); code(err) != gov.CodeConflict {
			t.Errorf("approving before submission: %v", err)
		}
		if err := svc.SaveNarrative(ctx, supplier, a, "2026-04", Narrative{Texts: map[string]string{"improvements": "Monitoring improved."},
			Availability: map[string]float64{"oppimisalusta": 99.7}}); err != nil {
			t.Fatal(err)
		}
		if err := svc.SaveNarrative(ctx, supplier, a, "2026-04", Narrative{Availability: map[string]float64{"oppimisalusta": 120}}); code(err) != gov.CodeInvalid {
			t.Errorf("availability 120: %v", err)
		}
		if err := svc.Submit(ctx, supplier, a, "2026-04"); err != nil {
			t.Fatal(err)
		}
		var second int64
		for _, b := range p.ServiceLevels.Breaches {
			if b.Service == "oppimisalusta" && b.TicketID != breach.TicketID {
				second = b.TicketID
			}
		}
		if err := svc.ProposeExclusion(ctx, supplier, a, second, "late"); code(err) != gov.CodeConflict {
			t.Errorf("exclusion after submission: %v", err)
		}
		if err := svc.Decide(ctx, customer, a, "2026-04", "alustatalo", false, ""); code(err) != gov.CodeInvalid {
			t.Errorf("dispute without note: %v", err)
		}
		if err := svc.Decide(ctx, customer, a, "2026-04", "alustatalo", true, ""); err != nil {
			t.Fatal(err)
		}
		p, err = Build(ctx, st, a, "2026-04", Options{Part: "alustatalo"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != store.ReportApproved || p.Version != 1 || p.Improvements.Text != "Monitoring improved." || p.ServiceLevels.Total.Excluded != 1 {
			t.Errorf("approved pack: status %s v%d %q", p.Status, p.Version, p.Improvements.Text)
		}
		if av := p.Performance.Availability[0]; av.Measured == nil || *av.Measured != 99.7 || av.Met == nil || !*av.Met {
			t.Errorf("availability: %+v", av)
		}
		var sanctions, mails int
		db := st.DB()
		if err := db.QueryRow(`SELECT COUNT(*) FROM sanctions WHERE source = 'sla'`).Scan(&sanctions); err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, r := range AttributableBreaches(p) {
			if a.ServiceLevels.Service(r.Service).Supplier != "" {
				want++
			}
		}
		if sanctions != want || want == 0 {
			t.Errorf("sanctions proposed: %d, want %d", sanctions, want)
		}
		if err := db.QueryRow(`SELECT COUNT(*) FROM outbox WHERE kind = 'report.approved'`).Scan(&mails); err != nil || mails < 3 {
			t.Errorf("publication mails: %d %v", mails, err)
		}
		if err := svc.Decide(ctx, customer, a, "2026-04", "alustatalo", true, ""); code(err) != gov.CodeConflict {
			t.Errorf("approving twice: %v", err)
		}
	})
}
