package web

import (
	"net/http"
	"strconv"

	"github.com/steerco/steerco/internal/gov"
	recordsvc "github.com/steerco/steerco/internal/records"
)

// The retention page (issue 21): the customer's archivist sees the
// records whose retention has run out, disposes of them (each removal
// audited with digests only) unless a legal hold stops it, and places and
// releases legal holds. Administrators and the customer's
// representatives only (the route's ExportAgreement, and internal/records
// again).

type retentionPageView struct {
	V     *recordsvc.RetentionView
	Href  string
	Types []gov.RecordType
	Form  struct{ Type, Reason string }
}

func (s *Server) retention(w http.ResponseWriter, r *Req) {
	s.showRetention(w, r, http.StatusOK, "", "", nil)
}

func (s *Server) showRetention(w http.ResponseWriter, r *Req, status int, typ, reason string, errs []FieldError) {
	v, err := recordsvc.New(s.store).Retention(r.Context(), r.Agreement, s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &retentionPageView{V: v, Href: "/a/" + r.Agreement.Slug + "/records", Types: gov.RecordTypes}
	d.Form.Type, d.Form.Reason = typ, reason
	p := s.page(r, s.cat.T(r.Lang, "records.retention.title"), d)
	p.Errors = errs
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}, {Label: p.Title}}
	s.render(w, r, status, "records_retention", p)
}

func (s *Server) disposeRecords(w http.ResponseWriter, r *Req) {
	n, err := recordsvc.New(s.store).Dispose(r.Context(), r.Agreement, s.actor(r), gov.RecordType(r.PostFormValue("type")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("records disposed", "agreement", r.Agreement.Slug, "type", r.PostFormValue("type"), "count", n, "user_id", r.User.ID)
	s.flash(r, "records.flash.disposed")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/records", http.StatusSeeOther)
}

func (s *Server) placeHold(w http.ResponseWriter, r *Req) {
	typ, reason := r.PostFormValue("type"), r.PostFormValue("reason")
	if err := recordsvc.New(s.store).PlaceHold(r.Context(), r.Agreement, s.actor(r), typ, reason); err != nil {
		var fe []FieldError
		if e, ok := err.(*gov.Error); ok && e.Code == gov.CodeInvalid {
			for _, f := range e.Fields {
				fe = append(fe, FieldError{Field: f.Field, Msg: s.cat.T(r.Lang, f.ID)})
			}
			s.showRetention(w, r, http.StatusUnprocessableEntity, typ, reason, fe)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "records.flash.held")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/records", http.StatusSeeOther)
}

func (s *Server) releaseHold(w http.ResponseWriter, r *Req) {
	id, err := strconv.ParseInt(r.PathValue("hold"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if err := recordsvc.New(s.store).ReleaseHold(r.Context(), r.Agreement, s.actor(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "records.flash.released")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/records", http.StatusSeeOther)
}
