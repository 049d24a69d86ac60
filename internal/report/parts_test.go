package report

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestReportParts (issue #14): in national-platform each supplier writes
// and submits its own part; Opetusdata can neither read nor change
// Alustatalo's; Tiera, which buys from both, reads and reviews each; a
// municipality reads them (it buys from Tiera) but reviews none; a
// supplier's part holds none of the other supplier's tickets.
func TestReportParts(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := seed(t, st, 200)
		cat, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		svc := New(st, cat)
		alusta := actor(a, "alustatalo", "minna.karjalainen@alustatalo.example.com")
		opetus := actor(a, "opetusdata", "petri.huttunen@opetusdata.example.com")
		tiera := actor(a, "tiera", "kari.vaisanen@tiera.example.fi")
		espoo := actor(a, "espoo", "kaisa.leinonen@espoo.example.fi")

		if got := Parts(a); len(got) != 2 || got[0] != "alustatalo" || got[1] != "opetusdata" {
			t.Fatalf("parts %v", got)
		}
		if !CanRead(a, alusta, "alustatalo") || CanRead(a, opetus, "alustatalo") || CanRead(a, opetus, "") {
			t.Error("a supplier reads its own part only, not the other's nor the whole")
		}
		if !CanRead(a, tiera, "opetusdata") || !CanRead(a, espoo, "opetusdata") {
			t.Error("the buyers up the chain read every part")
		}
		if !CanReview(a, tiera, "opetusdata") || CanReview(a, espoo, "opetusdata") || CanReview(a, opetus, "opetusdata") {
			t.Error("only Tiera, the direct buyer, reviews a supplier's part")
		}

		const text = "Alustatalon oma selvitys: tietokantapalvelin vaihdettiin"
		if err := svc.SaveNarrative(ctx, alusta, a, "2026-04", Narrative{Texts: map[string]string{"improvements": text},
			Availability: map[string]float64{"oppimisalusta": 99.8}}); err != nil {
			t.Fatal(err)
		}
		// Opetusdata cannot put figures in Alustatalo's part; its own
		// narrative lands in its own part.
		if err := svc.SaveNarrative(ctx, opetus, a, "2026-04", Narrative{Availability: map[string]float64{"oppimisalusta": 10}}); code(err) != gov.CodeForbidden {
			t.Errorf("Opetusdata writing Alustatalo's availability: %v", err)
		}
		if err := CheckWriteTarget(a, opetus, "alustatalo"); code(err) != gov.CodeNotFound {
			t.Errorf("Opetusdata addressing Alustatalo's part: %v", err)
		}
		if err := svc.SaveNarrative(ctx, opetus, a, "2026-04", Narrative{Texts: map[string]string{"improvements": "Opetusdatan osa"}}); err != nil {
			t.Fatal(err)
		}
		if err := svc.Submit(ctx, opetus, a, "2026-04"); err != nil {
			t.Fatal(err)
		}
		al, err := Build(ctx, st, a, "2026-04", Options{Part: "alustatalo"})
		if err != nil {
			t.Fatal(err)
		}
		if al.Status != store.ReportDraft || al.Improvements.Text != text || len(al.Performance.Availability) != 1 || *al.Performance.Availability[0].Measured != 99.8 {
			t.Fatalf("Alustatalo's part changed: status %q text %q availability %+v", al.Status, al.Improvements.Text, al.Performance.Availability)
		}
		op, err := Build(ctx, st, a, "2026-04", Options{Part: "opetusdata"})
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(op)
		if op.Status != store.ReportSubmitted || strings.Contains(string(js), text) || strings.Contains(string(js), `"oppimisalusta"`) {
			t.Fatalf("Opetusdata's part holds Alustatalo's data or was not submitted: %s", op.Status)
		}
		for _, b := range op.ServiceLevels.Breaches {
			if b.Service != "opetusdata" {
				t.Fatalf("Opetusdata's part lists a breach of %s", b.Service)
			}
		}
		if err := svc.Decide(ctx, espoo, a, "2026-04", "opetusdata", true, ""); code(err) != gov.CodeForbidden {
			t.Errorf("a municipality approving a supplier's part: %v", err)
		}
		if err := svc.Decide(ctx, alusta, a, "2026-04", "opetusdata", true, ""); code(err) != gov.CodeNotFound {
			t.Errorf("a competitor approving: %v", err)
		}
		if err := svc.Decide(ctx, tiera, a, "2026-04", "opetusdata", true, ""); err != nil {
			t.Fatal(err)
		}
		if al, _ = Build(ctx, st, a, "2026-04", Options{Part: "alustatalo"}); al.Status != store.ReportDraft {
			t.Errorf("deciding Opetusdata's part changed Alustatalo's: %s", al.Status)
		}
	})
}
