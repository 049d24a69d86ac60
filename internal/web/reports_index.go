package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/itsm"
	"github.com/steerco/steerco/internal/report"
	"github.com/steerco/steerco/internal/store"
)

// Service reporting (issue #8): the reports page with the month list,
// the service-level definitions, ticket imports (upload with the per-row
// report) and the month's report with its review.

// maxTicketUpload bounds an uploaded export (the UCI log is 30 MB).
const maxTicketUpload = 128 << 20

func (s *Server) reportSvc() *report.Service { return report.New(s.store, s.cat) }

// rptLabels formats the pack in the reader's language.
func (s *Server) rptLabels(r *Req) report.Labels {
	return report.Labels{Cat: s.cat, Lang: r.Lang, Loc: agreementLoc(r.Agreement)}
}

type rptMonthRow struct {
	Month, Name, Status, Href string
}

type rptTarget struct {
	Priority, Response, Resolution string
}

type rptService struct {
	Name, Supplier, Hours, Availability, Matches string
	Targets                                      []rptTarget
}

type rptImport struct {
	At, File, Source, Actor           string
	Rows, Created, Updated, Unchanged string
	Rejected                          string
}

type rptReject struct {
	Line, Column, Reason string
}

type rptIndex struct {
	Months      []rptMonthRow
	Choices     []rptMonthRow
	Services    []rptService
	PauseStates string
	Imports     []rptImport
	CanImport   bool
	// Result is the upload just made; Rejects its rejected rows.
	Result  string
	Rejects []rptReject
	// Form values kept after an error, and the choices.
	Source, Kind   string
	Sources, Kinds []string
}

func (s *Server) reports(w http.ResponseWriter, r *Req) {
	s.showReports(w, r, http.StatusOK, &rptIndex{Source: "servicenow"}, nil)
}

