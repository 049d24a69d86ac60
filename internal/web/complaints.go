package web

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/csvsafe"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// Complaints (issue 6): the register with its filing form, one
// complaint's page with the steps its reader may take, and the CSV
// export. Who may do what is checked by internal/complaint.

func (s *Server) complaintSvc() *complaint.Service {
	svc := complaint.New(s.store)
	svc.Now = s.cfg.Now
	return svc
}

// cmpOption is one choice of a select.
type cmpOption struct{ Value, Label string }

// cmpDue is a deadline as the page shows it.
type cmpDue struct {
	Date, Note, Class string
}

// cmpRow is one complaint in the register.
type cmpRow struct {
	ID                    int64
	Href, Title, Supplier string
	Status, Received      string
	Ack, Respond          cmpDue
	Sanction              bool
}

type cmpList struct {
	Rows                []cmpRow
	Supplier, Status    string
	Suppliers, Statuses []cmpOption
	// Sellers are the parties the user's organisation buys from: the
	// ones it may file a complaint against (issue #14).
	Sellers []cmpOption
	CanFile bool
	Form    struct{ Supplier, Title, Body string }
	CSVHref string
}

// dueText says a deadline's countdown in working days, or that it was met.
func (s *Server) dueText(lang string, d complaint.Deadline) cmpDue {
	out := cmpDue{Date: d.Due}
	switch {
	case d.Done && d.Late:
		out.Note, out.Class = s.cat.T(lang, "complaints.due.donelate"), "overdue"
	case d.Done:
		out.Note = s.cat.T(lang, "complaints.due.done")
	case d.Left > 0:
		out.Note = s.cat.T(lang, "complaints.due.left", "Count", d.Left)
		if d.Left <= 1 {
			out.Class = "soon"
		}
	case d.Left == 0 && !d.Late:
		out.Note, out.Class = s.cat.T(lang, "complaints.due.today"), "soon"
	default:
		n := -d.Left
		if n < 1 {
			n = 1
		}
		out.Note, out.Class = s.cat.T(lang, "complaints.due.late", "Count", n), "overdue"
	}
	return out
}

func (s *Server) suppliers(a *gov.Agreement) []cmpOption {
	var out []cmpOption
	for _, p := range a.Parties {
		if p.Kind == gov.KindSupplier {
			out = append(out, cmpOption{p.Slug, p.Name})
		}
	}
	return out
}

func (s *Server) complaintFilter(r *Req) store.ComplaintFilter {
	f := store.ComplaintFilter{Supplier: r.URL.Query().Get("supplier"), Status: r.URL.Query().Get("status")}
	if r.Agreement.Party(f.Supplier) == nil {
		f.Supplier = ""
	}
	if !slices.Contains(complaint.Statuses, complaint.Status(f.Status)) {
		f.Status = ""
	}
	return f
}

func (s *Server) complaints(w http.ResponseWriter, r *Req) {
	s.showComplaints(w, r, http.StatusOK, nil, nil)
}

