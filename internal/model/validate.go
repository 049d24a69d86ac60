package model

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // time zones must resolve on machines without zoneinfo

	"github.com/steerco/steerco/internal/gov"
)

var (
	slugRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	clockRE = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	moneyRE = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Validate checks the meaning of a decoded model that did not come from a
// file (the web UI or the API build one); positions are then unknown.
func Validate(a *gov.Agreement) error {
	c := &collector{file: a.Slug, where: map[string]pos{}}
	validate(a, c)
	if len(c.errs) > 0 {
		return c.errs
	}
	return nil
}

// validator carries the model while its rules are checked.
type validator struct {
	*collector
	a *gov.Agreement
}

func validate(a *gov.Agreement, c *collector) {
	v := validator{c, a}
	v.agreement()
	v.levels()
	v.parties()
	v.people()
	forumIDs := make([]string, len(a.Forums))
	for i, f := range a.Forums {
		forumIDs[i] = f.Slug
	}
	v.unique("forums", forumIDs)
	pathIDs := make([]string, len(a.EscalationPaths))
	for i, p := range a.EscalationPaths {
		pathIDs[i] = p.Slug
	}
	v.unique("escalation_paths", pathIDs)
	for i := range a.Forums {
		v.forum(i)
	}
	v.escalation()
	v.memberships()
	v.relationships()
	v.agreementRules()
	v.duties() // issue 16
	v.serviceLevels()
	v.records()
}

func (v validator) slug(path, s string) {
	if !slugRE.MatchString(s) {
		v.add(path, "%q is not a valid id; use lower-case letters, digits and hyphens (at most 64), starting with a letter or digit", s)
	}
}

func (v validator) date(path, s string) bool {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		v.add(path, "%q is not a date; write YYYY-MM-DD", s)
		return false
	}
	return true
}

// unique reports ids used twice in one list.
func (v validator) unique(list string, ids []string) {
	seen := map[string]int{}
	for i, id := range ids {
		path := fmt.Sprintf("%s[%d].id", list, i)
		v.slug(path, id)
		if j, dup := seen[id]; dup {
			v.add(path, "duplicate id %q (also %s[%d])", id, list, j)
		}
		seen[id] = i
	}
}

func (v validator) agreement() {
	a := v.a
	if a.Version != gov.FormatVersion {
		v.add("version", "version %d is not supported; this steerco reads version %d", a.Version, gov.FormatVersion)
	}
	v.slug("id", a.Slug)
	if strings.TrimSpace(a.Name) == "" {
		v.add("name", "the agreement needs a name")
	}
	if a.Country != "FI" && a.Country != "SE" {
		v.add("country", "%q is not supported; use FI or SE", a.Country)
	}
	if _, err := time.LoadLocation(a.TimeZone); err != nil || a.TimeZone == "" || a.TimeZone == "Local" {
		v.add("timezone", "%q is not a time zone; use an IANA name such as Europe/Helsinki or Europe/Stockholm", a.TimeZone)
	}
	if !contains([]string{"fi", "sv", "en"}, a.Language) {
		v.add("language", "%q is not supported; use fi, sv or en", a.Language)
	}
	if !moneyRE.MatchString(a.Currency) {
		v.add("currency", "%q is not a currency code; use three capitals such as EUR or SEK", a.Currency)
	}
	okFrom := v.date("period.from", a.Period.From)
	if a.Period.To != "" && v.date("period.to", a.Period.To) && okFrom && a.Period.To < a.Period.From {
		v.add("period.to", "the period ends (%s) before it starts (%s)", a.Period.To, a.Period.From)
	}
}

func (v validator) levels() {
	if len(v.a.Levels) == 0 {
		v.add("levels", "at least one level is needed")
	}
	ids := make([]string, len(v.a.Levels))
	for i, l := range v.a.Levels {
		ids[i] = l.Slug
	}
	v.unique("levels", ids)
}

func (v validator) parties() {
	if len(v.a.Parties) == 0 {
		v.add("parties", "at least one party is needed")
	}
	ids := make([]string, len(v.a.Parties))
	for i, p := range v.a.Parties {
		ids[i] = p.Slug
		seen := map[string]bool{}
		for j, at := range p.Attributes {
			path := fmt.Sprintf("parties[%d].attributes[%d]", i, j)
			if strings.TrimSpace(at.Key) == "" {
				v.add(path+".key", "an attribute needs a key")
			}
			v.date(path+".from", at.From)
			if seen[at.Key+"@"+at.From] {
				v.add(path, "attribute %q is given twice from %s", at.Key, at.From)
			}
			seen[at.Key+"@"+at.From] = true
		}
	}
	v.unique("parties", ids)
}

func (v validator) people() {
	ids := make([]string, len(v.a.People))
	for i, p := range v.a.People {
		ids[i] = p.Slug
		path := fmt.Sprintf("people[%d]", i)
		if v.a.Party(p.Party) == nil {
			v.add(path+".party", "no party %q; the parties are: %s", p.Party, v.partyIDs())
		}
		if p.Deputy != "" {
			if p.Deputy == p.Slug {
				v.add(path+".deputy", "a person cannot be their own deputy")
			} else if v.a.Person(p.Deputy) == nil {
				v.add(path+".deputy", "no person %q", p.Deputy)
			}
		}
		if p.Email != "" && (!strings.Contains(p.Email, "@") || strings.ContainsAny(p.Email, " <>")) {
			v.add(path+".email", "%q is not an e-mail address", p.Email)
		}
	}
	v.unique("people", ids)
}

func (v validator) partyIDs() string {
	ids := make([]string, len(v.a.Parties))
	for i, p := range v.a.Parties {
		ids[i] = p.Slug
	}
	return strings.Join(ids, ", ")
}

// forumParties are the parties taking part in forum f.
func (v validator) forumParties(f *gov.Forum) []gov.Party {
	if len(f.Parties) == 0 {
		return v.a.Parties
	}
	var ps []gov.Party
	for _, s := range f.Parties {
		if p := v.a.Party(s); p != nil {
			ps = append(ps, *p)
		}
	}
	return ps
}

// who checks a responsibility: a party id, or a kind that one of the
// forum's parties has.
func (v validator) who(path, ref string, parties []gov.Party) {
	if ref == "" {
		return
	}
	for _, p := range parties {
		if p.Slug == ref || string(p.Kind) == ref {
			return
		}
	}
	if contains(strs(gov.PartyKinds), ref) {
		v.add(path, "no party of kind %q takes part in this forum", ref)
		return
	}
	v.add(path, "%q is neither a party of this forum nor a party kind (customer, provider, supplier, other)", ref)
}

func (v validator) match(path string, m gov.PartyMatch) {
	if m.Party != "" && v.a.Party(m.Party) == nil {
		v.add(path+".party", "no party %q", m.Party)
	}
	comparisons := 0
	for _, set := range []bool{m.Is != "", m.Below != nil, m.AtLeast != nil} {
		if set {
			comparisons++
		}
	}
	switch {
	case m.Attribute == "" && comparisons > 0:
		v.add(path, "is, below and at_least compare an attribute; add attribute")
	case m.Attribute != "" && comparisons != 1:
		v.add(path, "attribute %q needs exactly one of is, below or at_least", m.Attribute)
	case m.Attribute != "" && !v.anyHas(m.Attribute):
		v.add(path+".attribute", "no party has attribute %q", m.Attribute)
	}
}

func (v validator) anyHas(key string) bool {
	for _, p := range v.a.Parties {
		for _, at := range p.Attributes {
			if at.Key == key {
				return true
			}
		}
	}
	return false
}
