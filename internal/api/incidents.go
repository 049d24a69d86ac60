package api

import (
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/steerco/steerco/internal/deficiency"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/incident"
	"github.com/steerco/steerco/internal/store"
)

// Incident reports and delivery deficiencies through the API (issue 6):
// the routes need ViewForum; internal/incident and internal/deficiency
// decide the rest.

// incidentCatalog translates the incident notices the API queues; loaded
// once (it is embedded, as in New).
var incidentCatalog = sync.OnceValue(func() *i18n.Catalog {
	cat, err := i18n.Load()
	if err != nil {
		panic("api: load the message catalogue: " + err.Error())
	}
	return cat
})

func (a *API) incidentSvc() *incident.Service {
	s := incident.New(a.store, incidentCatalog())
	s.Now = func() time.Time { return a.now() }
	return s
}

func (a *API) deficiencySvc() *deficiency.Service {
	s := deficiency.New(a.store)
	s.Now = func() time.Time { return a.now() }
	return s
}

func (a *API) listIncidents(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	f := store.IncidentFilter{Party: q.Get("party"), Severity: q.Get("severity"), Status: q.Get("status"), Month: q.Get("month")}
	if f.Month != "" && !incident.ValidMonth(f.Month) {
		writeError(w, errBadRequest("month must be YYYY-MM"))
		return
	}
	list, err := a.incidentSvc().List(r.Context(), r.Agreement, a.actor(r), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []Incident{}
	for i := range list {
		items = append(items, incidentOut(&list[i]))
	}
	writeList(w, r, items)
}

// IncidentInput is an incident report as reported or edited (party only
// when reporting, status only when editing).
type IncidentInput struct {
	Party       string    `json:"party,omitempty"`
	Severity    string    `json:"severity"`
	Title       string    `json:"title"`
	OccurredAt  time.Time `json:"occurred_at"`
	Impact      string    `json:"impact,omitempty"`
	Cause       string    `json:"cause,omitempty"`
	Actions     string    `json:"actions,omitempty"`
	Status      string    `json:"status,omitempty"`
	ReportMonth string    `json:"report_month,omitempty"`
	MatterID    int64     `json:"matter_id,omitempty"`
}

func (in IncidentInput) input() incident.Input {
	return incident.Input{Party: in.Party, Severity: in.Severity, Title: in.Title, OccurredAt: in.OccurredAt, Impact: in.Impact,
		Cause: in.Cause, Action: in.Actions, Status: incident.Status(in.Status), ReportMonth: in.ReportMonth, MatterID: in.MatterID}
}

func (a *API) reportIncident(w http.ResponseWriter, r *Req) {
	var in IncidentInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	i, err := a.incidentSvc().Report(r.Context(), r.Agreement, a.actor(r), in.input())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeIncident(w, r, http.StatusCreated, i.ID)
}

func (a *API) writeIncident(w http.ResponseWriter, r *Req, status int, id int64) {
	v, err := a.incidentSvc().Get(r.Context(), r.Agreement, a.actor(r), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d := IncidentDetail{Incident: incidentOut(&v.Incident), Timeline: []IncidentEvent{}}
	for _, e := range v.Events {
		d.Timeline = append(d.Timeline, IncidentEvent{At: e.At, Note: e.Note, Actor: e.Actor})
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/agreements/"+r.Agreement.Slug+"/incidents/"+itoa(id))
	}
	writeJSON(w, status, d)
}

func incidentOf(w http.ResponseWriter, r *Req) (int64, bool) {
	id, ok := pathID(r, "incident")
	if !ok {
		writeError(w, errNotFound("no incident report "+r.PathValue("incident")))
	}
	return id, ok
}

func (a *API) getIncident(w http.ResponseWriter, r *Req) {
	if id, ok := incidentOf(w, r); ok {
		a.writeIncident(w, r, http.StatusOK, id)
	}
}

func (a *API) updateIncident(w http.ResponseWriter, r *Req) {
	id, ok := incidentOf(w, r)
	if !ok {
		return
	}
	var in IncidentInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if _, err := a.incidentSvc().Update(r.Context(), r.Agreement, a.actor(r), id, in.input()); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeIncident(w, r, http.StatusOK, id)
}

// TimelineInput is an entry for an incident's timeline.
type TimelineInput struct {
	At   time.Time `json:"at"`
	Note string    `json:"note"`
}

func (a *API) addIncidentEvent(w http.ResponseWriter, r *Req) {
	id, ok := incidentOf(w, r)
	if !ok {
		return
	}
	var in TimelineInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if _, err := a.incidentSvc().AddEvent(r.Context(), r.Agreement, a.actor(r), id, in.At, in.Note); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeIncident(w, r, http.StatusOK, id)
}

func (a *API) listDeficiencies(w http.ResponseWriter, r *Req) {
	list, err := a.deficiencySvc().List(r.Context(), r.Agreement, a.actor(r), r.URL.Query().Get("status"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []Deficiency{}
	for i := range list {
		items = append(items, deficiencyOut(&list[i]))
	}
	writeList(w, r, items)
}

// DeficiencyInput is a deficiency as registered; cost in the agreement's
// currency.
type DeficiencyInput struct {
	Title       string  `json:"title"`
	Description string  `json:"description,omitempty"`
	FailedParty string  `json:"failed_party"`
	Cost        float64 `json:"cost,omitempty"`
}

// minorUnits is an amount in minor units; negative stays negative for the
// service to refuse.
func minorUnits(v float64) int64 { return int64(math.Round(v * 100)) }

func (a *API) registerDeficiency(w http.ResponseWriter, r *Req) {
	var in DeficiencyInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	d, err := a.deficiencySvc().Register(r.Context(), r.Agreement, a.actor(r),
		deficiency.NewDeficiency{Title: in.Title, Description: in.Description, FailedParty: in.FailedParty, Cost: minorUnits(in.Cost)})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/agreements/"+r.Agreement.Slug+"/deficiencies/"+itoa(d.ID))
	writeJSON(w, http.StatusCreated, deficiencyOut(d))
}

func (a *API) getDeficiency(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "deficiency")
	if !ok {
		writeError(w, errNotFound("no delivery deficiency "+r.PathValue("deficiency")))
		return
	}
	d, err := a.deficiencySvc().Get(r.Context(), r.Agreement, a.actor(r), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, deficiencyOut(d))
}

// DeficiencyDecisionInput is a forum's decision on who bears the cost.
type DeficiencyDecisionInput struct {
	Bearer     string  `json:"bearer"`
	Cost       float64 `json:"cost"`
	Forum      string  `json:"forum,omitempty"`
	DecisionID int64   `json:"decision_id,omitempty"`
}

func (a *API) decideDeficiency(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "deficiency")
	if !ok {
		writeError(w, errNotFound("no delivery deficiency "+r.PathValue("deficiency")))
		return
	}
	var in DeficiencyDecisionInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	d, err := a.deficiencySvc().Decide(r.Context(), r.Agreement, a.actor(r), id,
		deficiency.Decision{Bearer: in.Bearer, Cost: minorUnits(in.Cost), Forum: in.Forum, DecisionID: in.DecisionID})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, deficiencyOut(d))
}