func (s *Server) showReports(w http.ResponseWriter, r *Req, status int, d *rptIndex, errs []FieldError) {
	a, l := r.Agreement, s.rptLabels(r)
	slug := a.Slug
	versions, err := s.store.ReportMonths(r.Context(), slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seen := map[string]bool{}
	x := s.actor(r)
	for _, v := range versions {
		// Issue 14: a part is listed to those who may read it only.
		if !report.CanRead(a, x, v.Party) {
			continue
		}
		seen[v.Month] = true
		row := rptMonthRow{Month: v.Month, Name: l.MonthName(v.Month), Status: l.Status(v.Status), Href: "/a/" + slug + "/reports/" + v.Month + partQuery(v.Party)}
		if v.Party != "" {
			row.Name += " · " + partyName(a, v.Party)
		}
		d.Months = append(d.Months, row)
	}
	now := s.cfg.Now().In(agreementLoc(a))
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i := range 13 {
		m := first.AddDate(0, -i, 0).Format("2006-01")
		if !seen[m] {
			d.Choices = append(d.Choices, rptMonthRow{Month: m, Name: l.MonthName(m), Href: "/a/" + slug + "/reports/" + m})
		}
	}
	if sl := a.ServiceLevels; sl != nil {
		d.PauseStates = strings.Join(sl.PauseStates, ", ")
		for _, sv := range sl.Services {
			rs := rptService{Name: sv.Name, Supplier: partyName(a, sv.Supplier), Hours: s.cat.T(r.Lang, "reports.hours."+sv.Hours),
				Matches: strings.Join(sv.Matches, ", ")}
			if sv.Hours == "business" {
				from, to := sv.HoursFrom, sv.HoursTo
				if from == "" {
					from = "08:00"
				}
				if to == "" {
					to = "16:00"
				}
				rs.Hours += " " + from + "–" + to
			}
			if sv.Availability > 0 {
				v := sv.Availability
				rs.Availability = l.Pct(&v)
			}
			for _, t := range sv.Targets {
				rs.Targets = append(rs.Targets, rptTarget{Priority: report.Prio(t.Priority), Response: t.Response, Resolution: t.Resolution})
			}
			d.Services = append(d.Services, rs)
		}
	}
	imports, err := s.store.TicketImports(r.Context(), slug, 10, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	own := itsm.ImportsAs(a, x.P.Party)
	for _, im := range imports {
		if own != "" && !x.P.Admin && im.Party != own {
			continue // another supplier's import (issue #14)
		}
		d.Imports = append(d.Imports, rptImport{At: s.stamp(r, im.At), File: im.FileName, Source: im.Source, Actor: strings.TrimPrefix(im.Actor, "user:"),
			Rows: l.Num(im.Rows), Created: l.Num(im.Created), Updated: l.Num(im.Updated), Unchanged: l.Num(im.Unchanged), Rejected: l.Num(im.Rejected)})
	}
	d.CanImport = auth.Allowed(r.Role, auth.ImportTickets)
	d.Sources = []string{"servicenow", "jira", "csv"}
	d.Kinds = []string{"", store.KindIncident, store.KindProblem, store.KindChange}
	p := s.page(r, s.cat.T(r.Lang, "reports.title"), d)
	p.Section, p.Errors = "reports", errs
	s.render(w, r, status, "reports", p)
}

// importTickets takes an uploaded export and imports it, showing the
// summary and every rejected row on the page.
func (s *Server) importTickets(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, maxTicketUpload)
	d := &rptIndex{Source: "servicenow"}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.showReports(w, r, http.StatusRequestEntityTooLarge, d, []FieldError{{"imp-file", s.cat.T(r.Lang, "reports.import.too_large")}})
			return
		}
		s.showReports(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"imp-file", s.cat.T(r.Lang, "reports.import.no_file")}})
		return
	}
	d.Source, d.Kind = r.FormValue("source"), r.FormValue("kind")
	src := itsm.Source{Name: d.Source, Kind: d.Kind}
	if d.Source != "servicenow" && d.Source != "jira" && d.Source != "csv" {
		s.showReports(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"imp-source", s.cat.T(r.Lang, "reports.import.bad_source")}})
		return
	}
	if d.Kind != "" && d.Kind != store.KindIncident && d.Kind != store.KindProblem && d.Kind != store.KindChange {
		s.showReports(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"imp-kind", s.cat.T(r.Lang, "reports.import.bad_kind")}})
		return
	}
	read := func(field string) (string, []byte, bool) {
		f, h, err := r.FormFile(field)
		if err != nil {
			return "", nil, false
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		return h.Filename, b, err == nil
	}
	name, data, ok := read("file")
	if !ok || len(data) == 0 {
		s.showReports(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"imp-file", s.cat.T(r.Lang, "reports.import.no_file")}})
		return
	}
	if d.Source == "csv" {
		_, m, ok := read("mapping")
		if !ok {
			s.showReports(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"imp-mapping", s.cat.T(r.Lang, "reports.import.no_mapping")}})
			return
		}
		mp, err := itsm.ParseMapping(m)
		if err != nil {
			s.showReports(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"imp-mapping", s.cat.T(r.Lang, "reports.import.bad_mapping", "Reason", err.Error())}})
			return
		}
		src.Mapping = mp
	}
	x := s.actor(r)
	supplier := ""
	if !x.P.Admin {
		supplier = itsm.ImportsAs(r.Agreement, x.P.Party) // a supplier imports into its own services only (issue #14)
	}
	res, err := itsm.Import(r.Context(), s.store, r.Agreement.Slug, bytes.NewReader(data), itsm.Options{Source: src, FileName: name,
		Actor: x.Name(), Strict: r.FormValue("strict") == "on", Supplier: supplier})
	var se *itsm.StrictError
	switch {
	case errors.As(err, &se):
		for _, rj := range se.Rejects {
			d.Rejects = append(d.Rejects, rptReject{Line: fmt.Sprint(rj.Line), Column: rj.Column, Reason: rj.Reason})
		}
		s.showReports(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"imp-file", s.cat.T(r.Lang, "reports.import.strict", "Count", len(se.Rejects))}})
		return
	case err != nil && !errors.Is(err, store.ErrNotFound):
		// A file steerco cannot read at all (no header, no number
		// column): the reason is the reader's own words.
		if !strings.HasPrefix(err.Error(), "store:") {
			s.showReports(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"imp-file", s.cat.T(r.Lang, "reports.import.unreadable", "Reason", err.Error())}})
			return
		}
		s.fail(w, r, err)
		return
	case err != nil:
		s.notFound(w, r)
		return
	}
	l := s.rptLabels(r)
	d.Result = s.cat.T(r.Lang, "reports.import.result", "Rows", l.Num(res.Rows), "Created", l.Num(res.Created), "Updated", l.Num(res.Updated),
		"Unchanged", l.Num(res.Unchanged), "Rejected", l.Num(res.Rejected))
	for _, rj := range res.Rejects {
		d.Rejects = append(d.Rejects, rptReject{Line: fmt.Sprint(rj.Line), Column: rj.Column, Reason: rj.Reason})
	}
	s.showReports(w, r, http.StatusOK, d, nil)
}
