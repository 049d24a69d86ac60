package plan

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
)

// The expected dates below were worked out by hand from a 2027 wall
// calendar (1 January 2027 is a Friday; Easter Sunday is 28 March), not
// with this package, so that the tests check it rather than repeat it.

func date(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func strs(ds []calendar.Date) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

func TestDatesExact(t *testing.T) {
	tests := []struct {
		name    string
		cadence gov.Cadence
		want    []string
	}{
		{"monthly defaults to the 2nd Tuesday", gov.Cadence{Frequency: gov.Monthly},
			[]string{"2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08",
				"2027-07-13", "2027-08-10", "2027-09-14", "2027-10-12", "2027-11-09", "2027-12-14"}},
		{"monthly week 2 wednesday", gov.Cadence{Frequency: gov.Monthly, Weekday: "wednesday", Week: 2},
			[]string{"2027-01-13", "2027-02-10", "2027-03-10", "2027-04-14", "2027-05-12", "2027-06-09",
				"2027-07-14", "2027-08-11", "2027-09-08", "2027-10-13", "2027-11-10", "2027-12-08"}},
		{"monthly last friday", gov.Cadence{Frequency: gov.Monthly, Weekday: "friday", Week: -1},
			[]string{"2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30", "2027-05-28", "2027-06-25",
				"2027-07-30", "2027-08-27", "2027-09-24", "2027-10-29", "2027-11-26", "2027-12-31"}},
		{"monthly first monday", gov.Cadence{Frequency: gov.Monthly, Weekday: "monday", Week: 1},
			[]string{"2027-01-04", "2027-02-01", "2027-03-01", "2027-04-05", "2027-05-03", "2027-06-07",
				"2027-07-05", "2027-08-02", "2027-09-06", "2027-10-04", "2027-11-01", "2027-12-06"}},
		{"monthly 4th thursday", gov.Cadence{Frequency: gov.Monthly, Weekday: "thursday", Week: 4},
			[]string{"2027-01-28", "2027-02-25", "2027-03-25", "2027-04-22", "2027-05-27", "2027-06-24",
				"2027-07-22", "2027-08-26", "2027-09-23", "2027-10-28", "2027-11-25", "2027-12-23"}},
		{"quarterly week 1 wednesday", gov.Cadence{Frequency: gov.Quarterly, Weekday: "wednesday", Week: 1},
			[]string{"2027-01-06", "2027-04-07", "2027-07-07", "2027-10-06"}},
		{"quarterly in given months", gov.Cadence{Frequency: gov.Quarterly, Months: []int{12, 3, 9, 6}},
			[]string{"2027-03-09", "2027-06-08", "2027-09-14", "2027-12-14"}},
		{"half-yearly", gov.Cadence{Frequency: gov.HalfYearly},
			[]string{"2027-01-12", "2027-07-13"}},
		{"half-yearly april and october", gov.Cadence{Frequency: gov.HalfYearly, Months: []int{4, 10}, Weekday: "wednesday"},
			[]string{"2027-04-14", "2027-10-13"}},
		{"yearly", gov.Cadence{Frequency: gov.Yearly},
			[]string{"2027-01-12"}},
		{"yearly in september, last tuesday", gov.Cadence{Frequency: gov.Yearly, Months: []int{9}, Week: -1},
			[]string{"2027-09-28"}},
		{"per-year 3", gov.Cadence{Frequency: gov.PerYear, PerYear: 3},
			[]string{"2027-01-12", "2027-05-11", "2027-09-14"}},
		{"per-year 4", gov.Cadence{Frequency: gov.PerYear, PerYear: 4, Weekday: "thursday"},
			[]string{"2027-01-14", "2027-04-08", "2027-07-08", "2027-10-14"}},
		{"per-year 12 is monthly", gov.Cadence{Frequency: gov.PerYear, PerYear: 12, Weekday: "monday", Week: 1},
			[]string{"2027-01-04", "2027-02-01", "2027-03-01", "2027-04-05", "2027-05-03", "2027-06-07",
				"2027-07-05", "2027-08-02", "2027-09-06", "2027-10-04", "2027-11-01", "2027-12-06"}},
		{"unknown weekday falls back to tuesday", gov.Cadence{Frequency: gov.Yearly, Weekday: "caturday"},
			[]string{"2027-01-12"}},
		{"as-needed has no regular meetings", gov.Cadence{Frequency: gov.AsNeeded}, nil},
		{"no frequency has no regular meetings", gov.Cadence{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strs(Dates(tt.cadence, 2027))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Dates(%+v, 2027)\n got %v\nwant %v", tt.cadence, got, tt.want)
			}
		})
	}
}

