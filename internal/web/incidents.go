package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/incident"
	"github.com/steerco/steerco/internal/store"
)

// Incident reports (issue 6): the register with its report form, and one
// report's page with its timeline, links and edit form. Who may do what
// is checked by internal/incident.

func (s *Server) incidentSvc() *incident.Service {
	svc := incident.New(s.store, s.cat)
	svc.Now = s.cfg.Now
	return svc
}

type incRow struct {
	ID                                   int64
	Href, Title, Party, Severity, Status string
	Occurred, Month, Notify, Notified    string
	Urgent                               bool
}

type incList struct {
	Rows    []incRow
	Filters []regField
	CanFile bool
	Fields  []regField
}

// reporters are the parties whose service an incident may be in.
func reporters(a *gov.Agreement) []cmpOption {
	var out []cmpOption
	for _, p := range a.Parties {
		if p.Kind == gov.KindSupplier || p.Kind == gov.KindProvider {
			out = append(out, cmpOption{p.Slug, p.Name})
		}
	}
	return out
}

func (s *Server) severityOptions(r *Req) []cmpOption {
	list, _ := incident.Severities(r.Agreement)
	var out []cmpOption
	for _, v := range list {
		out = append(out, cmpOption{v.Slug, incident.SeverityName(s.cat, r.Lang, r.Agreement, v.Slug)})
	}
	return out
}

func (s *Server) incidentStatusOptions(r *Req) []cmpOption {
	var out []cmpOption
	for _, st := range incident.Statuses {
		out = append(out, cmpOption{string(st), s.cat.T(r.Lang, "incidents.status."+string(st))})
	}
	return out
}

func (s *Server) incidentFilter(r *Req) store.IncidentFilter {
	q := r.URL.Query()
	f := store.IncidentFilter{Party: q.Get("party"), Severity: q.Get("severity"), Status: q.Get("status"), Month: q.Get("month")}
	if r.Agreement.Party(f.Party) == nil {
		f.Party = ""
	}
	if incident.SeverityOf(r.Agreement, f.Severity) == nil {
		f.Severity = ""
	}
	if !incident.ValidMonth(f.Month) {
		f.Month = ""
	}
	if !strings.Contains("open resolved closed", f.Status) {
		f.Status = ""
	}
	return f
}

// incidentFields are the report form's fields (creating) or the edit
// form's.
func (s *Server) incidentFields(r *Req, in incident.Input, errs []FieldError, creating bool) []regField {
	f := regForm{s: s, r: r, prefix: "i-", errs: errs}
	var out []regField
	if creating {
		out = append(out, f.choose("party", "incidents.field.party", in.Party, s.withChoose(r, reporters(r.Agreement))))
	}
	out = append(out,
		f.choose("severity", "incidents.field.severity", in.Severity, s.withChoose(r, s.severityOptions(r))),
		f.text("title", "incidents.field.title", in.Title),
		f.help(f.field("occurred_at", "datetime-local", "incidents.field.occurred", localInput(r, in.OccurredAt)), "incidents.help.occurred"),
		f.area("impact", "incidents.field.impact", in.Impact),
		f.area("cause", "incidents.field.cause", in.Cause),
		f.area("actions", "incidents.field.actions", in.Action),
		f.help(f.field("report_month", "month", "incidents.field.month", in.ReportMonth), "incidents.help.month"),
		f.help(f.text("matter", "incidents.field.matter", idText(in.MatterID)), "incidents.help.matter"))
	if !creating {
		out = append(out, f.choose("status", "incidents.field.status", string(in.Status), s.incidentStatusOptions(r)))
	}
	out[0].Required, out[1].Required = true, true
	return out
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// formID reads an optional id field: 0 when empty, -1 when not a number
// (which the service then refuses as no such object).
func formID(s string) int64 {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return -1
	}
	return id
}

func (s *Server) incidentInput(r *Req) incident.Input {
	p := r.PostForm
	return incident.Input{Party: p.Get("party"), Severity: p.Get("severity"), Title: p.Get("title"),
		OccurredAt: parseLocal(r, p.Get("occurred_at")), Impact: p.Get("impact"), Cause: p.Get("cause"), Action: p.Get("actions"),
		Status: incident.Status(p.Get("status")), ReportMonth: p.Get("report_month"), MatterID: formID(p.Get("matter"))}
}

func (s *Server) incidents(w http.ResponseWriter, r *Req) {
	s.showIncidents(w, r, http.StatusOK, incident.Input{}, nil)
}

func (s *Server) showIncidents(w http.ResponseWriter, r *Req, status int, in incident.Input, errs []FieldError) {
	flt := s.incidentFilter(r)
	x := s.actor(r)
	list, err := s.incidentSvc().List(r.Context(), r.Agreement, x, flt)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	all := cmpOption{"", s.cat.T(r.Lang, "complaints.filter.all")}
	ff := regForm{s: s, r: r, prefix: "f-"}
	d := &incList{CanFile: incident.MayReportAny(x), Filters: []regField{
		ff.choose("party", "incidents.field.party", flt.Party, append([]cmpOption{all}, reporters(r.Agreement)...)),
		ff.choose("severity", "incidents.field.severity", flt.Severity, append([]cmpOption{all}, s.severityOptions(r)...)),
		ff.choose("status", "incidents.field.status", flt.Status, append([]cmpOption{all}, s.incidentStatusOptions(r)...)),
		ff.field("month", "month", "incidents.field.month", flt.Month),
	}}
	if d.CanFile {
		d.Fields = s.incidentFields(r, in, errs, true)
	}
	for _, i := range list {
		row := incRow{ID: i.ID, Href: "/a/" + r.Agreement.Slug + "/incidents/" + strconv.FormatInt(i.ID, 10), Title: i.Title,
			Party: partyName(r.Agreement, i.Party), Severity: incident.SeverityName(s.cat, r.Lang, r.Agreement, i.Severity),
			Status: s.cat.T(r.Lang, "incidents.status."+i.Status), Occurred: s.stamp(r, i.OccurredAt), Month: i.ReportMonth,
			Notify: s.cat.T(r.Lang, "incidents.notify."+i.Notify), Urgent: i.Notify == incident.Immediately}
		if i.NotifiedAt != nil {
			row.Notified = s.stamp(r, *i.NotifiedAt)
		}
		d.Rows = append(d.Rows, row)
	}
	p := s.page(r, s.cat.T(r.Lang, "incidents.title"), d)
	p.Section, p.Errors = "incidents", errs
	s.render(w, r, status, "incidents", p)
}

