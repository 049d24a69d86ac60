package api

import (
	"net/http"
	"time"

	"github.com/steerco/steerco/internal/risk"
	"github.com/steerco/steerco/internal/store"
)

// The risk register through the API (issue 6): the routes need
// ViewForum; internal/risk decides the rest.

func (a *API) riskSvc() *risk.Service {
	s := risk.New(a.store)
	s.Now = func() time.Time { return a.now() }
	return s
}

func (a *API) listRisks(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	var list []store.Risk
	var err error
	if m := q.Get("open_in"); m != "" {
		// The month's open risks, as the monthly report lists them, of
		// those the caller may see.
		var all []store.Risk
		if all, err = risk.OpenForMonth(r.Context(), a.store, r.Agreement.Slug, m); err == nil {
			x := a.actor(r)
			for i := range all {
				if risk.CanSee(x, r.Agreement, &all[i]) {
					list = append(list, all[i])
				}
			}
		}
	} else {
		list, err = a.riskSvc().List(r.Context(), r.Agreement, a.actor(r), store.RiskFilter{Status: q.Get("status"), Level: q.Get("level")})
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []Risk{}
	for i := range list {
		items = append(items, riskOut(r, &list[i]))
	}
	writeList(w, r, items)
}

// RiskInput is a risk as added or edited (status only when editing;
// raise_to only when adding: the forum it is raised to at once).
type RiskInput struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Probability int    `json:"probability"`
	Impact      int    `json:"impact"`
	Owner       string `json:"owner,omitempty"`
	Actions     string `json:"actions,omitempty"`
	Status      string `json:"status,omitempty"`
	RaiseTo     string `json:"raise_to,omitempty"`
}

func (in RiskInput) input() risk.Input {
	return risk.Input{Title: in.Title, Description: in.Description, Probability: in.Probability, Impact: in.Impact, Owner: in.Owner,
		Actions: in.Actions, Status: risk.Status(in.Status)}
}

func (a *API) addRisk(w http.ResponseWriter, r *Req) {
	var in RiskInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	v, err := a.riskSvc().Add(r.Context(), r.Agreement, a.actor(r), in.input(), in.RaiseTo)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/agreements/"+r.Agreement.Slug+"/risks/"+itoa(v.ID))
	writeJSON(w, http.StatusCreated, riskOut(r, v))
}

func riskOf(w http.ResponseWriter, r *Req) (int64, bool) {
	id, ok := pathID(r, "risk")
	if !ok {
		writeError(w, errNotFound("no risk "+r.PathValue("risk")))
	}
	return id, ok
}

func (a *API) getRisk(w http.ResponseWriter, r *Req) {
	id, ok := riskOf(w, r)
	if !ok {
		return
	}
	v, err := a.riskSvc().Get(r.Context(), r.Agreement, a.actor(r), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, riskOut(r, v))
}

func (a *API) updateRisk(w http.ResponseWriter, r *Req) {
	id, ok := riskOf(w, r)
	if !ok {
		return
	}
	var in RiskInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	v, err := a.riskSvc().Update(r.Context(), r.Agreement, a.actor(r), id, in.input())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, riskOut(r, v))
}

// RaiseInput names the forum a risk is raised to.
type RaiseInput struct {
	Forum string `json:"forum"`
}

func (a *API) raiseRisk(w http.ResponseWriter, r *Req) {
	id, ok := riskOf(w, r)
	if !ok {
		return
	}
	var in RaiseInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	v, err := a.riskSvc().Raise(r.Context(), r.Agreement, a.actor(r), id, in.Forum)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, riskOut(r, v))
}
