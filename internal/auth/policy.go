package auth

import (
	"slices"

	"github.com/steerco/steerco/internal/gov"
)

// Role is what a user is in one agreement; it follows from their
// organisation's party kind there and their account's role.
type Role string

// The roles. A user whose organisation is not a party has no role, and
// sees nothing of the agreement.
const (
	Admin    Role = "admin"
	Customer Role = "customer"
	Provider Role = "provider"
	Supplier Role = "supplier"
	Member   Role = "member"
	Observer Role = "observer"
)

// Roles lists every role, for tests that walk the matrix.
var Roles = []Role{Admin, Customer, Provider, Supplier, Member, Observer}

// Account roles: a representative acts for the organisation, a member
// takes part in forums, an observer only reads.
const (
	AccountRepresentative = "representative"
	AccountMember         = "member"
	AccountObserver       = "observer"
)

// AccountRoles lists the account roles.
var AccountRoles = []string{AccountRepresentative, AccountMember, AccountObserver}

// Action is something a user may try to do.
type Action string

// The actions the web UI and API check.
const (
	ViewAgreement   Action = "view-agreement"
	ViewDirectory   Action = "view-directory"
	ExportDirectory Action = "export-directory"
	ViewForum       Action = "view-forum"
	ViewPlan        Action = "view-plan"
	EditParties     Action = "edit-parties"
	EditPeople      Action = "edit-people"
	EditMemberships Action = "edit-memberships"
	// ExportAgreement is the processable extract of an agreement's data,
	// which the customer may demand.
	ExportAgreement Action = "export-agreement"
	// FileComplaint (issue 6): only the buying side files formal
	// complaints; the rest of a complaint's steps are checked per
	// complaint by internal/complaint.
	FileComplaint Action = "file-complaint"
	// UseOrders opens the pages of orders, time reporting and the invoice
	// basis (issue 7) to the parties' representatives and members; what
	// each may do there (order, enter hours, approve, issue) is decided
	// by internal/order, internal/timesheet and internal/invoice.
	UseOrders Action = "use-orders"
)

// Actions lists every action, for tests that walk the matrix.
var Actions = []Action{ViewAgreement, ViewDirectory, ExportDirectory, ViewForum, ViewPlan, EditParties, EditPeople, EditMemberships, ExportAgreement,
	FileComplaint, // issue 6
	UseOrders,     // issue 7
}

// matrix is the one table of who may do what inside an agreement. What is
// not in it is denied. Object-level limits come on top: a forum limited to
// some parties is seen only by them (CanSeeForum), and representatives
// edit only their own organisation's people (CanEditPerson).
var matrix = map[Action][]Role{
	ViewAgreement:   {Admin, Customer, Provider, Supplier, Member, Observer},
	ViewForum:       {Admin, Customer, Provider, Supplier, Member, Observer},
	ViewPlan:        {Admin, Customer, Provider, Supplier, Member, Observer},
	ViewDirectory:   {Admin, Customer, Provider, Supplier, Member},
	ExportDirectory: {Admin, Customer, Provider, Supplier},
	EditPeople:      {Admin, Customer, Provider, Supplier},
	EditMemberships: {Admin, Customer, Provider},
	EditParties:     {Admin},
	ExportAgreement: {Admin, Customer},
	FileComplaint:   {Admin, Customer, Provider},                   // issue 6: an admin files none (no party), internal/complaint refuses
	UseOrders:       {Admin, Customer, Provider, Supplier, Member}, // issue 7
}

// Allowed reports whether role may do action at all.
func Allowed(role Role, action Action) bool {
	return role != "" && slices.Contains(matrix[action], role)
}

// Principal is the signed-in user as the rules see them.
type Principal struct {
	UserID int64
	Email  string
	Name   string
	// Party is the user's party in the agreement the principal was
	// resolved for (In); the rules of that agreement compare it with the
	// model's party ids. Party ids are local to their agreement (issue 14),
	// so outside one agreement it means nothing when Links is set.
	Party string
	// Organisation is the account's organisation slug.
	Organisation string
	// Links are the account's parties by agreement slug: the agreements
	// that link one of their parties to the account's organisation. Front
	// ends always set it (NewPrincipal), so an account is a party only
	// where linked. A principal built without Links (the demo generator
	// and tests acting as a party) counts as Party wherever that id exists.
	Links map[string]string
	// Account is the account role: representative, member or observer.
	Account string
	Admin   bool
}

