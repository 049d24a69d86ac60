package plan

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/ical"
	"github.com/steerco/steerco/internal/model"
)

// fixture is a small Swedish model with long names, characters TEXT must
// escape, holidays to move off and an inactive forum.
const fixture = "testdata/kommun-se.yaml"

// testAgreement is one model the iCalendar tests run on.
type testAgreement struct {
	name string
	a    *gov.Agreement
}

// testAgreements are the shipped templates (whichever exist) and the fixture.
func testAgreements(t *testing.T) []testAgreement {
	t.Helper()
	var out []testAgreement
	for _, name := range model.Templates() {
		src, err := model.Template(name)
		if err != nil {
			t.Fatal(err)
		}
		a, err := model.Parse(name+".yaml", src)
		if err != nil {
			t.Fatalf("template %s: %v", name, err)
		}
		out = append(out, testAgreement{name, a})
	}
	src, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse(fixture, src)
	if err != nil {
		t.Fatal(err)
	}
	return append(out, testAgreement{fixture, a})
}

// icsStamp is the DTSTAMP the tests write with.
var icsStamp = time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC)

func writeICS(t *testing.T, a *gov.Agreement, year int) (string, []Meeting) {
	t.Helper()
	ms, err := Year(a, year)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteICS(&buf, a, year, ms, icsStamp); err != nil {
		t.Fatal(err)
	}
	return buf.String(), ms
}

// contentLine is one unfolded content line: NAME;PARAMS:VALUE.
type contentLine struct {
	name   string
	params map[string]string
	value  string
}

// component is a parsed BEGIN/END block.
type component struct {
	name  string
	props []contentLine
	subs  []*component
}

func (c *component) all(name string) []contentLine {
	var out []contentLine
	for _, p := range c.props {
		if p.name == name {
			out = append(out, p)
		}
	}
	return out
}

func (c *component) children(name string) []*component {
	var out []*component
	for _, s := range c.subs {
		if s.name == name {
			out = append(out, s)
		}
	}
	return out
}

var propName = regexp.MustCompile(`^[A-Z][A-Z0-9-]*$`)

// parseICS checks the physical form of an iCalendar stream (CRLF only,
// folded at 75 octets without splitting a character) and parses it into
// components.
func parseICS(t *testing.T, s string) *component {
	t.Helper()
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatal("the file does not end with CRLF")
	}
	if strings.Count(s, "\n") != strings.Count(s, "\r\n") || strings.Count(s, "\r") != strings.Count(s, "\r\n") {
		t.Fatal("a line ends with a bare LF or CR; RFC 5545 wants CRLF everywhere")
	}
	physical := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	var logical []string
	for i, l := range physical {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets (at most 75): %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is not valid UTF-8 (a character split by folding?): %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(logical) == 0 {
				t.Fatalf("line %d continues nothing", i+1)
			}
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	root := &component{name: "ROOT"}
	stack := []*component{root}
	for _, l := range logical {
		cl := parseContentLine(t, l)
		top := stack[len(stack)-1]
		switch cl.name {
		case "BEGIN":
			c := &component{name: cl.value}
			top.subs = append(top.subs, c)
			stack = append(stack, c)
		case "END":
			if top.name != cl.value || len(stack) == 1 {
				t.Fatalf("END:%s closes %s", cl.value, top.name)
			}
			stack = stack[:len(stack)-1]
		default:
			top.props = append(top.props, cl)
		}
	}
	if len(stack) != 1 {
		t.Fatalf("%s is never closed", stack[len(stack)-1].name)
	}
	if len(root.subs) != 1 || root.subs[0].name != "VCALENDAR" {
		t.Fatalf("want exactly one VCALENDAR, got %d components", len(root.subs))
	}
	return root.subs[0]
}

func parseContentLine(t *testing.T, l string) contentLine {
	t.Helper()
	// Parameter values here are never quoted, so the first ':' ends the
	// name and parameters.
	head, value, ok := strings.Cut(l, ":")
	if !ok {
		t.Fatalf("content line without ':': %q", l)
	}
	parts := strings.Split(head, ";")
	cl := contentLine{name: parts[0], value: value, params: map[string]string{}}
	if !propName.MatchString(cl.name) {
		t.Errorf("bad property name %q in %q", cl.name, l)
	}
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			t.Errorf("bad parameter %q in %q", p, l)
		}
		cl.params[k] = v
	}
	return cl
}

func one(t *testing.T, c *component, name string) contentLine {
	t.Helper()
	ps := c.all(name)
	if len(ps) != 1 {
		t.Fatalf("%s has %d %s, want 1", c.name, len(ps), name)
	}
	return ps[0]
}

var (
	utcStamp  = regexp.MustCompile(`^\d{8}T\d{6}Z$`)
	localTime = regexp.MustCompile(`^\d{8}T\d{6}$`)
	offsetRE  = regexp.MustCompile(`^[+-]\d{4}$`)
)

