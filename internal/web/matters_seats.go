package web

import (
	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
)

// mtrSeats is the forum page's seat check: what each organisation is
// entitled to today, how many seats it holds, and the warnings where the
// memberships break the forum's seat rules.
type mtrSeats struct {
	L        Loc
	Date     string
	Rows     []mtrSeatRow
	Warnings []string
}

type mtrSeatRow struct {
	Party, Href, Entitled, Held string
	Over                        bool
}

// mtrSeatCheck computes the check for forum f; nil when the forum has no
// seat rules.
func (l *lens) mtrSeatCheck(f *gov.Forum) *mtrSeats {
	if len(f.Seats) == 0 {
		return nil
	}
	date := l.today.String()
	seating := decision.Seats(f, l.a, date)
	held := map[string]int{}
	for _, m := range l.a.Memberships {
		if p := l.a.Person(m.Person); p != nil && m.Forum == f.Slug && m.ActiveOn(date) && decision.HoldsSeat(m.Role) {
			held[p.Party]++
		}
	}
	out := &mtrSeats{L: Loc{l.cat, l.lang}, Date: l.date(l.today)}
	for _, e := range seating.Parties {
		p := l.a.Party(e.Party)
		if p == nil {
			continue
		}
		row := mtrSeatRow{Party: p.Name, Href: l.partyURL(p.Slug), Held: l.t("mattersui.seats.count", "Count", held[p.Slug])}
		switch {
		case e.Rule < 0:
			row.Entitled = l.t("mattersui.seats.none")
		case e.Shared && f.Seats[e.Rule].Rotation == "":
			row.Entitled = l.t("mattersui.seats.pool", "Count", e.Seats)
		case e.Shared:
			row.Entitled = l.t("mattersui.seats.rotation", "Count", e.Seats)
		default:
			row.Entitled = l.t("mattersui.seats.count", "Count", e.Seats)
		}
		out.Rows = append(out.Rows, row)
	}
	for _, w := range decision.CheckSeats(f, l.a, date) {
		name := w.Party
		if p := l.a.Party(w.Party); p != nil {
			name = p.Name
		}
		for i := range out.Rows {
			if out.Rows[i].Party == name {
				out.Rows[i].Over = true
			}
		}
		out.Warnings = append(out.Warnings, l.t("mattersui.seats.warn."+w.Kind, "Party", name, "Held", w.Held, "Allowed", w.Allowed,
			"Forum", f.Name))
	}
	return out
}
