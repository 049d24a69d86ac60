package api

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/csvsafe"
	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/matter"
)

// Matters and decisions through the API (issue 5): the routes need
// ViewForum; internal/matter decides who may raise, change, escalate,
// vote and record by the forum's rules, and its coded errors are
// answered by fail.

// matterSvc is the matter service on the API's store and clock, built
// per use as it holds no state.
func (a *API) matterSvc() *matter.Service {
	s := matter.New(a.store)
	s.Now = func() time.Time { return a.now() }
	return s
}

// matterID reads the {matter} of the URL.
func matterID(w http.ResponseWriter, r *Req) (int64, bool) {
	id, ok := pathID(r, "matter")
	if !ok {
		writeError(w, errNotFound("no matter "+r.PathValue("matter")))
	}
	return id, ok
}

// listMatters lists the matters the caller may see, the most recently
// changed first, by forum, kind, status, owner and words (q).
func (a *API) listMatters(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	flt := matter.Filter{Forum: q.Get("forum"), Kind: matter.Kind(q.Get("kind")), Status: matter.Status(q.Get("status")), Text: q.Get("q")}
	if flt.Kind != "" && !slices.Contains(matter.Kinds, flt.Kind) {
		writeError(w, errBadRequest("kind must be one of question, proposal, change-request, development-need, disagreement, risk, incident-follow-up"))
		return
	}
	if flt.Status != "" && !slices.Contains(matter.Statuses, flt.Status) {
		writeError(w, errBadRequest("status must be one of open, in-progress, decided, escalated, closed"))
		return
	}
	ms, err := a.matterSvc().List(r.Context(), r.Agreement, a.actor(r), flt)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []Matter{}
	for i := range ms {
		if owner := q.Get("owner"); owner == "" || ms[i].Owner == owner {
			items = append(items, matterOut(r, &ms[i]))
		}
	}
	writeList(w, r, items)
}

// search finds matters, minutes and decisions holding every word of q.
func (a *API) search(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	o := matter.SearchOptions{Forum: q.Get("forum"), Limit: 200}
	for _, k := range strings.Split(q.Get("kinds"), ",") {
		switch k = strings.TrimSpace(k); k {
		case "":
		case "matter", "minutes", "decision":
			o.Kinds = append(o.Kinds, k)
		default:
			writeError(w, errBadRequest("kinds must name matter, minutes or decision, separated by commas"))
			return
		}
	}
	hits, err := a.matterSvc().Search(r.Context(), r.Agreement, a.actor(r), q.Get("q"), o)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []SearchHit{}
	for _, h := range hits {
		items = append(items, SearchHit{Kind: h.Kind, ID: h.ID, Forum: h.Forum, Meeting: h.MeetingID, Title: h.Title, Snippet: h.Snippet, At: h.At})
	}
	writeList(w, r, items)
}

