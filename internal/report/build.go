package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// BreachLimit is how many breaches the web page lists; exports list all.
const BreachLimit = 500

// Options of a build.
type Options struct {
	// BreachLimit caps the breaches listed (0 = all).
	BreachLimit int
	// Live computes the data sections even when the month's latest
	// version is submitted and has them frozen.
	Live bool
	// Part is the supplier whose part of the report is built (issue
	// #14): its own services' figures and texts, and the sections the
	// model shares; "" for the whole report.
	Part string
}

// ParseMonth checks a YYYY-MM month.
func ParseMonth(s string) (time.Time, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return t, fmt.Errorf("%q is not a month; write YYYY-MM", s)
	}
	return t, nil
}

// InPeriod refuses a month outside the agreement's period: the contract
// owes no report for it (issue #15).
func InPeriod(a *gov.Agreement, month string) error {
	// Whatever the period (an open-ended one contains 0000-01 and
	// 9999-12), a report is of a month that has begun, in this century.
	// UTC+14 is the earliest any zone reaches a new month.
	if month < "2000-01" || month > time.Now().UTC().Add(14*time.Hour).Format("2006-01") {
		return &gov.Error{Code: gov.CodeInvalid, ID: "hardening.report.month", Args: []any{"Month", month},
			Message: fmt.Sprintf("%s is not a month a report can be written for: give a month from 2000-01 to the current one", month)}
	}
	if a.Period.ContainsMonth(month) {
		return nil
	}
	return &gov.Error{Code: gov.CodeNotFound, ID: "period.report.outside", Args: []any{"Month", month, "Period", a.Period.String()},
		Message: fmt.Sprintf("%s is outside the agreement's period %s: there is no report for it", month, a.Period)}
}

// trendMonths are the 12 months ending with month.
func trendMonths(month time.Time) []string {
	out := make([]string, 12)
	for i := range out {
		out[i] = month.AddDate(0, i-11, 0).Format("2006-01")
	}
	return out
}