// NewPrincipal is the principal of a stored account: web and API build it
// the same way, from the account and its organisation's links.
func NewPrincipal(id int64, email, name, organisation, account string, admin bool, links map[string]string) Principal {
	if links == nil {
		links = map[string]string{}
	}
	return Principal{UserID: id, Email: email, Name: name, Organisation: organisation, Links: links, Account: account, Admin: admin}
}

// PartyIn returns the party p is in agreement a, or "" when none: the one
// answer to "which party is this user in agreement X", which every rule
// (roles, forums, people, relationships) builds on.
func (p Principal) PartyIn(a *gov.Agreement) string {
	if a == nil {
		return ""
	}
	party := p.Party
	if p.Links != nil {
		party = p.Links[a.Slug]
	}
	if party == "" || a.Party(party) == nil {
		return ""
	}
	return party
}

// In resolves p in agreement a: p as a's rules see it (Party set to its
// party there, "" when none) and its role there. Web and API resolve a
// request's agreement with it, and meeting.ActorFor with it, so every
// service sees the same answer.
func In(p Principal, a *gov.Agreement) (Principal, Role) {
	if p.Links != nil {
		p.Party = p.PartyIn(a)
	}
	return p, RoleIn(p, a)
}

// RoleIn returns p's role in agreement a, or "" when p's organisation is
// not one of its parties (deny by default).
func RoleIn(p Principal, a *gov.Agreement) Role {
	if p.Admin {
		return Admin
	}
	party := a.Party(p.PartyIn(a))
	if party == nil {
		return ""
	}
	switch p.Account {
	case AccountMember:
		return Member
	case AccountObserver:
		return Observer
	case AccountRepresentative:
	default:
		return "" // an unknown account role grants nothing
	}
	switch party.Kind {
	case gov.KindCustomer:
		return Customer
	case gov.KindProvider:
		return Provider
	case gov.KindSupplier:
		return Supplier
	}
	return Observer
}

// Can reports whether p may do action in agreement a.
func Can(p Principal, a *gov.Agreement, action Action) bool {
	return Allowed(RoleIn(p, a), action)
}

// CanSeeForum reports whether p may see forum f: a forum limited to some
// parties (a provider and one supplier, say) is seen only by them, so a
// supplier never sees another supplier's bilateral forum.
func CanSeeForum(p Principal, a *gov.Agreement, f *gov.Forum) bool {
	if !Can(p, a, ViewForum) {
		return false
	}
	return p.Admin || len(f.Parties) == 0 || slices.Contains(f.Parties, p.PartyIn(a))
}

// CanSeePerson reports whether p may see a directory entry. A supplier
// sees another supplier's people only where they sit in a forum the
// supplier can see; everyone else in the agreement is visible.
func CanSeePerson(p Principal, a *gov.Agreement, person *gov.Person) bool {
	if !Can(p, a, ViewDirectory) {
		return false
	}
	mine := p.PartyIn(a)
	if p.Admin || person.Party == mine {
		return true
	}
	other := a.Party(person.Party)
	self := a.Party(mine)
	if other == nil || other.Kind != gov.KindSupplier || self == nil || self.Kind != gov.KindSupplier {
		return true
	}
	for _, m := range a.Memberships {
		if m.Person == person.Slug {
			if f := a.Forum(m.Forum); f != nil && (len(f.Parties) == 0 || slices.Contains(f.Parties, mine)) {
				return true
			}
		}
	}
	return false
}

// CanEditPerson reports whether p may change a directory entry: an
// administrator any, a representative their own organisation's.
func CanEditPerson(p Principal, a *gov.Agreement, person *gov.Person) bool {
	return Can(p, a, EditPeople) && (p.Admin || person.Party == p.PartyIn(a))
}
