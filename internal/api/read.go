package api

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// Me is the caller.
type Me struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	// Party is the organisation, under the name it had before party ids
	// became local to their agreement (issue 14); kept for old clients.
	Party        string   `json:"party"`
	Organisation string   `json:"organisation"`
	Links        []MeLink `json:"links"`
	Role         string   `json:"role"`
	Admin        bool     `json:"admin"`
	Scopes       []string `json:"scopes"`
}

// MeLink is the caller's party in one agreement.
type MeLink struct {
	Agreement string `json:"agreement"`
	Party     string `json:"party"`
}

func (a *API) me(w http.ResponseWriter, r *Req) {
	links := []MeLink{}
	for _, ag := range slices.Sorted(maps.Keys(r.Principal.Links)) {
		links = append(links, MeLink{ag, r.Principal.Links[ag]})
	}
	writeJSON(w, http.StatusOK, Me{ID: r.User.ID, Email: r.User.Email, Name: r.User.Name, Party: r.User.Party,
		Organisation: r.User.Party, Links: links, Role: r.User.Role, Admin: r.User.IsAdmin, Scopes: r.Token.Scopes})
}

// AgreementSummary is an agreement in a list.
type AgreementSummary struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Country  string `json:"country"`
	Language string `json:"language"`
	Role     string `json:"role"`
}

func (a *API) listAgreements(w http.ResponseWriter, r *Req) {
	var sums []store.AgreementSummary
	var err error
	if r.Principal.Admin {
		sums, err = a.store.Agreements(r.Context())
	} else {
		sums, err = a.store.AgreementsForOrganisation(r.Context(), r.Principal.Organisation)
	}
	if err != nil {
		a.internal(w, r, err)
		return
	}
	items := []AgreementSummary{}
	for _, s := range sums {
		ag, err := a.store.Agreement(r.Context(), s.Slug)
		if err != nil {
			a.internal(w, r, err)
			return
		}
		if role := auth.RoleIn(r.Principal, ag); role != "" {
			items = append(items, AgreementSummary{ID: s.Slug, Name: s.Name, Country: s.Country, Language: s.Language, Role: string(role)})
		}
	}
	writeList(w, r, items)
}

// Agreement is one agreement with what the caller may see of it.
type Agreement struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Country     string      `json:"country"`
	TimeZone    string      `json:"timezone"`
	Language    string      `json:"language"`
	Currency    string      `json:"currency"`
	Period      gov.Period  `json:"period"`
	EvesWorking bool        `json:"eves_working"`
	Role        string      `json:"role"`
	Levels      []gov.Level `json:"levels"`
	Parties     []PartyRef  `json:"parties"`
	Forums      []ForumRef  `json:"forums"`
}

// PartyRef names a party.
type PartyRef struct {
	ID   string        `json:"id"`
	Name string        `json:"name"`
	Kind gov.PartyKind `json:"kind"`
}

// ForumRef names a forum.
type ForumRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Level string `json:"level"`
	Area  string `json:"area,omitempty"`
}

