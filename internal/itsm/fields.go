package itsm

import (
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/store"
)

// The fields steerco reads from a row. A source names, for each, the
// headers it may appear under; a mapping file names one header each.
const (
	fNumber = iota
	fKind
	fTitle
	fState
	fPriority
	fService
	fCategory
	fSubcategory
	fCI
	fGroup
	fAssignedTo
	fCaller
	fContactType
	fOpened
	fResponded
	fResolved
	fClosed
	fUpdated
	fModCount
	fMadeSLA
	fProblem
	fChange
	fCausedBy
	fReopens
	fReassignments
	fProactive
	fFirstReportedBy
	nFields
)

// fieldNames are the fields' names in a mapping file.
var fieldNames = [nFields]string{
	"number", "kind", "title", "state", "priority", "service", "category", "subcategory", "ci",
	"assignment_group", "assigned_to", "caller", "contact_type", "opened", "responded", "resolved",
	"closed", "updated", "mod_count", "made_sla", "problem", "change", "caused_by", "reopens",
	"reassignments", "proactive", "first_reported_by",
}

// fieldIndex returns the field named name in a mapping file, or -1.
func fieldIndex(name string) int {
	for i, n := range fieldNames {
		if n == name {
			return i
		}
	}
	return -1
}

// serviceNowHeaders: the column names of the table API / event-log export
// (number, sys_updated_at...) and of the list export's display names
// (Number, Updated...). fold() makes "assignment_group" and "Assignment
// group" the same name.
var serviceNowHeaders = [nFields][]string{
	fNumber:          {"number"},
	fKind:            {"sys_class_name", "task type"},
	fTitle:           {"short_description"},
	fState:           {"incident_state", "state", "problem_state", "incident state", "problem state"},
	fPriority:        {"priority"},
	fService:         {"business_service", "service", "u_service"},
	fCategory:        {"category"},
	fSubcategory:     {"subcategory"},
	fCI:              {"cmdb_ci", "configuration item"},
	fGroup:           {"assignment_group"},
	fAssignedTo:      {"assigned_to"},
	fCaller:          {"caller_id", "caller"},
	fContactType:     {"contact_type", "channel"},
	fOpened:          {"opened_at", "opened", "sys_created_at", "created"},
	fResponded:       {"u_responded_at", "responded_at", "responded", "first response"},
	fResolved:        {"resolved_at", "resolved"},
	fClosed:          {"closed_at", "closed"},
	fUpdated:         {"sys_updated_at", "updated"},
	fModCount:        {"sys_mod_count", "updates"},
	fMadeSLA:         {"made_sla"},
	fProblem:         {"problem_id", "problem"},
	fChange:          {"rfc", "change request"},
	fCausedBy:        {"caused_by", "caused by change"},
	fReopens:         {"reopen_count"},
	fReassignments:   {"reassignment_count"},
	fProactive:       {"u_proactive", "proactive"},
	fFirstReportedBy: {"first_reported_by_task", "first reported by"},
}

// jiraHeaders: Jira Service Management's CSV export (all fields).
var jiraHeaders = [nFields][]string{
	fNumber:      {"issue key"},
	fKind:        {"issue type"},
	fTitle:       {"summary"},
	fState:       {"status"},
	fPriority:    {"priority"},
	fService:     {"custom field (affected services)", "affected services", "component/s"},
	fCategory:    {"custom field (category)", "category"},
	fGroup:       {"custom field (team)", "team"},
	fAssignedTo:  {"assignee"},
	fCaller:      {"reporter"},
	fContactType: {"custom field (request type)", "request type"},
	fOpened:      {"created"},
	fResolved:    {"resolved"},
	fUpdated:     {"updated"},
	fProblem:     {"inward issue link (problem/incident)"},
	fCausedBy:    {"inward issue link (causes)"},
}

// parsePriority reads "2 - Medium", "P1", "3", "High" or a Finnish or
// Swedish word as 1 (highest) to 5; 0 when it cannot tell.
func parsePriority(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	t := strings.TrimPrefix(strings.TrimPrefix(s, "P"), "p")
	if t != "" && t[0] >= '1' && t[0] <= '5' && (len(t) == 1 || !('0' <= t[1] && t[1] <= '9')) {
		return int(t[0] - '0')
	}
	switch w := strings.ToLower(strings.Fields(s)[0]); w {
	case "critical", "highest", "blocker", "urgent", "kriittinen", "kritisk", "akut":
		return 1
	case "high", "major", "korkea", "hög", "kiireellinen":
		return 2
	case "medium", "moderate", "normal", "normaali", "keskitaso", "medel", "tavallinen":
		return 3
	case "low", "minor", "matala", "alhainen", "låg":
		return 4
	case "lowest", "trivial", "planning", "planning-only", "lägst":
		return 5
	}
	return 0
}

// parseBool reads a yes/no value; ok is false for anything else.
func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "1", "y", "kyllä", "k", "ja", "x":
		return true, true
	case "false", "no", "0", "n", "ei", "e", "nej":
		return false, true
	}
	return false, false
}

// parseCount reads a non-negative whole number ("12", "12.0").
func parseCount(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".0")
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// kindOf maps a tool's ticket type to steerco's kind; "" when unknown.
func kindOf(s string) string {
	switch k := strings.ToLower(strings.TrimSpace(s)); {
	case k == "incident" || k == "häiriö" || k == "incident report" || strings.HasPrefix(k, "incident"):
		return store.KindIncident
	case k == "problem" || k == "ongelma" || k == "problem_task":
		return store.KindProblem
	case k == "change" || k == "change_request" || k == "change request" || k == "muutos" || k == "ändring" || strings.HasPrefix(k, "change"):
		return store.KindChange
	case k == "":
		return ""
	default:
		return store.KindRequest
	}
}

// kindFromNumber infers the kind from a ServiceNow number's prefix.
func kindFromNumber(n string) string {
	switch {
	case strings.HasPrefix(n, "INC"), strings.HasPrefix(n, "SIR"):
		return store.KindIncident
	case strings.HasPrefix(n, "PRB"):
		return store.KindProblem
	case strings.HasPrefix(n, "CHG"):
		return store.KindChange
	case strings.HasPrefix(n, "RITM"), strings.HasPrefix(n, "REQ"), strings.HasPrefix(n, "SCTASK"):
		return store.KindRequest
	}
	return ""
}

// securityWords mark a ticket as a security one when its category,
// subcategory, service or labels contain one.
var securityWords = []string{"secur", "tietoturva", "säkerhet", "sakerhet", "phishing", "malware"}

func isSecurity(texts ...string) bool {
	for _, t := range texts {
		l := strings.ToLower(t)
		for _, w := range securityWords {
			if strings.Contains(l, w) {
				return true
			}
		}
	}
	return false
}
