package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/plan"
)

// The annual plan (vuosikello, årshjul): the year's regular meetings as
// twelve month tables, then as one list with their deadlines, which reads
// better with a screen reader and prints better. Only forums the user may
// see appear.

// The years the plan shows: beyond them a year is a typo, not a plan.
const (
	planMinYear = 2000
	planMaxYear = 2100
)

type planPage struct {
	Year, Prev, Next int
	Weekdays         []planWeekday
	Months           []planMonth
	Meetings         []planMeeting
	HasProposals     bool
	// Outside names the agreement's period when the year lies outside it
	// (and so has no meetings); "" otherwise.
	Outside string
	// HolidayLang is the lang attribute of holiday names, "" for none.
	HolidayLang string
}

type planWeekday struct{ Short, Full string }

type planMonth struct {
	Caption  string
	Weeks    []planWeek
	Holidays []planHoliday
}

type planWeek struct {
	Number int
	Days   [7]*planDay // Monday first; nil outside the month
}

type planDay struct {
	Day      int
	Working  bool
	Holiday  string
	Meetings []planDayMeeting
}

type planHoliday struct {
	Date calendar.Date
	Name string
}

type planDayMeeting struct{ Slug, Name, Time string }

type planMeeting struct {
	Date, MaterialsDue, MinutesDue calendar.Date
	ProposalsDue, MovedFrom        *calendar.Date
	Time, Slug, Name               string
}

func (s *Server) annualPlan(w http.ResponseWriter, r *Req) {
	a := r.Agreement
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	year, status := s.cfg.Now().In(loc).Year(), http.StatusOK
	var errs []FieldError
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < planMinYear || y > planMaxYear {
			// Show the current year anyway, with the reason, so the page
			// is still of use; the status tells a client it asked wrong.
			status = http.StatusBadRequest
			shown := v
			if utf8.RuneCountInString(shown) > 20 {
				shown = string([]rune(shown)[:20]) + "…"
			}
			errs = append(errs, FieldError{Msg: s.cat.T(r.Lang, "planview.badyear", "Value", shown, "Year", strconv.Itoa(year))})
		} else {
			year = y
		}
	}
	pg, err := s.planOf(r, year)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	title := s.cat.T(r.Lang, "planview.title", "Year", strconv.Itoa(year))
	p := s.page(r, title, pg)
	p.Section, p.Errors = "plan", errs
	p.Crumbs = []Crumb{{Label: a.Name, Href: "/a/" + a.Slug}, {Label: title}}
	s.render(w, r, status, "plan", p)
}

// planOf computes the page for year.
func (s *Server) planOf(r *Req, year int) (*planPage, error) {
	a, l := r.Agreement, Loc{s.cat, r.Lang}
	cal, err := plan.Calendar(a)
	if err != nil {
		return nil, err
	}
	all, err := plan.Year(a, year)
	if err != nil {
		return nil, err
	}
	pg := &planPage{Year: year, HolidayLang: holidayLang(r.Lang, a.Country)}
	if !a.Period.ContainsYear(strconv.Itoa(year)) {
		pg.Outside = a.Period.String()
	}
	if year > planMinYear {
		pg.Prev = year - 1
	}
	if year < planMaxYear {
		pg.Next = year + 1
	}
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		pg.Weekdays = append(pg.Weekdays, planWeekday{
			Short: l.T("planview.wd." + strings.ToLower(d.String()[:3])), Full: l.Weekday(d)})
	}
	byDate := map[calendar.Date][]planDayMeeting{}
	for _, m := range all {
		f := a.Forum(m.Forum)
		if f == nil || !auth.CanSeeForum(r.Principal, a, f) {
			continue
		}
		t := m.Start.Format("15:04")
		byDate[m.Date] = append(byDate[m.Date], planDayMeeting{Slug: m.Forum, Name: m.ForumName, Time: t})
		pg.Meetings = append(pg.Meetings, planMeeting{Date: m.Date, MaterialsDue: m.MaterialsDue, MinutesDue: m.MinutesDue,
			ProposalsDue: m.ProposalsDue, MovedFrom: m.MovedFrom, Time: t, Slug: m.Forum, Name: m.ForumName})
		pg.HasProposals = pg.HasProposals || m.ProposalsDue != nil
	}
	for _, ms := range byDate {
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Time < ms[j].Time })
	}
	holidays := map[calendar.Date]string{}
	var names []planHoliday
	for _, h := range calendar.Holidays(cal.Country, year) {
		name := s.holidayName(r.Lang, h)
		if prev, ok := holidays[h.Date]; ok {
			name = prev + " / " + name
			names[len(names)-1].Name = name
		} else {
			names = append(names, planHoliday{Date: h.Date, Name: name})
		}
		holidays[h.Date] = name
	}
	for m := time.January; m <= time.December; m++ {
		pm := planMonth{Caption: capitalise(l.T("planview.monthcaption", "Month", l.Month(m), "Year", strconv.Itoa(year)))}
		var week *planWeek
		for d := calendar.NewDate(year, m, 1); d.M == m; d = d.AddDays(1) {
			col := (int(d.Weekday()) + 6) % 7 // Monday = 0
			if week == nil || col == 0 {
				_, n := d.Time(time.UTC).ISOWeek()
				pm.Weeks = append(pm.Weeks, planWeek{Number: n})
				week = &pm.Weeks[len(pm.Weeks)-1]
			}
			week.Days[col] = &planDay{Day: d.D, Working: cal.IsWorkingDay(d), Holiday: holidays[d], Meetings: byDate[d]}
		}
		for _, h := range names {
			if h.Date.M == m {
				pm.Holidays = append(pm.Holidays, h)
			}
		}
		pg.Months = append(pg.Months, pm)
	}
	return pg, nil
}

// holidayName is a holiday's name in the UI language where the calendar
// has it (English, or the country's own language), else in the country's
// language: a Finnish holiday in the Swedish UI keeps its Finnish name.
func (s *Server) holidayName(lang string, h calendar.Holiday) string {
	if lang == "en" {
		return h.Name
	}
	return h.LocalName
}

// holidayLang is the language of the holiday names shown in lang for
// an agreement in country, or "" when it is lang itself.
func holidayLang(lang, country string) string {
	local := map[string]string{"FI": "fi", "SE": "sv"}[country]
	if lang == "en" || local == lang {
		return ""
	}
	return local
}

// capitalise upper-cases the first letter (Finnish and Swedish month
// names are lower case, but start a caption).
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
