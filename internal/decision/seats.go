package decision

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/steerco/steerco/internal/gov"
)

// HoldsSeat reports whether a membership role is a seat: the chair, the
// vice chair and the members sit and vote; the secretary, deputies and
// invited experts take part without a seat.
func HoldsSeat(role gov.SeatRole) bool {
	return role == gov.RoleChair || role == gov.RoleViceChair || role == gov.RoleMember
}

// Entitlement is what one of a forum's parties is entitled to on a date.
type Entitlement struct {
	Party string
	// Rule is the index of the forum's seat rule the party falls under
	// (the first that matches), or -1: no rule entitles it to a seat.
	Rule int
	// Seats is how many seats the party may hold: the rule's Each, or its
	// share of a rotating pool this year. For a pool without rotation the
	// parties agree among themselves and Seats is the pool's total (what
	// one party could hold at most); the pool's limit is checked as well.
	Seats int
	// Shared is set when the seats come from a pool the rule's parties
	// share.
	Shared bool
}

// Pool is a number of seats shared by the parties one rule matches.
type Pool struct {
	Rule    int
	Total   int
	Parties []string
	// Rotation is the rule's rotation ("yearly") or "". With rotation,
	// Holders are the parties holding the pool's seats in the date's year,
	// one entry per seat.
	Rotation string
	Holders  []string
}

// Seating is a forum's seats by its seat rules on a date.
type Seating struct {
	Forum string
	Date  string
	// Parties are the forum's parties in the agreement's order.
	Parties []Entitlement
	Pools   []Pool
}

// Of returns a party's entitlement; a party outside the forum has Rule -1.
func (s Seating) Of(party string) Entitlement {
	for _, e := range s.Parties {
		if e.Party == party {
			return e
		}
	}
	return Entitlement{Party: party, Rule: -1}
}

// Seats computes each party's seats in forum f on date (YYYY-MM-DD) from
// the forum's seat rules and the parties' attributes on that date. A
// party takes the first rule that matches. A rotating pool with fewer
// seats than parties passes its seats on each year in the agreement's
// party order, counting from the agreement's first year, so that every
// party gets its turn; with more seats than parties they go round again.
// A forum without seat rules sets no limits: every party has Rule -1.
func Seats(f *gov.Forum, a *gov.Agreement, date string) Seating {
	s := Seating{Forum: f.Slug, Date: date}
	matched := make([][]string, len(f.Seats))
	for k := range a.Parties {
		p := &a.Parties[k]
		if len(f.Parties) > 0 && !slices.Contains(f.Parties, p.Slug) {
			continue
		}
		e := Entitlement{Party: p.Slug, Rule: -1}
		for i, r := range f.Seats {
			if Matches(r.Match, p, date) {
				e.Rule, e.Seats, e.Shared = i, r.Each, r.Total > 0
				matched[i] = append(matched[i], p.Slug)
				break
			}
		}
		s.Parties = append(s.Parties, e)
	}
	for i, r := range f.Seats {
		if r.Total <= 0 {
			continue
		}
		pool := Pool{Rule: i, Total: r.Total, Parties: matched[i], Rotation: r.Rotation}
		share := map[string]int{}
		if r.Rotation == "yearly" && len(pool.Parties) > 0 {
			n := len(pool.Parties)
			start := ((yearOf(date)-yearOf(a.Period.From))*r.Total%n + n) % n
			for k := 0; k < r.Total; k++ {
				p := pool.Parties[(start+k)%n]
				pool.Holders = append(pool.Holders, p)
				share[p]++
			}
		}
		for j := range s.Parties {
			if e := &s.Parties[j]; e.Rule == i {
				e.Seats = r.Total
				if pool.Rotation == "yearly" {
					e.Seats = share[e.Party]
				}
			}
		}
		s.Pools = append(s.Pools, pool)
	}
	return s
}

// yearOf is the year of a YYYY-MM-DD date, or 0.
func yearOf(date string) int {
	if len(date) < 4 {
		return 0
	}
	y, _ := strconv.Atoi(date[:4])
	return y
}

