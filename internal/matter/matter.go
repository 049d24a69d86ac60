// Package matter runs a governance model's matters (ärenden, asiat) and
// the decisions taken on them: a matter is raised by a party in a forum,
// followed with a full history, put on agendas, decided there by the
// forum's rule (consensus, or votes weighted by the model and counted by
// internal/decision) and, when the forum has no authority for it or
// cannot agree, escalated up the model's chain to the next forum's next
// meeting. Matters, minutes and decisions are searchable, and decisions
// form a register per agreement.
//
// Every change is one method that checks permission, validates, writes,
// records the matter's history and the audit entry in one transaction,
// as internal/meeting does. Reads show only what the reader's forums let
// them see: a supplier never sees another supplier's bilateral forum.
package matter

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// Actor is who acts: the same as in internal/meeting (meeting.ActorFor
// resolves one).
type Actor = meeting.Actor

// Service runs matters and decisions on a store.
type Service struct {
	st *store.Store
	// Now is the clock; tests pin it.
	Now func() time.Time
}

// New makes a matter service.
func New(st *store.Store) *Service {
	return &Service{st: st, Now: time.Now}
}

// now is the clock in UTC at the store's precision.
func (s *Service) now() time.Time {
	return s.Now().UTC().Truncate(time.Microsecond)
}

// Kind is what a matter is about.
type Kind string

// The kinds of matter.
const (
	KindQuestion         Kind = "question"
	KindProposal         Kind = "proposal"
	KindChangeRequest    Kind = "change-request"
	KindDevelopmentNeed  Kind = "development-need"
	KindDisagreement     Kind = "disagreement"
	KindRisk             Kind = "risk"
	KindIncidentFollowUp Kind = "incident-follow-up"
)

// Kinds lists the kinds in the order they are offered.
var Kinds = []Kind{KindQuestion, KindProposal, KindChangeRequest, KindDevelopmentNeed, KindDisagreement, KindRisk, KindIncidentFollowUp}

// Status is where a matter stands.
type Status string

// The statuses. Escalated: moved to a higher forum, not yet decided
// there; decided: a decision was recorded on it in its forum.
const (
	Open       Status = "open"
	InProgress Status = "in-progress"
	Decided    Status = "decided"
	Escalated  Status = "escalated"
	Closed     Status = "closed"
)

// Statuses lists the statuses in their usual order.
var Statuses = []Status{Open, InProgress, Decided, Escalated, Closed}

// statusMoves are the status changes a user makes by hand; decisions and
// escalations make the others (to decided, to escalated).
var statusMoves = map[Status][]Status{
	Open:       {InProgress, Closed},
	InProgress: {Open, Closed},
	Escalated:  {InProgress, Closed},
	Decided:    {InProgress, Closed},
	Closed:     {Open}, // reopened
}

// CanSetStatus reports whether a user may move a matter from one status
// to another by hand.
func CanSetStatus(from, to Status) bool {
	return slices.Contains(statusMoves[from], to)
}

// Matter is a matter (ärende, asia) raised in a forum.
type Matter struct {
	ID        int64
	Agreement string
	// Forum is the forum the matter is in now; Origin where it was raised.
	Forum, Origin string
	Kind          Kind
	Status        Status
	Title         string
	Description   string
	// Owner is the person slug of who takes the matter forward ("" when
	// none, or no longer in the directory); OwnerName keeps the name.
	Owner, OwnerName string
	// RaisedBy is the account that raised it ("user:EMAIL"), RaisedParty
	// its organisation.
	RaisedBy, RaisedParty string
	// Path is the named escalation path the matter follows (a model's
	// escalation_paths id), or "" for the forums' own escalates_to.
	Path string
	// WaitingSince is set while an escalated matter waits for its forum's
	// next meeting to be created; it then goes onto that agenda by itself.
	WaitingSince *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func fromRow(r *store.Matter) *Matter {
	return &Matter{ID: r.ID, Agreement: r.Agreement, Forum: r.Forum, Origin: r.Origin, Kind: Kind(r.Kind), Status: Status(r.Status),
		Title: r.Title, Description: r.Description, Owner: r.Owner, OwnerName: r.OwnerName, RaisedBy: r.RaisedBy,
		RaisedParty: r.RaisedParty, Path: r.Path, WaitingSince: r.WaitingSince, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func (m *Matter) row() *store.Matter {
	return &store.Matter{ID: m.ID, Agreement: m.Agreement, Forum: m.Forum, Origin: m.Origin, Kind: string(m.Kind), Status: string(m.Status),
		Title: m.Title, Description: m.Description, Owner: m.Owner, OwnerName: m.OwnerName, RaisedBy: m.RaisedBy,
		RaisedParty: m.RaisedParty, Path: m.Path, WaitingSince: m.WaitingSince, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

// Event is one entry of a matter's history: who did what when, with the
// fields that changed. Actions: raise, edit, status, escalate, agenda
// (put on a meeting's agenda; by "system" when a waiting escalation
// found its meeting), link, decide.
type Event = store.MatterEvent

// Change is one field's change in an Event.
type Change = store.MatterChange

// Step is one forum on a matter's path: when the matter came there and
// why, when it left, the meeting that handled it and what came of it.
type Step = store.MatterStep

// Link puts a matter on a meeting's agenda (ItemID 0: the meeting only).
type Link = store.MatterLink

// history appends an event to a matter's history and the audit log.
func (s *Service) history(ctx context.Context, tx *store.Tx, x Actor, agreementID int64, e *Event) error {
	e.Actor, e.At = x.Name(), s.now()
	if err := tx.InsertMatterEvent(ctx, e); err != nil {
		return err
	}
	after := map[string]any{"changes": e.Changes}
	if e.Note != "" {
		after["note"] = e.Note
	}
	for k, v := range map[string]int64{"meeting": e.MeetingID, "item": e.ItemID, "decision": e.DecisionID} {
		if v != 0 {
			after[k] = v
		}
	}
	return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "matter." + e.Action, ObjectType: "matter",
		ObjectID: fmt.Sprint(e.MatterID), AgreementID: agreementID, After: after})
}