// TestICSValid checks what RFC 5545 demands of the annual plan's
// iCalendar output for every template and the fixture.
func TestICSValid(t *testing.T) {
	for _, ta := range testAgreements(t) {
		t.Run(ta.name, func(t *testing.T) {
			out, ms := writeICS(t, ta.a, 2027)
			cal := parseICS(t, out)
			if v := one(t, cal, "VERSION").value; v != "2.0" {
				t.Errorf("VERSION:%s", v)
			}
			if p := one(t, cal, "PRODID").value; p == "" {
				t.Error("empty PRODID")
			}
			tzs := cal.children("VTIMEZONE")
			if len(tzs) != 1 {
				t.Fatalf("%d VTIMEZONEs, want 1", len(tzs))
			}
			tzid := one(t, tzs[0], "TZID").value
			if tzid != ta.a.TimeZone {
				t.Errorf("VTIMEZONE %s, want the agreement's %s", tzid, ta.a.TimeZone)
			}
			obs := append(tzs[0].children("STANDARD"), tzs[0].children("DAYLIGHT")...)
			if len(obs) == 0 || len(obs) != len(tzs[0].subs) {
				t.Errorf("VTIMEZONE has %d STANDARD/DAYLIGHT of %d components", len(obs), len(tzs[0].subs))
			}
			for _, o := range obs {
				if v := one(t, o, "DTSTART").value; !localTime.MatchString(v) {
					t.Errorf("%s DTSTART %q is not a local date-time", o.name, v)
				}
				for _, p := range []string{"TZOFFSETFROM", "TZOFFSETTO"} {
					if v := one(t, o, p).value; !offsetRE.MatchString(v) {
						t.Errorf("%s %s %q", o.name, p, v)
					}
				}
			}

			events := cal.children("VEVENT")
			if len(events) != len(ms) {
				t.Fatalf("%d VEVENTs for %d meetings", len(events), len(ms))
			}
			if len(events) == 0 {
				t.Fatal("no events: the test needs a model with regular meetings")
			}
			uids := map[string]bool{}
			for i, ev := range events {
				m := ms[i]
				uid := one(t, ev, "UID").value
				if uid == "" || uids[uid] {
					t.Errorf("UID %q is empty or not unique", uid)
				}
				uids[uid] = true
				if v := one(t, ev, "DTSTAMP").value; v != "20261120T083000Z" || !utcStamp.MatchString(v) {
					t.Errorf("%s: DTSTAMP %q, want the UTC time it was written", uid, v)
				}
				start, end := one(t, ev, "DTSTART"), one(t, ev, "DTEND")
				for _, p := range []contentLine{start, end} {
					if p.params["TZID"] != tzid {
						t.Errorf("%s: %s has TZID %q, want %q (a VTIMEZONE of the file)", uid, p.name, p.params["TZID"], tzid)
					}
					if !localTime.MatchString(p.value) {
						t.Errorf("%s: %s %q is not a local date-time", uid, p.name, p.value)
					}
				}
				if start.value != ical.Local(m.Start) || end.value != ical.Local(m.End) {
					t.Errorf("%s: %s–%s, want %s–%s", uid, start.value, end.value, ical.Local(m.Start), ical.Local(m.End))
				}
				if !(end.value > start.value) {
					t.Errorf("%s: DTEND %s not after DTSTART %s", uid, end.value, start.value)
				}
				summary := one(t, ev, "SUMMARY").value
				if unescapeText(summary) != m.ForumName {
					t.Errorf("%s: SUMMARY %q does not unescape to %q", uid, summary, m.ForumName)
				}
				if !strings.Contains(one(t, ev, "DESCRIPTION").value, m.MaterialsDue.String()) {
					t.Errorf("%s: DESCRIPTION lacks the materials deadline %s", uid, m.MaterialsDue)
				}
				if m.MovedFrom != nil && !strings.Contains(one(t, ev, "DESCRIPTION").value, "Moved from "+m.MovedFrom.String()) {
					t.Errorf("%s: DESCRIPTION does not say it moved from %s", uid, m.MovedFrom)
				}
			}
		})
	}
}

// TestICSStableUIDs: the same plan written twice (at different times) has
// the same UIDs, so a re-import updates events instead of duplicating them.
func TestICSStableUIDs(t *testing.T) {
	for _, ta := range testAgreements(t) {
		ms, err := Year(ta.a, 2027)
		if err != nil {
			t.Fatal(err)
		}
		var a, b bytes.Buffer
		WriteICS(&a, ta.a, 2027, ms, icsStamp)
		WriteICS(&b, ta.a, 2027, ms, icsStamp.Add(48*time.Hour))
		re := regexp.MustCompile(`(?m)^DTSTAMP:.*\r\n`)
		if re.ReplaceAllString(a.String(), "") != re.ReplaceAllString(b.String(), "") {
			t.Errorf("%s: output depends on more than DTSTAMP", ta.name)
		}
	}
}

// unescapeText undoes RFC 5545 TEXT escaping.
func unescapeText(s string) string {
	r := strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n", `\N`, "\n")
	return r.Replace(s)
}
