package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/i18n"
)

// Labels translates the pack's headings and formats its numbers in one
// language: the agreement's for the exports, the reader's on the page.
type Labels struct {
	Cat  *i18n.Catalog
	Lang string
	Loc  *time.Location
}

// T translates a reports message.
func (l Labels) T(id string, args ...any) string { return l.Cat.T(l.Lang, "reports."+id, args...) }

// Pct formats a percentage with one decimal ("97,5 %"), "–" for none.
func (l Labels) Pct(v *float64) string {
	if v == nil {
		return "–"
	}
	s := fmt.Sprintf("%.1f", math.Round(*v*10)/10)
	if l.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1) + "\u00a0%"
	} else {
		s += "%"
	}
	return s
}

// Minutes formats a duration in minutes as hours and minutes ("2 h 05 min").
func (l Labels) Minutes(m int) string {
	if m < 0 {
		return "–"
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

// MeanMinutes formats a mean duration, "–" for none.
func (l Labels) MeanMinutes(v *float64) string {
	if v == nil {
		return "–"
	}
	return l.Minutes(int(math.Round(*v)))
}

// Time formats a time in the agreement's zone.
func (l Labels) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(l.Loc)
	return i18n.Date(l.Lang, t) + " " + t.Format("15:04")
}

// Num formats a count with the language's grouping.
func (l Labels) Num(n int) string { return i18n.Number(l.Lang, n) }

// Money formats minor units as an amount in the currency.
func (l Labels) Money(minor int64, currency string) string {
	return i18n.Number(l.Lang, float64(minor)/100) + "\u00a0" + currency
}

// MonthName is "huhtikuu 2026" / "april 2026" / "April 2026".
func (l Labels) MonthName(month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	return l.Cat.Month(l.Lang, t.Month()) + " " + t.Format("2006")
}

// Status names a report state ("" = no report yet).
func (l Labels) Status(s string) string {
	if s == "" {
		s = "none"
	}
	return l.T("status." + s)
}

// Exclusion names an exclusion state.
func (l Labels) Exclusion(s string) string {
	if s == "" {
		return ""
	}
	return l.T("excl." + s)
}

// Prio is "P1".
func Prio(p int) string {
	if p == 0 {
		return "–"
	}
	return fmt.Sprintf("P%d", p)
}