func (a *API) getAgreement(w http.ResponseWriter, r *Req) {
	ag := r.Agreement
	out := Agreement{ID: ag.Slug, Name: ag.Name, Description: ag.Description, Country: ag.Country, TimeZone: ag.TimeZone,
		Language: ag.Language, Currency: ag.Currency, Period: ag.Period, EvesWorking: ag.EvesWorking, Role: string(r.Role),
		Levels: ag.Levels, Parties: []PartyRef{}, Forums: []ForumRef{}}
	for _, p := range ag.Parties {
		out.Parties = append(out.Parties, PartyRef{p.Slug, p.Name, p.Kind})
	}
	for _, f := range a.visibleForums(r) {
		out.Forums = append(out.Forums, ForumRef{f.Slug, f.Name, f.Level, f.Area})
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) getModel(w http.ResponseWriter, r *Req) {
	writeJSON(w, http.StatusOK, r.Agreement)
}

func (a *API) listParties(w http.ResponseWriter, r *Req) {
	writeList(w, r, nonNil(r.Agreement.Parties))
}

func (a *API) getParty(w http.ResponseWriter, r *Req) {
	p := r.Agreement.Party(r.PathValue("party"))
	if p == nil {
		writeError(w, errNotFound("no party "+r.PathValue("party")))
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (a *API) listPeople(w http.ResponseWriter, r *Req) {
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	party := r.URL.Query().Get("party")
	items := []gov.Person{}
	for _, p := range auth.VisiblePeople(r.Principal, r.Agreement) {
		if party != "" && p.Party != party {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(p.Name+" "+p.Email+" "+p.Phone+" "+strings.Join(p.Titles, " ")), q) {
			continue
		}
		items = append(items, *p)
	}
	writeList(w, r, items)
}

func (a *API) getPerson(w http.ResponseWriter, r *Req) {
	p := r.Agreement.Person(r.PathValue("person"))
	if p == nil || !auth.CanSeePerson(r.Principal, r.Agreement, p) {
		writeError(w, errNotFound("no person "+r.PathValue("person")))
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (a *API) visibleForums(r *Req) []gov.Forum {
	out := []gov.Forum{}
	for i := range r.Agreement.Forums {
		if auth.CanSeeForum(r.Principal, r.Agreement, &r.Agreement.Forums[i]) {
			out = append(out, r.Agreement.Forums[i])
		}
	}
	return out
}

func (a *API) listForums(w http.ResponseWriter, r *Req) {
	items := a.visibleForums(r)
	if lvl := r.URL.Query().Get("level"); lvl != "" {
		var kept []gov.Forum
		for _, f := range items {
			if f.Level == lvl {
				kept = append(kept, f)
			}
		}
		items = nonNil(kept)
	}
	writeList(w, r, items)
}

func (a *API) getForum(w http.ResponseWriter, r *Req) {
	f := r.Agreement.Forum(r.PathValue("forum"))
	if f == nil || !auth.CanSeeForum(r.Principal, r.Agreement, f) {
		writeError(w, errNotFound("no forum "+r.PathValue("forum")))
		return
	}
	writeJSON(w, http.StatusOK, f)
}

func (a *API) listMemberships(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	on := q.Get("active_on")
	if on != "" {
		if _, err := time.Parse(time.DateOnly, on); err != nil {
			writeError(w, errBadRequest("active_on must be a date, YYYY-MM-DD"))
			return
		}
	}
	items := []gov.Membership{}
	for _, m := range r.Agreement.Memberships {
		f, p := r.Agreement.Forum(m.Forum), r.Agreement.Person(m.Person)
		if f == nil || p == nil || !auth.CanSeeForum(r.Principal, r.Agreement, f) || !auth.CanSeePerson(r.Principal, r.Agreement, p) {
			continue
		}
		if (q.Get("forum") != "" && m.Forum != q.Get("forum")) || (q.Get("person") != "" && m.Person != q.Get("person")) || (on != "" && !m.ActiveOn(on)) {
			continue
		}
		items = append(items, m)
	}
	writeList(w, r, items)
}

// PlannedMeeting is a meeting of the annual plan.
type PlannedMeeting struct {
	Forum        string `json:"forum"`
	ForumName    string `json:"forum_name"`
	Level        string `json:"level"`
	Date         string `json:"date"`
	Start        string `json:"start"`
	End          string `json:"end"`
	MaterialsDue string `json:"materials_due"`
	ProposalsDue string `json:"proposals_due,omitempty"`
	MinutesDue   string `json:"minutes_due"`
	MovedFrom    string `json:"moved_from,omitempty"`
}

func (a *API) getPlan(w http.ResponseWriter, r *Req) {
	year := a.now().Year()
	if s := r.URL.Query().Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			writeError(w, errBadRequest("year must be a year from 2000 to 2100"))
			return
		}
		year = y
	}
	ms, err := plan.Year(r.Agreement, year)
	if err != nil {
		a.internal(w, r, err)
		return
	}
	items := []PlannedMeeting{}
	for _, m := range ms {
		if !auth.CanSeeForum(r.Principal, r.Agreement, r.Agreement.Forum(m.Forum)) {
			continue
		}
		pm := PlannedMeeting{Forum: m.Forum, ForumName: m.ForumName, Level: m.Level, Date: m.Date.String(),
			Start: m.Start.Format(time.RFC3339), End: m.End.Format(time.RFC3339), MaterialsDue: m.MaterialsDue.String(), MinutesDue: m.MinutesDue.String()}
		if m.ProposalsDue != nil {
			pm.ProposalsDue = m.ProposalsDue.String()
		}
		if m.MovedFrom != nil {
			pm.MovedFrom = m.MovedFrom.String()
		}
		items = append(items, pm)
	}
	writeList(w, r, items)
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
