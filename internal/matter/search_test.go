package matter

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestTerms: a word's stem is a substring of its inflected forms.
func TestTerms(t *testing.T) {
	for _, tc := range []struct {
		query string
		stems string
		finds []string // texts every stem must occur in, lower-cased
	}{
		{"sopimus", "sopim", []string{"sopimuksen", "sopimusta", "palvelusopimukseen", "sopimukset"}},
		{"Sopimuksen", "sopimu", []string{"sopimus", "sopimuksessa"}},
		{"päätös", "päät", []string{"päätöksen", "päätökset"}},
		{"eskalointi", "eskaloin", []string{"eskaloinnin", "eskalointia"}},
		{"Helsinki", "helsin", []string{"helsingin"}},
		{"toimittaja", "toimit", []string{"toimittajan", "toimittajien"}},
		{"ohjausryhmässä", "ohjausryhm", []string{"ohjausryhmä", "ohjausryhmän"}},
		{"avtal", "avtal", []string{"avtalet", "tjänsteavtalen", "avtalens"}},
		{"avtalet", "avtal", []string{"avtal", "avtalen"}},
		{"ärende", "ärend", []string{"ärendet", "ärenden"}},
		{"frågorna", "fråg", []string{"fråga", "frågan"}},
		{"styrgruppen", "styrgrup", []string{"styrgrupp", "styrgruppens"}},
		{"SLA ja IT", "sla", []string{"sla-raportti"}},
		{"asia", "asia", []string{"asian", "asiaa"}},
		{"kunnan, kunnan!", "kunn", []string{"kunnan", "kunnissa"}},
		{"Leinonen", "lein", []string{"leinosen", "leinoselle"}},
		{"taloudellinen", "taloudel", []string{"taloudellisen", "taloudellista"}},
	} {
		got := Terms(tc.query)
		if strings.Join(got, " ") != tc.stems {
			t.Errorf("Terms(%q) = %v, want %s", tc.query, got, tc.stems)
			continue
		}
		for _, text := range tc.finds {
			for _, s := range got {
				if !strings.Contains(text, s) {
					t.Errorf("%q: stem %q is not in %q", tc.query, s, text)
				}
			}
		}
	}
	if got := Terms("ab, c"); len(got) != 0 {
		t.Errorf("short words give %v", got)
	}
}