// Build computes agreement a's pack for month (YYYY-MM). When the month's
// latest version is submitted or approved, its frozen data is returned
// (unless opt.Live), so a decided report reads the same after later
// imports; a draft or a disputed version is computed afresh.
func Build(ctx context.Context, st *store.Store, a *gov.Agreement, month string, opt Options) (*Pack, error) {
	m, err := ParseMonth(month)
	if err != nil {
		return nil, &gov.Error{Code: gov.CodeInvalid, Message: err.Error(), ID: "reports.err.month"}
	}
	if err := InPeriod(a, month); err != nil {
		return nil, err
	}
	var ver store.ReportVersion
	var aid int64
	var risks []store.RiskRow
	var sanctions map[string]int64
	var witnessEntry int64
	var witnessHead string
	err = st.ReadTx(ctx, func(tx *store.Tx) error {
		if aid, err = tx.AgreementID(ctx, a.Slug); err != nil {
			return err
		}
		if ver, err = tx.LatestReport(ctx, aid, month, opt.Part); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if risks, err = tx.OpenRisks(ctx, aid); err != nil {
			return err
		}
		if sanctions, err = tx.MonthSanctions(ctx, aid, month, opt.Part); err != nil {
			return err
		}
		if ver.Status == store.ReportApproved {
			witnessEntry, witnessHead, err = tx.AuditWitness(ctx, "report.approve", "monthly_report", month, aid)
			if errors.Is(err, store.ErrNotFound) {
				err = nil // approved before the audit trail recorded it
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if ver.Data != "" && !opt.Live && (ver.Status == store.ReportSubmitted || ver.Status == store.ReportApproved) {
		var p Pack
		if err := json.Unmarshal([]byte(ver.Data), &p); err != nil {
			return nil, fmt.Errorf("report %s version %d: %w", month, ver.Version, err)
		}
		p.Version, p.Status = ver.Version, ver.Status
		p.Review = review(a, ver, opt.Part)
		p.Review.AuditEntry, p.Review.AuditHead = witnessEntry, witnessHead
		return &p, nil
	}
	narr, err := ParseNarrative(ver.Narrative)
	if err != nil {
		return nil, err
	}
	p := &Pack{Agreement: a.Slug, Name: a.Name, Language: a.Language, Month: month, TrendMonths: trendMonths(m),
		GeneratedAt: time.Now().UTC().Truncate(time.Second), Version: ver.Version, Status: ver.Status, Review: review(a, ver, opt.Part),
		Part: opt.Part}
	if pp := a.Party(opt.Part); pp != nil {
		p.PartName = pp.Name
	}
	text := func(k string) string { return narr.Texts[k] }
	all, err := st.TicketMonths(ctx, a.Slug, p.TrendMonths[0], month)
	if err != nil {
		return nil, err
	}
	allExcl, err := st.AcceptedExclusions(ctx, a.Slug, p.TrendMonths[0], month)
	if err != nil {
		return nil, err
	}
	// A part counts its own services only, except in the sections the
	// model shares with every supplier.
	months := slices.DeleteFunc(slices.Clone(all), func(r store.MonthRow) bool { return !inPart(a, opt.Part, r.Service) })
	excl := slices.DeleteFunc(allExcl, func(e store.ExcludedCount) bool { return !inPart(a, opt.Part, e.Service) })
	if err := p.serviceLevels(ctx, st, a, months, excl, opt); err != nil {
		return nil, err
	}
	p.ServiceLevels.Text = text("service_levels")
	// Shared incident figures are counts over every service; the lists
	// of tickets stay the part's own.
	incidentRows := months
	if opt.Part != "" && shared(a, SharedIncidents) {
		incidentRows = all
	}
	if err := p.incidents(ctx, st, a, opt.Part, incidentRows); err != nil {
		return nil, err
	}
	p.Incidents.Text = text("incidents")
	p.Improvements.Text, p.Projects.Text = text("improvements"), text("projects")
	p.Security = Security{Text: text("security"), AccessRights: text("access_rights"), Trend: p.Incidents.Trend}
	p.Security.SecurityOpened = p.Incidents.Trend[11].Security
	p.Changes = Changes{Text: text("changes"), Trend: p.Incidents.Trend, Opened: p.Incidents.Trend[11].ChangesOpened, Closed: p.Incidents.Trend[11].ChangesClosed}
	for _, r := range incidentRows {
		if r.Month == month && r.Kind == store.KindIncident {
			p.Changes.IncidentsFromChanges += r.N("caused_by_change")
		}
		if r.Month == month && r.Kind == store.KindProblem {
			p.Changes.ProblemsFromChanges += r.N("caused_by_change")
		}
	}
	p.Performance = Performance{Text: text("performance")}
	if a.ServiceLevels != nil {
		for _, s := range a.ServiceLevels.Services {
			if !inPart(a, opt.Part, s.Slug) {
				continue
			}
			av := Availability{Service: s.Slug, ServiceName: s.Name, Target: s.Availability}
			if v, ok := narr.Availability[s.Slug]; ok {
				av.Measured = &v
				if s.Availability > 0 {
					met := v >= s.Availability
					av.Met = &met
				}
			}
			p.Performance.Availability = append(p.Performance.Availability, av)
		}
	}
	p.Risks = Risks{Text: text("risks"), Items: []Risk{}}
	if opt.Part != "" && !shared(a, SharedRisks) {
		risks = nil // the agreement's register is not a supplier's own
	}
	for _, r := range risks {
		p.Risks.Items = append(p.Risks.Items, Risk{Title: r.Title, Probability: r.Probability, Impact: r.Impact, Status: r.Status, Actions: r.Actions})
	}
	p.Financial = Financial{Text: text("financial"), Currency: a.Currency, Sanctions: sanctions}
	return p, nil
}

// review names the reviewing forum of part and the version's decision.
func review(a *gov.Agreement, v store.ReportVersion, part string) Review {
	r := Review{SubmittedBy: v.SubmittedBy, SubmittedAt: v.SubmittedAt, DecidedBy: v.DecidedBy, DecidedAt: v.DecidedAt, DecisionNote: v.DecisionNote}
	if f := reviewForum(a, part); f != nil {
		r.Forum, r.ForumName = f.Slug, f.Name
	}
	return r
}

// ReviewForum is the forum that reviews the monthly report: the model's
// monthly report rule's reviewed_in, else none.
func ReviewForum(a *gov.Agreement) *gov.Forum {
	for _, r := range a.Reports {
		if r.Frequency == "monthly" && r.ReviewedIn != "" {
			return a.Forum(r.ReviewedIn)
		}
	}
	return nil
}

// slaKinds are the kinds measured against the targets.
func slaKind(k string) bool { return k == store.KindIncident || k == store.KindRequest }

func (p *Pack) serviceLevels(ctx context.Context, st *store.Store, a *gov.Agreement, months []store.MonthRow, excl []store.ExcludedCount, opt Options) error {
	sl := &p.ServiceLevels
	type key struct {
		service  string
		priority int
	}
	rows := map[key]*SLARow{}
	if a.ServiceLevels != nil {
		for _, s := range a.ServiceLevels.Services {
			if !inPart(a, opt.Part, s.Slug) {
				continue
			}
			for _, t := range s.Targets {
				r := &SLARow{Service: s.Slug, ServiceName: s.Name, Supplier: s.Supplier, Priority: t.Priority, Response: t.Response, Resolution: t.Resolution}
				rows[key{s.Slug, t.Priority}] = r
			}
		}
	}
	trend := map[string]*SLAMonth{}
	for _, m := range p.TrendMonths {
		trend[m] = &SLAMonth{Month: m}
	}
	minutes := map[key]int{}
	for _, r := range months {
		if !slaKind(r.Kind) {
			continue
		}
		t := trend[r.Month]
		t.Measured += r.N("measured")
		t.Breached += r.N("breached")
		if r.Month != p.Month {
			continue
		}
		x := rows[key{r.Service, r.Priority}]
		if x == nil {
			continue // no target: counted in incidents, not in attainment
		}
		x.Resolved += r.N("resolved")
		x.Measured += r.N("measured")
		x.Breached += r.N("breached")
		x.ToolMeasured += r.N("tool_measured")
		x.ToolBreached += r.N("tool_breached")
		minutes[key{r.Service, r.Priority}] += r.N("resolution_minutes")
	}
	toolTrend := map[string][2]int{}
	for _, r := range months {
		if slaKind(r.Kind) {
			v := toolTrend[r.Month]
			toolTrend[r.Month] = [2]int{v[0] + r.N("tool_measured"), v[1] + r.N("tool_breached")}
		}
	}
	for _, e := range excl {
		if t := trend[e.Month]; t != nil {
			t.Excluded += e.Excluded
		}
		if e.Month == p.Month {
			if x := rows[key{e.Service, e.Priority}]; x != nil {
				x.Excluded += e.Excluded
			}
		}
	}
	var total SLARow
	totalMinutes := 0
	if a.ServiceLevels != nil {
		for _, s := range a.ServiceLevels.Services {
			if !inPart(a, opt.Part, s.Slug) {
				continue
			}
			for _, t := range s.Targets {
				k := key{s.Slug, t.Priority}
				x := rows[k]
				x.Attainment = pct(x.Measured-x.Breached, x.Measured)
				x.AttainmentAfter = pct(x.Measured-x.Breached+x.Excluded, x.Measured)
				x.ToolAttainment = pct(x.ToolMeasured-x.ToolBreached, x.ToolMeasured)
				if x.Measured > 0 {
					v := float64(minutes[k]) / float64(x.Measured)
					x.MeanResolutionMinutes = &v
				}
				sl.Rows = append(sl.Rows, *x)
				total.Resolved += x.Resolved
				total.Measured += x.Measured
				total.Breached += x.Breached
				total.Excluded += x.Excluded
				total.ToolMeasured += x.ToolMeasured
				total.ToolBreached += x.ToolBreached
				totalMinutes += minutes[k]
			}
		}
	}
	total.Attainment = pct(total.Measured-total.Breached, total.Measured)
	total.AttainmentAfter = pct(total.Measured-total.Breached+total.Excluded, total.Measured)
	total.ToolAttainment = pct(total.ToolMeasured-total.ToolBreached, total.ToolMeasured)
	if total.Measured > 0 {
		v := float64(totalMinutes) / float64(total.Measured)
		total.MeanResolutionMinutes = &v
	}
	sl.Total = total
	for _, m := range p.TrendMonths {
		t := trend[m]
		t.Attainment = pct(t.Measured-t.Breached, t.Measured)
		t.AttainmentAfter = pct(t.Measured-t.Breached+t.Excluded, t.Measured)
		tt := toolTrend[m]
		t.ToolAttainment = pct(tt[0]-tt[1], tt[0])
		sl.Trend = append(sl.Trend, *t)
	}
	sl.BreachesTotal = trend[p.Month].Breached
	limit := opt.BreachLimit
	if opt.Part != "" {
		limit = 0 // read all, keep the part's, cap below
	}
	breaches, err := st.Breaches(ctx, a.Slug, p.Month, limit)
	if err != nil {
		return err
	}
	sl.Breaches = []Breach{}
	for _, b := range breaches {
		if !inPart(a, opt.Part, b.Service) {
			continue
		}
		if opt.BreachLimit > 0 && len(sl.Breaches) >= opt.BreachLimit {
			break
		}
		br := Breach{TicketID: b.ID, Number: b.Number, Service: b.Service, Priority: b.Priority, Title: b.Title, Opened: b.Opened,
			Resolved: b.Resolved, ResponseMinutes: b.ResponseMinutes, ResolutionMinutes: b.ResolutionMinutes,
			ResponseBreached: b.ResponseBreached, ResolutionBreached: b.ResolutionBreached, MadeSLA: b.MadeSLA}
		if br.Resolved.IsZero() {
			br.Resolved = b.Closed
		}
		if e := b.Exclusion; e != nil {
			br.Exclusion, br.ExclusionID, br.ExclusionReason, br.ExclusionNote = e.Status, e.ID, e.Reason, e.DecisionNote
		}
		sl.Breaches = append(sl.Breaches, br)
	}
	return nil
}

func (p *Pack) incidents(ctx context.Context, st *store.Store, a *gov.Agreement, part string, months []store.MonthRow) error {
	slug := a.Slug
	in := &p.Incidents
	trend := map[string]*KindMonth{}
	for _, m := range p.TrendMonths {
		trend[m] = &KindMonth{Month: m}
	}
	for _, r := range months {
		t := trend[r.Month]
		switch r.Kind {
		case store.KindIncident:
			t.IncidentsOpened += r.N("opened")
			t.IncidentsResolved += r.N("resolved")
			t.CausedByChange += r.N("caused_by_change")
		case store.KindProblem:
			t.ProblemsOpened += r.N("opened")
			t.ProblemsResolved += r.N("resolved")
		case store.KindChange:
			t.ChangesOpened += r.N("opened")
			t.ChangesClosed += r.N("resolved")
		}
		t.Security += r.N("security")
		if r.Month != p.Month {
			continue
		}
		switch r.Kind {
		case store.KindIncident:
			if store.HighPriority(r.Priority) {
				in.HighPriority += r.N("opened")
			}
			in.WithProblem += r.N("with_problem")
			in.Reopened += r.N("reopened")
		case store.KindProblem:
			in.ProactiveProblems += r.N("proactive")
		}
	}
	for _, m := range p.TrendMonths {
		in.Trend = append(in.Trend, *trend[m])
	}
	cur := trend[p.Month]
	in.IncidentsOpened, in.IncidentsResolved = cur.IncidentsOpened, cur.IncidentsResolved
	in.ProblemsOpened, in.ProblemsResolved = cur.ProblemsOpened, cur.ProblemsResolved
	in.ProactiveShare = pct(in.ProactiveProblems, in.ProblemsOpened)
	cats, err := st.TopCategories(ctx, slug, p.Month, 5)
	if err != nil {
		return err
	}
	if part != "" {
		cats = nil // categories are counted over every service
	}
	in.Frequent = []CategoryCount{}
	for _, c := range cats {
		if c.Kind == store.KindIncident {
			in.Frequent = append(in.Frequent, CategoryCount{Category: c.Category, Opened: c.Opened})
		}
	}
	limit := 20
	if part != "" {
		limit = 500 // read more, keep the part's 20
	}
	high, err := st.HighPriorityOpened(ctx, slug, p.Month, limit)
	if err != nil {
		return err
	}
	in.HighPriorityList = []Ticket{}
	for _, h := range high {
		if !inPart(a, part, h.Service) {
			continue
		}
		if len(in.HighPriorityList) >= 20 {
			break
		}
		in.HighPriorityList = append(in.HighPriorityList, Ticket{Number: h.Number, Priority: h.Priority, Service: h.Service, Title: h.Title,
			Category: h.Category, State: h.State, Opened: h.Opened, Resolved: h.Resolved, Problem: h.ProblemRef})
	}
	return nil
}
