package complaint

import (
	"testing"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
)

// The acknowledgement (1 working day) and the response (10) around the
// holidays that move them, in both countries. Expected dates counted by
// hand from the 2026 calendars: Good Friday 3.4., Easter Monday 6.4.;
// Midsummer Eve Fri 19.6. (a de-facto eve, not a working day); Christmas
// Eve Thu 24.12., Christmas Day 25.12., New Year's Day Fri 1.1.2027,
// Epiphany Wed 6.1.2027, and in Sweden New Year's Eve 31.12.
func TestDeadlinesAroundHolidays(t *testing.T) {
	r := gov.ComplaintRules{AcknowledgeWorkingDays: 1, RespondWorkingDays: 10}
	for _, tt := range []struct {
		name                   string
		country                calendar.Country
		received, ack, respond string
	}{
		{"easter FI", calendar.Finland, "2026-04-02", "2026-04-07", "2026-04-20"},
		{"easter SE", calendar.Sweden, "2026-04-02", "2026-04-07", "2026-04-20"},
		{"good friday itself FI", calendar.Finland, "2026-04-03", "2026-04-07", "2026-04-20"},
		{"easter saturday SE", calendar.Sweden, "2026-04-04", "2026-04-07", "2026-04-20"},
		{"midsummer FI", calendar.Finland, "2026-06-18", "2026-06-22", "2026-07-03"},
		{"midsummer SE", calendar.Sweden, "2026-06-18", "2026-06-22", "2026-07-03"},
		{"midsummer eve itself SE", calendar.Sweden, "2026-06-19", "2026-06-22", "2026-07-03"},
		{"christmas FI", calendar.Finland, "2026-12-23", "2026-12-28", "2027-01-12"},
		{"christmas SE (new year's eve closed)", calendar.Sweden, "2026-12-23", "2026-12-28", "2027-01-13"},
		{"new year's eve FI (a working day)", calendar.Finland, "2026-12-30", "2026-12-31", "2027-01-15"},
		{"new year's eve SE", calendar.Sweden, "2026-12-30", "2027-01-04", "2027-01-18"},
		{"plain week", calendar.Finland, "2026-03-02", "2026-03-03", "2026-03-16"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := calendar.ParseDate(tt.received)
			if err != nil {
				t.Fatal(err)
			}
			ack, respond := Deadlines(calendar.Calendar{Country: tt.country}, r, rec)
			if ack.String() != tt.ack || respond.String() != tt.respond {
				t.Fatalf("received %s: ack %s, respond %s; want %s, %s", tt.received, ack, respond, tt.ack, tt.respond)
			}
		})
	}
}

func TestCountdown(t *testing.T) {
	fi := calendar.Calendar{Country: calendar.Finland}
	d := func(s string) calendar.Date {
		x, err := calendar.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, tt := range []struct {
		today, due string
		want       int
	}{
		{"2026-04-02", "2026-04-07", 1},  // over Easter
		{"2026-04-07", "2026-04-07", 0},  // due today
		{"2026-04-08", "2026-04-07", -1}, // a day late
		{"2026-04-02", "2026-04-20", 10},
		{"2026-12-23", "2027-01-12", 10},
	} {
		if got := Countdown(fi, d(tt.today), d(tt.due)); got != tt.want {
			t.Errorf("today %s, due %s: %d, want %d", tt.today, tt.due, got, tt.want)
		}
	}
}

func TestCheckSectionsNamesEachMissing(t *testing.T) {
	a := &gov.Agreement{Complaints: &gov.ComplaintRules{AcknowledgeWorkingDays: 1, RespondWorkingDays: 10,
		Sections: []string{"Tiivistelmä", "Keskeiset kohdat", "Kuvaus ja syy", "Vaikutukset", "Reagointi", "Ennaltaehkäisy"}}}
	full := []string{"a", "b", "c", "d", "e", "f"}
	if err := CheckSections(a, full); err != nil {
		t.Fatalf("full response refused: %v", err)
	}
	for _, tt := range []struct {
		name   string
		got    []string
		fields []string
	}{
		{"none", nil, []string{"section-1", "section-2", "section-3", "section-4", "section-5", "section-6"}},
		{"impact blank", []string{"a", "b", "c", "  ", "e", "f"}, []string{"section-4"}},
		{"prevention missing", []string{"a", "b", "c", "d", "e"}, []string{"section-6"}},
		{"too many", []string{"a", "b", "c", "d", "e", "f", "g"}, []string{"sections"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckSections(a, tt.got)
			e, ok := err.(*gov.Error)
			if !ok || e.Code != gov.CodeInvalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			var got []string
			for _, f := range e.Fields {
				got = append(got, f.Field)
			}
			if len(got) != len(tt.fields) {
				t.Fatalf("fields %v, want %v", got, tt.fields)
			}
			for i := range got {
				if got[i] != tt.fields[i] {
					t.Fatalf("fields %v, want %v", got, tt.fields)
				}
			}
			if tt.name == "impact blank" && e.Fields[0].Message != "the section Vaikutukset is missing" {
				t.Fatalf("message %q does not name the section", e.Fields[0].Message)
			}
		})
	}
}