// TestDatesRegular checks the cadences with many meetings by their shape:
// count, weekday, year, order and spacing.
func TestDatesRegular(t *testing.T) {
	tests := []struct {
		name       string
		cadence    gov.Cadence
		year       int
		first      string
		last       string
		count      int
		weekday    time.Weekday
		minGap     int // days between consecutive meetings
		maxGap     int
		exactCount bool
	}{
		{"weekly monday", gov.Cadence{Frequency: gov.Weekly, Weekday: "monday"}, 2027, "2027-01-04", "2027-12-27", 52, time.Monday, 7, 7, true},
		{"weekly friday, 53 fridays in 2027", gov.Cadence{Frequency: gov.Weekly, Weekday: "friday"}, 2027, "2027-01-01", "2027-12-31", 53, time.Friday, 7, 7, true},
		{"weekly default tuesday", gov.Cadence{Frequency: gov.Weekly}, 2027, "2027-01-05", "2027-12-28", 52, time.Tuesday, 7, 7, true},
		{"biweekly thursday", gov.Cadence{Frequency: gov.Biweekly, Weekday: "thursday"}, 2027, "2027-01-07", "2027-12-23", 26, time.Thursday, 14, 14, true},
		{"biweekly monday 2026", gov.Cadence{Frequency: gov.Biweekly, Weekday: "monday"}, 2026, "2026-01-05", "2026-12-21", 26, time.Monday, 14, 14, true},
		{"per-year 24 (more than monthly)", gov.Cadence{Frequency: gov.PerYear, PerYear: 24, Weekday: "monday"}, 2027, "2027-01-04", "", 24, time.Monday, 14, 21, true},
		{"per-year 26", gov.Cadence{Frequency: gov.PerYear, PerYear: 26, Weekday: "wednesday"}, 2027, "2027-01-06", "", 26, time.Wednesday, 14, 14, true},
		{"per-year 40", gov.Cadence{Frequency: gov.PerYear, PerYear: 40, Weekday: "tuesday"}, 2027, "2027-01-05", "", 40, time.Tuesday, 7, 14, true},
		{"per-year 52 is weekly", gov.Cadence{Frequency: gov.PerYear, PerYear: 52, Weekday: "monday"}, 2027, "2027-01-04", "2027-12-27", 52, time.Monday, 7, 7, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Dates(tt.cadence, tt.year)
			if len(got) != tt.count {
				t.Fatalf("%d dates, want %d: %v", len(got), tt.count, strs(got))
			}
			if got[0].String() != tt.first {
				t.Errorf("first %s, want %s", got[0], tt.first)
			}
			if tt.last != "" && got[len(got)-1].String() != tt.last {
				t.Errorf("last %s, want %s", got[len(got)-1], tt.last)
			}
			for i, d := range got {
				if d.Y != tt.year {
					t.Errorf("%s is outside %d", d, tt.year)
				}
				if d.Weekday() != tt.weekday {
					t.Errorf("%s is a %s, want %s", d, d.Weekday(), tt.weekday)
				}
				if i > 0 {
					gap := int(d.Time(time.UTC).Sub(got[i-1].Time(time.UTC)).Hours() / 24)
					if gap < tt.minGap || gap > tt.maxGap {
						t.Errorf("%s to %s is %d days, want %d–%d", got[i-1], d, gap, tt.minGap, tt.maxGap)
					}
				}
			}
		})
	}
}