func (s *Server) reportIncident(w http.ResponseWriter, r *Req) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	in := s.incidentInput(r)
	i, err := s.incidentSvc().Report(r.Context(), r.Agreement, s.actor(r), in)
	if errs, ok := s.fieldErrors(r.Lang, err, regForm{prefix: "i-"}.rename); ok {
		s.showIncidents(w, r, http.StatusUnprocessableEntity, in, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "incidents.flash.reported")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/incidents/"+strconv.FormatInt(i.ID, 10), http.StatusSeeOther)
}

type incPage struct {
	V                               *incident.View
	Party, Severity, Status, Notify string
	Occurred, Notified, Reporter    string
	Matter                          string
	Events                          []cmpEvent
	CanEdit                         bool
	Fields, EventFields             []regField
}

func incidentID(r *Req) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("incident"), 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) incidentPage(w http.ResponseWriter, r *Req) {
	s.showIncident(w, r, http.StatusOK, nil, nil, "", nil)
}

// showIncident draws a report's page; edit and event carry the forms'
// values back when they came back with errors.
func (s *Server) showIncident(w http.ResponseWriter, r *Req, status int, edit *incident.Input, errs []FieldError, note string, at *string) {
	id, ok := incidentID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	x := s.actor(r)
	v, err := s.incidentSvc().Get(r.Context(), r.Agreement, x, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := r.Agreement
	d := &incPage{V: v, Party: partyName(a, v.Party), Severity: incident.SeverityName(s.cat, r.Lang, a, v.Severity),
		Status: s.cat.T(r.Lang, "incidents.status."+v.Status), Notify: s.cat.T(r.Lang, "incidents.notify."+v.Notify),
		Occurred: s.stamp(r, v.OccurredAt), Reporter: s.actorName(r, a, v.ReportedBy), CanEdit: incident.MayEdit(x, a, v.Party)}
	if v.NotifiedAt != nil {
		d.Notified = s.stamp(r, *v.NotifiedAt)
	}
	if v.MatterID != 0 {
		d.Matter = s.cat.T(r.Lang, "incidents.matter", "ID", v.MatterID)
	}
	for _, e := range v.Events {
		d.Events = append(d.Events, cmpEvent{At: s.stamp(r, e.At), Actor: strings.TrimPrefix(e.Actor, "user:"), Note: e.Note})
	}
	if d.CanEdit {
		in := incident.Input{Severity: v.Severity, Title: v.Title, OccurredAt: v.OccurredAt, Impact: v.Impact, Cause: v.Cause,
			Action: v.Action, Status: incident.Status(v.Status), ReportMonth: v.ReportMonth, MatterID: v.MatterID}
		if edit != nil {
			in = *edit
		}
		d.Fields = s.incidentFields(r, in, errs, false)
		f := regForm{s: s, r: r, prefix: "e-", errs: errs}
		when := localInput(r, s.cfg.Now())
		if at != nil {
			when = *at
		}
		d.EventFields = []regField{f.field("at", "datetime-local", "incidents.field.at", when), f.area("note", "incidents.field.note", note)}
		d.EventFields[1].Rows, d.EventFields[1].Required = 2, true
	}
	p := s.page(r, s.cat.T(r.Lang, "incidents.page.title", "ID", v.ID, "Title", v.Title), d)
	p.Section, p.Errors = "incidents", errs
	p.Crumbs = []Crumb{{s.cat.T(r.Lang, "incidents.title"), "/a/" + a.Slug + "/incidents"}}
	s.render(w, r, status, "incident", p)
}

func (s *Server) updateIncident(w http.ResponseWriter, r *Req) {
	id, ok := incidentID(r)
	if !ok || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	in := s.incidentInput(r)
	_, err := s.incidentSvc().Update(r.Context(), r.Agreement, s.actor(r), id, in)
	if errs, ok := s.fieldErrors(r.Lang, err, regForm{prefix: "i-"}.rename); ok {
		s.showIncident(w, r, http.StatusUnprocessableEntity, &in, errs, "", nil)
		return
	}
	s.afterIncident(w, r, err, "incidents.flash.updated")
}

func (s *Server) incidentEvent(w http.ResponseWriter, r *Req) {
	id, ok := incidentID(r)
	if !ok || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	at, note := r.PostForm.Get("at"), r.PostForm.Get("note")
	_, err := s.incidentSvc().AddEvent(r.Context(), r.Agreement, s.actor(r), id, parseLocal(r, at), note)
	if errs, ok := s.fieldErrors(r.Lang, err, regForm{prefix: "e-"}.rename); ok {
		s.showIncident(w, r, http.StatusUnprocessableEntity, nil, errs, note, &at)
		return
	}
	s.afterIncident(w, r, err, "incidents.flash.event")
}

func (s *Server) afterIncident(w http.ResponseWriter, r *Req, err error, flash string) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, flash)
	id, _ := incidentID(r)
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/incidents/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
