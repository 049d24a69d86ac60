package itsm

import (
	"os"
	"strings"
	"testing"
	"time"
)

// The fuzz targets below hold that no file makes an importer panic: every
// input ends in tickets, rejects with a line, or an error. `go test`
// runs their seeds (including the stray quotes that once panicked the
// readers); `.ci/run` fuzzes each briefly.

// snSeeds are ServiceNow exports, among them the cases found by probing.
func snSeeds(f *testing.F) {
	if b, err := os.ReadFile("testdata/uci-eventlog.csv"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		"number,opened_at,priority,incident_state\n\"INC3,Closed\n",
		"number,opened_at,priority,incident_state\nINC1,1/1/2026 10:00,1,Closed\n\"INC3,Closed",
		"number,opened_at,priority\n\"a\"b,1/1/2026 10:00,1\n",
		"number;opened_at;priority\nINC1;31/2/2016 10:00;1\n",
		"\xef\xbb\xbfnumber,opened_at\n\xff\xfe,\n",
		"number,opened_at,resolved_at,priority\nINC1,1/1/2026 10:00,1/1/2025 10:00,9\n",
		"",
		"\n\n",
	} {
		f.Add([]byte(s))
	}
}

func fuzzRead(f *testing.F, src Source) {
	m, err := NewMeasurer(testAgreement())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Read(data, m, src, nil)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error message")
			}
			return
		}
		for _, r := range p.Rejects {
			if r.Line <= 0 || r.Reason == "" {
				t.Fatalf("a reject without a line or reason: %+v", r)
			}
		}
	})
}

func FuzzReadServiceNow(f *testing.F) {
	snSeeds(f)
	fuzzRead(f, Source{Name: "servicenow"})
}

func FuzzReadJira(f *testing.F) {
	for _, s := range []string{
		"Summary,Issue key,Issue id,Issue Type,Status,Priority,Created,Updated,Resolved,Labels,Labels\n" +
			"Login broken,ITSM-1,10001,Incident,Resolved,Highest,23/Nov/26 10:15 AM,23/Nov/26 1:15 PM,23/Nov/26 1:15 PM,urgent,\n",
		"Summary,Issue key,Created\n\"x,ITSM-1,23/Nov/26 10:15 am\n",
		"Summary,Issue key,Created\nx,ITSM-1,a\n",
		"Issue key,Created,Resolved\nA-1,23/Nov/26 10:15 PM,1/Jan/00 1:00 AM\n",
	} {
		f.Add([]byte(s))
	}
	fuzzRead(f, Source{Name: "jira"})
}

// FuzzDates: the date reader answers a time or an error for any text,
// with and without a mapping file's layout.
func FuzzDates(f *testing.F) {
	for _, s := range []string{"23/Nov/26 10:15 am", "29/2/2016 10:00", "2026-01-02T03:04:05Z", "PM", "a", "", "31.12.2026", "1/Jan/2006 3:04 pm"} {
		f.Add(s)
	}
	loc, _ := time.LoadLocation("Europe/Helsinki")
	f.Fuzz(func(t *testing.T, s string) {
		d := &dateReader{loc: loc}
		if _, err := d.parse(s); err != nil && strings.TrimSpace(err.Error()) == "" {
			t.Fatal(err)
		}
		fixed := &dateReader{loc: loc, layout: "02.01.2006 15:04"}
		fixed.parse(s)
	})
}
