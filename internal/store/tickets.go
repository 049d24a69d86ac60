package store

import (
	"time"
)

// Tickets imported from the suppliers' ITSM tools (issue #8): the
// tickets themselves, one row each however many rows the export had, the
// imports that wrote them, and per-month aggregates kept up to date on
// import so that a month's report reads a handful of rows, never the
// tickets.

// Ticket kinds.
const (
	KindIncident = "incident"
	KindProblem  = "problem"
	KindChange   = "change"
	KindRequest  = "request"
)

// TicketKinds lists the kinds in report order.
var TicketKinds = []string{KindIncident, KindProblem, KindChange, KindRequest}

// SLA verdicts of a ticket as steerco measures it.
const (
	SLANotMeasured = 0 // unresolved, or no target for its service and priority
	SLAMet         = 1
	SLABreached    = 2
)

// Ticket is one ticket as imported and measured. Times are UTC; a zero
// time is a missing value.
type Ticket struct {
	Kind   string `json:"kind"`
	Number string `json:"number"`
	Title  string `json:"title,omitempty"`
	State  string `json:"state,omitempty"`
	// Priority is 1 (highest) to 5, 0 when the export had none readable;
	// PriorityLabel the tool's own text ("2 - Medium").
	Priority      int    `json:"priority"`
	PriorityLabel string `json:"priority_label,omitempty"`
	// Service is the slug of the agreement's service the ticket falls
	// under, "" when none.
	Service         string    `json:"service,omitempty"`
	SourceService   string    `json:"source_service,omitempty"`
	Category        string    `json:"category,omitempty"`
	Subcategory     string    `json:"subcategory,omitempty"`
	CI              string    `json:"ci,omitempty"`
	AssignmentGroup string    `json:"assignment_group,omitempty"`
	AssignedTo      string    `json:"assigned_to,omitempty"`
	Caller          string    `json:"caller,omitempty"`
	ContactType     string    `json:"contact_type,omitempty"`
	Opened          time.Time `json:"opened"`
	Responded       time.Time `json:"responded,omitzero"`
	Resolved        time.Time `json:"resolved,omitzero"`
	Closed          time.Time `json:"closed,omitzero"`
	// Updated is the tool's last update of the ticket; with ModCount it
	// decides which of two versions is the later.
	Updated  time.Time `json:"updated,omitzero"`
	ModCount int       `json:"mod_count,omitempty"`
	// MadeSLA is the tool's own verdict (ServiceNow made_sla), nil when
	// the export has none.
	MadeSLA       *bool  `json:"made_sla,omitempty"`
	ProblemRef    string `json:"problem,omitempty"`
	ChangeRef     string `json:"change,omitempty"`
	CausedBy      string `json:"caused_by,omitempty"`
	Reopens       int    `json:"reopens,omitempty"`
	Reassignments int    `json:"reassignments,omitempty"`
	// Proactive: a problem raised before incidents reported it.
	Proactive bool `json:"proactive,omitempty"`
	Security  bool `json:"security,omitempty"`

	// Measured in service hours against the service's target; -1 when
	// not measured.
	PausedMinutes      int  `json:"paused_minutes,omitempty"`
	ResponseMinutes    int  `json:"response_minutes"`
	ResolutionMinutes  int  `json:"resolution_minutes"`
	ResponseBreached   bool `json:"response_breached,omitempty"`
	ResolutionBreached bool `json:"resolution_breached,omitempty"`
	SLA                int  `json:"sla"`
	// OpenedMonth and ResolvedMonth (YYYY-MM, in the agreement's time
	// zone) place the ticket in the monthly aggregates.
	OpenedMonth   string `json:"opened_month"`
	ResolvedMonth string `json:"resolved_month,omitempty"`
}

// HighPriority reports whether p counts as high priority in reports (1
// or 2).
func HighPriority(p int) bool { return p == 1 || p == 2 }
