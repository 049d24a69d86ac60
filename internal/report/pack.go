// Package report builds the monthly report pack of an agreement (issue
// #8): service levels against the model's targets with every breach and
// the exclusions the customer accepted, incidents and problems, security,
// performance and capacity, change management, risks, financial summary
// and projects, with 12-month trends. The data sections are computed from
// the per-month ticket aggregates (never by reading all tickets); the
// narrative sections are written by the supplier. The pack is reviewed
// in the forum the model names, versioned and kept (review.go), and
// written as JSON, CSV, XLSX or PDF (render_*.go).
package report

import (
	"encoding/json"
	"fmt"
	"time"
)

// Pack is one month's report pack. Its JSON shape is documented in
// docs/reports.md.
type Pack struct {
	Agreement   string    `json:"agreement"`
	Name        string    `json:"agreement_name"`
	Language    string    `json:"language"`
	Month       string    `json:"month"`
	TrendMonths []string  `json:"trend_months"`
	GeneratedAt time.Time `json:"generated_at"`
	// Version and Status of the stored report; 0 and "" when none is.
	Version int    `json:"version"`
	Status  string `json:"status,omitempty"`
	// Review names the forum that reviews the pack and the decision.
	Review Review `json:"review"`
	// Part is the supplier whose part of the report this is (issue #14);
	// "" for the whole report.
	Part     string `json:"part,omitempty"`
	PartName string `json:"part_name,omitempty"`

	ServiceLevels ServiceLevels `json:"service_levels"`
	Improvements  Text          `json:"improvements"`
	Incidents     Incidents     `json:"incidents_and_problems"`
	Security      Security      `json:"security"`
	Performance   Performance   `json:"performance_and_capacity"`
	Changes       Changes       `json:"change_management"`
	Risks         Risks         `json:"risks"`
	Financial     Financial     `json:"financial_summary"`
	Projects      Text          `json:"projects"`
}

// Review is where and how the pack was reviewed.
type Review struct {
	Forum        string    `json:"forum,omitempty"`
	ForumName    string    `json:"forum_name,omitempty"`
	SubmittedBy  string    `json:"submitted_by,omitempty"`
	SubmittedAt  time.Time `json:"submitted_at,omitzero"`
	DecidedBy    string    `json:"decided_by,omitempty"`
	DecidedAt    time.Time `json:"decided_at,omitzero"`
	DecisionNote string    `json:"decision_note,omitempty"`
	// AuditEntry and AuditHead are the approval's place in the audit
	// chain and its hash: printed on the approved report, they make each
	// copy kept elsewhere a witness of the chain (docs/operations.md).
	AuditEntry int64  `json:"audit_entry,omitempty"`
	AuditHead  string `json:"audit_head,omitempty"`
}

// Text is a narrative section written by the supplier.
type Text struct {
	Text string `json:"text"`
}

// Narrative is what the supplier writes into a version: a text per
// section and the measured availability per service.
type Narrative struct {
	Texts        map[string]string  `json:"texts,omitempty"`
	Availability map[string]float64 `json:"availability,omitempty"`
}

// NarrativeSections are the keys of Narrative.Texts, in report order.
var NarrativeSections = []string{"service_levels", "improvements", "incidents", "security", "access_rights",
	"performance", "changes", "risks", "financial", "projects"}

// ParseNarrative reads a stored narrative; an empty one is {}.
func ParseNarrative(s string) (Narrative, error) {
	var n Narrative
	if s == "" {
		return n, nil
	}
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		return n, fmt.Errorf("narrative: %w", err)
	}
	return n, nil
}

// ServiceLevels is the SLA section.
type ServiceLevels struct {
	Text string `json:"text"`
	// Rows per service and priority with a target; Total sums them.
	Rows  []SLARow `json:"rows"`
	Total SLARow   `json:"total"`
	// Breaches lists the month's breaches (all of them in exports; the
	// web page shows the first BreachLimit).
	Breaches      []Breach   `json:"breaches"`
	BreachesTotal int        `json:"breaches_total"`
	Trend         []SLAMonth `json:"trend"`
}

// SLARow is a month's attainment for one service and priority.
type SLARow struct {
	Service     string `json:"service"`
	ServiceName string `json:"service_name"`
	Supplier    string `json:"supplier,omitempty"`
	Priority    int    `json:"priority"`
	Response    string `json:"target_response,omitempty"`
	Resolution  string `json:"target_resolution,omitempty"`
	Resolved    int    `json:"resolved"`
	Measured    int    `json:"measured"`
	Breached    int    `json:"breached"`
	Excluded    int    `json:"excluded"`
	// Attainment before and after the accepted exclusions, in percent;
	// nil when nothing was measured.
	Attainment      *float64 `json:"attainment"`
	AttainmentAfter *float64 `json:"attainment_after_exclusions"`
	// The source tool's own verdict (ServiceNow made_sla).
	ToolMeasured   int      `json:"tool_measured"`
	ToolBreached   int      `json:"tool_breached"`
	ToolAttainment *float64 `json:"tool_attainment"`
	// MeanResolutionMinutes in service hours, nil when none measured.
	MeanResolutionMinutes *float64 `json:"mean_resolution_minutes"`
}

