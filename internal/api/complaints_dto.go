package api

import (
	"time"

	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/store"
)

// The JSON forms of complaints and sanctions (issue 6). Amounts are in
// the agreement's currency, as decimal numbers.

// Deadline is a complaint's deadline as of now: the due date, working
// days left (negative once passed), whether the step was taken and
// whether it was late.
type Deadline struct {
	Due  string `json:"due"`
	Left int    `json:"working_days_left"`
	Done bool   `json:"done"`
	Late bool   `json:"late"`
}

// Complaint is a formal complaint.
type Complaint struct {
	ID             int64      `json:"id"`
	Supplier       string     `json:"supplier"`
	Title          string     `json:"title"`
	Body           string     `json:"body"`
	Status         string     `json:"status"`
	FiledBy        string     `json:"filed_by"`
	FiledParty     string     `json:"filed_party"`
	ReceivedOn     string     `json:"received_on"`
	Acknowledge    Deadline   `json:"acknowledge"`
	Respond        Deadline   `json:"respond"`
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
	Cause          string     `json:"cause,omitempty"`
	Chargeable     bool       `json:"chargeable"`
	MatterID       int64      `json:"matter_id,omitempty"`
	SanctionID     int64      `json:"sanction_id,omitempty"`
}

// ComplaintResponse is one written response to a complaint.
type ComplaintResponse struct {
	Version       int        `json:"version"`
	Sections      []string   `json:"sections"`
	SubmittedBy   string     `json:"submitted_by"`
	SubmittedAt   time.Time  `json:"submitted_at"`
	Late          bool       `json:"late"`
	Outcome       string     `json:"outcome,omitempty"`
	OutcomeReason string     `json:"outcome_reason,omitempty"`
	DecidedAt     *time.Time `json:"decided_at,omitempty"`
}

// ComplaintDetail is a complaint with its responses and the section
// headings a response must have, in order.
type ComplaintDetail struct {
	Complaint
	SectionNames []string            `json:"section_names"`
	Responses    []ComplaintResponse `json:"responses"`
}

// Sanction is a proposed, approved or disputed sanction.
type Sanction struct {
	ID            int64      `json:"id"`
	Month         string     `json:"month"`
	Source        string     `json:"source"`
	SourceRef     string     `json:"source_ref"`
	Party         string     `json:"party"`
	Reason        string     `json:"reason"`
	Amount        float64    `json:"amount"`
	Status        string     `json:"status"`
	DecidedBy     string     `json:"decided_by,omitempty"`
	DecidedReason string     `json:"decided_reason,omitempty"`
	DecidedAt     *time.Time `json:"decided_at,omitempty"`
	// Forum decides it and Decision is its entry in that forum's
	// register, when the model has a forum decide sanctions (issue 16).
	Forum    string `json:"forum,omitempty"`
	Decision int64  `json:"decision,omitempty"`
}

func deadlineOut(d complaint.Deadline) Deadline {
	return Deadline{Due: d.Due, Left: d.Left, Done: d.Done, Late: d.Late}
}

func complaintOut(v *complaint.View) Complaint {
	c := Complaint{ID: v.ID, Supplier: v.Supplier, Title: v.Title, Body: v.Body, Status: v.Status, FiledBy: v.FiledBy,
		FiledParty: v.FiledParty, ReceivedOn: v.ReceivedOn, Acknowledge: deadlineOut(v.Ack), Respond: deadlineOut(v.Respond),
		AcknowledgedAt: v.AcknowledgedAt, Cause: v.Cause, Chargeable: v.Chargeable, MatterID: v.MatterID}
	if v.Sanction != nil {
		c.SanctionID = v.Sanction.ID
	}
	return c
}

func sanctionOut(s *store.Sanction) Sanction {
	return Sanction{ID: s.ID, Month: s.Month, Source: s.Source, SourceRef: s.SourceRef, Party: s.Party, Reason: s.Reason,
		Amount: float64(s.Amount) / 100, Status: s.Status, DecidedBy: s.DecidedBy, DecidedReason: s.DecidedReason, DecidedAt: s.DecidedAt,
		Forum: s.Forum, Decision: s.DecisionID}
}
