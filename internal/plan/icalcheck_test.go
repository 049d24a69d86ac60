package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const icalCheckDir = "testdata/icalcheck"

// icalJSEvent is one event as the independent parser ical.js reads it
// (see testdata/icalcheck/icalcheck.mjs).
type icalJSEvent struct {
	UID         string `json:"uid"`
	Start       string `json:"start"`
	End         string `json:"end"`
	TZID        string `json:"tzid"`
	Summary     string `json:"summary"`
	Description string `json:"description"`
	DTStamp     string `json:"dtstamp"`
}

// TestICSCrossCheckICALJS parses the annual plan's iCalendar output of
// every template and the fixture, for two years, with the npm package
// ical.js and compares what it reads with plan.Year: the number of events,
// their UIDs, and their start and end instants in UTC. ical.js has no time
// zone database; it computes the instants from the file's own VTIMEZONE,
// so this checks the VTIMEZONE against Go's zone data on both sides of
// every daylight-saving change.
//
// It needs node and `npm ci --prefix internal/plan/testdata/icalcheck`.
// Without them it skips, unless STEERCO_CROSSCHECK=1 (as in CI), where a
// missing prerequisite is a failure so the check cannot silently vanish.
func TestICSCrossCheckICALJS(t *testing.T) {
	required := os.Getenv("STEERCO_CROSSCHECK") == "1"
	unavailable := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		if required {
			t.Fatalf("STEERCO_CROSSCHECK=1 but %s", msg)
		}
		t.Skipf("skipping the ical.js cross-check: %s (set STEERCO_CROSSCHECK=1 to require it)", msg)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable("node is not installed")
	}
	if _, err := os.Stat(filepath.Join(icalCheckDir, "node_modules", "ical.js", "package.json")); err != nil {
		unavailable("ical.js is not installed; run `npm ci --prefix internal/plan/testdata/icalcheck`")
	}

	for _, ta := range testAgreements(t) {
		for _, year := range []int{2027, 2028} {
			t.Run(fmt.Sprintf("%s/%d", ta.name, year), func(t *testing.T) {
				out, ms := writeICS(t, ta.a, year)
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, node, "icalcheck.mjs")
				cmd.Dir = icalCheckDir
				// A time zone far from the Nordic ones: a floating time
				// read in the process's own zone could not pass by luck.
				cmd.Env = append(os.Environ(), "TZ=America/Los_Angeles")
				cmd.Stdin = strings.NewReader(out)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				js, err := cmd.Output()
				if err != nil {
					t.Fatalf("node icalcheck.mjs: %v\n%s", err, stderr.String())
				}
				var got struct {
					Timezones []string      `json:"timezones"`
					Events    []icalJSEvent `json:"events"`
				}
				if err := json.Unmarshal(js, &got); err != nil {
					t.Fatalf("icalcheck output: %v\n%s", err, js)
				}
				if len(got.Timezones) != 1 || got.Timezones[0] != ta.a.TimeZone {
					t.Errorf("ical.js sees time zones %v, want [%s]", got.Timezones, ta.a.TimeZone)
				}
				if len(got.Events) != len(ms) {
					t.Fatalf("ical.js reads %d events, plan.Year has %d meetings", len(got.Events), len(ms))
				}
				wantStamp := icsStamp.Format("2006-01-02T15:04:05.000Z")
				seen := map[string]bool{}
				bad := 0
				for i, ev := range got.Events {
					m := ms[i]
					wantUID := fmt.Sprintf("%s-%s@%s.steerco", m.Forum, strings.ReplaceAll(m.Date.String(), "-", ""), ta.a.Slug)
					wantStart := m.Start.UTC().Format("2006-01-02T15:04:05.000Z")
					wantEnd := m.End.UTC().Format("2006-01-02T15:04:05.000Z")
					if seen[ev.UID] {
						t.Errorf("UID %s twice", ev.UID)
					}
					seen[ev.UID] = true
					if ev.UID != wantUID || ev.Start != wantStart || ev.End != wantEnd || ev.TZID != ta.a.TimeZone {
						bad++
						if bad <= 10 {
							t.Errorf("event %d: ical.js reads %s %s–%s (%s); want %s %s–%s (local %s)",
								i, ev.UID, ev.Start, ev.End, ev.TZID, wantUID, wantStart, wantEnd, m.Start.Format(time.RFC3339))
						}
					}
					if ev.Summary != m.ForumName {
						t.Errorf("%s: ical.js reads SUMMARY %q, want %q", ev.UID, ev.Summary, m.ForumName)
					}
					if !strings.Contains(ev.Description, "Agenda and materials due "+m.MaterialsDue.String()) {
						t.Errorf("%s: ical.js reads DESCRIPTION %q", ev.UID, ev.Description)
					}
					if ev.DTStamp != wantStamp {
						t.Errorf("%s: ical.js reads DTSTAMP %s, want %s", ev.UID, ev.DTStamp, wantStamp)
					}
				}
				if bad > 10 {
					t.Errorf("... %d events differ in all", bad)
				}
			})
		}
	}
}