// TestDatesEveryYear: for many years every cadence gives its number of
// meetings, in the year, on the weekday, in order.
func TestDatesEveryYear(t *testing.T) {
	cadences := []struct {
		c gov.Cadence
		n int // 0: 52 or 53 (weekly), 26 or 27 (biweekly)
	}{
		{gov.Cadence{Frequency: gov.Weekly, Weekday: "thursday"}, 0},
		{gov.Cadence{Frequency: gov.Biweekly, Weekday: "friday"}, 0},
		{gov.Cadence{Frequency: gov.Monthly, Weekday: "monday", Week: -1}, 12},
		{gov.Cadence{Frequency: gov.Monthly, Weekday: "friday", Week: 4}, 12},
		{gov.Cadence{Frequency: gov.Quarterly}, 4},
		{gov.Cadence{Frequency: gov.HalfYearly}, 2},
		{gov.Cadence{Frequency: gov.Yearly}, 1},
		{gov.Cadence{Frequency: gov.PerYear, PerYear: 6}, 6},
		{gov.Cadence{Frequency: gov.PerYear, PerYear: 13}, 13},
		{gov.Cadence{Frequency: gov.PerYear, PerYear: 50}, 50},
	}
	for year := 2020; year <= 2040; year++ {
		for _, tc := range cadences {
			got := Dates(tc.c, year)
			switch {
			case tc.n > 0 && len(got) != tc.n:
				t.Errorf("%d %+v: %d meetings, want %d", year, tc.c, len(got), tc.n)
			case tc.n == 0 && tc.c.Frequency == gov.Weekly && len(got) != 52 && len(got) != 53:
				t.Errorf("%d %+v: %d meetings", year, tc.c, len(got))
			case tc.n == 0 && tc.c.Frequency == gov.Biweekly && len(got) != 26 && len(got) != 27:
				t.Errorf("%d %+v: %d meetings", year, tc.c, len(got))
			}
			for i, d := range got {
				if d.Y != year || d.Weekday() != weekday(tc.c.Weekday) || (i > 0 && !got[i-1].Before(d)) {
					t.Errorf("%d %+v: bad date %s in %v", year, tc.c, d, strs(got))
					break
				}
			}
		}
	}
}

// forum builds a forum with the given cadence and sensible rules.
func forum(slug string, c gov.Cadence) gov.Forum {
	return gov.Forum{
		Slug: slug, Name: "Forum " + slug, Level: "operational", Cadence: c,
		Materials: gov.MaterialsRule{WorkingDaysBefore: 3},
		Minutes:   gov.MinutesRule{WithinDays: 7, Approval: gov.ApproveChair},
		Decision:  gov.DecisionRule{Method: gov.DecideConsensus},
	}
}

func agreement(country, tz string, forums ...gov.Forum) *gov.Agreement {
	return &gov.Agreement{
		Version: gov.FormatVersion, Slug: "test", Name: "Test", Country: country, TimeZone: tz,
		Language: "en", Currency: "EUR", Period: gov.Period{From: "2026-01-01"},
		Levels: []gov.Level{{Slug: "operational", Name: "Operational"}},
		Forums: forums,
	}
}

func byForum(ms []Meeting, slug string) []Meeting {
	var out []Meeting
	for _, m := range ms {
		if m.Forum == slug {
			out = append(out, m)
		}
	}
	return out
}

func find(t *testing.T, ms []Meeting, slug, day string) Meeting {
	t.Helper()
	for _, m := range ms {
		if m.Forum == slug && m.Date.String() == day {
			return m
		}
	}
	t.Fatalf("no meeting of %s on %s", slug, day)
	return Meeting{}
}

func TestYearMovesOffHolidays(t *testing.T) {
	weeklyMonday := forum("weekly-mon", gov.Cadence{Frequency: gov.Weekly, Weekday: "monday"})
	lastFriday := forum("last-fri", gov.Cadence{Frequency: gov.Monthly, Weekday: "friday", Week: -1})
	tests := []struct {
		name    string
		country string
		eves    bool
		forum   gov.Forum
		moved   map[string]string // from -> to; every other meeting stays
	}{
		{"FI weekly monday: Easter Monday and Independence Day", "FI", false, weeklyMonday,
			map[string]string{"2027-03-29": "2027-03-30", "2027-12-06": "2027-12-07"}},
		{"SE weekly monday: Easter Monday only (6 June is a Sunday)", "SE", false, weeklyMonday,
			map[string]string{"2027-03-29": "2027-03-30"}},
		{"FI last friday: Good Friday over Easter, Midsummer Eve over the weekend", "FI", false, lastFriday,
			map[string]string{"2027-03-26": "2027-03-30", "2027-06-25": "2027-06-28"}},
		{"FI last friday, eves working: Midsummer Eve stays", "FI", true, lastFriday,
			map[string]string{"2027-03-26": "2027-03-30"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := agreement(tt.country, "Europe/Helsinki", tt.forum)
			a.EvesWorking = tt.eves
			ms, err := Year(a, 2027)
			if err != nil {
				t.Fatal(err)
			}
			regular := Dates(tt.forum.Cadence, 2027)
			if len(ms) != len(regular) {
				t.Fatalf("%d meetings, want %d", len(ms), len(regular))
			}
			for i, m := range ms {
				from := regular[i].String()
				to, moved := tt.moved[from]
				switch {
				case moved && (m.MovedFrom == nil || m.MovedFrom.String() != from || m.Date.String() != to):
					t.Errorf("meeting %d: date %s moved from %v, want %s moved from %s", i, m.Date, m.MovedFrom, to, from)
				case !moved && (m.MovedFrom != nil || m.Date.String() != from):
					t.Errorf("meeting %d: date %s moved from %v, want %s unmoved", i, m.Date, m.MovedFrom, from)
				}
			}
		})
	}
}

