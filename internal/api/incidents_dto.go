package api

import (
	"time"

	"github.com/steerco/steerco/internal/store"
)

// The JSON forms of incident reports, delivery deficiencies and risks
// (issue 6).

// Incident is an incident report.
type Incident struct {
	ID          int64      `json:"id"`
	Party       string     `json:"party"`
	Severity    string     `json:"severity"`
	Title       string     `json:"title"`
	OccurredAt  time.Time  `json:"occurred_at"`
	Impact      string     `json:"impact"`
	Cause       string     `json:"cause"`
	Actions     string     `json:"actions"`
	Status      string     `json:"status"`
	ReportMonth string     `json:"report_month"`
	MatterID    int64      `json:"matter_id,omitempty"`
	ReportedBy  string     `json:"reported_by"`
	Notify      string     `json:"notify"`
	NotifiedAt  *time.Time `json:"notified_at,omitempty"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// IncidentEvent is one entry of an incident's timeline.
type IncidentEvent struct {
	At    time.Time `json:"at"`
	Note  string    `json:"note"`
	Actor string    `json:"actor"`
}

// IncidentDetail is an incident report with its timeline.
type IncidentDetail struct {
	Incident
	Timeline []IncidentEvent `json:"timeline"`
}

// Deficiency is a delivery deficiency.
type Deficiency struct {
	ID          int64   `json:"id"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	FailedParty string  `json:"failed_party"`
	Cost        float64 `json:"cost"`
	Bearer      string  `json:"bearer,omitempty"`
	Forum       string  `json:"forum,omitempty"`
	DecisionID  int64   `json:"decision_id,omitempty"`
	Status      string  `json:"status"`
	CreatedBy   string  `json:"created_by"`
}

// Risk is an entry of the risk register.
type Risk struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Probability int        `json:"probability"`
	Impact      int        `json:"impact"`
	Score       int        `json:"score"`
	Owner       string     `json:"owner,omitempty"`
	OwnerName   string     `json:"owner_name,omitempty"`
	Actions     string     `json:"actions"`
	Status      string     `json:"status"`
	Level       string     `json:"level,omitempty"`
	Forum       string     `json:"forum,omitempty"`
	MatterID    int64      `json:"matter_id,omitempty"`
	Party       string     `json:"party"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
}

func incidentOut(i *store.Incident) Incident {
	return Incident{ID: i.ID, Party: i.Party, Severity: i.Severity, Title: i.Title, OccurredAt: i.OccurredAt, Impact: i.Impact, Cause: i.Cause,
		Actions: i.Action, Status: i.Status, ReportMonth: i.ReportMonth, MatterID: i.MatterID, ReportedBy: i.ReportedBy, Notify: i.Notify,
		NotifiedAt: i.NotifiedAt, UpdatedAt: i.UpdatedAt}
}

func deficiencyOut(d *store.Deficiency) Deficiency {
	return Deficiency{ID: d.ID, Title: d.Title, Description: d.Description, FailedParty: d.FailedParty, Cost: float64(d.Cost) / 100,
		Bearer: d.Bearer, Forum: d.Forum, DecisionID: d.DecisionID, Status: d.Status, CreatedBy: d.CreatedBy}
}

func riskOut(q *Req, r *store.Risk) Risk {
	owner, ownerName := shownOwner(q.Principal, q.Agreement, r.Owner, r.OwnerName)
	return Risk{ID: r.ID, Title: r.Title, Description: r.Description, Probability: r.Probability, Impact: r.Impact,
		Score: r.Probability * r.Impact, Owner: owner, OwnerName: ownerName, Actions: r.Actions, Status: r.Status, Level: r.Level,
		Forum: r.Forum, MatterID: r.MatterID, Party: r.Party, CreatedBy: shownActor(q.Principal, q.Agreement, r.CreatedBy), CreatedAt: r.CreatedAt, ClosedAt: r.ClosedAt}
}
