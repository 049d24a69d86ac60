package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/sanction"
	"github.com/steerco/steerco/internal/store"
)

// Complaints and sanctions through the API (issue 6): the routes need
// ViewForum; internal/complaint and internal/sanction decide who sees and
// does what, with the same coded errors as the web UI.

func (a *API) complaintSvc() *complaint.Service {
	s := complaint.New(a.store)
	s.Now = func() time.Time { return a.now() }
	return s
}

func (a *API) sanctionSvc() *sanction.Service {
	s := sanction.New(a.store)
	s.Now = func() time.Time { return a.now() }
	return s
}

func (a *API) listComplaints(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	f := store.ComplaintFilter{Supplier: q.Get("supplier"), Status: q.Get("status")}
	vs, err := a.complaintSvc().List(r.Context(), r.Agreement, a.actor(r), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []Complaint{}
	for i := range vs {
		items = append(items, complaintOut(&vs[i]))
	}
	writeList(w, r, items)
}

// ComplaintInput is a complaint as filed.
type ComplaintInput struct {
	Supplier string `json:"supplier"`
	Title    string `json:"title"`
	Body     string `json:"body"`
}

func (a *API) fileComplaint(w http.ResponseWriter, r *Req) {
	var in ComplaintInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	c, err := a.complaintSvc().File(r.Context(), r.Agreement, a.actor(r), complaint.NewComplaint(in))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeComplaint(w, r, http.StatusCreated, c.ID)
}

func (a *API) writeComplaint(w http.ResponseWriter, r *Req, status int, id int64) {
	v, err := a.complaintSvc().Get(r.Context(), r.Agreement, a.actor(r), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	names, _ := complaint.Sections(r.Agreement)
	d := ComplaintDetail{Complaint: complaintOut(v), SectionNames: names, Responses: []ComplaintResponse{}}
	for _, rs := range v.Responses {
		d.Responses = append(d.Responses, ComplaintResponse{Version: rs.Version, Sections: rs.Sections, SubmittedBy: rs.SubmittedBy,
			SubmittedAt: rs.SubmittedAt, Late: rs.Late, Outcome: rs.Outcome, OutcomeReason: rs.OutcomeReason, DecidedAt: rs.DecidedAt})
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/agreements/"+r.Agreement.Slug+"/complaints/"+itoa(id))
	}
	writeJSON(w, status, d)
}

// complaintOf reads the {complaint} of the URL, answering 404 when it is
// no complaint id.
func complaintOf(w http.ResponseWriter, r *Req) (int64, bool) {
	id, ok := pathID(r, "complaint")
	if !ok {
		writeError(w, errNotFound("no complaint "+r.PathValue("complaint")))
	}
	return id, ok
}

func (a *API) getComplaint(w http.ResponseWriter, r *Req) {
	if id, ok := complaintOf(w, r); ok {
		a.writeComplaint(w, r, http.StatusOK, id)
	}
}

func (a *API) acknowledgeComplaint(w http.ResponseWriter, r *Req) {
	id, ok := complaintOf(w, r)
	if !ok {
		return
	}
	if _, err := a.complaintSvc().Acknowledge(r.Context(), r.Agreement, a.actor(r), id); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeComplaint(w, r, http.StatusOK, id)
}

// ComplaintResponseInput is the supplier's written response: one text
// per section, in the order of the complaint's section_names.
type ComplaintResponseInput struct {
	Sections []string `json:"sections"`
}

func (a *API) respondComplaint(w http.ResponseWriter, r *Req) {
	id, ok := complaintOf(w, r)
	if !ok {
		return
	}
	var in ComplaintResponseInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if _, err := a.complaintSvc().Respond(r.Context(), r.Agreement, a.actor(r), id, in.Sections); err != nil {
		a.fail(w, r, sectionFields(err))
		return
	}
	a.writeComplaint(w, r, http.StatusOK, id)
}

// sectionFields names a missing section by its place in the request's
// sections array ("sections[2]") rather than the form's "section-3".
func sectionFields(err error) error {
	ge, ok := err.(*gov.Error)
	if !ok {
		return err
	}
	out := *ge
	out.Fields = nil
	for _, f := range ge.Fields {
		if n, err := strconv.Atoi(strings.TrimPrefix(f.Field, "section-")); err == nil && strings.HasPrefix(f.Field, "section-") {
			f.Field = "sections[" + strconv.Itoa(n-1) + "]"
		}
		out.Fields = append(out.Fields, f)
	}
	return &out
}

// OutcomeInput is the customer's answer to a response, or to a sanction.
type OutcomeInput struct {
	// Outcome: accepted or returned (a complaint's response); approved or
	// disputed (a sanction).
	Outcome string `json:"outcome"`
	Reason  string `json:"reason,omitempty"`
	// Meeting is the meeting of the deciding forum where a sanction was
	// decided, when the model has a forum decide sanctions (issue 16).
	Meeting int64 `json:"meeting,omitempty"`
}

func (a *API) decideComplaint(w http.ResponseWriter, r *Req) {
	id, ok := complaintOf(w, r)
	if !ok {
		return
	}
	var in OutcomeInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if _, err := a.complaintSvc().Decide(r.Context(), r.Agreement, a.actor(r), id, complaint.Outcome(in.Outcome), in.Reason); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeComplaint(w, r, http.StatusOK, id)
}

func (a *API) listSanctions(w http.ResponseWriter, r *Req) {
	f := store.SanctionFilter{Month: r.URL.Query().Get("month")}
	if f.Month != "" && !store.ValidMonth(f.Month) {
		writeError(w, errBadRequest("month must be YYYY-MM"))
		return
	}
	list, err := a.sanctionSvc().List(r.Context(), r.Agreement, a.actor(r), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []Sanction{}
	for i := range list {
		items = append(items, sanctionOut(&list[i]))
	}
	writeList(w, r, items)
}

func (a *API) decideSanction(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "sanction")
	if !ok {
		writeError(w, errNotFound("no sanction "+r.PathValue("sanction")))
		return
	}
	var in OutcomeInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	var sc *store.Sanction
	var err error
	if in.Meeting != 0 {
		sc, err = a.sanctionSvc().DecideInMeeting(r.Context(), r.Agreement, a.actor(r), id, in.Meeting, sanction.Decision(in.Outcome), in.Reason)
	} else {
		sc, err = a.sanctionSvc().Decide(r.Context(), r.Agreement, a.actor(r), id, sanction.Decision(in.Outcome), in.Reason)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sanctionOut(sc))
}