func TestYearDeadlines(t *testing.T) {
	dayBefore := forum("prod", gov.Cadence{Frequency: gov.Weekly, Weekday: "monday", Time: "13:00", DurationMinutes: 30})
	dayBefore.Materials = gov.MaterialsRule{DayBefore: true}
	dayBefore.Minutes = gov.MinutesRule{WithinDays: 3, Approval: gov.ApproveNextMeeting}

	easter := forum("easter", gov.Cadence{Frequency: gov.Monthly, Weekday: "tuesday", Week: -1})
	easter.Materials = gov.MaterialsRule{WorkingDaysBefore: 3}
	easter.Minutes = gov.MinutesRule{WithinWorkingDays: 3, Approval: gov.ApproveChair}

	thursday := forum("thu", gov.Cadence{Frequency: gov.Monthly, Weekday: "thursday", Week: 4})
	thursday.Materials = gov.MaterialsRule{WorkingDaysBefore: 7}
	thursday.Minutes = gov.MinutesRule{WithinWorkingDays: 3, Approval: gov.ApproveChair}

	christmas := forum("xmas", gov.Cadence{Frequency: gov.Monthly, Weekday: "tuesday", Week: 3})
	christmas.Materials = gov.MaterialsRule{WorkingDaysBefore: 5}
	christmas.Minutes = gov.MinutesRule{WithinWorkingDays: 5, Approval: gov.ApproveChair}
	christmas.Proposals = &gov.ProposalRule{From: "any-party", WorkingDaysBefore: 10}

	tests := []struct {
		name                          string
		eves                          bool
		forum                         gov.Forum
		day                           string
		materials, minutes, proposals string
		start, end                    string // RFC 3339 in the agreement's zone
	}{
		{"day before a Monday is the Friday", false, dayBefore, "2027-01-11", "2027-01-08", "2027-01-14", "",
			"2027-01-11T13:00:00+02:00", "2027-01-11T13:30:00+02:00"},
		{"day before a meeting moved off Independence Day", false, dayBefore, "2027-12-07", "2027-12-03", "2027-12-10", "",
			"2027-12-07T13:00:00+02:00", "2027-12-07T13:30:00+02:00"},
		{"day before the Tuesday after Easter Monday is Maundy Thursday", false, dayBefore, "2027-03-30", "2027-03-25", "2027-04-02", "",
			"2027-03-30T13:00:00+03:00", "2027-03-30T13:30:00+03:00"},
		{"summer time", false, dayBefore, "2027-07-05", "2027-07-02", "2027-07-08", "",
			"2027-07-05T13:00:00+03:00", "2027-07-05T13:30:00+03:00"},
		{"3 working days before, across Easter", false, easter, "2027-03-30", "2027-03-23", "2027-04-02", "",
			"2027-03-30T09:00:00+03:00", "2027-03-30T10:00:00+03:00"},
		{"3 working days after Maundy Thursday skip Easter", false, thursday, "2027-03-25", "2027-03-16", "2027-04-01", "",
			"2027-03-25T09:00:00+02:00", "2027-03-25T10:00:00+02:00"},
		{"7 working days before", false, thursday, "2027-05-27", "2027-05-18", "2027-06-01", "",
			"", ""},
		{"5 working days after, across Christmas (eve not working)", false, christmas, "2027-12-21", "2027-12-14", "2027-12-29", "2027-12-07",
			"", ""},
		{"5 working days after, across Christmas (eve working)", true, christmas, "2027-12-21", "2027-12-14", "2027-12-28", "2027-12-07",
			"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := agreement("FI", "Europe/Helsinki", tt.forum)
			a.EvesWorking = tt.eves
			ms, err := Year(a, 2027)
			if err != nil {
				t.Fatal(err)
			}
			m := find(t, ms, tt.forum.Slug, tt.day)
			if got := m.MaterialsDue.String(); got != tt.materials {
				t.Errorf("materials due %s, want %s", got, tt.materials)
			}
			if got := m.MinutesDue.String(); got != tt.minutes {
				t.Errorf("minutes due %s, want %s", got, tt.minutes)
			}
			var prop string
			if m.ProposalsDue != nil {
				prop = m.ProposalsDue.String()
			}
			if prop != tt.proposals {
				t.Errorf("proposals due %q, want %q", prop, tt.proposals)
			}
			if tt.start != "" {
				if got := m.Start.Format(time.RFC3339); got != tt.start {
					t.Errorf("start %s, want %s", got, tt.start)
				}
				if got := m.End.Format(time.RFC3339); got != tt.end {
					t.Errorf("end %s, want %s", got, tt.end)
				}
			}
		})
	}
}