// TestSearch finds inflected Finnish and Swedish forms in matters,
// minutes and decisions on both databases, keeps the index current in
// the writing transaction, and shows each searcher only their forums.
func TestSearch(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		t.Run("finnish", func(t *testing.T) {
			w := newWorld(t, st, "national-platform")
			espoo, tiera := w.rep("kaisa-leinonen"), w.rep("markku-hiltunen")
			m, err := w.svc.Raise(ctx, w.a, espoo, NewMatter{Forum: "kehitysryhma", Kind: KindQuestion, Title: "Arviointityökalun asema",
				Description: "Kuuluuko työkalu palvelusopimuksen piiriin?"})
			ok(t, err)
			// Alustatalo's bilateral production group: Opetusdata never sees it.
			private, err := w.svc.Raise(ctx, w.a, w.rep("minna-karjalainen"), NewMatter{Forum: "tuotantoryhma-alustatalo", Kind: KindRisk,
				Title: "SOPIMUKSEN liitteen tulkinta", Description: "Toimittajan näkemys."})
			ok(t, err)
			steerM, it := w.decisionItem("ohjausryhma", "2026-03-10", "Työkalun hankinta", tiera)
			w.at("2026-03-10 13:00")
			_, err = w.svc.OpenVote(ctx, w.a, espoo, steerM.ID, it.ID, "Työkalu hankitaan nykyisen sopimusta täydentäen.")
			ok(t, err)
			_, err = w.svc.CastVote(ctx, w.a, espoo, steerM.ID, it.ID, "espoo", decision.Yes)
			ok(t, err)
			d, err := w.svc.CloseVote(ctx, w.a, espoo, steerM.ID, it.ID)
			ok(t, err)
			ok(t, st.InTx(ctx, func(tx *store.Tx) error {
				return tx.InsertMinutes(ctx, &gov.Minutes{MeetingID: steerM.ID, Body: "## Päätökset\nOhjausryhmä käsitteli sopimukseen liittyvät asiat.",
					Status: gov.MinutesDraft, WrittenBy: "test", WrittenAt: w.now})
			}))

			// A new version of the minutes replaces the old text in the index.
			ok(t, st.InTx(ctx, func(tx *store.Tx) error {
				cur, err := tx.LatestMinutes(ctx, steerM.ID)
				if err != nil {
					return err
				}
				cur.Body += "\nLisäksi käsiteltiin budjettia."
				return tx.UpdateMinutes(ctx, cur)
			}))
			wantHits(t, w, espoo, "budjetti", fmt.Sprint("minutes:", steerM.ID))
			want := []string{fmt.Sprint("matter:", m.ID), fmt.Sprint("decision:", d.ID), fmt.Sprint("minutes:", steerM.ID)}
			wantHits(t, w, espoo, "sopimus", want...)
			wantHits(t, w, espoo, "Sopimuksen", want...)
			wantHits(t, w, espoo, "sopimus työkalu", fmt.Sprint("matter:", m.ID), fmt.Sprint("decision:", d.ID))
			wantHits(t, w, w.rep("jussi-peltonen"), "sopimus", fmt.Sprint("matter:", private.ID))
			wantHits(t, w, w.rep("petri-huttunen"), "sopimus") // Opetusdata: none of these forums
			hits, err := w.svc.Search(ctx, w.a, espoo, "palvelusopimus", SearchOptions{Kinds: []string{"matter"}})
			ok(t, err)
			if len(hits) != 1 || !strings.Contains(hits[0].Snippet, "palvelusopimuksen") || hits[0].Forum != "kehitysryhma" {
				t.Fatalf("hits %+v", hits)
			}
			_, err = w.svc.Search(ctx, w.a, espoo, "ab", SearchOptions{})
			refused(t, err, gov.CodeInvalid, "three letters")

			// The index follows a change in the same transaction.
			_, err = w.svc.Update(ctx, w.a, espoo, m.ID, Edit{Kind: KindQuestion, Title: "Arviointityökalun asema", Description: "Rajaus on selvä.", Owner: "kaisa-leinonen"})
			ok(t, err)
			wantHits(t, w, espoo, "palvelusopimus")
			wantHits(t, w, espoo, "rajauksen", fmt.Sprint("matter:", m.ID))
			list, err := w.svc.List(ctx, w.a, espoo, Filter{Text: "arviointityökalun", Forum: "kehitysryhma"})
			ok(t, err)
			if len(list) != 1 || list[0].ID != m.ID {
				t.Fatalf("list by text %+v", list)
			}
			events, err := w.svc.History(ctx, w.a, espoo, m.ID)
			ok(t, err)
			if e := events[len(events)-1]; e.Action != "edit" || len(e.Changes) != 1 || e.Changes[0].Field != "description" || e.Changes[0].From != "Kuuluuko työkalu palvelusopimuksen piiriin?" {
				t.Fatalf("edit event %+v", e)
			}
		})
		t.Run("swedish", func(t *testing.T) {
			w := newWorld(t, st, "city-multi-supplier")
			city, rival := w.rep("robert-lindahl"), w.rep("frida-holmstrom")
			m, err := w.svc.Raise(ctx, w.a, w.rep("marcus-lindstrom"), NewMatter{Forum: "arkitektur-och-sakerhetsforum", Kind: KindDisagreement,
				Title: "Tolkning av avtalet", Description: "ÄRENDET gäller servicenivåerna i tjänsteavtalen."})
			ok(t, err)
			open, err := w.svc.Raise(ctx, w.a, rival, NewMatter{Forum: "forvaltningsmoten", Kind: KindQuestion,
				Title: "Frågor om avtal och ärenden", Description: "Skoldata vill förstå avtalens gränser."})
			ok(t, err)
			wantHits(t, w, city, "avtal", fmt.Sprint("matter:", m.ID), fmt.Sprint("matter:", open.ID))
			wantHits(t, w, city, "avtalet", fmt.Sprint("matter:", m.ID), fmt.Sprint("matter:", open.ID))
			wantHits(t, w, city, "ärende", fmt.Sprint("matter:", m.ID), fmt.Sprint("matter:", open.ID))
			wantHits(t, w, city, "frågan", fmt.Sprint("matter:", open.ID))
			wantHits(t, w, rival, "avtal", fmt.Sprint("matter:", open.ID)) // not the bilateral architecture forum's
		})
	})
}

// wantHits checks the set of documents x finds for query.
func wantHits(t *testing.T, w *world, x Actor, query string, want ...string) {
	t.Helper()
	hits, err := w.svc.Search(context.Background(), w.a, x, query, SearchOptions{})
	ok(t, err)
	var got []string
	for _, h := range hits {
		got = append(got, fmt.Sprint(h.Kind, ":", h.ID))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s searching %q found %v, want %v", x.P.Email, query, got, want)
	}
}
