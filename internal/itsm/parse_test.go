package itsm

import (
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// testAgreement has one 24x7 catch-all service and a business-hours one
// for the "Opetusdata" assignment group.
func testAgreement() *gov.Agreement {
	return &gov.Agreement{Slug: "t", Country: "FI", TimeZone: "Europe/Helsinki", ServiceLevels: &gov.ServiceLevels{
		PauseStates: []string{"Awaiting User Info"},
		Services: []gov.Service{
			{Slug: "platform", Name: "Platform", Hours: gov.Hours24x7, Targets: []gov.Target{
				{Priority: 1, Response: "30m", Resolution: "4h"}, {Priority: 2, Response: "1h", Resolution: "8h"},
				{Priority: 3, Response: "4h", Resolution: "3d"}, {Priority: 4, Resolution: "10d"}}},
			{Slug: "data", Name: "Data", Matches: []string{"Opetusdata"}, Hours: gov.HoursBusiness, HoursFrom: "08:00", HoursTo: "16:00",
				Targets: []gov.Target{{Priority: 3, Resolution: "16h"}}},
		}}}
}

func read(t *testing.T, data []byte, src Source) *Parsed {
	t.Helper()
	m, err := NewMeasurer(testAgreement())
	if err != nil {
		t.Fatal(err)
	}
	p, err := Read(data, m, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func byNumber(p *Parsed) map[string]store.Ticket {
	out := map[string]store.Ticket{}
	for _, tk := range p.Tickets {
		out[tk.Number] = tk
	}
	return out
}

func helsinki(s string) time.Time {
	loc, _ := time.LoadLocation("Europe/Helsinki")
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// TestServiceNowEventLog reads an excerpt in the shape of the UCI
// "Incident management process enriched event log": several rows per
// incident, the latest update wins, the state changes give the response
// time and the paused time.
func TestServiceNowEventLog(t *testing.T) {
	data, err := os.ReadFile("testdata/uci-eventlog.csv")
	if err != nil {
		t.Fatal(err)
	}
	p := read(t, data, Source{Name: "servicenow"})
	if p.Rows != 13 || len(p.Tickets) != 3 {
		t.Fatalf("rows %d tickets %d; want 13 rows, 3 tickets", p.Rows, len(p.Tickets))
	}
	want := []Reject{{Line: 13, Column: "opened_at", Reason: `"31/2/2016 10:00" is not a date and time`}, {Line: 14, Reason: "the row has 3 fields, the header 36"}}
	if len(p.Rejects) != len(want) {
		t.Fatalf("rejects %v", p.Rejects)
	}
	for i, w := range want {
		g := p.Rejects[i]
		if g.Line != w.Line || g.Column != w.Column || !strings.HasPrefix(g.Reason, w.Reason) {
			t.Errorf("reject %d: got %+v want %+v", i, g, w)
		}
	}
	tk := byNumber(p)
	a := tk["INC0000045"]
	if a.State != "Closed" || a.ModCount != 5 || a.Priority != 3 || a.PriorityLabel != "3 - Moderate" {
		t.Errorf("INC0000045: the latest row did not win: %+v", a)
	}
	if !a.Opened.Equal(helsinki("2016-02-29 01:16")) || !a.Resolved.Equal(helsinki("2016-02-29 11:29")) || !a.Closed.Equal(helsinki("2016-03-05 12:00")) {
		t.Errorf("INC0000045 times: opened %v resolved %v closed %v", a.Opened, a.Resolved, a.Closed)
	}
	if a.ResponseMinutes != 44 || a.PausedMinutes != 120 || a.ResolutionMinutes != 613-120 || a.SLA != store.SLAMet {
		t.Errorf("INC0000045: response %d paused %d resolution %d sla %d; want 44, 120, 493, met", a.ResponseMinutes, a.PausedMinutes, a.ResolutionMinutes, a.SLA)
	}
	if a.MadeSLA == nil || !*a.MadeSLA || a.Service != "platform" || a.OpenedMonth != "2016-02" || a.ResolvedMonth != "2016-02" {
		t.Errorf("INC0000045: made_sla %v service %q months %s %s", a.MadeSLA, a.Service, a.OpenedMonth, a.ResolvedMonth)
	}
	if a.AssignedTo != "" || a.CI != "" || a.Caller != "Caller 2403" {
		t.Errorf("INC0000045: ? must read as missing: %+v", a)
	}
	b := tk["INC0000047"]
	if !b.ResponseBreached || !b.ResolutionBreached || b.SLA != store.SLABreached || b.ResolutionMinutes != 29*60+12 {
		t.Errorf("INC0000047: %+v", b)
	}
	if b.MadeSLA == nil || *b.MadeSLA || b.ProblemRef != "PRB0000001" || b.CausedBy != "CHG0000007" || b.ResolvedMonth != "2016-03" {
		t.Errorf("INC0000047 refs: %+v", b)
	}
	c := tk["INC0000057"]
	if c.State != "" || c.SLA != store.SLANotMeasured || c.ResolvedMonth != "" || c.Priority != 2 {
		t.Errorf("INC0000057 (unresolved, state -100): %+v", c)
	}
}

// TestServiceNowListExport: display-name headers, semicolons, a BOM and
// Windows-1252 (ä in a category) in one file.
func TestServiceNowListExport(t *testing.T) {
	csv := "Number;Opened;Priority;State;Assignment group;Category;Resolved;Closed;Made SLA;Updated;Short description\r\n" +
		"INC0010001;2026-04-01 09:00:00;1 - Critical;Resolved;Platform ops;Sähköposti;2026-04-01 12:00:00;;true;2026-04-01 12:00:00;Login fails\r\n" +
		"INC0010002;2026-04-02 09:00:00;3 - Moderate;Resolved;Opetusdata;Tietoturva;2026-04-03 10:00:00;;false;2026-04-03 10:00:00;\"Import; slow\"\r\n"
	enc, err := charmap.Windows1252.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	p := read(t, append([]byte("\xef\xbb\xbf"), enc...), Source{Name: "servicenow"})
	if p.Encoding != "windows-1252" || p.Comma != ";" || len(p.Rejects) != 0 || len(p.Tickets) != 2 {
		t.Fatalf("encoding %s comma %s rejects %v tickets %d", p.Encoding, p.Comma, p.Rejects, len(p.Tickets))
	}
	tk := byNumber(p)
	a := tk["INC0010001"]
	if a.Category != "Sähköposti" || a.Priority != 1 || a.ResolutionMinutes != 180 || a.ResponseMinutes != -1 || a.SLA != store.SLAMet || a.Title != "Login fails" {
		t.Errorf("INC0010001: %+v", a)
	}
	// Opetusdata: business hours 08–16; Thursday 2.4.2026 09:00 to Good
	// Friday 10:00 is 7 hours (the Friday is a holiday).
	b := tk["INC0010002"]
	if b.Service != "data" || b.ResolutionMinutes != 7*60 || b.SLA != store.SLAMet || !b.Security || b.Title != "Import; slow" {
		t.Errorf("INC0010002: %+v", b)
	}
}

// TestJiraExport: repeated Labels columns, Jira's dates, issue types.
func TestJiraExport(t *testing.T) {
	csv := "Summary,Issue key,Issue id,Issue Type,Status,Priority,Created,Updated,Resolved,Labels,Labels,Comment,Comment\n" +
		"Login broken,ITSM-1,10001,Incident,Resolved,Highest,23/Nov/26 10:15 AM,23/Nov/26 1:15 PM,23/Nov/26 1:15 PM,urgent,,first,second\n" +
		"Disk fills,ITSM-2,10002,Problem,Open,Medium,20/Nov/26 9:00 AM,21/Nov/26 9:00 AM,,proactive,capacity,,\n" +
		"New laptop,ITSM-3,10003,Service Request,Done,Low,22/Nov/26 11:00 pm,22/Nov/26 11:30 PM,22/Nov/26 11:30 PM,,,,\n"
	p := read(t, []byte(csv), Source{Name: "jira"})
	if len(p.Rejects) != 0 || len(p.Tickets) != 3 {
		t.Fatalf("rejects %v tickets %d", p.Rejects, len(p.Tickets))
	}
	tk := byNumber(p)
	if a := tk["ITSM-1"]; a.Kind != store.KindIncident || a.Priority != 1 || a.ResolutionMinutes != 180 || !a.Opened.Equal(helsinki("2026-11-23 10:15")) || a.SLA != store.SLAMet {
		t.Errorf("ITSM-1: %+v", a)
	}
	if b := tk["ITSM-2"]; b.Kind != store.KindProblem || !b.Proactive || b.Priority != 3 {
		t.Errorf("ITSM-2: %+v", b)
	}
	if c := tk["ITSM-3"]; c.Kind != store.KindRequest || !c.Opened.Equal(helsinki("2026-11-22 23:00")) {
		t.Errorf("ITSM-3: %+v", c)
	}
}

// TestMappingFile reads a tool's own CSV through a mapping file.
func TestMappingFile(t *testing.T) {
	m, err := ParseMapping([]byte(`
kind: incident
date_format: "02.01.2006 15.04"
columns:
  number: Tiketti
  kind: Tyyppi
  opened: Avattu
  resolved: Ratkaistu
  priority: Prioriteetti
  assignment_group: Ryhmä
values:
  priority: {Kriittinen: "1", Tavallinen: "3"}
  kind: {Häiriö: incident, Ongelma: problem}
`))
	if err != nil {
		t.Fatal(err)
	}
	csv := "Tiketti;Tyyppi;Avattu;Ratkaistu;Prioriteetti;Ryhmä\n" +
		"H-1;Häiriö;06.04.2026 08.00;06.04.2026 11.00;Kriittinen;Alusta\n" +
		"O-1;Ongelma;06.04.2026 08.00;;Tavallinen;Alusta\n" +
		"H-2;Häiriö;2026-04-06 08:00;;Tavallinen;Alusta\n"
	p := read(t, []byte(csv), Source{Name: "csv", Mapping: m})
	tk := byNumber(p)
	if a := tk["H-1"]; a.Kind != store.KindIncident || a.Priority != 1 || a.ResolutionMinutes != 180 {
		t.Errorf("H-1: %+v", a)
	}
	if b := tk["O-1"]; b.Kind != store.KindProblem || b.Priority != 3 {
		t.Errorf("O-1: %+v", b)
	}
	if len(p.Rejects) != 1 || p.Rejects[0].Line != 4 || p.Rejects[0].Column != "Avattu" {
		t.Errorf("rejects %v; want line 4, column Avattu (not in date_format)", p.Rejects)
	}
	for _, bad := range []string{"columns: {number: A}", "columns: {number: A, opened: B, colour: C}", "kind: bug\ncolumns: {number: A, opened: B}", "nonsense: 1"} {
		if _, err := ParseMapping([]byte(bad)); err == nil {
			t.Errorf("mapping %q accepted", bad)
		}
	}
}

func TestPriorityWords(t *testing.T) {
	for in, want := range map[string]int{"1 - Critical": 1, "2 - High": 2, "3 - Moderate": 3, "4 - Low": 4, "P2": 2, "Highest": 1,
		"Medium": 3, "Lowest": 5, "Korkea": 2, "Låg": 4, "": 0, "Whenever": 0, "12": 0} {
		if got := parsePriority(in); got != want {
			t.Errorf("%q: got %d want %d", in, got, want)
		}
	}
}

// TestBusinessHours counts service minutes over a weekend and Easter on
// the Finnish calendar.
func TestBusinessHours(t *testing.T) {
	m, err := NewMeasurer(testAgreement())
	if err != nil {
		t.Fatal(err)
	}
	s := &m.sl.Services[1]
	cases := []struct {
		from, to string
		want     int
	}{
		{"2026-04-06 07:00", "2026-04-06 17:00", 8 * 60}, // Monday: Easter Monday is a holiday in 2026? (5.4 is Easter Sunday)
		{"2026-04-07 15:00", "2026-04-08 09:00", 2 * 60},
		{"2026-04-10 15:00", "2026-04-13 09:00", 2 * 60}, // Friday to Monday
		{"2026-04-02 15:00", "2026-04-07 09:00", 2 * 60}, // Thu before Good Friday → Tue after Easter Monday
		{"2026-04-08 10:00", "2026-04-08 10:00", 0},
	}
	cases[0].want = 0 // 6.4.2026 is Easter Monday
	for _, c := range cases {
		if got := m.serviceMinutes(s, helsinki(c.from), helsinki(c.to)); got != c.want {
			t.Errorf("%s – %s: %d minutes, want %d", c.from, c.to, got, c.want)
		}
	}
}