func TestMaterialsDue(t *testing.T) {
	fi := calendar.Calendar{Country: calendar.Finland}
	se := calendar.Calendar{Country: calendar.Sweden}
	tests := []struct {
		cal  calendar.Calendar
		rule gov.MaterialsRule
		day  string
		want string
	}{
		{fi, gov.MaterialsRule{DayBefore: true}, "2027-01-11", "2027-01-08"},      // Monday -> Friday
		{fi, gov.MaterialsRule{DayBefore: true}, "2027-01-12", "2027-01-11"},      // Tuesday -> Monday
		{fi, gov.MaterialsRule{DayBefore: true}, "2027-01-07", "2027-01-05"},      // Thursday after Epiphany -> Tuesday
		{fi, gov.MaterialsRule{WorkingDaysBefore: 1}, "2027-03-30", "2027-03-25"}, // over Easter
		{fi, gov.MaterialsRule{WorkingDaysBefore: 3}, "2027-03-30", "2027-03-23"}, // over Easter
		{fi, gov.MaterialsRule{WorkingDaysBefore: 7}, "2027-04-06", "2027-03-24"}, // over Easter
		{fi, gov.MaterialsRule{WorkingDaysBefore: 5}, "2027-05-11", "2027-05-03"}, // over Ascension Day
		{se, gov.MaterialsRule{WorkingDaysBefore: 3}, "2027-06-09", "2027-06-04"}, // SE: 7 June is not a holiday in 2027 (6 June is a Sunday)
		{fi, gov.MaterialsRule{WorkingDaysBefore: 3}, "2027-06-29", "2027-06-23"}, // over Midsummer
		{fi, gov.MaterialsRule{WorkingDaysBefore: 5}, "2028-01-04", "2027-12-28"}, // FI: 31 Dec works
		{se, gov.MaterialsRule{WorkingDaysBefore: 5}, "2028-01-04", "2027-12-27"}, // SE: New Year's Eve does not
		{fi, gov.MaterialsRule{}, "2027-01-11", "2027-01-08"},                     // no rule: the working day before
	}
	for _, tt := range tests {
		if got := MaterialsDue(tt.cal, tt.rule, date(t, tt.day)); got.String() != tt.want {
			t.Errorf("%s MaterialsDue(%+v, %s) = %s, want %s", tt.cal.Country, tt.rule, tt.day, got, tt.want)
		}
	}
}

func TestMinutesDue(t *testing.T) {
	fi := calendar.Calendar{Country: calendar.Finland}
	se := calendar.Calendar{Country: calendar.Sweden}
	tests := []struct {
		cal  calendar.Calendar
		rule gov.MinutesRule
		day  string
		want string
	}{
		{fi, gov.MinutesRule{WithinDays: 3}, "2027-01-05", "2027-01-08"},
		{fi, gov.MinutesRule{WithinDays: 3}, "2027-01-07", "2027-01-11"}, // 3 calendar days is a Sunday: moves to Monday
		{fi, gov.MinutesRule{WithinDays: 3}, "2026-12-29", "2027-01-04"}, // New Year's Day, then a weekend
		{fi, gov.MinutesRule{WithinDays: 7}, "2027-12-21", "2027-12-28"},
		{fi, gov.MinutesRule{WithinWorkingDays: 3}, "2027-03-25", "2027-04-01"}, // over Easter
		{fi, gov.MinutesRule{WithinWorkingDays: 5}, "2027-12-21", "2027-12-29"}, // over Christmas
		{se, gov.MinutesRule{WithinWorkingDays: 5}, "2027-12-28", "2028-01-05"}, // SE: New Year's Eve and Day
		{fi, gov.MinutesRule{WithinWorkingDays: 5}, "2027-12-28", "2028-01-04"}, // FI: 31 Dec works
		{se, gov.MinutesRule{WithinWorkingDays: 1}, "2027-06-24", "2027-06-28"}, // SE Midsummer Eve
	}
	for _, tt := range tests {
		if got := MinutesDue(tt.cal, tt.rule, date(t, tt.day)); got.String() != tt.want {
			t.Errorf("%s MinutesDue(%+v, %s) = %s, want %s", tt.cal.Country, tt.rule, tt.day, got, tt.want)
		}
	}
}

