package gov

import (
	"sort"
	"strconv"
)

// PartyKind is the part an organisation plays in the agreement.
type PartyKind string

// The party kinds.
const (
	KindCustomer PartyKind = "customer"
	KindProvider PartyKind = "provider"
	KindSupplier PartyKind = "supplier"
	KindOther    PartyKind = "other"
)

// PartyKinds lists the allowed kinds in the order they are shown.
var PartyKinds = []PartyKind{KindCustomer, KindProvider, KindSupplier, KindOther}

// Party is an organisation bound by the agreement. Its slug is its identity
// across agreements: a user of organisation "espoo" sees every agreement
// that has a party "espoo".
type Party struct {
	Slug string    `yaml:"id" json:"id"`
	Name string    `yaml:"name" json:"name"`
	Kind PartyKind `yaml:"kind" json:"kind"`
	// Attributes are dated facts that rules use: residents, owner status,
	// learner count, or anything the agreement needs.
	Attributes []Attribute `yaml:"attributes,omitempty" json:"attributes,omitempty"`
}

// Attribute is a fact about a party that holds from a date until a later
// value of the same key replaces it.
type Attribute struct {
	Key string `yaml:"key" json:"key"`
	// Value is kept as text; rules compare it as a number when both sides
	// parse as numbers and as text otherwise ("true" for owner status).
	Value string `yaml:"value" json:"value"`
	From  string `yaml:"from" json:"from"`
}

// Attr returns the value of key that holds on date (YYYY-MM-DD), and
// whether there is one. Dates compare as strings because they are ISO.
func (p *Party) Attr(key, date string) (string, bool) {
	best, found := "", false
	bestFrom := ""
	for _, a := range p.Attributes {
		if a.Key != key || a.From > date {
			continue
		}
		if !found || a.From >= bestFrom {
			best, bestFrom, found = a.Value, a.From, true
		}
	}
	return best, found
}

// AttrNumber returns the attribute on date as a number.
func (p *Party) AttrNumber(key, date string) (float64, bool) {
	v, ok := p.Attr(key, date)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// SortAttributes orders attributes by key, then date, so that a stored and
// exported model reads the same as the file it came from.
func SortAttributes(as []Attribute) {
	sort.SliceStable(as, func(i, j int) bool {
		if as[i].Key != as[j].Key {
			return as[i].Key < as[j].Key
		}
		return as[i].From < as[j].From
	})
}

// Person is an entry of the contact directory.
type Person struct {
	Slug  string `yaml:"id" json:"id"`
	Name  string `yaml:"name" json:"name"`
	Party string `yaml:"party" json:"party"`
	// Titles are role titles such as "Business Account Manager" or
	// "avtalsansvarig"; one person may hold several.
	Titles []string `yaml:"titles,omitempty" json:"titles,omitempty"`
	Email  string   `yaml:"email,omitempty" json:"email,omitempty"`
	Phone  string   `yaml:"phone,omitempty" json:"phone,omitempty"`
	// Deputy is the slug of the person who stands in for this one.
	Deputy string `yaml:"deputy,omitempty" json:"deputy,omitempty"`
}

// SeatRole is what a member does in a forum.
type SeatRole string

// The seat roles.
const (
	RoleChair     SeatRole = "chair"
	RoleViceChair SeatRole = "vice-chair"
	RoleSecretary SeatRole = "secretary"
	RoleMember    SeatRole = "member"
	RoleDeputy    SeatRole = "deputy"
	RoleExpert    SeatRole = "expert"
)

// SeatRoles lists the allowed seat roles.
var SeatRoles = []SeatRole{RoleChair, RoleViceChair, RoleSecretary, RoleMember, RoleDeputy, RoleExpert}

// Membership seats a person in a forum for a period. To is empty while the
// seat is held.
type Membership struct {
	Person string   `yaml:"person" json:"person"`
	Forum  string   `yaml:"forum" json:"forum"`
	Role   SeatRole `yaml:"role" json:"role"`
	From   string   `yaml:"from" json:"from"`
	To     string   `yaml:"to,omitempty" json:"to,omitempty"`
}

// ActiveOn reports whether the membership holds on date (YYYY-MM-DD).
func (m Membership) ActiveOn(date string) bool {
	return m.From <= date && (m.To == "" || date <= m.To)
}
