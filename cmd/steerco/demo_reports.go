package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/itsm"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/report"
	"github.com/steerco/steerco/internal/store"
)

// demoReportMonth is the month whose report the demo shows.
const demoReportMonth = "2026-04"

// seedDemoReports (issue 8) imports 13 months of tickets into the demo
// agreement through the real importer — a generated ServiceNow event
// log of incidents, and list exports of problems and changes — then has
// the supplier propose one April breach as not attributable and the
// provider accept it, and writes the supplier's texts into the April
// draft. The report itself is left for the demo's users to submit and
// approve. Nothing is done when the agreement has imports already.
func seedDemoReports(ctx context.Context, s *store.Store, a *gov.Agreement) error {
	if a.ServiceLevels == nil {
		return nil
	}
	imports, err := s.TicketImports(ctx, a.Slug, 1, false)
	if err != nil || len(imports) > 0 {
		return err
	}
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return err
	}
	from := time.Date(2025, 4, 1, 0, 0, 0, 0, loc)
	var log bytes.Buffer
	if _, err := itsm.GenerateServiceNow(&log, itsm.GenerateOptions{Seed: 2026, Incidents: 13 * 120, From: from, Months: 13,
		Groups: []string{"Alusta", "Opetusdata", "Alusta"}, Late: 0.06, FirstNumber: 10001}); err != nil {
		return err
	}
	files := []struct {
		name, kind string
		data       []byte
	}{
		{"servicenow-incidents.csv", "", log.Bytes()},
		{"servicenow-problems.csv", store.KindProblem, demoListExport(from, "PRB", 26, 2)},
		{"servicenow-changes.csv", store.KindChange, demoListExport(from, "CHG", 65, 5)},
	}
	for _, f := range files {
		if _, err := itsm.Import(ctx, s, a.Slug, bytes.NewReader(f.data), itsm.Options{Source: itsm.Source{Name: "servicenow", Kind: f.kind},
			FileName: f.name, Actor: "demo"}); err != nil {
			return fmt.Errorf("import %s: %w", f.name, err)
		}
	}
	supplier, buyer := demoPerson(a, "alustatalo"), demoPerson(a, "tiera")
	if supplier == nil || buyer == nil {
		return nil
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	svc := report.New(s, cat)
	sx := meeting.ActorFor(auth.Principal{Email: supplier.Email, Name: supplier.Name, Party: supplier.Party, Account: auth.AccountRepresentative}, a)
	bx := meeting.ActorFor(auth.Principal{Email: buyer.Email, Name: buyer.Name, Party: buyer.Party, Account: auth.AccountRepresentative}, a)
	breaches, err := s.Breaches(ctx, a.Slug, demoReportMonth, 0)
	if err != nil {
		return err
	}
	for _, b := range breaches {
		if b.Service != "oppimisalusta" || b.Priority > 2 {
			continue
		}
		if err := svc.ProposeExclusion(ctx, sx, a, b.ID, "Kunnan verkossa oli katko (kunnan oma muutos), eikä palvelu ollut Toimittajan hallittavissa."); err != nil {
			return err
		}
		pending, err := s.ExclusionsPending(ctx, a.Slug)
		if err != nil || len(pending) == 0 {
			return err
		}
		if err := svc.DecideExclusion(ctx, bx, a, pending[0].Exclusion.ID, true, "Hyväksytään: katko johtui kunnan verkosta."); err != nil {
			return err
		}
		break
	}
	// Issue 14: each supplier writes its own part; Opetusdata's is short.
	if ox := demoPerson(a, "opetusdata"); ox != nil {
		x := meeting.ActorFor(auth.Principal{Email: ox.Email, Name: ox.Name, Party: ox.Party, Account: auth.AccountRepresentative}, a)
		if err := svc.SaveNarrative(ctx, x, a, demoReportMonth, report.Narrative{Texts: map[string]string{
			"service_levels": "Palvelutasot täyttyivät arkipäivien palveluaikana.",
			"projects":       "Opetusdata-rajapinnan uudistus aikataulussa.",
		}, Availability: map[string]float64{"opetusdata": 99.1}}); err != nil {
			return err
		}
	}
	return svc.SaveNarrative(ctx, sx, a, demoReportMonth, report.Narrative{Texts: map[string]string{
		"service_levels": "Kriittisten häiriöiden ratkaisuajat ylittyivät kahdesti; toinen johtui kunnan verkkokatkosta (rajattu pois).",
		"improvements":   "Valvonnan hälytysrajat uusittiin; kirjautumispalvelun kuormantasaus otettiin käyttöön 14.4.",
		"incidents":      "Toistuvin häiriöluokka liittyi kirjautumiseen; ongelmaselvitys PRB-tiketeissä.",
		"security":       "Ei tietoturvapoikkeamia.",
		"access_rights":  "Ylläpitoon myönnettiin 3 uutta pääkäyttäjäoikeutta; tarkistettu ja todettu oikeiksi.",
		"performance":    "Kapasiteetti riittää lukuvuoden loppuun; tietokantapalvelimen levytila seurannassa.",
		"changes":        "Viisi muutosta, joista yksi aiheutti häiriön (peruttiin samana päivänä).",
		"risks":          "Kesän versiopäivityksen aikataulu on tiukka.",
		"financial":      "Laskutus normaalin kuukausilaskutuksen mukaisesti; ei poikkeavia eriä.",
		"projects":       "Kirjautumispalvelun uudistus aikataulussa.",
	}, Availability: map[string]float64{"oppimisalusta": 99.62}})
}

// demoPerson is the first person of party with an e-mail address.
func demoPerson(a *gov.Agreement, party string) *gov.Person {
	for i, p := range a.People {
		if p.Party == party && p.Email != "" {
			return &a.People[i]
		}
	}
	return nil
}

// demoListExport writes a ServiceNow list export (display-name headers)
// of n problems or changes over 13 months from from; every step-th
// caused an incident (changes) or was found proactively (problems).
func demoListExport(from time.Time, prefix string, n, step int) []byte {
	var b strings.Builder
	b.WriteString("Number,Opened,Priority,State,Assignment group,Category,Resolved,Closed,Updated,Short description,First reported by\n")
	for i := range n {
		opened := from.AddDate(0, 0, i*395/n).Add(9 * time.Hour)
		closed := opened.Add(time.Duration(2+i%5) * 24 * time.Hour)
		ts := func(t time.Time) string { return t.Format("2006-01-02 15:04:05") }
		reported := fmt.Sprintf("INC%07d", 10001+i*37)
		if i%step == 0 {
			reported = ""
		}
		state, res, cl := "Closed", ts(closed), ts(closed)
		if prefix == "CHG" {
			res = ""
		}
		fmt.Fprintf(&b, "%s%07d,%s,%d - %s,%s,Alusta,Platform,%s,%s,%s,%s %d,%s\n", prefix, i+1, ts(opened), 3, "Moderate", state,
			res, cl, ts(closed), prefix, i+1, reported)
	}
	return []byte(b.String())
}
