package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// lens is one agreement as one signed-in user sees it: which forums and
// people are visible to them, who is responsible for what, and the
// annual plan counted from today in the agreement's own time zone. The
// reading pages (dashboard, agreements, directory, forums) share it so
// that they apply the same object-level rules.
type lens struct {
	a     *gov.Agreement
	p     auth.Principal
	lang  string
	cat   *i18n.Catalog
	cal   calendar.Calendar
	now   time.Time // in the agreement's time zone
	today calendar.Date
	plans *planCache
}

func (s *Server) lensFor(r *Req, a *gov.Agreement) (*lens, error) {
	cal, err := plan.Calendar(a)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("agreement %s: time zone: %w", a.Slug, err)
	}
	now := s.cfg.Now().In(loc)
	// The principal as a's rules see it: on pages across agreements (the
	// dashboard) r.Principal is not resolved in any one of them.
	p, _ := auth.In(r.Principal, a)
	return &lens{a: a, p: p, lang: r.Lang, cat: s.cat, cal: cal, now: now,
		today: calendar.DateOf(now), plans: &s.plans}, nil
}

func (l *lens) t(id string, args ...any) string { return l.cat.T(l.lang, id, args...) }

// tOr translates id, or returns fallback when there is no such message
// (an attribute key the messages do not know, say).
func (l *lens) tOr(id, fallback string) string {
	if v := l.t(id); v != id {
		return v
	}
	return fallback
}

func (l *lens) date(d calendar.Date) string { return i18n.Date(l.lang, d.Time(time.UTC)) }

func (l *lens) seesForum(f *gov.Forum) bool    { return auth.CanSeeForum(l.p, l.a, f) }
func (l *lens) seesPerson(p *gov.Person) bool  { return auth.CanSeePerson(l.p, l.a, p) }
func (l *lens) kind(k gov.PartyKind) string    { return l.t("pages.kind." + string(k)) }
func (l *lens) seatRole(r gov.SeatRole) string { return l.t("pages.seat." + string(r)) }
func (l *lens) forumURL(f string) string       { return "/a/" + l.a.Slug + "/forums/" + f }
func (l *lens) partyURL(p string) string       { return "/a/" + l.a.Slug + "/parties/" + p }

// mine reports whether the user's organisation is one of ps.
func (l *lens) mine(ps []*gov.Party) bool {
	return l.p.Party != "" && slices.ContainsFunc(ps, func(p *gov.Party) bool { return p.Slug == l.p.Party })
}

// activeOn reports whether a seat is held today.
func (l *lens) activeOn(m gov.Membership) bool { return m.ActiveOn(l.today.String()) }

func (l *lens) sortParties(ps []*gov.Party) {
	i18n.Sort(l.lang, ps, func(p *gov.Party) string { return p.Name })
}

func (l *lens) sortNames(ns []string) { i18n.Sort(l.lang, ns, func(s string) string { return s }) }

// visibleForum is the forum slug names if the user may see it, else nil:
// the one lookup for a forum named in a URL or a membership.
func (l *lens) visibleForum(slug string) *gov.Forum {
	if f := l.a.Forum(slug); f != nil && l.seesForum(f) {
		return f
	}
	return nil
}

// forumParties are the parties taking part in f: those it lists, or
// every party of the agreement.
func (l *lens) forumParties(f *gov.Forum) []*gov.Party {
	var ps []*gov.Party
	for i := range l.a.Parties {
		if len(f.Parties) == 0 || slices.Contains(f.Parties, l.a.Parties[i].Slug) {
			ps = append(ps, &l.a.Parties[i])
		}
	}
	return ps
}

// responsible resolves a responsibility (a party slug, or a party kind
// meaning the forum's parties of that kind) to parties.
func (l *lens) responsible(f *gov.Forum, ref string) []*gov.Party {
	if ref == "" {
		return nil
	}
	if p := l.a.Party(ref); p != nil {
		return []*gov.Party{p}
	}
	var ps []*gov.Party
	for _, p := range l.forumParties(f) {
		if string(p.Kind) == ref {
			ps = append(ps, p)
		}
	}
	return ps
}

// who names the parties a responsibility falls on; when it is one of
// several parties of a kind, it says so and lists them.
func (l *lens) who(f *gov.Forum, ref string) string {
	ps := l.responsible(f, ref)
	switch len(ps) {
	case 0:
		return ""
	case 1:
		return ps[0].Name
	}
	l.sortParties(ps)
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return l.t("pages.who.anyof", "Kinds", l.t("pages.kinds."+string(ps[0].Kind)), "Names", strings.Join(names, ", "))
}

