package api

import (
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/matter"
)

// The JSON forms of matters, decisions and seats (issue 5), each with an
// explicit schema in openapi.yaml. Result texts ("tied 6–6; passed by the
// chair's casting vote; 1 abstained") are the service's English.

// Matter is a matter raised in a forum.
type Matter struct {
	ID           int64      `json:"id"`
	Forum        string     `json:"forum"`
	ForumName    string     `json:"forum_name"`
	Origin       string     `json:"origin"`
	Kind         string     `json:"kind"`
	Status       string     `json:"status"`
	Title        string     `json:"title"`
	Description  string     `json:"description"`
	Owner        string     `json:"owner,omitempty"`
	OwnerName    string     `json:"owner_name,omitempty"`
	RaisedBy     string     `json:"raised_by"`
	RaisedParty  string     `json:"raised_party"`
	Path         string     `json:"path,omitempty"`
	WaitingSince *time.Time `json:"waiting_since,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

func matterOut(r *Req, m *matter.Matter) Matter {
	a := r.Agreement
	owner, ownerName := shownOwner(r.Principal, a, m.Owner, m.OwnerName)
	name := m.Forum
	if f := a.Forum(m.Forum); f != nil {
		name = f.Name
	}
	return Matter{ID: m.ID, Forum: m.Forum, ForumName: name, Origin: m.Origin, Kind: string(m.Kind), Status: string(m.Status), Title: m.Title,
		Description: m.Description, Owner: owner, OwnerName: ownerName, RaisedBy: shownActor(r.Principal, a, m.RaisedBy), RaisedParty: m.RaisedParty, Path: m.Path,
		WaitingSince: m.WaitingSince, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

// MatterEvent is one entry of a matter's history.
type MatterEvent struct {
	At       time.Time      `json:"at"`
	Actor    string         `json:"actor"`
	Action   string         `json:"action"`
	Changes  []MatterChange `json:"changes"`
	Note     string         `json:"note,omitempty"`
	Meeting  int64          `json:"meeting,omitempty"`
	Item     int64          `json:"item,omitempty"`
	Decision int64          `json:"decision,omitempty"`
}

// MatterChange is one field's change.
type MatterChange struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

func eventOut(r *Req, e matter.Event) MatterEvent {
	out := MatterEvent{At: e.At, Actor: shownActor(r.Principal, r.Agreement, e.Actor), Action: e.Action, Changes: []MatterChange{}, Note: e.Note, Meeting: e.MeetingID, Item: e.ItemID,
		Decision: e.DecisionID}
	// A hidden person's name (an owner change, say) is hidden here too.
	rep := auth.HiddenPeople(r.Principal, r.Agreement, "")
	for _, c := range e.Changes {
		if rep != nil {
			c.From, c.To = rep.Replace(c.From), rep.Replace(c.To)
		}
		out.Changes = append(out.Changes, MatterChange{Field: c.Field, From: c.From, To: c.To})
	}
	return out
}

// MatterStep is one forum on a matter's path.
type MatterStep struct {
	Forum     string     `json:"forum"`
	EnteredAt time.Time  `json:"entered_at"`
	LeftAt    *time.Time `json:"left_at,omitempty"`
	Reason    string     `json:"reason,omitempty"`
	Outcome   string     `json:"outcome,omitempty"`
	Meeting   int64      `json:"meeting,omitempty"`
	Decision  int64      `json:"decision,omitempty"`
}

func stepOut(s matter.Step) MatterStep {
	return MatterStep{Forum: s.Forum, EnteredAt: s.EnteredAt, LeftAt: s.LeftAt, Reason: s.Reason, Outcome: s.Outcome, Meeting: s.MeetingID,
		Decision: s.DecisionID}
}

// Escalation is what an escalation did: where the matter went, and the
// meeting and item it went onto (absent while it waits for one).
type Escalation struct {
	Matter  Matter `json:"matter"`
	From    string `json:"from"`
	To      string `json:"to"`
	Meeting int64  `json:"meeting,omitempty"`
	Item    int64  `json:"item,omitempty"`
}

// SearchHit is one matter, minutes or decision a search found.
type SearchHit struct {
	Kind    string    `json:"kind"`
	ID      int64     `json:"id"`
	Forum   string    `json:"forum"`
	Meeting int64     `json:"meeting,omitempty"`
	Title   string    `json:"title"`
	Snippet string    `json:"snippet"`
	At      time.Time `json:"at"`
}

// DecisionResult is a count and its explanation in words.
type DecisionResult struct {
	Outcome      string  `json:"outcome,omitempty"`
	Yes          float64 `json:"yes"`
	No           float64 `json:"no"`
	Abstained    float64 `json:"abstained"`
	Present      int     `json:"present"`
	Eligible     int     `json:"eligible"`
	QuorumNeeded int     `json:"quorum_needed,omitempty"`
	CastingVote  bool    `json:"casting_vote"`
	Consensus    bool    `json:"consensus"`
	Text         string  `json:"text,omitempty"`
}

// DecisionRecord is a decision on a decision item, with its votes.
type DecisionRecord struct {
	ID             int64          `json:"id"`
	Forum          string         `json:"forum"`
	Meeting        int64          `json:"meeting"`
	Item           int64          `json:"item,omitempty"`
	Date           string         `json:"date"`
	Title          string         `json:"title"`
	Method         string         `json:"method"`
	Status         string         `json:"status"`
	Proposal       string         `json:"proposal,omitempty"`
	Per            string         `json:"per"`
	Weighted       bool           `json:"weighted"`
	Result         DecisionResult `json:"result"`
	DutyPerson     string         `json:"duty_person,omitempty"`
	DutyPersonName string         `json:"duty_person_name,omitempty"`
	TermFrom       string         `json:"term_from,omitempty"`
	TermTo         string         `json:"term_to,omitempty"`
	OpenedBy       string         `json:"opened_by"`
	OpenedAt       time.Time      `json:"opened_at"`
	DecidedBy      string         `json:"decided_by,omitempty"`
	DecidedAt      *time.Time     `json:"decided_at,omitempty"`
	OverturnedBy   int64          `json:"overturned_by,omitempty"`
	OverturnEffect string         `json:"overturn_effect,omitempty"`
	OverturnNote   string         `json:"overturn_note,omitempty"`
	Overturns      []int64        `json:"overturns"`
	Votes          []Vote         `json:"votes"`
}

// Vote is one recorded vote.
type Vote struct {
	Voter      string    `json:"voter"`
	Person     string    `json:"person,omitempty"`
	PersonName string    `json:"person_name,omitempty"`
	Party      string    `json:"party"`
	Choice     string    `json:"choice"`
	Weight     float64   `json:"weight"`
	Chair      bool      `json:"chair"`
	CastBy     string    `json:"cast_by"`
	CastAt     time.Time `json:"cast_at"`
}

func voteOut(v matter.Vote) Vote {
	return Vote{Voter: v.Voter, Person: v.Person, PersonName: v.PersonName, Party: v.Party, Choice: string(v.Choice), Weight: v.Weight,
		Chair: v.Chair, CastBy: v.CastBy, CastAt: v.CastAt}
}

func decisionOut(d *matter.Decision) DecisionRecord {
	r := d.Result
	status := "decided"
	if d.Voting {
		status = "voting"
	}
	out := DecisionRecord{ID: d.ID, Forum: d.Forum, Meeting: d.MeetingID, Item: d.ItemID, Date: d.MeetingDate, Title: d.Title, Method: string(d.Method),
		Status: status, Proposal: d.Proposal, Per: d.Per, Weighted: d.Weighted,
		Result: DecisionResult{Outcome: string(r.Outcome), Yes: r.Yes, No: r.No, Abstained: r.Abstained, Present: r.Present, Eligible: r.Eligible,
			QuorumNeeded: r.QuorumNeeded, CastingVote: r.CastingVote, Consensus: r.Consensus, Text: r.Text},
		DutyPerson: d.DutyPerson, DutyPersonName: d.DutyPersonName, TermFrom: d.TermFrom, TermTo: d.TermTo, OpenedBy: d.OpenedBy,
		OpenedAt: d.OpenedAt, DecidedBy: d.DecidedBy, DecidedAt: d.DecidedAt, OverturnedBy: d.OverturnedBy,
		OverturnEffect: string(d.OverturnEffect), OverturnNote: d.OverturnNote, Overturns: []int64{}, Votes: []Vote{}}
	out.Overturns = append(out.Overturns, d.Overturns...)
	for _, v := range d.Votes {
		out.Votes = append(out.Votes, voteOut(v))
	}
	return out
}

// Seats are a forum's seats on a date: each party's entitlement, the
// seats it holds, and the warnings where the memberships break the rules.
type Seats struct {
	Forum    string        `json:"forum"`
	Date     string        `json:"date"`
	Parties  []SeatParty   `json:"parties"`
	Warnings []SeatWarning `json:"warnings"`
}

// SeatParty is one party's seats.
type SeatParty struct {
	Party string `json:"party"`
	// Seats is what the rules entitle it to; Shared marks a pool's share.
	Seats  int  `json:"seats"`
	Shared bool `json:"shared"`
	Held   int  `json:"held"`
	// Rule is the index of the seat rule it falls under, -1 for none.
	Rule int `json:"rule"`
}

// SeatWarning is one way the memberships break the seat rules.
type SeatWarning struct {
	Kind    string   `json:"kind"`
	Party   string   `json:"party,omitempty"`
	Held    int      `json:"held"`
	Allowed int      `json:"allowed"`
	People  []string `json:"people"`
	Message string   `json:"message"`
}

func seatsOut(a *gov.Agreement, f *gov.Forum, date string) Seats {
	s := decision.Seats(f, a, date)
	held := map[string]int{}
	for _, m := range a.Memberships {
		if p := a.Person(m.Person); p != nil && m.Forum == f.Slug && m.ActiveOn(date) && decision.HoldsSeat(m.Role) {
			held[p.Party]++
		}
	}
	out := Seats{Forum: f.Slug, Date: date, Parties: []SeatParty{}, Warnings: []SeatWarning{}}
	for _, e := range s.Parties {
		out.Parties = append(out.Parties, SeatParty{Party: e.Party, Seats: e.Seats, Shared: e.Shared, Held: held[e.Party], Rule: e.Rule})
	}
	for _, w := range decision.CheckSeats(f, a, date) {
		out.Warnings = append(out.Warnings, SeatWarning{Kind: w.Kind, Party: w.Party, Held: w.Held, Allowed: w.Allowed,
			People: append([]string{}, w.People...), Message: w.Message})
	}
	return out
}
