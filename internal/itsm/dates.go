package itsm

import (
	"fmt"
	"strings"
	"time"
)

// dateLayouts are the forms tools write times in, tried in order. Slashes
// and dots are read day first (29/2/2016, 29.2.2016): steerco's exports
// come from Finnish and Swedish installations and from the UCI event log,
// all day-first; a US month-first file needs a mapping file's
// date_format.
var dateLayouts = []string{
	"2/1/2006 15:04",
	"2/1/2006 15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2/Jan/06 3:04 PM", // Jira
	"2/Jan/2006 3:04 PM",
	"2.1.2006 15:04",
	"2.1.2006 15:04:05",
	"2006-01-02",
	"2/1/2006",
	"2.1.2006",
}

// dateReader parses times in the agreement's time zone (a value with its
// own offset keeps it). It remembers the layout that worked last, which
// is nearly always the next value's: a 100 000-row file then parses each
// time once.
type dateReader struct {
	loc    *time.Location
	layout string // a mapping file's fixed layout, or ""
	last   int
}

func (d *dateReader) parse(s string) (time.Time, error) {
	if d.layout != "" {
		t, err := time.ParseInLocation(d.layout, s, d.loc)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q is not a time in the form %s", s, d.layout)
		}
		return t.UTC(), nil
	}
	if t, err := time.ParseInLocation(dateLayouts[d.last], s, d.loc); err == nil {
		return t.UTC(), nil
	}
	// Jira writes AM/PM in capitals, some exports in lower case.
	s2 := strings.ToUpper(s[max(0, len(s)-2):])
	if s2 == "AM" || s2 == "PM" {
		s = s[:len(s)-2] + s2
	}
	for i, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, d.loc); err == nil {
			d.last = i
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date and time (use 29/2/2016 01:16, 2016-02-29 01:16 or 29/Feb/16 1:16 AM)", s)
}
