package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/report"
	"github.com/steerco/steerco/internal/store"
)

type rptBreach struct {
	TicketID, ExclusionID                  int64
	Number, Service, Priority              string
	Opened, Resolved, Response, Resolution string
	Tool, Exclusion, Reason, Note          string
	CanPropose, CanDecide                  bool
}

type rptNarrative struct {
	Key, Label, Text string
}

type rptAvail struct {
	Service, Name, Value string
}

type rptMonth struct {
	Month, MonthName, Status string
	Facts                    [][2]string
	Chart                    report.Chart
	Sections                 []report.Section
	Breaches                 []rptBreach
	BreachesTotal            int
	BreachesCut              bool
	Narrative                []rptNarrative
	Availability             []rptAvail
	CanWrite, CanSubmit      bool
	CanReview                bool
	Downloads                []string
	// Part is the supplier whose part of the report is shown (issue
	// #14), PartQuery its query string; Parts the parts the reader may
	// switch between.
	Part, PartName, PartQuery string
	Parts                     []rptPart
	// Failed is the breach (ticket) or exclusion whose form came back.
	FailedTicket, FailedExclusion int64
	Sent                          string
}

// rptPart links one supplier's part of the month's report.
type rptPart struct {
	Name, Href string
	Current    bool
}

// reportPart resolves the ?part= of a report request for the reader; ok
// is false when the reader may not read it (answered as not found).
func (s *Server) reportPart(r *Req) (string, bool) {
	return report.ReadPart(r.Agreement, s.actor(r), r.URL.Query().Get("part"))
}

// partQuery is the query string that keeps a part across requests.
func partQuery(part string) string {
	if part == "" {
		return ""
	}
	return "?part=" + url.QueryEscape(part)
}

// reportMonth reads the {month} of the path; ok is false when it is no
// month.
func reportMonth(r *Req) (string, bool) {
	m := r.PathValue("month")
	_, err := report.ParseMonth(m)
	return m, err == nil
}

func (s *Server) reportMonthPage(w http.ResponseWriter, r *Req) {
	s.showReportMonth(w, r, http.StatusOK, &rptMonth{}, nil)
}