// Breach is one breached ticket.
type Breach struct {
	TicketID           int64     `json:"ticket_id"`
	Number             string    `json:"number"`
	Service            string    `json:"service"`
	Priority           int       `json:"priority"`
	Title              string    `json:"title,omitempty"`
	Opened             time.Time `json:"opened"`
	Resolved           time.Time `json:"resolved"`
	ResponseMinutes    int       `json:"response_minutes"`
	ResolutionMinutes  int       `json:"resolution_minutes"`
	ResponseBreached   bool      `json:"response_breached"`
	ResolutionBreached bool      `json:"resolution_breached"`
	MadeSLA            *bool     `json:"tool_made_sla"`
	// Exclusion: "" none, proposed, accepted or rejected, with reason.
	Exclusion       string `json:"exclusion,omitempty"`
	ExclusionID     int64  `json:"exclusion_id,omitempty"`
	ExclusionReason string `json:"exclusion_reason,omitempty"`
	ExclusionNote   string `json:"exclusion_note,omitempty"`
}

// SLAMonth is one month of the SLA trend, over every service.
type SLAMonth struct {
	Month           string   `json:"month"`
	Measured        int      `json:"measured"`
	Breached        int      `json:"breached"`
	Excluded        int      `json:"excluded"`
	Attainment      *float64 `json:"attainment"`
	AttainmentAfter *float64 `json:"attainment_after_exclusions"`
	ToolAttainment  *float64 `json:"tool_attainment"`
}

// Incidents is the incidents and problems section.
type Incidents struct {
	Text              string          `json:"text"`
	IncidentsOpened   int             `json:"incidents_opened"`
	IncidentsResolved int             `json:"incidents_resolved"`
	HighPriority      int             `json:"high_priority_opened"`
	WithProblem       int             `json:"incidents_linked_to_problems"`
	ProblemsOpened    int             `json:"problems_opened"`
	ProblemsResolved  int             `json:"problems_resolved"`
	ProactiveProblems int             `json:"proactive_problems"`
	ProactiveShare    *float64        `json:"proactive_share"`
	Reopened          int             `json:"reopened"`
	Frequent          []CategoryCount `json:"frequent_categories"`
	HighPriorityList  []Ticket        `json:"high_priority"`
	Trend             []KindMonth     `json:"trend"`
}

// CategoryCount is a frequent category of incidents.
type CategoryCount struct {
	Category string `json:"category"`
	Opened   int    `json:"opened"`
}

// Ticket is a ticket listed in a section.
type Ticket struct {
	Number   string    `json:"number"`
	Priority int       `json:"priority"`
	Service  string    `json:"service,omitempty"`
	Title    string    `json:"title,omitempty"`
	Category string    `json:"category,omitempty"`
	State    string    `json:"state,omitempty"`
	Opened   time.Time `json:"opened"`
	Resolved time.Time `json:"resolved,omitzero"`
	Problem  string    `json:"problem,omitempty"`
}

// KindMonth is one month of a trend: counts opened and resolved by kind.
type KindMonth struct {
	Month             string `json:"month"`
	IncidentsOpened   int    `json:"incidents_opened"`
	IncidentsResolved int    `json:"incidents_resolved"`
	ProblemsOpened    int    `json:"problems_opened"`
	ProblemsResolved  int    `json:"problems_resolved"`
	ChangesOpened     int    `json:"changes_opened"`
	ChangesClosed     int    `json:"changes_closed"`
	CausedByChange    int    `json:"caused_by_change"`
	Security          int    `json:"security"`
}

// Security is the security section.
type Security struct {
	Text           string      `json:"text"`
	SecurityOpened int         `json:"security_tickets_opened"`
	AccessRights   string      `json:"access_rights"`
	Trend          []KindMonth `json:"trend"`
}

// Performance is the performance and capacity section.
type Performance struct {
	Text         string         `json:"text"`
	Availability []Availability `json:"availability"`
}

// Availability is a service's measured availability against its target.
type Availability struct {
	Service     string   `json:"service"`
	ServiceName string   `json:"service_name"`
	Target      float64  `json:"target"`
	Measured    *float64 `json:"measured"`
	Met         *bool    `json:"met"`
}

// Changes is the change management section.
type Changes struct {
	Text                 string      `json:"text"`
	Opened               int         `json:"opened"`
	Closed               int         `json:"closed"`
	IncidentsFromChanges int         `json:"incidents_caused_by_changes"`
	ProblemsFromChanges  int         `json:"problems_caused_by_changes"`
	Trend                []KindMonth `json:"trend"`
}

// Risks is the risks section: the register's open risks and the
// supplier's text.
type Risks struct {
	Text  string `json:"text"`
	Items []Risk `json:"items"`
}

// Risk is an open risk.
type Risk struct {
	Title       string `json:"title"`
	Probability int    `json:"probability"`
	Impact      int    `json:"impact"`
	Status      string `json:"status"`
	Actions     string `json:"actions,omitempty"`
}

// Financial is the financial summary: the month's sanctions by status
// (minor units) and the supplier's text.
type Financial struct {
	Text      string           `json:"text"`
	Currency  string           `json:"currency"`
	Sanctions map[string]int64 `json:"sanctions"`
}

func pct(num, den int) *float64 {
	if den <= 0 {
		return nil
	}
	v := float64(num) * 100 / float64(den)
	return &v
}
