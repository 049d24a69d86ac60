package report

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// synthetic writes n measured tickets over 36 months ending April 2026
// straight through store.ImportTickets (the importer's write path, which
// keeps the aggregates), without a CSV to parse.
func synthetic(b *testing.B, st *store.Store, a *gov.Agreement, n int) {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	from := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	span := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC).Sub(from)
	loc, _ := time.LoadLocation(a.TimeZone)
	services := []string{"oppimisalusta", "opetusdata"}
	const batch = 100000
	for done := 0; done < n; done += batch {
		tickets := make([]store.Ticket, 0, batch)
		for i := done; i < min(n, done+batch); i++ {
			opened := from.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Minute)
			resolved := opened.Add(time.Duration(r.IntN(72*60)) * time.Minute)
			sla := store.SLAMet
			if r.IntN(20) == 0 {
				sla = store.SLABreached
			}
			made := sla == store.SLAMet
			tickets = append(tickets, store.Ticket{Kind: store.KindIncident, Number: fmt.Sprintf("INC%08d", i), Priority: 1 + r.IntN(4),
				Service: services[i%2], Category: fmt.Sprintf("Category %d", r.IntN(12)), Opened: opened, Resolved: resolved, Updated: resolved,
				MadeSLA: &made, ResponseMinutes: 10, ResolutionMinutes: int(resolved.Sub(opened) / time.Minute), SLA: sla,
				ResolutionBreached: sla == store.SLABreached,
				OpenedMonth:        opened.In(loc).Format("2006-01"), ResolvedMonth: resolved.In(loc).Format("2006-01")})
		}
		if _, err := st.ImportTickets(context.Background(), a.Slug, store.TicketImport{Source: "bench", FileName: "synthetic", Actor: "bench",
			Rows: len(tickets)}, tickets, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenMonth opens April 2026's report as the web page does (the
// breach list capped at BreachLimit) with 10 000, 100 000 and — with
// STEERCO_BENCH_1M=1, as the setup takes minutes — 1 000 000 tickets
// over 36 months. The sections come from the monthly aggregates; only
// the month's breaches and its high-priority incidents are read from the
// tickets, by index and capped, so the time stays flat as the tickets
// grow.
func BenchmarkOpenMonth(b *testing.B) {
	sizes := []int{10000, 100000}
	if os.Getenv("STEERCO_BENCH_1M") != "" {
		sizes = append(sizes, 1000000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			st := storetest.Open(b, storetest.SQLiteDSN(b))
			src, err := model.Template("national-platform")
			if err != nil {
				b.Fatal(err)
			}
			a, err := model.Parse("national-platform.yaml", src)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := st.ApplyAgreement(context.Background(), a, "bench"); err != nil {
				b.Fatal(err)
			}
			synthetic(b, st, a, n)
			// page: as the web page opens it; summary: with one breach
			// listed, everything but the list (which grows with the
			// month's breaches up to BreachLimit).
			for _, c := range []struct {
				name  string
				limit int
			}{{"page", BreachLimit}, {"summary", 1}} {
				b.Run(c.name, func(b *testing.B) {
					for b.Loop() {
						p, err := Build(context.Background(), st, a, "2026-04", Options{BreachLimit: c.limit})
						if err != nil || p.ServiceLevels.Total.Measured == 0 {
							b.Fatalf("%v %+v", err, p.ServiceLevels.Total)
						}
					}
				})
			}
		})
	}
}
