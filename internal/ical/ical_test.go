package ical

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// physicalLines splits written output into its lines, failing the test on
// any line end that is not CRLF.
func physicalLines(t *testing.T, out string) []string {
	t.Helper()
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("output does not end with CRLF: %q", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
	}
	return lines
}

func TestLineFolding(t *testing.T) {
	long := func(unit string, n int) string { return strings.Repeat(unit, n) }
	tests := []struct {
		name, prop, value string
	}{
		{"short", "SUMMARY", "Styrgrupp"},
		{"exactly 75 octets", "SUMMARY", long("x", 75-len("SUMMARY:"))},
		{"76 octets", "SUMMARY", long("x", 76-len("SUMMARY:"))},
		{"ascii, several folds", "DESCRIPTION", long("abcdefghij", 40)},
		{"two-byte letters", "SUMMARY", long("åäö", 60)},
		{"two-byte letters shifted by one", "SUMMARY", "x" + long("åäöÅÄÖ", 40)},
		{"two-byte letters shifted by two", "SUMMARY", "xy" + long("äö", 90)},
		{"three-byte dash", "SUMMARY", long("–", 70)},
		{"four-byte emoji", "SUMMARY", "a" + long("📅", 50)},
		{"mixed", "DESCRIPTION", long("Tuotantoryhmä – Tiera ja Alustatalo; pöytäkirja hyväksytään seuraavassa kokouksessa. ", 6)},
		{"long name with parameter", "DTSTART;TZID=" + long("Europe/Helsinki", 6), "20270112T090000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for shift := 0; shift < 4; shift++ {
				// Shift the value so every character boundary meets the fold.
				value := strings.Repeat("y", shift) + tt.value
				var w Writer
				w.Line(tt.prop, value)
				lines := physicalLines(t, w.String())
				for i, l := range lines {
					if len(l) > 75 {
						t.Errorf("shift %d: line %d is %d octets: %q", shift, i+1, len(l), l)
					}
					if !utf8.ValidString(l) {
						t.Errorf("shift %d: line %d splits a character: %q", shift, i+1, l)
					}
					if i > 0 {
						if !strings.HasPrefix(l, " ") {
							t.Errorf("shift %d: continuation line %d does not start with one space: %q", shift, i+1, l)
						}
						if len(l) < 2 {
							t.Errorf("shift %d: continuation line %d is empty", shift, i+1)
						}
					}
				}
				// Unfolding (RFC 5545 3.1: remove CRLF followed by one
				// space) gives back the content line.
				unfolded := strings.ReplaceAll(strings.TrimSuffix(w.String(), "\r\n"), "\r\n ", "")
				if want := tt.prop + ":" + value; unfolded != want {
					t.Errorf("shift %d: unfolded\n%q\nwant\n%q", shift, unfolded, want)
				}
				if whole := len(tt.prop) + 1 + len(value); whole <= 75 && len(lines) != 1 {
					t.Errorf("shift %d: a %d-octet line was folded into %d", shift, whole, len(lines))
				}
			}
		})
	}
}