func (s *Server) showReportMonth(w http.ResponseWriter, r *Req, status int, d *rptMonth, errs []FieldError) {
	month, ok := reportMonth(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	part, ok := s.reportPart(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	a, l := r.Agreement, s.rptLabels(r)
	p, err := report.Build(r.Context(), s.store, a, month, report.Options{BreachLimit: report.BreachLimit, Part: part})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Month, d.MonthName, d.Status = month, l.MonthName(month), l.Status(p.Status)
	d.Part, d.PartName, d.PartQuery = part, p.PartName, partQuery(part)
	open := p.Status == "" || p.Status == store.ReportDraft || p.Status == store.ReportDisputed
	x := s.actor(r)
	for _, pt := range report.Parts(a) {
		if report.CanRead(a, x, pt) {
			d.Parts = append(d.Parts, rptPart{Name: partyName(a, pt), Href: "/a/" + a.Slug + "/reports/" + month + partQuery(pt), Current: pt == part})
		}
	}
	wp, writes := report.WritePart(a, x)
	d.CanWrite = open && writes && wp == part
	d.CanSubmit = d.CanWrite
	d.CanReview = p.Status == store.ReportSubmitted && report.CanReview(a, x, part)
	reviewOpen := open && report.CanReview(a, x, part)
	d.Facts = append(d.Facts, [2]string{l.T("f.status"), d.Status})
	if p.Version > 0 {
		d.Facts = append(d.Facts, [2]string{l.T("f.version"), strconv.Itoa(p.Version)})
	}
	if p.Review.ForumName != "" {
		d.Facts = append(d.Facts, [2]string{l.T("f.forum"), p.Review.ForumName})
	}
	if !p.Review.SubmittedAt.IsZero() {
		d.Facts = append(d.Facts, [2]string{s.cat.T(r.Lang, "reports.f.submitted"), s.stamp(r, p.Review.SubmittedAt)})
	}
	if !p.Review.DecidedAt.IsZero() {
		d.Facts = append(d.Facts, [2]string{l.T("f.decided"), s.stamp(r, p.Review.DecidedAt) + " · " + s.actorName(r, r.Agreement, p.Review.DecidedBy)})
	}
	if p.Review.DecisionNote != "" {
		d.Facts = append(d.Facts, [2]string{l.T("f.note"), p.Review.DecisionNote})
	}
	d.Chart = report.TrendChart(l, p.ServiceLevels.Trend)
	d.Sections = report.Sections(l, p)
	// The breaches are shown with their forms below, not as a plain table.
	sl := &d.Sections[0]
	sl.Tables = slices.DeleteFunc(sl.Tables, func(t report.Table) bool { return t.Title == l.T("t.breaches") })
	d.BreachesTotal = p.ServiceLevels.BreachesTotal
	d.BreachesCut = len(p.ServiceLevels.Breaches) < p.ServiceLevels.BreachesTotal
	for _, b := range p.ServiceLevels.Breaches {
		row := rptBreach{TicketID: b.TicketID, ExclusionID: b.ExclusionID, Number: b.Number, Service: b.Service, Priority: report.Prio(b.Priority),
			Opened: l.Time(b.Opened), Resolved: l.Time(b.Resolved), Response: l.Minutes(b.ResponseMinutes), Resolution: l.Minutes(b.ResolutionMinutes),
			Exclusion: l.Exclusion(b.Exclusion), Reason: b.ExclusionReason, Note: b.ExclusionNote}
		if b.MadeSLA != nil {
			row.Tool = l.T("yesno." + strconv.FormatBool(*b.MadeSLA))
		}
		svc := a.ServiceLevels.Service(b.Service)
		own := x.Role != auth.Supplier || svc != nil && svc.Supplier == x.P.Party
		row.CanPropose = d.CanWrite && own && (b.Exclusion == "" || b.Exclusion == store.ExclusionRejected)
		row.CanDecide = reviewOpen && b.Exclusion == store.ExclusionProposed
		d.Breaches = append(d.Breaches, row)
	}
	if d.CanWrite {
		for _, k := range report.NarrativeSections {
			d.Narrative = append(d.Narrative, rptNarrative{Key: k, Label: l.T("s." + k)})
		}
		texts := map[string]string{"service_levels": p.ServiceLevels.Text, "improvements": p.Improvements.Text, "incidents": p.Incidents.Text,
			"security": p.Security.Text, "access_rights": p.Security.AccessRights, "performance": p.Performance.Text, "changes": p.Changes.Text,
			"risks": p.Risks.Text, "financial": p.Financial.Text, "projects": p.Projects.Text}
		for i := range d.Narrative {
			d.Narrative[i].Text = texts[d.Narrative[i].Key]
			if status != http.StatusOK && r.PostForm != nil {
				d.Narrative[i].Text = r.PostForm.Get("text-" + d.Narrative[i].Key)
			}
		}
		for _, av := range p.Performance.Availability {
			v := ""
			if av.Measured != nil {
				v = strconv.FormatFloat(*av.Measured, 'f', -1, 64)
			}
			if status != http.StatusOK && r.PostForm != nil {
				v = r.PostForm.Get("avail-" + av.Service)
			}
			d.Availability = append(d.Availability, rptAvail{Service: av.Service, Name: av.ServiceName, Value: v})
		}
	}
	d.Downloads = report.Formats
	pg := s.page(r, s.cat.T(r.Lang, "reports.month.title", "Month", d.MonthName), d)
	pg.Section, pg.Errors = "reports", errs
	pg.Crumbs = []Crumb{{s.cat.T(r.Lang, "reports.title"), "/a/" + a.Slug + "/reports"}}
	s.render(w, r, status, "reports_month", pg)
}

// afterReport redirects back to the month after a change, or shows the
// form's errors.
func (s *Server) afterReport(w http.ResponseWriter, r *Req, err error, flash, anchor string, d *rptMonth, rename func(string) string) {
	if errs, ok := s.fieldErrors(r.Lang, err, rename); ok {
		s.showReportMonth(w, r, http.StatusUnprocessableEntity, d, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, flash)
	month, _ := reportMonth(r)
	part, _ := s.reportPart(r)
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/reports/"+month+partQuery(part)+anchor, http.StatusSeeOther)
}

func (s *Server) saveReportNarrative(w http.ResponseWriter, r *Req) {
	month, ok := reportMonth(r)
	if !ok || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	n := report.Narrative{Texts: map[string]string{}, Availability: map[string]float64{}}
	var errs []FieldError
	for _, k := range report.NarrativeSections {
		if v := strings.TrimSpace(r.PostForm.Get("text-" + k)); v != "" {
			n.Texts[k] = v
		}
	}
	if sl := r.Agreement.ServiceLevels; sl != nil {
		for _, sv := range sl.Services {
			v := strings.TrimSpace(strings.Replace(r.PostForm.Get("avail-"+sv.Slug), ",", ".", 1))
			if v == "" {
				continue
			}
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				errs = append(errs, FieldError{"avail-" + sv.Slug, s.cat.T(r.Lang, "reports.err.availability")})
				continue
			}
			n.Availability[sv.Slug] = f
		}
	}
	if err := report.CheckWriteTarget(r.Agreement, s.actor(r), r.URL.Query().Get("part")); err != nil {
		s.fail(w, r, err) // another supplier's part: nothing is written (issue #14)
		return
	}
	if len(errs) > 0 {
		s.showReportMonth(w, r, http.StatusUnprocessableEntity, &rptMonth{}, errs)
		return
	}
	err := s.reportSvc().SaveNarrative(r.Context(), s.actor(r), r.Agreement, month, n)
	s.afterReport(w, r, err, "reports.flash.saved", "#narrative", &rptMonth{}, func(f string) string {
		if strings.HasPrefix(f, "availability.") {
			return "avail-" + strings.TrimPrefix(f, "availability.")
		}
		return "text-" + f
	})
}

func (s *Server) submitReport(w http.ResponseWriter, r *Req) {
	month, ok := reportMonth(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := report.CheckWriteTarget(r.Agreement, s.actor(r), r.URL.Query().Get("part")); err != nil {
		s.fail(w, r, err)
		return
	}
	err := s.reportSvc().Submit(r.Context(), s.actor(r), r.Agreement, month)
	s.afterReport(w, r, err, "reports.flash.submitted", "", &rptMonth{}, nil)
}

func (s *Server) decideReport(w http.ResponseWriter, r *Req) {
	month, ok := reportMonth(r)
	if !ok || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	approve := r.PostForm.Get("decision") == "approve"
	part, ok := s.reportPart(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	err := s.reportSvc().Decide(r.Context(), s.actor(r), r.Agreement, month, part, approve, r.PostForm.Get("note"))
	flash := "reports.flash.disputed"
	if approve {
		flash = "reports.flash.approved"
	}
	s.afterReport(w, r, err, flash, "", &rptMonth{Sent: r.PostForm.Get("note")}, func(string) string { return "review-note" })
}

func (s *Server) proposeExclusion(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "ticket")
	if _, okm := reportMonth(r); !ok || !okm || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	err := s.reportSvc().ProposeExclusion(r.Context(), s.actor(r), r.Agreement, id, r.PostForm.Get("reason"))
	s.afterReport(w, r, err, "reports.flash.proposed", fmt.Sprintf("#breach-%d", id), &rptMonth{FailedTicket: id, Sent: r.PostForm.Get("reason")},
		func(string) string { return fmt.Sprintf("excl-reason-%d", id) })
}

func (s *Server) decideExclusion(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "exclusion")
	if _, okm := reportMonth(r); !ok || !okm || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	accept := r.PostForm.Get("decision") == "accept"
	err := s.reportSvc().DecideExclusion(r.Context(), s.actor(r), r.Agreement, id, accept, r.PostForm.Get("note"))
	flash := "reports.flash.rejected"
	if accept {
		flash = "reports.flash.accepted"
	}
	s.afterReport(w, r, err, flash, "#breaches", &rptMonth{FailedExclusion: id, Sent: r.PostForm.Get("note")},
		func(string) string { return fmt.Sprintf("excl-note-%d", id) })
}

// downloadReport writes the pack as json, csv, xlsx or pdf in the
// agreement's language, every breach included.
func (s *Server) downloadReport(w http.ResponseWriter, r *Req) {
	month, ok := reportMonth(r)
	format := r.PathValue("format")
	part, okp := s.reportPart(r)
	if !ok || !okp || !slices.Contains(report.Formats, format) {
		s.notFound(w, r)
		return
	}
	p, err := report.Build(r.Context(), s.store, r.Agreement, month, report.Options{Part: part})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := report.Labels{Cat: s.cat, Lang: r.Agreement.Language, Loc: agreementLoc(r.Agreement)}
	var buf bytes.Buffer
	if err := report.Write(&buf, format, l, p); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", report.ContentType(format))
	name := r.Agreement.Slug + "-" + month
	if part != "" {
		name += "-" + part
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
	w.Write(buf.Bytes())
}
