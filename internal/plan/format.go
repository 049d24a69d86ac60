package plan

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/steerco/steerco/internal/csvsafe"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/ical"
)

// WriteText writes the plan as aligned columns for a terminal.
func WriteText(w io.Writer, ms []Meeting) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tTIME\tFORUM\tMATERIALS DUE\tMINUTES DUE\tNOTE")
	for _, m := range ms {
		var notes []string
		if m.MovedFrom != nil {
			notes = append(notes, "moved from "+m.MovedFrom.String())
		}
		if m.ProposalsDue != nil {
			notes = append(notes, "proposals due "+m.ProposalsDue.String())
		}
		fmt.Fprintf(tw, "%s %s\t%s–%s\t%s\t%s\t%s\t%s\n", m.Date, m.Date.Weekday().String()[:3],
			m.Start.Format("15:04"), m.End.Format("15:04"), m.Forum, m.MaterialsDue, m.MinutesDue, strings.Join(notes, "; "))
	}
	return tw.Flush()
}

// WriteCSV writes the plan as CSV with a header row.
func WriteCSV(w io.Writer, ms []Meeting) error {
	cw := csvsafe.NewWriter(w)
	cw.Write([]string{"date", "start", "end", "forum", "forum_name", "level", "materials_due", "proposals_due", "minutes_due", "moved_from"})
	for _, m := range ms {
		var prop, moved string
		if m.ProposalsDue != nil {
			prop = m.ProposalsDue.String()
		}
		if m.MovedFrom != nil {
			moved = m.MovedFrom.String()
		}
		cw.Write([]string{m.Date.String(), m.Start.Format(time.RFC3339), m.End.Format(time.RFC3339), m.Forum, m.ForumName,
			m.Level, m.MaterialsDue.String(), prop, m.MinutesDue.String(), moved})
	}
	cw.Flush()
	return cw.Error()
}

// WriteICS writes the plan as an iCalendar file with one event per
// meeting, in the agreement's time zone. UIDs are stable (forum, date and
// agreement), so importing a newer plan updates rather than duplicates.
func WriteICS(w io.Writer, a *gov.Agreement, year int, ms []Meeting, now time.Time) error {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return err
	}
	var c ical.Writer
	c.Line("BEGIN", "VCALENDAR")
	c.Line("VERSION", "2.0")
	c.Line("PRODID", "-//steerco//annual plan//EN")
	c.Line("CALSCALE", "GREGORIAN")
	c.Line("METHOD", "PUBLISH")
	c.Text("X-WR-CALNAME", fmt.Sprintf("%s %d", a.Name, year))
	c.Line("X-WR-TIMEZONE", loc.String())
	c.Timezone(loc, year, year+1)
	tz := "TZID=" + loc.String()
	for _, m := range ms {
		c.Line("BEGIN", "VEVENT")
		c.Line("UID", fmt.Sprintf("%s-%s@%s.steerco", m.Forum, strings.ReplaceAll(m.Date.String(), "-", ""), a.Slug))
		c.Line("DTSTAMP", ical.UTC(now))
		c.Line("DTSTART;"+tz, ical.Local(m.Start))
		c.Line("DTEND;"+tz, ical.Local(m.End))
		c.Text("SUMMARY", m.ForumName)
		desc := fmt.Sprintf("Agenda and materials due %s. Minutes due %s.", m.MaterialsDue, m.MinutesDue)
		if m.ProposalsDue != nil {
			desc = fmt.Sprintf("Agenda proposals due %s. %s", m.ProposalsDue, desc)
		}
		if m.MovedFrom != nil {
			desc += fmt.Sprintf(" Moved from %s, a non-working day.", m.MovedFrom)
		}
		c.Text("DESCRIPTION", desc)
		c.Text("CATEGORIES", m.Level)
		c.Line("END", "VEVENT")
	}
	c.Line("END", "VCALENDAR")
	_, err = io.WriteString(w, c.String())
	return err
}