func (s *Server) showComplaints(w http.ResponseWriter, r *Req, status int, form *cmpList, errs []FieldError) {
	f := s.complaintFilter(r)
	views, err := s.complaintSvc().List(r.Context(), r.Agreement, s.actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &cmpList{Supplier: f.Supplier, Status: f.Status, Suppliers: s.suppliers(r.Agreement), CanFile: complaint.MayFile(s.actor(r), r.Agreement)}
	for _, p := range complaint.Sellers(s.actor(r), r.Agreement) {
		d.Sellers = append(d.Sellers, cmpOption{p, partyName(r.Agreement, p)})
	}
	if form != nil {
		d.Form = form.Form
	}
	for _, st := range complaint.Statuses {
		d.Statuses = append(d.Statuses, cmpOption{string(st), s.cat.T(r.Lang, "complaints.status."+string(st))})
	}
	q := r.URL.Query()
	d.CSVHref = "/a/" + r.Agreement.Slug + "/complaints.csv"
	if enc := q.Encode(); enc != "" {
		d.CSVHref += "?" + enc
	}
	for _, v := range views {
		d.Rows = append(d.Rows, cmpRow{ID: v.ID, Href: "/a/" + r.Agreement.Slug + "/complaints/" + strconv.FormatInt(v.ID, 10), Title: v.Title,
			Supplier: partyName(r.Agreement, v.Supplier), Status: s.cat.T(r.Lang, "complaints.status."+v.Status), Received: v.ReceivedOn,
			Ack: s.dueText(r.Lang, v.Ack), Respond: s.dueText(r.Lang, v.Respond)})
	}
	p := s.page(r, s.cat.T(r.Lang, "complaints.title"), d)
	p.Section, p.Errors = "complaints", errs
	s.render(w, r, status, "complaints", p)
}

func (s *Server) fileComplaint(w http.ResponseWriter, r *Req) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	in := complaint.NewComplaint{Supplier: r.PostForm.Get("supplier"), Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body")}
	c, err := s.complaintSvc().File(r.Context(), r.Agreement, s.actor(r), in)
	if errs, ok := s.fieldErrors(r.Lang, err, func(f string) string { return "c-" + f }); ok {
		form := &cmpList{}
		form.Form.Supplier, form.Form.Title, form.Form.Body = in.Supplier, in.Title, in.Body
		s.showComplaints(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "complaints.flash.filed")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/complaints/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

func (s *Server) complaintsCSV(w http.ResponseWriter, r *Req) {
	views, err := s.complaintSvc().List(r.Context(), r.Agreement, s.actor(r), s.complaintFilter(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	cw := csvsafe.NewWriter(&buf)
	T := func(id string) string { return s.cat.T(r.Lang, id) }
	cw.Write([]string{T("complaints.col.id"), T("complaints.col.received"), T("complaints.col.supplier"), T("complaints.col.subject"),
		T("complaints.col.status"), T("complaints.col.ackdue"), T("complaints.col.acked"), T("complaints.col.responddue"),
		T("complaints.col.responded"), T("complaints.col.cause"), T("complaints.col.chargeable")})
	for _, v := range views {
		acked := ""
		if v.AcknowledgedAt != nil {
			acked = complaint.Today(r.Agreement, *v.AcknowledgedAt).String()
		}
		resp := s.dueText(r.Lang, v.Respond).Note
		cause := ""
		if v.Cause != "" {
			cause = T("complaints.cause." + v.Cause)
		}
		cw.Write([]string{strconv.FormatInt(v.ID, 10), v.ReceivedOn, partyName(r.Agreement, v.Supplier), v.Title,
			T("complaints.status." + v.Status), v.AckDue, acked, v.RespondDue, resp, cause, T(map[bool]string{true: "complaints.yes", false: "complaints.no"}[v.Chargeable])})
	}
	cw.Flush()
	attachFile(w, "text/csv; charset=utf-8", r.Agreement.Slug+"-complaints.csv", buf.Bytes())
}

func complaintID(r *Req) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("complaint"), 10, 64)
	return id, err == nil && id > 0
}

// cmpPage is one complaint's page.
type cmpPage struct {
	V                              *complaint.View
	Supplier, Filed, Status, Cause string
	Ack, Respond                   cmpDue
	Sections                       []cmpSection
	Responses                      []cmpResponse
	CanAck, CanRespond, CanDecide  bool
	CanCause, CanAttach            bool
	Chargeable                     bool
	Sanction                       *cmpSanction
	Events                         []cmpEvent
	Reason, CauseValue, CauseNote  string
	MatterHref                     string
}

type cmpSection struct {
	N           int
	Name, Value string
}

type cmpResponse struct {
	Version                        int
	Submitted, By, Outcome, Reason string
	Late                           bool
	Sections                       []cmpSection
}

type cmpSanction struct {
	Href, Status, Amount string
}

type cmpEvent struct{ At, Actor, Action, Note string }

func (s *Server) sectionNames(r *Req) []string {
	names, fromModel := complaint.Sections(r.Agreement)
	if fromModel {
		return names
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = s.cat.T(r.Lang, "complaints.section."+n)
	}
	return out
}

func (s *Server) complaintPage(w http.ResponseWriter, r *Req) {
	s.showComplaint(w, r, http.StatusOK, nil, nil)
}

func (s *Server) showComplaint(w http.ResponseWriter, r *Req, status int, sent []string, errs []FieldError) {
	id, ok := complaintID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	x := s.actor(r)
	v, err := s.complaintSvc().Get(r.Context(), r.Agreement, x, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	loc := r.Agreement
	d := &cmpPage{V: v, Supplier: partyName(loc, v.Supplier), Filed: partyName(loc, v.FiledParty),
		Status: s.cat.T(r.Lang, "complaints.status."+v.Status), Ack: s.dueText(r.Lang, v.Ack), Respond: s.dueText(r.Lang, v.Respond),
		Chargeable: v.Chargeable, Reason: r.PostFormValue("reason"), CauseValue: v.Cause, CauseNote: v.CauseNote}
	if v.Cause != "" {
		d.Cause = s.cat.T(r.Lang, "complaints.cause."+v.Cause)
	}
	supplier := x.P.Party == v.Supplier && x.Role == "supplier"
	filer := (x.Role == "customer" || x.Role == "provider") && x.P.Party == v.FiledParty
	d.CanAck = supplier && v.Status == string(complaint.Filed)
	d.CanRespond = supplier && (v.Status == string(complaint.Acknowledged) || v.Status == string(complaint.Returned))
	d.CanDecide = filer && v.Status == string(complaint.Responded)
	d.CanCause, d.CanAttach = filer, filer && v.Status != string(complaint.Accepted)
	names := s.sectionNames(r)
	for i, n := range names {
		val := ""
		if i < len(sent) {
			val = sent[i]
		}
		d.Sections = append(d.Sections, cmpSection{N: i + 1, Name: n, Value: val})
	}
	for _, rs := range v.Responses {
		cr := cmpResponse{Version: rs.Version, Submitted: s.stamp(r, rs.SubmittedAt), By: s.actorName(r, r.Agreement, rs.SubmittedBy), Late: rs.Late, Reason: rs.OutcomeReason}
		if rs.Outcome != "" {
			cr.Outcome = s.cat.T(r.Lang, "complaints.outcome."+rs.Outcome)
		}
		for i, txt := range rs.Sections {
			name := strconv.Itoa(i + 1)
			if i < len(names) {
				name = names[i]
			}
			cr.Sections = append(cr.Sections, cmpSection{N: i + 1, Name: name, Value: txt})
		}
		d.Responses = append(d.Responses, cr)
	}
	if v.Sanction != nil {
		d.Sanction = &cmpSanction{Href: "/a/" + loc.Slug + "/sanctions#sanction-" + strconv.FormatInt(v.Sanction.ID, 10),
			Status: s.cat.T(r.Lang, "sanctions.status."+v.Sanction.Status), Amount: s.money(r, v.Sanction.Amount)}
	}
	for _, e := range v.Events {
		d.Events = append(d.Events, cmpEvent{At: s.stamp(r, e.At), Actor: e.Actor, Action: s.cat.T(r.Lang, "complaints.event."+e.Action), Note: e.Note})
	}
	p := s.page(r, s.cat.T(r.Lang, "complaints.page.title", "ID", v.ID, "Title", v.Title), d)
	p.Section, p.Errors = "complaints", errs
	p.Crumbs = []Crumb{{s.cat.T(r.Lang, "complaints.title"), "/a/" + loc.Slug + "/complaints"}}
	s.render(w, r, status, "complaint", p)
}

// stamp is a moment as a date and time in the agreement's time zone.
func (s *Server) stamp(r *Req, t time.Time) string {
	t = t.In(agreementLoc(r.Agreement))
	return s.cat.T(r.Lang, "meetings.stamp", "Date", i18n.Date(r.Lang, t), "Time", meetClock(r.Lang, t))
}

// agreementLoc is the agreement's time zone.
func agreementLoc(a *gov.Agreement) *time.Location {
	if loc, err := time.LoadLocation(a.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// money formats minor units as an amount in the agreement's currency.
func (s *Server) money(r *Req, cents int64) string {
	return i18n.Number(r.Lang, float64(cents)/100) + " " + r.Agreement.Currency
}

func (s *Server) afterComplaint(w http.ResponseWriter, r *Req, err error, flash string, sent []string, rename func(string) string) {
	if errs, ok := s.fieldErrors(r.Lang, err, rename); ok {
		s.showComplaint(w, r, http.StatusUnprocessableEntity, sent, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, flash)
	id, _ := complaintID(r)
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/complaints/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) acknowledgeComplaint(w http.ResponseWriter, r *Req) {
	id, ok := complaintID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	_, err := s.complaintSvc().Acknowledge(r.Context(), r.Agreement, s.actor(r), id)
	s.afterComplaint(w, r, err, "complaints.flash.acked", nil, nil)
}

func (s *Server) respondComplaint(w http.ResponseWriter, r *Req) {
	id, ok := complaintID(r)
	if !ok || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	names, _ := complaint.Sections(r.Agreement)
	sent := make([]string, len(names))
	for i := range names {
		sent[i] = r.PostForm.Get("section-" + strconv.Itoa(i+1))
	}
	_, err := s.complaintSvc().Respond(r.Context(), r.Agreement, s.actor(r), id, slices.Clone(sent))
	s.afterComplaint(w, r, err, "complaints.flash.responded", sent, nil)
}

func (s *Server) decideComplaint(w http.ResponseWriter, r *Req) {
	id, ok := complaintID(r)
	if !ok || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	o := complaint.Outcome(r.PostForm.Get("outcome"))
	_, err := s.complaintSvc().Decide(r.Context(), r.Agreement, s.actor(r), id, o, r.PostForm.Get("reason"))
	s.afterComplaint(w, r, err, "complaints.flash."+string(o), nil, nil)
}

func (s *Server) complaintCause(w http.ResponseWriter, r *Req) {
	id, ok := complaintID(r)
	if !ok || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	_, err := s.complaintSvc().SetCause(r.Context(), r.Agreement, s.actor(r), id, r.PostForm.Get("cause"), r.PostForm.Get("cause_note"))
	s.afterComplaint(w, r, err, "complaints.flash.cause", nil, nil)
}

func (s *Server) attachComplaint(w http.ResponseWriter, r *Req) {
	id, ok := complaintID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	name, _, data, ok := s.readUpload(w, r)
	if !ok {
		return
	}
	if name == "" {
		s.showComplaint(w, r, http.StatusUnprocessableEntity, nil, []FieldError{{Field: "c-file", Msg: s.cat.T(r.Lang, "complaints.err.nofile")}})
		return
	}
	_, err := s.complaintSvc().Attach(r.Context(), r.Agreement, s.actor(r), id, name, data)
	s.afterComplaint(w, r, err, "complaints.flash.attached", nil, func(string) string { return "c-file" })
}

func (s *Server) complaintFile(w http.ResponseWriter, r *Req) {
	id, ok := complaintID(r)
	fid, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if !ok || err != nil {
		s.notFound(w, r)
		return
	}
	f, data, err := s.complaintSvc().Attachment(r.Context(), r.Agreement, s.actor(r), id, fid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	attachFile(w, f.ContentType, f.Name, data)
}
