package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestDemoReportPack seeds the demo agreement's tickets through the real
// importer and writes its April 2026 pack in every format: attainment
// before and after the accepted exclusion, the 12-month trend, the tool's
// verdict beside steerco's.
func TestDemoReportPack(t *testing.T) {
	dsn := storetest.SQLiteDSN(t)
	ctx := context.Background()
	s := storetest.Open(t, dsn)
	var out bytes.Buffer
	a, err := seedDemo(ctx, s, &out)
	if err != nil {
		t.Fatal(err)
	}
	if err := seedDemoReports(ctx, s, a); err != nil {
		t.Fatal(err)
	}
	if err := seedDemoReports(ctx, s, a); err != nil { // a second start changes nothing
		t.Fatal(err)
	}
	imports, err := s.TicketImports(ctx, a.Slug, 10, false)
	if err != nil || len(imports) != 3 {
		t.Fatalf("imports: %d %v", len(imports), err)
	}
	s.Close()

	js := ok(t, "report", "monthly", "--db", dsn, "--agreement", a.Slug, "--month", "2026-04")
	var p struct {
		Month         string `json:"month"`
		ServiceLevels struct {
			Total struct {
				Measured        int      `json:"measured"`
				Breached        int      `json:"breached"`
				Excluded        int      `json:"excluded"`
				Attainment      *float64 `json:"attainment"`
				AttainmentAfter *float64 `json:"attainment_after_exclusions"`
				ToolAttainment  *float64 `json:"tool_attainment"`
			} `json:"total"`
			Breaches []struct {
				Exclusion string `json:"exclusion"`
			} `json:"breaches"`
			Trend []struct {
				Month    string `json:"month"`
				Measured int    `json:"measured"`
			} `json:"trend"`
		} `json:"service_levels"`
		Changes struct {
			Closed int `json:"closed"`
		} `json:"change_management"`
		Incidents struct {
			ProblemsOpened int      `json:"problems_opened"`
			ProactiveShare *float64 `json:"proactive_share"`
		} `json:"incidents_and_problems"`
	}
	if err := json.Unmarshal([]byte(js), &p); err != nil {
		t.Fatal(err)
	}
	tot := p.ServiceLevels.Total
	if tot.Measured < 100 || tot.Breached == 0 || tot.Excluded != 1 || tot.Attainment == nil || tot.AttainmentAfter == nil ||
		*tot.AttainmentAfter <= *tot.Attainment || tot.ToolAttainment == nil {
		t.Errorf("April attainment: %+v", tot)
	}
	accepted := 0
	for _, b := range p.ServiceLevels.Breaches {
		if b.Exclusion == "accepted" {
			accepted++
		}
	}
	if accepted != 1 || len(p.ServiceLevels.Breaches) != tot.Breached {
		t.Errorf("breaches listed %d (accepted exclusions %d), breached %d", len(p.ServiceLevels.Breaches), accepted, tot.Breached)
	}
	if len(p.ServiceLevels.Trend) != 12 || p.ServiceLevels.Trend[0].Month != "2025-05" || p.ServiceLevels.Trend[0].Measured == 0 {
		t.Errorf("trend: %+v", p.ServiceLevels.Trend)
	}
	if p.Changes.Closed == 0 || p.Incidents.ProblemsOpened == 0 || p.Incidents.ProactiveShare == nil {
		t.Errorf("changes %+v problems %+v", p.Changes, p.Incidents)
	}

	dir := t.TempDir()
	for _, f := range []string{"csv", "xlsx", "pdf"} {
		file := filepath.Join(dir, "april."+f)
		ok(t, "report", "monthly", "--db", dsn, "--agreement", a.Slug, "--month", "2026-04", "--format", f, "--out", file)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		switch f {
		case "csv":
			if !strings.Contains(string(data), "Palvelutasot") || !strings.Contains(string(data), "Toteuma rajausten jälkeen") {
				t.Errorf("the CSV is not in the agreement's language:\n%.400s", data)
			}
		case "xlsx":
			x, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if sheets := x.GetSheetList(); len(sheets) < 8 || sheets[0] != "Yhteenveto" {
				t.Errorf("sheets: %v", sheets)
			}
			x.Close()
		case "pdf":
			if !bytes.HasPrefix(data, []byte("%PDF-")) || len(data) < 5000 {
				t.Errorf("not a PDF: %d bytes", len(data))
			}
		}
	}
	if os.Getenv("STEERCO_KEEP_PDF") != "" {
		ok(t, "report", "monthly", "--db", dsn, "--agreement", a.Slug, "--month", "2026-04", "--format", "pdf", "--out", os.Getenv("STEERCO_KEEP_PDF"))
	}
	fails(t, 2, "report", "monthly", "--db", dsn, "--agreement", a.Slug, "--month", "April")
	fails(t, 2, "report", "monthly", "--db", dsn, "--agreement", a.Slug, "--month", "2026-04", "--format", "docx")
	fails(t, 1, "report", "monthly", "--db", dsn, "--agreement", "nope", "--month", "2026-04")
	_ = store.KindIncident
}