// TestLineFoldingUsesTheRoom checks that folds are not needlessly early:
// each folded line but the last is within 3 octets (one split character)
// of the limit.
func TestLineFoldingUsesTheRoom(t *testing.T) {
	var w Writer
	w.Line("SUMMARY", strings.Repeat("ä", 200))
	lines := physicalLines(t, w.String())
	for i, l := range lines[:len(lines)-1] {
		if len(l) < 73 {
			t.Errorf("line %d is only %d octets: %q", i+1, len(l), l)
		}
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a, b; c", `a\, b\; c`},
		{`back\slash`, `back\\slash`},
		{"two\nlines", `two\nlines`},
		{"crlf\r\nline", `crlf\nline`},
		{"cr\rline", `cr\nline`},
		{`\n is not a newline`, `\\n is not a newline`},
		{"åäö: kolon stays", "åäö: kolon stays"},
		{`"quotes" stay`, `"quotes" stay`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := EscapeText(tt.in); got != tt.want {
			t.Errorf("EscapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	var w Writer
	w.Text("SUMMARY", "Möte, styrgrupp; kvartal 1\nRum 2")
	if got, want := w.String(), "SUMMARY:Möte\\, styrgrupp\\; kvartal 1\\nRum 2\r\n"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestTimeFormats(t *testing.T) {
	hel, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 7, 6, 13, 30, 0, 0, hel)
	if got, want := Local(at), "20270706T133000"; got != want {
		t.Errorf("Local = %s, want %s", got, want)
	}
	if got, want := UTC(at), "20270706T103000Z"; got != want {
		t.Errorf("UTC = %s, want %s", got, want)
	}
}

// observance is one STANDARD or DAYLIGHT block of a VTIMEZONE.
type observance struct {
	kind, dtstart, from, to, name string
}

// parseTimezone reads the observances of the single VTIMEZONE in out.
func parseTimezone(t *testing.T, out, tzid string) []observance {
	t.Helper()
	lines := physicalLines(t, out)
	if lines[0] != "BEGIN:VTIMEZONE" || lines[1] != "TZID:"+tzid || lines[len(lines)-1] != "END:VTIMEZONE" {
		t.Fatalf("not a VTIMEZONE for %s:\n%s", tzid, out)
	}
	var obs []observance
	var cur *observance
	for _, l := range lines[2 : len(lines)-1] {
		name, value, _ := strings.Cut(l, ":")
		switch name {
		case "BEGIN":
			if cur != nil {
				t.Fatalf("nested %s in %s", value, cur.kind)
			}
			cur = &observance{kind: value}
		case "END":
			if cur == nil || cur.kind != value {
				t.Fatalf("unbalanced END:%s", value)
			}
			if cur.dtstart == "" || cur.from == "" || cur.to == "" {
				t.Errorf("%s block lacks DTSTART, TZOFFSETFROM or TZOFFSETTO: %+v", cur.kind, *cur)
			}
			obs = append(obs, *cur)
			cur = nil
		case "DTSTART":
			cur.dtstart = value
		case "TZOFFSETFROM":
			cur.from = value
		case "TZOFFSETTO":
			cur.to = value
		case "TZNAME":
			cur.name = value
		default:
			t.Errorf("unexpected line in VTIMEZONE: %q", l)
		}
	}
	return obs
}

// lastSunday is the day of the month of the last Sunday of month in year.
func lastSunday(year int, month time.Month) int {
	d := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, -1)
	}
	return d.Day()
}

func TestTimezoneNordic(t *testing.T) {
	zones := []struct {
		tzid                   string
		std, dst               string // offsets
		stdName, dstName       string
		springHour, autumnHour int // local wall time of the change, in the old offset
	}{
		// EU summer time changes at 01:00 UTC: 03:00 EET and 04:00 EEST in
		// Helsinki, 02:00 CET and 03:00 CEST in Stockholm.
		{"Europe/Helsinki", "+0200", "+0300", "EET", "EEST", 3, 4},
		{"Europe/Stockholm", "+0100", "+0200", "CET", "CEST", 2, 3},
	}
	for _, z := range zones {
		loc, err := time.LoadLocation(z.tzid)
		if err != nil {
			t.Fatal(err)
		}
		for year := 2024; year <= 2035; year++ {
			t.Run(fmt.Sprintf("%s/%d", z.tzid, year), func(t *testing.T) {
				var w Writer
				w.Timezone(loc, year, year)
				obs := parseTimezone(t, w.String(), z.tzid)
				var dst, std []observance
				for _, o := range obs {
					switch o.kind {
					case "DAYLIGHT":
						dst = append(dst, o)
					case "STANDARD":
						std = append(std, o)
					default:
						t.Errorf("unknown observance %q", o.kind)
					}
				}
				if len(dst) == 0 || len(std) == 0 {
					t.Fatalf("want DAYLIGHT and STANDARD, got %+v", obs)
				}
				wantDST := observance{"DAYLIGHT", fmt.Sprintf("%d03%02dT%02d0000", year, lastSunday(year, time.March), z.springHour), z.std, z.dst, z.dstName}
				wantSTD := observance{"STANDARD", fmt.Sprintf("%d10%02dT%02d0000", year, lastSunday(year, time.October), z.autumnHour), z.dst, z.std, z.stdName}
				if !containsObs(dst, wantDST) {
					t.Errorf("no %+v among %+v", wantDST, dst)
				}
				if !containsObs(std, wantSTD) {
					t.Errorf("no %+v among %+v", wantSTD, std)
				}
				for _, o := range obs {
					if (o.kind == "DAYLIGHT") != (o.to == z.dst) || o.from == o.to {
						t.Errorf("inconsistent observance %+v", o)
					}
				}
			})
		}
	}
}

func containsObs(list []observance, o observance) bool {
	for _, x := range list {
		if x == o {
			return true
		}
	}
	return false
}

// TestTimezoneNoDST: a zone without daylight saving still gets one
// observance, or the VTIMEZONE would be invalid.
func TestTimezoneNoDST(t *testing.T) {
	for _, tzid := range []string{"UTC", "Asia/Tokyo"} {
		loc, err := time.LoadLocation(tzid)
		if err != nil {
			t.Fatal(err)
		}
		var w Writer
		w.Timezone(loc, 2027, 2028)
		obs := parseTimezone(t, w.String(), tzid)
		if len(obs) != 1 || obs[0].kind != "STANDARD" || obs[0].from != obs[0].to {
			t.Errorf("%s: want one STANDARD observance with equal offsets, got %+v", tzid, obs)
		}
	}
}

// TestTimezoneCoversTheWholeRange: every instant from the start of
// fromYear to the end of toYear must get Go's offset from the VTIMEZONE,
// read the way RFC 5545 defines it: the latest observance whose onset is
// not after the instant. An instant before the first onset is not covered
// at all; parsers differ on it (ical.js takes UTC), so a January meeting
// would be off by hours if the VTIMEZONE began with the March change.
func TestTimezoneCoversTheWholeRange(t *testing.T) {
	for _, tzid := range []string{"Europe/Helsinki", "Europe/Stockholm"} {
		loc, _ := time.LoadLocation(tzid)
		var w Writer
		w.Timezone(loc, 2027, 2028)
		obs := parseTimezone(t, w.String(), tzid)
		type onset struct {
			at       time.Time
			from, to int
		}
		var onsets []onset
		for _, o := range obs {
			from, to := parseOffset(t, o.from), parseOffset(t, o.to)
			local, err := time.Parse("20060102T150405", o.dtstart)
			if err != nil {
				t.Fatal(err)
			}
			// DTSTART is local time in the offset in force before the onset.
			onsets = append(onsets, onset{local.Add(-time.Duration(from) * time.Second), from, to})
		}
		for at := time.Date(2027, 1, 1, 0, 0, 0, 0, loc); at.Year() < 2029; at = at.Add(time.Hour) {
			_, want := at.Zone()
			if at.Before(onsets[0].at) {
				t.Errorf("%s: %s is before the first observance (%s): no offset is defined for it", tzid, at.UTC().Format(time.RFC3339), onsets[0].at.UTC().Format(time.RFC3339))
				break
			}
			var got int
			for _, o := range onsets {
				if !at.Before(o.at) {
					got = o.to
				}
			}
			if got != want {
				t.Errorf("%s %s: VTIMEZONE gives offset %d s, Go %d s", tzid, at.UTC().Format(time.RFC3339), got, want)
				break
			}
		}
	}
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	var h, m int
	if len(s) != 5 || (s[0] != '+' && s[0] != '-') {
		t.Fatalf("bad offset %q", s)
	}
	fmt.Sscanf(s[1:], "%02d%02d", &h, &m)
	sec := h*3600 + m*60
	if s[0] == '-' {
		sec = -sec
	}
	return sec
}