// SeatWarning says how the memberships break a forum's seat rules.
type SeatWarning struct {
	// Kind: "over" (a party holds more seats than it may), "pool-over"
	// (a shared pool's parties hold more than its total) or
	// "no-entitlement" (a party no rule entitles holds seats).
	Kind string
	// Party is the party concerned; "" for a pool.
	Party string
	// Rule is the seat rule's index, -1 for none.
	Rule int
	// Held is the number of seats held, Allowed the number the rule gives.
	Held, Allowed int
	// People are the person slugs holding the seats.
	People []string
	// Message says it in English; Kind, Party and the numbers let a UI say
	// it in the reader's language.
	Message string
}

// CheckSeats compares the memberships active on date with the seats the
// rules give, and warns about each party over its seats, each shared pool
// over its total, and each seated party no rule entitles. A forum without
// seat rules has no warnings.
func CheckSeats(f *gov.Forum, a *gov.Agreement, date string) []SeatWarning {
	if len(f.Seats) == 0 {
		return nil
	}
	s := Seats(f, a, date)
	held := map[string][]string{}
	var order []string
	for _, m := range a.Memberships {
		if m.Forum != f.Slug || !m.ActiveOn(date) || !HoldsSeat(m.Role) {
			continue
		}
		p := a.Person(m.Person)
		if p == nil {
			continue
		}
		if _, ok := held[p.Party]; !ok {
			order = append(order, p.Party)
		}
		held[p.Party] = append(held[p.Party], p.Slug)
	}
	var out []SeatWarning
	for _, party := range partyOrder(a, order) {
		e, people := s.Of(party), held[party]
		note := ""
		if e.Rule >= 0 {
			note = f.Seats[e.Rule].Note
		}
		switch {
		case e.Rule < 0:
			out = append(out, SeatWarning{Kind: "no-entitlement", Party: party, Rule: -1, Held: len(people), People: people,
				Message: fmt.Sprintf("%s holds %s in %s, but no seat rule entitles it to one", partyName(a, party), seats(len(people)), f.Name)})
		case len(people) > e.Seats && !(e.Shared && f.Seats[e.Rule].Rotation == ""):
			why := "the seat rule allows " + strconv.Itoa(e.Seats)
			if e.Shared {
				why = fmt.Sprintf("the yearly rotation gives it %d in %d", e.Seats, yearOf(date))
			}
			out = append(out, SeatWarning{Kind: "over", Party: party, Rule: e.Rule, Held: len(people), Allowed: e.Seats, People: people,
				Message: fmt.Sprintf("%s holds %s in %s; %s%s", partyName(a, party), seats(len(people)), f.Name, why, noteText(note))})
		}
	}
	for _, pool := range s.Pools {
		var people []string
		for _, p := range pool.Parties {
			people = append(people, held[p]...)
		}
		if len(people) > pool.Total {
			out = append(out, SeatWarning{Kind: "pool-over", Rule: pool.Rule, Held: len(people), Allowed: pool.Total, People: people,
				Message: fmt.Sprintf("the parties sharing %d seats in %s hold %d%s", pool.Total, f.Name, len(people), noteText(f.Seats[pool.Rule].Note))})
		}
	}
	return out
}

// partyOrder puts party slugs in the agreement's order, unknown ones last.
func partyOrder(a *gov.Agreement, slugs []string) []string {
	out := make([]string, 0, len(slugs))
	for _, p := range a.Parties {
		if slices.Contains(slugs, p.Slug) {
			out = append(out, p.Slug)
		}
	}
	for _, s := range slugs {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func partyName(a *gov.Agreement, slug string) string {
	if p := a.Party(slug); p != nil {
		return p.Name
	}
	return slug
}

func seats(n int) string {
	if n == 1 {
		return "1 seat"
	}
	return strconv.Itoa(n) + " seats"
}

func noteText(note string) string {
	if note == "" {
		return ""
	}
	return " (" + note + ")"
}
