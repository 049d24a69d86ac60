package calendar

import (
	"encoding/json"
	"testing"
	"time"
	_ "time/tzdata" // the DST tests must not depend on the machine's zoneinfo
)

// day parses a YYYY-MM-DD literal in tests.
func day(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-12-17", Date{2026, time.December, 17}, true},
		{"2024-02-29", Date{2024, time.February, 29}, true},
		{"2000-01-01", Date{2000, time.January, 1}, true},
		{"2026-02-30", Date{}, false}, // impossible day: rejected, not normalised
		{"2025-02-29", Date{}, false}, // not a leap year
		{"2026-13-01", Date{}, false},
		{"2026-00-10", Date{}, false},
		{"2026-1-5", Date{}, false}, // fields must be zero-padded
		{"26-01-05", Date{}, false},
		{"2026/01/05", Date{}, false},
		{"2026-01-05T00:00:00Z", Date{}, false},
		{"", Date{}, false},
		{" 2026-01-05", Date{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseDate(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if tt.ok && got.String() != tt.in {
			t.Errorf("ParseDate(%q).String() = %q, want the input back", tt.in, got.String())
		}
	}
}

func TestDateString(t *testing.T) {
	for _, tt := range []struct {
		d    Date
		want string
	}{
		{Date{2026, time.December, 17}, "2026-12-17"},
		{Date{987, time.March, 5}, "0987-03-05"},
		{Date{2026, time.February, 30}, "2026-02-30"}, // printed as is, not normalised
	} {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestNewDateNormalises(t *testing.T) {
	for _, tt := range []struct {
		d    Date
		want string
	}{
		{NewDate(2026, time.December, 32), "2027-01-01"},
		{NewDate(2026, time.March, 0), "2026-02-28"},
		{NewDate(2024, time.February, 30), "2024-03-01"},
		{NewDate(2026, 13, 1), "2027-01-01"},
	} {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("got %s, want %s", got, tt.want)
		}
	}
	// Methods other than String act on the normalised date.
	odd := Date{2026, time.February, 30}
	if !odd.Equal(day(t, "2026-03-02")) || odd == day(t, "2026-03-02") {
		t.Errorf("Equal should normalise, == should not")
	}
	if got := odd.AddDays(0); got != day(t, "2026-03-02") {
		t.Errorf("AddDays(0) = %v, want 2026-03-02", got)
	}
}

func TestAddDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-17", 0, "2026-12-17"},
		{"2026-12-31", 1, "2027-01-01"},
		{"2027-01-01", -1, "2026-12-31"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2025-02-28", 1, "2025-03-01"},
		{"2026-03-28", 2, "2026-03-30"}, // across the EU spring DST change (29 March 2026)
		{"2026-10-24", 2, "2026-10-26"}, // across the autumn change (25 October 2026)
		{"2026-01-01", 365, "2027-01-01"},
		{"2000-01-01", 36524, "2099-12-31"},
	}
	for _, tt := range tests {
		if got := day(t, tt.from).AddDays(tt.n); got != day(t, tt.want) {
			t.Errorf("%s.AddDays(%d) = %v, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestWeekdayAndCompare(t *testing.T) {
	if wd := day(t, "2026-12-24").Weekday(); wd != time.Thursday {
		t.Errorf("2026-12-24 weekday = %v, want Thursday", wd)
	}
	if wd := day(t, "2000-01-01").Weekday(); wd != time.Saturday {
		t.Errorf("2000-01-01 weekday = %v, want Saturday", wd)
	}
	a, b := day(t, "2026-12-31"), day(t, "2027-01-01")
	if !a.Before(b) || a.After(b) || !b.After(a) || b.Before(a) || a.Equal(b) || !a.Equal(a) {
		t.Errorf("Before/After/Equal inconsistent for %v, %v", a, b)
	}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Errorf("Compare inconsistent for %v, %v", a, b)
	}
}

func TestDateOfAndTimeAcrossDST(t *testing.T) {
	hel, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	sto, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}

	// An instant belongs to different civil dates in different zones.
	inst := time.Date(2026, time.December, 31, 22, 30, 0, 0, time.UTC)
	if got := DateOf(inst.In(hel)); got != day(t, "2027-01-01") {
		t.Errorf("DateOf in Helsinki = %v, want 2027-01-01", got)
	}
	if got := DateOf(inst.In(sto)); got != day(t, "2026-12-31") {
		t.Errorf("DateOf in Stockholm = %v, want 2026-12-31", got)
	}

	// The day of a DST change plus one calendar day is the next midnight,
	// even though only 23 hours pass.
	sun := day(t, "2026-03-29")
	start, next := sun.Time(hel), sun.AddDays(1).Time(hel)
	if got := next.Sub(start); got != 23*time.Hour {
		t.Errorf("Helsinki 29 March 2026 lasts %v, want 23h (DST)", got)
	}
	if got := DateOf(next); got != day(t, "2026-03-30") {
		t.Errorf("DateOf(Time) round trip = %v, want 2026-03-30", got)
	}
	if h, m, s := next.Clock(); h != 0 || m != 0 || s != 0 {
		t.Errorf("Time(loc) = %v, want local midnight", next)
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		Due Date `json:"due"`
	}
	b, err := json.Marshal(doc{Due: day(t, "2026-12-28")})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"due":"2026-12-28"}` {
		t.Errorf("Marshal = %s", b)
	}
	var got doc
	if err := json.Unmarshal(b, &got); err != nil || got.Due != day(t, "2026-12-28") {
		t.Errorf("Unmarshal = %v, %v", got, err)
	}
	if err := json.Unmarshal([]byte(`{"due":"2026-02-30"}`), &got); err == nil {
		t.Errorf("Unmarshal accepted 2026-02-30")
	}
}

func TestParseCountry(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Country
		ok   bool
	}{
		{"FI", Finland, true},
		{"fi", Finland, true},
		{" Se ", Sweden, true},
		{"SE", Sweden, true},
		{"XX", "", false},
		{"NO", "", false},
		{"", "", false},
		{"FIN", "", false},
	} {
		got, err := ParseCountry(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseCountry(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	_, err := ParseCountry("XX")
	if want := `unknown country "XX": must be FI or SE`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}
