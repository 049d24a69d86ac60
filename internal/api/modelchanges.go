package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/modelchange"
	"github.com/steerco/steerco/internal/store"
)

// Model changes agreed by both parties (issue #15): a whole model file is
// proposed as application/yaml; the other party's representative approves
// or rejects it; approved proposals are the model's revisions.

// proposalDTO is a model proposal (or revision) in the API.
type proposalDTO struct {
	ID            int64      `json:"id"`
	State         string     `json:"state"`
	Diff          []string   `json:"diff"`
	Hidden        int        `json:"hidden_changes,omitempty"`
	Summary       string     `json:"summary,omitempty"`
	EffectiveFrom string     `json:"effective_from"`
	ProposedBy    string     `json:"proposed_by"`
	ProposedParty string     `json:"proposed_party,omitempty"`
	ProposedAt    time.Time  `json:"proposed_at"`
	DecidedBy     string     `json:"decided_by,omitempty"`
	DecidedParty  string     `json:"decided_party,omitempty"`
	DecidedAt     *time.Time `json:"decided_at,omitempty"`
	Reason        string     `json:"reason,omitempty"`
	Revision      int        `json:"revision,omitempty"`
}

func toProposal(r *Req, p *store.ModelProposal) proposalDTO {
	diff, hidden := modelchange.VisibleDiff(r.Principal, r.Agreement, p.Diff)
	if diff == nil {
		diff = []string{}
	}
	return proposalDTO{ID: p.ID, State: p.State, Diff: diff, Hidden: hidden, Summary: p.Summary, EffectiveFrom: p.EffectiveFrom,
		ProposedBy: p.ProposedBy, ProposedParty: p.ProposedParty, ProposedAt: p.ProposedAt, DecidedBy: p.DecidedBy,
		DecidedParty: p.DecidedParty, DecidedAt: p.DecidedAt, Reason: p.Reason, Revision: p.Revision}
}

func (a *API) modelChanges() *modelchange.Service {
	svc := modelchange.New(a.store)
	svc.Now = a.now
	svc.Cat, _ = i18n.Load()
	return svc
}

// readYAML reads a model file body: application/yaml (or text/yaml), at
// most model.MaxFileSize bytes.
func readYAML(w http.ResponseWriter, r *Req) ([]byte, *Error) {
	ct := strings.ToLower(r.Header.Get("Content-Type"))
	if !strings.HasPrefix(ct, "application/yaml") && !strings.HasPrefix(ct, "text/yaml") && !strings.HasPrefix(ct, "application/x-yaml") {
		return nil, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: "send the model file as application/yaml"}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, model.MaxFileSize))
	var big *http.MaxBytesError
	if errors.As(err, &big) {
		return nil, &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: "a model file may be at most 1 MB"}
	} else if err != nil {
		return nil, errBadRequest("the body could not be read")
	}
	return body, nil
}

// proposeModel: POST /agreements/{agreement}/model/proposals, the whole
// model file; ?effective_from=YYYY-MM-DD and ?summary=... optional.
func (a *API) proposeModel(w http.ResponseWriter, r *Req) {
	body, e := readYAML(w, r)
	if e != nil {
		writeError(w, e)
		return
	}
	q := r.URL.Query()
	p, err := a.modelChanges().Propose(r.Context(), r.Principal, r.Agreement, modelchange.Input{YAML: body, File: "model.yaml",
		Summary: q.Get("summary"), EffectiveFrom: q.Get("effective_from"), Base: a.base(r)})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/agreements/"+r.Agreement.Slug+"/model/proposals/"+strconv.FormatInt(p.ID, 10))
	writeJSON(w, http.StatusCreated, toProposal(r, p))
}

func (a *API) proposalID(w http.ResponseWriter, r *Req) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("proposal"), 10, 64)
	if err != nil || id < 1 {
		writeError(w, errNotFound("no proposal "+r.PathValue("proposal")))
		return 0, false
	}
	return id, true
}

func (a *API) listProposals(w http.ResponseWriter, r *Req) {
	a.writeProposals(w, r)
}

func (a *API) listRevisions(w http.ResponseWriter, r *Req) {
	a.writeProposals(w, r, store.ProposalApplied)
}

func (a *API) writeProposals(w http.ResponseWriter, r *Req, states ...string) {
	ps, err := a.modelChanges().List(r.Context(), r.Principal, r.Agreement, states...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []proposalDTO{}
	for i := range ps {
		items = append(items, toProposal(r, &ps[i]))
	}
	writeList(w, r, items)
}

func (a *API) getProposal(w http.ResponseWriter, r *Req) {
	id, ok := a.proposalID(w, r)
	if !ok {
		return
	}
	p, err := a.modelChanges().Get(r.Context(), r.Principal, r.Agreement, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toProposal(r, p))
}

// approveProposal: a stale proposal answers 409 with the diff against
// the current model in the error's fields (field "diff").
func (a *API) approveProposal(w http.ResponseWriter, r *Req) {
	id, ok := a.proposalID(w, r)
	if !ok {
		return
	}
	p, err := a.modelChanges().Approve(r.Context(), r.Principal, r.Agreement, id)
	var stale *modelchange.StaleError
	if errors.As(err, &stale) {
		e := &Error{Status: http.StatusConflict, Code: "conflict", Message: stale.Err.Message}
		diff, _ := modelchange.VisibleDiff(r.Principal, r.Agreement, stale.Diff)
		for _, l := range diff {
			e.Fields = append(e.Fields, FieldError{Field: "diff", Message: l})
		}
		writeError(w, e)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toProposal(r, p))
}

type rejectBody struct {
	Reason string `json:"reason"`
}

func (a *API) rejectProposal(w http.ResponseWriter, r *Req) {
	id, ok := a.proposalID(w, r)
	if !ok {
		return
	}
	var in rejectBody
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	p, err := a.modelChanges().Reject(r.Context(), r.Principal, r.Agreement, id, in.Reason)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toProposal(r, p))
}

// createAgreement: POST /agreements with a whole model file
// (application/yaml), administrators only: the same as `steerco model
// apply` of the file. ?org.PARTY=ORG names a party's organisation.
func (a *API) createAgreement(w http.ResponseWriter, r *Req) {
	if !r.Principal.Admin {
		writeError(w, errForbidden("only an administrator creates agreements"))
		return
	}
	body, e := readYAML(w, r)
	if e != nil {
		writeError(w, e)
		return
	}
	orgs := map[string]string{}
	for k, v := range r.URL.Query() {
		if party, ok := strings.CutPrefix(k, "org."); ok && len(v) > 0 {
			orgs[party] = v[0]
		}
	}
	ag, err := a.modelChanges().Create(r.Context(), r.Principal, "model.yaml", body, orgs)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := Agreement{ID: ag.Slug, Name: ag.Name, Description: ag.Description, Country: ag.Country, TimeZone: ag.TimeZone,
		Language: ag.Language, Currency: ag.Currency, Period: ag.Period, EvesWorking: ag.EvesWorking, Role: "admin",
		Levels: ag.Levels, Parties: []PartyRef{}, Forums: []ForumRef{}}
	for _, p := range ag.Parties {
		out.Parties = append(out.Parties, PartyRef{p.Slug, p.Name, p.Kind})
	}
	for _, f := range ag.Forums {
		out.Forums = append(out.Forums, ForumRef{f.Slug, f.Name, f.Level, f.Area})
	}
	w.Header().Set("Location", "/api/v1/agreements/"+ag.Slug)
	writeJSON(w, http.StatusCreated, out)
}