// whoShort is who for a table cell: the kind and how many parties share
// it instead of the whole list.
func (l *lens) whoShort(f *gov.Forum, ref string) string {
	if ps := l.responsible(f, ref); len(ps) > 1 {
		return l.t("pages.who.oneof", "Kinds", l.t("pages.kinds."+string(ps[0].Kind)), "Count", len(ps))
	}
	return l.who(f, ref)
}

// me is the directory entry of the signed-in user: the person whose
// e-mail is theirs.
func (l *lens) me() *gov.Person {
	for i := range l.a.People {
		if p := &l.a.People[i]; p.Email != "" && strings.EqualFold(strings.TrimSpace(p.Email), l.p.Email) {
			return p
		}
	}
	return nil
}

// year is the annual plan of one year. plan.Year fails only on a bad
// calendar or time zone, which lensFor has already checked.
func (l *lens) year(y int) []plan.Meeting {
	return l.plans.year(l.a, y)
}

// planned lists the planned meetings from from-year to to-year that keep.
func (l *lens) planned(fromYear, toYear int, keep func(plan.Meeting) bool) []plan.Meeting {
	var out []plan.Meeting
	for y := fromYear; y <= toYear; y++ {
		for _, m := range l.year(y) {
			if keep(m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// upcoming lists the next n planned meetings (this year and next) that
// have not ended and that keep.
//
// It stops at the n-th (the plans are in date order): the dashboard asks
// for a few meetings of each agreement, and copying two years of every
// agreement's plan was the largest allocation of its requests.
func (l *lens) upcoming(n int, keep func(plan.Meeting) bool) []plan.Meeting {
	out := make([]plan.Meeting, 0, n)
	for y := l.today.Y; y <= l.today.Y+1; y++ {
		for _, m := range l.year(y) {
			if len(out) == n {
				return out
			}
			if m.End.After(l.now) && keep(m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// visibleAgreements loads every agreement the user has a role in.
func (s *Server) visibleAgreements(r *Req) ([]*gov.Agreement, error) {
	var list []store.AgreementSummary
	var err error
	if r.Principal.Admin {
		list, err = s.store.Agreements(r.Context())
	} else {
		list, err = s.store.AgreementsForOrganisation(r.Context(), r.Principal.Organisation)
	}
	if err != nil {
		return nil, err
	}
	var out []*gov.Agreement
	for _, sum := range list {
		a, err := s.store.SharedAgreementAt(r.Context(), sum.Slug, sum.Revision)
		if err != nil {
			return nil, err
		}
		if auth.RoleIn(r.Principal, a) != "" {
			out = append(out, a)
		}
	}
	i18n.Sort(r.Lang, out, func(a *gov.Agreement) string { return a.Name })
	return out, nil
}

// agreementRow is a line of the agreement list.
type agreementRow struct {
	Slug, Name, Country, Language, Period, Role string
	Parties, Forums                             int
}

func (s *Server) agreements(w http.ResponseWriter, r *Req) {
	as, err := s.visibleAgreements(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var rows []agreementRow
	for _, a := range as {
		l, err := s.lensFor(r, a)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		forums := 0
		for i := range a.Forums {
			if l.seesForum(&a.Forums[i]) {
				forums++
			}
		}
		rows = append(rows, agreementRow{Slug: a.Slug, Name: a.Name, Country: l.t("pages.country." + l.country()),
			Language: l.t("pages.language." + a.Language), Period: l.period(), Role: l.t("role." + string(auth.RoleIn(r.Principal, a))),
			Parties: len(a.Parties), Forums: forums})
	}
	p := s.page(r, s.cat.T(r.Lang, "pages.agreements.title"), rows)
	p.Section = "agreements"
	s.render(w, r, http.StatusOK, "agreements", p)
}

// country is the calendar's country code (FI, SE), as the messages name it.
func (l *lens) country() string { return string(l.cal.Country) }

func (l *lens) period() string {
	if l.a.Period.To == "" {
		return l.t("pages.period.open", "From", i18n.Date(l.lang, modelDay(l.a.Period.From)))
	}
	return i18n.Date(l.lang, modelDay(l.a.Period.From)) + " – " + i18n.Date(l.lang, modelDay(l.a.Period.To))
}

// modelDay parses a model date; the model parser has already checked it.
func modelDay(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// kindGroup is the parties of one kind.
type kindGroup struct {
	Label   string
	Parties []*gov.Party
}

type agreementData struct {
	Country, Calendar, Eves, Language, Period string
	Groups                                    []kindGroup
	Forums, People                            int
	CanDirectory                              bool
}

func (s *Server) agreement(w http.ResponseWriter, r *Req) {
	a := r.Agreement
	l, err := s.lensFor(r, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := agreementData{Country: l.t("pages.country." + l.country()), Calendar: l.t("pages.calendar." + l.country()),
		Language: l.t("pages.language." + a.Language), Period: l.period(), CanDirectory: auth.Allowed(r.Role, auth.ViewDirectory)}
	d.Eves = l.t("pages.eves.off." + l.country())
	if a.EvesWorking {
		d.Eves = l.t("pages.eves.on." + l.country())
	}
	for _, k := range gov.PartyKinds {
		g := kindGroup{Label: l.t("pages.kinds." + string(k))}
		for i := range a.Parties {
			if a.Parties[i].Kind == k {
				g.Parties = append(g.Parties, &a.Parties[i])
			}
		}
		if len(g.Parties) > 0 {
			l.sortParties(g.Parties)
			d.Groups = append(d.Groups, g)
		}
	}
	for i := range a.Forums {
		if l.seesForum(&a.Forums[i]) {
			d.Forums++
		}
	}
	for i := range a.People {
		if l.seesPerson(&a.People[i]) {
			d.People++
		}
	}
	p := s.page(r, a.Name, d)
	p.Section = "agreement"
	p.Crumbs = []Crumb{{Label: s.cat.T(r.Lang, "pages.agreements.title"), Href: "/agreements"}, {Label: a.Name}}
	s.render(w, r, http.StatusOK, "agreement", p)
}

// partyAttr is a dated attribute of a party, formatted.
type partyAttr struct {
	Label, Value, From string
	// Current marks the value that holds today.
	Current bool
}

type partyData struct {
	Party  *gov.Party
	Kind   string
	Attrs  []partyAttr
	People []dirPerson
	Forums []pagesLink
	// CanDirectory: the viewer may see people at all.
	CanDirectory bool
}

// pagesLink is a link in a list: a forum with its level, a party with its kind.
type pagesLink struct{ Href, Name, Level string }

func (s *Server) party(w http.ResponseWriter, r *Req) {
	a := r.Agreement
	pt := a.Party(r.PathValue("party"))
	if pt == nil {
		s.notFound(w, r)
		return
	}
	l, err := s.lensFor(r, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := partyData{Party: pt, Kind: l.kind(pt.Kind), CanDirectory: auth.Allowed(r.Role, auth.ViewDirectory)}
	attrs := slices.Clone(pt.Attributes)
	gov.SortAttributes(attrs)
	// The row in force today is the latest one of its key that has begun.
	latest := map[string]string{}
	for _, at := range attrs {
		if at.From <= l.today.String() && at.From >= latest[at.Key] {
			latest[at.Key] = at.From
		}
	}
	for _, at := range attrs {
		d.Attrs = append(d.Attrs, partyAttr{Label: l.tOr("pages.attr."+at.Key, at.Key), Value: l.attrValue(at.Value),
			From: i18n.Date(l.lang, modelDay(at.From)), Current: at.From == latest[at.Key]})
	}
	for i := range a.People {
		if p := &a.People[i]; p.Party == pt.Slug && l.seesPerson(p) {
			d.People = append(d.People, l.dirPerson(p))
		}
	}
	i18n.Sort(l.lang, d.People, func(p dirPerson) string { return p.Name })
	for i := range a.Forums {
		f := &a.Forums[i]
		if (len(f.Parties) == 0 || slices.Contains(f.Parties, pt.Slug)) && l.seesForum(f) {
			d.Forums = append(d.Forums, l.pagesLink(f))
		}
	}
	p := s.page(r, pt.Name, d)
	p.Section = "agreement"
	p.Crumbs = []Crumb{{Label: a.Name, Href: "/a/" + a.Slug}, {Label: pt.Name}}
	s.render(w, r, http.StatusOK, "party", p)
}

func (l *lens) pagesLink(f *gov.Forum) pagesLink {
	name := ""
	if i := l.a.LevelRank(f.Level); i >= 0 {
		name = l.a.Levels[i].Name
	}
	return pagesLink{Href: l.forumURL(f.Slug), Name: f.Name, Level: name}
}

// attrValue shows yes/no for booleans and numbers the language's way.
func (l *lens) attrValue(v string) string {
	switch v {
	case "true":
		return l.t("pages.yes")
	case "false":
		return l.t("pages.no")
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return i18n.Number(l.lang, n)
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return i18n.Number(l.lang, f)
	}
	return v
}
