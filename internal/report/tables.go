package report

import "fmt"

// Table is one table of the pack as text, the common ground of the CSV,
// XLSX and PDF renderings.
type Table struct {
	// Section is the heading it belongs under; Title names the table.
	Section, Title string
	Head           []string
	Rows           [][]string
}

// Section is one section of the pack: its heading, the supplier's text
// and its tables.
type Section struct {
	Key, Title, Text string
	Facts            [][2]string
	Tables           []Table
}

// Sections lays the pack out in report order, translated by l.
func Sections(l Labels, p *Pack) []Section {
	sl := p.ServiceLevels
	slaHead := []string{l.T("c.service"), l.T("c.priority"), l.T("c.target_response"), l.T("c.target_resolution"), l.T("c.measured"),
		l.T("c.breached"), l.T("c.excluded"), l.T("c.attainment"), l.T("c.attainment_after"), l.T("c.tool_attainment"), l.T("c.mean_resolution")}
	var slaRows [][]string
	for _, r := range append(append([]SLARow{}, sl.Rows...), sl.Total) {
		name, prio := r.ServiceName, Prio(r.Priority)
		if r.Service == "" {
			name, prio = l.T("c.total"), ""
		}
		slaRows = append(slaRows, []string{name, prio, r.Response, r.Resolution, l.Num(r.Measured), l.Num(r.Breached), l.Num(r.Excluded),
			l.Pct(r.Attainment), l.Pct(r.AttainmentAfter), l.Pct(r.ToolAttainment), l.MeanMinutes(r.MeanResolutionMinutes)})
	}
	var breachRows [][]string
	for _, b := range sl.Breaches {
		tool := ""
		if b.MadeSLA != nil {
			tool = l.T("yesno." + fmt.Sprint(*b.MadeSLA))
		}
		breachRows = append(breachRows, []string{b.Number, b.Service, Prio(b.Priority), l.Time(b.Opened), l.Time(b.Resolved),
			l.Minutes(b.ResponseMinutes), l.Minutes(b.ResolutionMinutes), tool, l.Exclusion(b.Exclusion), b.ExclusionReason})
	}
	var trendRows [][]string
	for _, m := range sl.Trend {
		trendRows = append(trendRows, []string{m.Month, l.Num(m.Measured), l.Num(m.Breached), l.Num(m.Excluded), l.Pct(m.Attainment),
			l.Pct(m.AttainmentAfter), l.Pct(m.ToolAttainment)})
	}
	in := p.Incidents
	var kindRows [][]string
	for _, m := range in.Trend {
		kindRows = append(kindRows, []string{m.Month, l.Num(m.IncidentsOpened), l.Num(m.IncidentsResolved), l.Num(m.ProblemsOpened),
			l.Num(m.ProblemsResolved)})
	}
	var freq [][]string
	for _, c := range in.Frequent {
		freq = append(freq, []string{c.Category, l.Num(c.Opened)})
	}
	var high [][]string
	for _, t := range in.HighPriorityList {
		high = append(high, []string{t.Number, Prio(t.Priority), t.Service, t.Category, t.State, l.Time(t.Opened), l.Time(t.Resolved), t.Problem})
	}
	var secRows, chgRows [][]string
	for _, m := range in.Trend {
		secRows = append(secRows, []string{m.Month, l.Num(m.Security)})
		chgRows = append(chgRows, []string{m.Month, l.Num(m.ChangesOpened), l.Num(m.ChangesClosed), l.Num(m.CausedByChange)})
	}
	var avail [][]string
	for _, a := range p.Performance.Availability {
		target := "–"
		if a.Target > 0 {
			v := a.Target
			target = l.Pct(&v)
		}
		met := ""
		if a.Met != nil {
			met = l.T("yesno." + fmt.Sprint(*a.Met))
		}
		avail = append(avail, []string{a.ServiceName, target, l.Pct(a.Measured), met})
	}
	var risks [][]string
	for _, r := range p.Risks.Items {
		risks = append(risks, []string{r.Title, fmt.Sprint(r.Probability), fmt.Sprint(r.Impact), r.Status, r.Actions})
	}
	var money [][]string
	for _, st := range []string{"proposed", "approved", "disputed"} {
		if n, ok := p.Financial.Sanctions[st]; ok {
			money = append(money, []string{l.T("sanction." + st), l.Money(n, p.Financial.Currency)})
		}
	}
	sec := func(key string) string { return l.T("s." + key) }
	return []Section{
		{Key: "service_levels", Title: sec("service_levels"), Text: sl.Text, Facts: [][2]string{
			{l.T("c.attainment"), l.Pct(sl.Total.Attainment)}, {l.T("c.attainment_after"), l.Pct(sl.Total.AttainmentAfter)},
			{l.T("c.tool_attainment"), l.Pct(sl.Total.ToolAttainment)}, {l.T("c.breaches_total"), l.Num(sl.BreachesTotal)}},
			Tables: []Table{
				{Title: l.T("t.sla"), Head: slaHead, Rows: slaRows},
				{Title: l.T("t.breaches"), Head: []string{l.T("c.number"), l.T("c.service"), l.T("c.priority"), l.T("c.opened"), l.T("c.resolved_at"),
					l.T("c.response"), l.T("c.resolution"), l.T("c.tool_made_sla"), l.T("c.exclusion"), l.T("c.reason")}, Rows: breachRows},
				{Title: l.T("t.sla_trend"), Head: []string{l.T("c.month"), l.T("c.measured"), l.T("c.breached"), l.T("c.excluded"), l.T("c.attainment"),
					l.T("c.attainment_after"), l.T("c.tool_attainment")}, Rows: trendRows},
			}},
		{Key: "improvements", Title: sec("improvements"), Text: p.Improvements.Text},
		{Key: "incidents", Title: sec("incidents"), Text: in.Text, Facts: [][2]string{
			{l.T("c.incidents_opened"), l.Num(in.IncidentsOpened)}, {l.T("c.incidents_resolved"), l.Num(in.IncidentsResolved)},
			{l.T("c.high_priority"), l.Num(in.HighPriority)}, {l.T("c.with_problem"), l.Num(in.WithProblem)},
			{l.T("c.problems_opened"), l.Num(in.ProblemsOpened)}, {l.T("c.problems_resolved"), l.Num(in.ProblemsResolved)},
			{l.T("c.proactive_share"), l.Pct(in.ProactiveShare)}},
			Tables: []Table{
				{Title: l.T("t.frequent"), Head: []string{l.T("c.category"), l.T("c.incidents_opened")}, Rows: freq},
				{Title: l.T("t.high_priority"), Head: []string{l.T("c.number"), l.T("c.priority"), l.T("c.service"), l.T("c.category"), l.T("c.state"),
					l.T("c.opened"), l.T("c.resolved_at"), l.T("c.problem")}, Rows: high},
				{Title: l.T("t.incident_trend"), Head: []string{l.T("c.month"), l.T("c.incidents_opened"), l.T("c.incidents_resolved"),
					l.T("c.problems_opened"), l.T("c.problems_resolved")}, Rows: kindRows},
			}},
		{Key: "security", Title: sec("security"), Text: p.Security.Text, Facts: [][2]string{{l.T("c.security"), l.Num(p.Security.SecurityOpened)},
			{l.T("c.access_rights"), p.Security.AccessRights}},
			Tables: []Table{{Title: l.T("t.security_trend"), Head: []string{l.T("c.month"), l.T("c.security")}, Rows: secRows}}},
		{Key: "performance", Title: sec("performance"), Text: p.Performance.Text,
			Tables: []Table{{Title: l.T("t.availability"), Head: []string{l.T("c.service"), l.T("c.availability_target"), l.T("c.availability_measured"),
				l.T("c.met")}, Rows: avail}}},
		{Key: "changes", Title: sec("changes"), Text: p.Changes.Text, Facts: [][2]string{{l.T("c.changes_opened"), l.Num(p.Changes.Opened)},
			{l.T("c.changes_closed"), l.Num(p.Changes.Closed)}, {l.T("c.incidents_from_changes"), l.Num(p.Changes.IncidentsFromChanges)},
			{l.T("c.problems_from_changes"), l.Num(p.Changes.ProblemsFromChanges)}},
			Tables: []Table{{Title: l.T("t.change_trend"), Head: []string{l.T("c.month"), l.T("c.changes_opened"), l.T("c.changes_closed"),
				l.T("c.incidents_from_changes")}, Rows: chgRows}}},
		{Key: "risks", Title: sec("risks"), Text: p.Risks.Text,
			Tables: []Table{{Title: l.T("t.risks"), Head: []string{l.T("c.title"), l.T("c.probability"), l.T("c.impact"), l.T("c.status"),
				l.T("c.actions")}, Rows: risks}}},
		{Key: "financial", Title: sec("financial"), Text: p.Financial.Text,
			Tables: []Table{{Title: l.T("t.sanctions"), Head: []string{l.T("c.status"), l.T("c.amount")}, Rows: money}}},
		{Key: "projects", Title: sec("projects"), Text: p.Projects.Text},
	}
}