// MatterInput is the body of POST .../matters.
type MatterInput struct {
	Forum       string `json:"forum"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Owner       string `json:"owner,omitempty"`
	Path        string `json:"path,omitempty"`
}

func (a *API) raiseMatter(w http.ResponseWriter, r *Req) {
	var in MatterInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.Forum == "" {
		writeError(w, errValidation(FieldError{"forum", "name the forum the matter is raised in"}))
		return
	}
	m, err := a.matterSvc().Raise(r.Context(), r.Agreement, a.actor(r), matter.NewMatter{Forum: in.Forum, Kind: matter.Kind(in.Kind),
		Title: in.Title, Description: in.Description, Owner: in.Owner, Path: in.Path})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/agreements/"+r.Agreement.Slug+"/matters/"+itoa(m.ID))
	writeJSON(w, http.StatusCreated, matterOut(r, m))
}

func (a *API) getMatter(w http.ResponseWriter, r *Req) {
	id, ok := matterID(w, r)
	if !ok {
		return
	}
	m, err := a.matterSvc().Get(r.Context(), r.Agreement, a.actor(r), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, matterOut(r, m))
}

// MatterPatch is the body of PATCH .../matters/{matter}: the fields
// given change, the others stay.
type MatterPatch struct {
	Kind        *string `json:"kind,omitempty"`
	Title       *string `json:"title,omitempty"`
	Description *string `json:"description,omitempty"`
	Owner       *string `json:"owner,omitempty"`
}

func (a *API) updateMatter(w http.ResponseWriter, r *Req) {
	id, ok := matterID(w, r)
	if !ok {
		return
	}
	var in MatterPatch
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	svc, x := a.matterSvc(), a.actor(r)
	m, err := svc.Get(r.Context(), r.Agreement, x, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ed := matter.Edit{Kind: m.Kind, Title: m.Title, Description: m.Description, Owner: m.Owner}
	if in.Kind != nil {
		ed.Kind = matter.Kind(*in.Kind)
	}
	if in.Title != nil {
		ed.Title = *in.Title
	}
	if in.Description != nil {
		ed.Description = *in.Description
	}
	if in.Owner != nil {
		ed.Owner = *in.Owner
	}
	if m, err = svc.Update(r.Context(), r.Agreement, x, id, ed); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, matterOut(r, m))
}

// StatusInput is the body of POST .../matters/{matter}/status.
type StatusInput struct {
	Status string `json:"status"`
	Note   string `json:"note,omitempty"`
}

func (a *API) setMatterStatus(w http.ResponseWriter, r *Req) {
	id, ok := matterID(w, r)
	if !ok {
		return
	}
	var in StatusInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if !slices.Contains(matter.Statuses, matter.Status(in.Status)) {
		writeError(w, errValidation(FieldError{"status", "one of open, in-progress, decided, escalated, closed"}))
		return
	}
	svc, x := a.matterSvc(), a.actor(r)
	if err := svc.SetStatus(r.Context(), r.Agreement, x, id, matter.Status(in.Status), in.Note); err != nil {
		a.fail(w, r, err)
		return
	}
	a.getMatter(w, r)
}

func (a *API) matterHistory(w http.ResponseWriter, r *Req) {
	id, ok := matterID(w, r)
	if !ok {
		return
	}
	es, err := a.matterSvc().History(r.Context(), r.Agreement, a.actor(r), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []MatterEvent{}
	for _, e := range es {
		items = append(items, eventOut(r, e))
	}
	writeList(w, r, items)
}

func (a *API) matterPath(w http.ResponseWriter, r *Req) {
	id, ok := matterID(w, r)
	if !ok {
		return
	}
	steps, err := a.matterSvc().Path(r.Context(), r.Agreement, a.actor(r), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []MatterStep{}
	for _, s := range steps {
		items = append(items, stepOut(s))
	}
	writeList(w, r, items)
}

// EscalateInput is the body of POST .../matters/{matter}/escalate.
type EscalateInput struct {
	Reason string `json:"reason"`
	To     string `json:"to,omitempty"`
	Path   string `json:"path,omitempty"`
}

func (a *API) escalateMatter(w http.ResponseWriter, r *Req) {
	id, ok := matterID(w, r)
	if !ok {
		return
	}
	var in EscalateInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	esc, err := a.matterSvc().Escalate(r.Context(), r.Agreement, a.actor(r), id, matter.EscalateInput{Reason: in.Reason, To: in.To, Path: in.Path})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Escalation{Matter: matterOut(r, esc.Matter), From: esc.From, To: esc.To, Meeting: esc.MeetingID, Item: esc.ItemID})
}

// AgendaInput is the body of POST .../matters/{matter}/agenda.
type AgendaInput struct {
	Meeting int64  `json:"meeting"`
	Type    string `json:"type"`
}

func (a *API) matterToAgenda(w http.ResponseWriter, r *Req) {
	id, ok := matterID(w, r)
	if !ok {
		return
	}
	var in AgendaInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	it, err := a.matterSvc().PutOnAgenda(r.Context(), r.Agreement, a.actor(r), id, in.Meeting, gov.AgendaItemType(in.Type))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, AgendaItem{ID: it.ID, Position: it.Position, Type: string(it.Type), Title: it.Title, Description: it.Description,
		Presenter: it.Presenter, Minutes: it.Minutes, Status: string(it.Status), Source: it.Source})
}

// itemOf reads the {meeting} and {item} of the URL.
func itemOf(w http.ResponseWriter, r *Req) (int64, int64, bool) {
	m, ok := meetingOf(w, r)
	if !ok {
		return 0, 0, false
	}
	it, ok := pathID(r, "item")
	if !ok {
		writeError(w, errNotFound("no agenda item "+r.PathValue("item")))
	}
	return m, it, ok
}

// writeDecision answers with a decision as it is now, votes included.
func (a *API) writeDecision(w http.ResponseWriter, r *Req, status int, id int64) {
	d, err := a.matterSvc().GetDecision(r.Context(), r.Agreement, a.actor(r), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, status, decisionOut(d))
}

// OpenVoteInput is the body of POST .../items/{item}/vote/open.
type OpenVoteInput struct {
	Proposal string `json:"proposal,omitempty"`
}

func (a *API) openVote(w http.ResponseWriter, r *Req) {
	mid, iid, ok := itemOf(w, r)
	if !ok {
		return
	}
	var in OpenVoteInput
	if r.ContentLength != 0 {
		if e := decode(w, r, &in); e != nil {
			writeError(w, e)
			return
		}
	}
	d, err := a.matterSvc().OpenVote(r.Context(), r.Agreement, a.actor(r), mid, iid, in.Proposal)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeDecision(w, r, http.StatusCreated, d.ID)
}

// VoteInput is the body of POST .../items/{item}/votes.
type VoteInput struct {
	Voter  string `json:"voter"`
	Choice string `json:"choice"`
}

func (a *API) castVote(w http.ResponseWriter, r *Req) {
	mid, iid, ok := itemOf(w, r)
	if !ok {
		return
	}
	var in VoteInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.Voter == "" {
		writeError(w, errValidation(FieldError{"voter", "name the person or organisation voting"}))
		return
	}
	v, err := a.matterSvc().CastVote(r.Context(), r.Agreement, a.actor(r), mid, iid, in.Voter, decision.Choice(in.Choice))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, voteOut(*v))
}

func (a *API) closeVote(w http.ResponseWriter, r *Req) {
	mid, iid, ok := itemOf(w, r)
	if !ok {
		return
	}
	d, err := a.matterSvc().CloseVote(r.Context(), r.Agreement, a.actor(r), mid, iid)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeDecision(w, r, http.StatusOK, d.ID)
}

// ConsensusInput is the body of POST .../items/{item}/consensus.
type ConsensusInput struct {
	Statement string `json:"statement"`
	Reached   bool   `json:"reached"`
}

func (a *API) recordConsensus(w http.ResponseWriter, r *Req) {
	mid, iid, ok := itemOf(w, r)
	if !ok {
		return
	}
	var in ConsensusInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	d, err := a.matterSvc().RecordConsensus(r.Context(), r.Agreement, a.actor(r), mid, iid, matter.Consensus{Statement: in.Statement, Reached: in.Reached})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeDecision(w, r, http.StatusCreated, d.ID)
}

// DutyInput is the body of POST .../items/{item}/duty.
type DutyInput struct {
	Person    string `json:"person,omitempty"`
	TermFrom  string `json:"term_from,omitempty"`
	TermTo    string `json:"term_to,omitempty"`
	Statement string `json:"statement,omitempty"`
}

func (a *API) recordDuty(w http.ResponseWriter, r *Req) {
	mid, iid, ok := itemOf(w, r)
	if !ok {
		return
	}
	var in DutyInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	d, err := a.matterSvc().RecordDuty(r.Context(), r.Agreement, a.actor(r), mid, iid, matter.Duty{Person: in.Person, TermFrom: in.TermFrom,
		TermTo: in.TermTo, Statement: in.Statement})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeDecision(w, r, http.StatusCreated, d.ID)
}

func (a *API) getDecision(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "decision")
	if !ok {
		writeError(w, errNotFound("no decision "+r.PathValue("decision")))
		return
	}
	a.writeDecision(w, r, http.StatusOK, id)
}

// register lists the decision register, as JSON or, asked for with
// Accept: text/csv or the .csv path, as CSV.
func (a *API) register(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	flt := matter.RegisterFilter{Forum: q.Get("forum"), Outcome: decision.Outcome(q.Get("outcome")), From: q.Get("from"), To: q.Get("to"), Text: q.Get("q")}
	switch flt.Outcome {
	case "", decision.Passed, decision.Rejected, decision.NoQuorum:
	default:
		writeError(w, errBadRequest("outcome must be one of passed, rejected, no-quorum"))
		return
	}
	ds, err := a.matterSvc().Register(r.Context(), r.Agreement, a.actor(r), flt)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if strings.HasSuffix(r.URL.Path, ".csv") || strings.Contains(r.Header.Get("Accept"), "text/csv") {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+r.Agreement.Slug+`-decisions.csv"`)
		w.WriteHeader(http.StatusOK)
		csvsafe.NewWriter(w).WriteAll(matter.RegisterRows(r.Agreement, ds))
		return
	}
	items := []DecisionRecord{}
	for i := range ds {
		items = append(items, decisionOut(&ds[i]))
	}
	writeList(w, r, items)
}

