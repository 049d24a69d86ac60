package web

import (
	"errors"
	"net/http"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/timesheet"
)

type tsImportRow struct {
	Line           int
	Column, Reason string
}

type tsImportData struct {
	Supplier   string
	Suppliers  []mtgOption
	Strict     bool
	Done       bool
	Rows       int
	Imported   int
	Errors     []tsImportRow
	StrictNone bool
	Back       string
}

// importTimeForm shows the CSV import form to the suppliers' people.
func (s *Server) importTimeForm(w http.ResponseWriter, r *Req) {
	s.showImport(w, r, http.StatusOK, &tsImportData{}, nil)
}

func (s *Server) showImport(w http.ResponseWriter, r *Req, status int, d *tsImportData, errs []FieldError) {
	a := r.Agreement
	x := s.actor(r)
	for _, p := range timesheet.Suppliers(a) {
		if timesheet.MayEnter(a, x, p.Slug) {
			d.Suppliers = append(d.Suppliers, mtgOption{p.Slug, p.Name})
		}
	}
	if len(d.Suppliers) == 0 {
		s.noSupplier(w, r, "time.import.title", "time")
		return
	}
	if d.Supplier == "" {
		d.Supplier = d.Suppliers[0].Value
	}
	d.Back = "/a/" + a.Slug + "/time?supplier=" + d.Supplier
	p := s.page(r, s.cat.T(r.Lang, "time.import.title"), d)
	p.Section, p.Errors = "time", errs
	p.Crumbs = []Crumb{{a.Name, "/a/" + a.Slug}, {s.cat.T(r.Lang, "time.title"), "/a/" + a.Slug + "/time"}}
	s.render(w, r, status, "time_import", p)
}

// importTime imports an uploaded CSV and shows the per-row report.
func (s *Server) importTime(w http.ResponseWriter, r *Req) {
	d := &tsImportData{}
	r.Body = http.MaxBytesReader(w, r.Body, timesheet.MaxImportBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.showImport(w, r, http.StatusRequestEntityTooLarge, d, []FieldError{{"file", s.cat.T(r.Lang, "time.import.large")}})
			return
		}
		s.showImport(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"file", s.cat.T(r.Lang, "time.import.nofile")}})
		return
	}
	d.Supplier, d.Strict = r.PostFormValue("supplier"), r.PostFormValue("strict") == "1"
	file, _, err := r.FormFile("file")
	if err != nil {
		s.showImport(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"file", s.cat.T(r.Lang, "time.import.nofile")}})
		return
	}
	defer file.Close()
	res, err := s.timeSvc().Import(r.Context(), r.Agreement, s.actor(r), d.Supplier, file, d.Strict)
	if err != nil {
		var e *gov.Error
		if errors.As(err, &e) && e.Code != gov.CodeForbidden && e.Code != gov.CodeNotFound {
			s.showImport(w, r, http.StatusUnprocessableEntity, d, []FieldError{{"file", s.errorText(r.Lang, e)}})
			return
		}
		s.fail(w, r, err)
		return
	}
	d.Done, d.Rows, d.Imported, d.StrictNone = true, res.Rows, res.Imported, res.Strict
	for _, re := range res.Errors {
		d.Errors = append(d.Errors, tsImportRow{Line: re.Line, Column: re.Column, Reason: s.govText(r.Lang, re.ID, re.Args, re.Message)})
	}
	status := http.StatusOK
	if len(d.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.showImport(w, r, status, d, nil)
}