func TestYearOrderTimesAndInactive(t *testing.T) {
	strat := forum("strat", gov.Cadence{Frequency: gov.Quarterly, Time: "14:30", DurationMinutes: 120})
	ops := forum("ops", gov.Cadence{Frequency: gov.Weekly}) // also Tuesdays: same day as strat
	idle := forum("idle", gov.Cadence{Frequency: gov.Weekly, Weekday: "wednesday"})
	idle.Inactive = true
	never := forum("never", gov.Cadence{Frequency: gov.AsNeeded})
	a := agreement("SE", "Europe/Stockholm", strat, idle, ops, never)
	ms, err := Year(a, 2027)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(byForum(ms, "idle")); n != 0 {
		t.Errorf("inactive forum has %d meetings", n)
	}
	if n := len(byForum(ms, "never")); n != 0 {
		t.Errorf("as-needed forum has %d meetings", n)
	}
	if got, want := len(byForum(ms, "strat")), 4; got != want {
		t.Errorf("strat: %d meetings, want %d", got, want)
	}
	if got, want := len(byForum(ms, "ops")), 52; got != want {
		t.Errorf("ops: %d meetings, want %d", got, want)
	}
	for i := 1; i < len(ms); i++ {
		if ms[i].Date.Before(ms[i-1].Date) {
			t.Errorf("not in date order: %s after %s", ms[i].Date, ms[i-1].Date)
		}
	}
	// Same day: the model's forum order (strat before ops).
	var sameDay []string
	for _, m := range ms {
		if m.Date.String() == "2027-01-12" {
			sameDay = append(sameDay, m.Forum)
		}
	}
	if !slices.Equal(sameDay, []string{"strat", "ops"}) {
		t.Errorf("2027-01-12: %v, want [strat ops]", sameDay)
	}
	s := find(t, ms, "strat", "2027-07-13")
	if got, want := s.Start.Format(time.RFC3339), "2027-07-13T14:30:00+02:00"; got != want {
		t.Errorf("strat start %s, want %s", got, want)
	}
	if got, want := s.End.Sub(s.Start), 2*time.Hour; got != want {
		t.Errorf("strat lasts %s, want %s", got, want)
	}
	o := find(t, ms, "ops", "2027-01-12")
	if got, want := o.Start.Format(time.RFC3339), "2027-01-12T09:00:00+01:00"; got != want {
		t.Errorf("ops default start %s, want %s", got, want)
	}
	if got := o.End.Sub(o.Start); got != time.Hour {
		t.Errorf("ops default duration %s, want 1h", got)
	}
	for _, m := range ms {
		if m.Level != "operational" || m.ForumName != "Forum "+m.Forum {
			t.Errorf("meeting %+v lacks its forum's name or level", m)
			break
		}
	}
}

func TestYearErrors(t *testing.T) {
	ok := forum("ops", gov.Cadence{Frequency: gov.Weekly})
	if _, err := Year(agreement("DK", "Europe/Copenhagen", ok), 2027); err == nil {
		t.Error("country DK: no error")
	}
	_, err := Year(agreement("FI", "Europe/Nowhere", ok), 2027)
	if err == nil || !strings.Contains(err.Error(), "Europe/Nowhere") {
		t.Errorf("bad time zone: err = %v", err)
	}
	ms, err := Year(agreement("FI", "Europe/Helsinki"), 2027)
	if err != nil || len(ms) != 0 {
		t.Errorf("no forums: %d meetings, err %v", len(ms), err)
	}
}