// OverturnInput is the body of POST .../decisions/{decision}/overturn:
// the higher forum's decision that changed or overturned this one.
type OverturnInput struct {
	By     int64  `json:"by"`
	Effect string `json:"effect"`
	Note   string `json:"note,omitempty"`
}

func (a *API) overturnDecision(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "decision")
	if !ok {
		writeError(w, errNotFound("no decision "+r.PathValue("decision")))
		return
	}
	var in OverturnInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if err := a.matterSvc().Overturn(r.Context(), r.Agreement, a.actor(r), id, in.By, matter.Effect(in.Effect), in.Note); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeDecision(w, r, http.StatusOK, id)
}

// forumSeats computes a forum's seats and warnings on a date (today in
// the agreement's time zone by default).
func (a *API) forumSeats(w http.ResponseWriter, r *Req) {
	f := visibleForum(w, r)
	if f == nil {
		return
	}
	date := r.URL.Query().Get("date")
	if date == "" {
		date = a.now().In(location(r.Agreement)).Format(time.DateOnly)
	} else if _, err := time.Parse(time.DateOnly, date); err != nil {
		writeError(w, errBadRequest("date must be a date, YYYY-MM-DD"))
		return
	}
	writeJSON(w, http.StatusOK, seatsOut(r.Agreement, f, date))
}
