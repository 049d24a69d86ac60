package store_test

import (
	"context"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func TestProposeSanctionIsIdempotent(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := editTemplate(t, s)
		var aid int64
		p := store.SanctionProposal{Month: "2026-04", Source: store.SanctionFromSLA, SourceRef: "sla:servicedesk:p1:2026-04",
			Party: "toimittaja", Reason: "P1 resolution under target", Amount: 50000}
		var first, second int64
		var c1, c2 bool
		err := s.InTx(ctx, func(tx *store.Tx) (err error) {
			if aid, err = tx.AgreementID(ctx, a.Slug); err != nil {
				return err
			}
			p.AgreementID = aid
			if first, c1, err = tx.ProposeSanction(ctx, p); err != nil {
				return err
			}
			p.Reason, p.Amount = "changed", 1
			second, c2, err = tx.ProposeSanction(ctx, p)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !c1 || c2 || first != second || first == 0 {
			t.Fatalf("first (%d, %v), second (%d, %v): want the same id, created once", first, c1, second, c2)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM sanctions`); n != 1 {
			t.Fatalf("%d rows, want 1", n)
		}
		if n := auditCount(t, s, "sanction.propose"); n != 1 {
			t.Fatalf("%d audit entries, want 1", n)
		}
		// Another source ref is another sanction; the first keeps its reason.
		var list []store.Sanction
		err = s.InTx(ctx, func(tx *store.Tx) error {
			p.SourceRef = "sla:servicedesk:p2:2026-04"
			if _, created, err := tx.ProposeSanction(ctx, p); err != nil || !created {
				t.Errorf("other ref: created %v, %v", created, err)
			}
			var err error
			list, err = tx.Sanctions(ctx, a.Slug, store.SanctionFilter{Month: "2026-04"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Reason != "P1 resolution under target" || list[0].Amount != 50000 || list[0].Status != store.SanctionProposed {
			t.Fatalf("list = %+v", list)
		}
	})
}

func TestProposeSanctionRejects(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := editTemplate(t, s)
		good := store.SanctionProposal{Month: "2026-04", Source: "complaint", SourceRef: "1", Party: "toimittaja", Reason: "late"}
		for name, change := range map[string]func(*store.SanctionProposal){
			"month":    func(p *store.SanctionProposal) { p.Month = "2026-4" },
			"month 13": func(p *store.SanctionProposal) { p.Month = "2026-13" },
			"source":   func(p *store.SanctionProposal) { p.Source = "mood" },
			"ref":      func(p *store.SanctionProposal) { p.SourceRef = "" },
			"party":    func(p *store.SanctionProposal) { p.Party = "" },
			"amount":   func(p *store.SanctionProposal) { p.Amount = -1 },
		} {
			err := s.InTx(ctx, func(tx *store.Tx) error {
				p := good
				aid, err := tx.AgreementID(ctx, a.Slug)
				if err != nil {
					return err
				}
				p.AgreementID = aid
				change(&p)
				_, _, err = tx.ProposeSanction(ctx, p)
				return err
			})
			if err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		if n := count(t, s, `SELECT COUNT(*) FROM sanctions`); n != 0 {
			t.Fatalf("%d rows written", n)
		}
	})
}
