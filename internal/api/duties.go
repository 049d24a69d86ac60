package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// The duty ledger through the API (issue 16): the caller's duties across
// agreements, an agreement's duties, one duty with its evidence, and
// evidence, acceptance and return. internal/duty decides who sees and
// does what, with the same coded errors as the web UI.

func (a *API) dutySvc() *duty.Service {
	s := duty.New(a.store, nil)
	s.Now = func() time.Time { return a.now() }
	return s
}

// PartyName names a party (or a party kind, whose id is the kind).
type PartyName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Duty is one duty of the ledger as the caller sees it.
type Duty struct {
	ID         int64      `json:"id"`
	Agreement  string     `json:"agreement"`
	Kind       string     `json:"kind"`
	Source     string     `json:"source"`
	Occurrence string     `json:"occurrence,omitempty"`
	Title      string     `json:"title"`
	OwedBy     PartyName  `json:"owed_by"`
	Person     *PartyName `json:"owed_by_person,omitempty"`
	OwedTo     *PartyName `json:"owed_to,omitempty"`
	Forum      string     `json:"forum,omitempty"`
	Starts     string     `json:"starts,omitempty"`
	Due        string     `json:"due"`
	// State is open, late, done, waived or planned.
	State    string `json:"state"`
	DaysLate int    `json:"days_late,omitempty"`
	DaysLeft int    `json:"days_left,omitempty"`
	Evidence string `json:"evidence,omitempty"`
	Matter   int64  `json:"matter,omitempty"`
	// Link is the web page where the duty is done.
	Link string `json:"link"`
	Href string `json:"href"`
}

// DutyEvidence is one submission of evidence and its answer.
type DutyEvidence struct {
	Version     int            `json:"version"`
	Text        string         `json:"text"`
	Files       []DutyFileInfo `json:"files"`
	SubmittedBy string         `json:"submitted_by"`
	SubmittedAt time.Time      `json:"submitted_at"`
	Outcome     string         `json:"outcome,omitempty"`
	Comment     string         `json:"comment,omitempty"`
	DecidedAt   *time.Time     `json:"decided_at,omitempty"`
}

// DutyFileInfo names a file of evidence.
type DutyFileInfo struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// DutyDetail is one duty with its evidence and what the caller may do.
type DutyDetail struct {
	Duty
	EvidenceList []DutyEvidence `json:"evidence_list"`
	MaySubmit    bool           `json:"may_submit"`
	MayDecide    bool           `json:"may_decide"`
}

func dutyOut(v duty.View) Duty {
	d := Duty{ID: v.ID, Agreement: v.Agreement, Kind: v.Kind, Source: v.Source, Occurrence: v.Occurrence, Title: v.Title,
		OwedBy: PartyName{ID: v.OwedBy, Name: v.OwedByName}, Forum: v.Forum, Starts: v.Starts, Due: v.Due, State: v.State,
		DaysLate: v.DaysLate, DaysLeft: v.DaysLeft, Evidence: v.Duty.Evidence, Matter: v.MatterID, Link: v.Href(),
		Href: "/api/v1/agreements/" + v.Agreement + "/duties/" + strconv.FormatInt(v.ID, 10)}
	if v.OwedByPerson != "" && v.PersonName != "" {
		d.Person = &PartyName{ID: v.OwedByPerson, Name: v.PersonName}
	}
	if v.OwedTo != "" {
		d.OwedTo = &PartyName{ID: v.OwedTo, Name: v.OwedToName}
	}
	return d
}

// dutyFilter reads the query's filters, naming a wrong one.
func dutyFilter(r *Req) (duty.Filter, *Error) {
	q := r.URL.Query()
	f := duty.Filter{Owner: duty.Owner(q.Get("owner")), State: q.Get("state"), Kind: q.Get("kind"), Source: q.Get("source"), Party: q.Get("party")}
	for _, p := range []struct {
		key string
		to  *calendar.Date
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(p.key); v != "" {
			d, err := calendar.ParseDate(v)
			if err != nil {
				return f, errValidation(FieldError{p.key, "write the date as YYYY-MM-DD"})
			}
			*p.to = d
		}
	}
	if err := f.Check(); err != nil {
		return f, fromGov(err)
	}
	return f, nil
}

// visibleAgreements are the agreements the caller takes part in.
func (a *API) visibleAgreements(r *Req) ([]*gov.Agreement, error) {
	var sums []store.AgreementSummary
	var err error
	if r.Principal.Admin {
		sums, err = a.store.Agreements(r.Context())
	} else {
		sums, err = a.store.AgreementsForOrganisation(r.Context(), r.Principal.Organisation)
	}
	if err != nil {
		return nil, err
	}
	var out []*gov.Agreement
	for _, s := range sums {
		ag, err := a.store.Agreement(r.Context(), s.Slug)
		if err != nil {
			return nil, err
		}
		if auth.RoleIn(r.Principal, ag) != "" {
			out = append(out, ag)
		}
	}
	return out, nil
}

// listMyDuties is GET /api/v1/duties: the caller's duties across their
// agreements; owner me (default), party or all.
func (a *API) listMyDuties(w http.ResponseWriter, r *Req) {
	f, e := dutyFilter(r)
	if e != nil {
		writeError(w, e)
		return
	}
	if f.Owner == "" {
		f.Owner = duty.OwnerMe
	}
	as, err := a.visibleAgreements(r)
	if err != nil {
		a.internal(w, r, err)
		return
	}
	a.writeDuties(w, r, as, f)
}

// listDuties is GET /api/v1/agreements/{agreement}/duties: every duty of
// the agreement the caller may see (owner all by default).
func (a *API) listDuties(w http.ResponseWriter, r *Req) {
	f, e := dutyFilter(r)
	if e != nil {
		writeError(w, e)
		return
	}
	if f.Owner == "" {
		f.Owner = duty.OwnerAll
	}
	a.writeDuties(w, r, []*gov.Agreement{r.Agreement}, f)
}

func (a *API) writeDuties(w http.ResponseWriter, r *Req, as []*gov.Agreement, f duty.Filter) {
	vs, err := a.dutySvc().List(r.Context(), r.Principal, as, f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []Duty{}
	for _, v := range vs {
		items = append(items, dutyOut(v))
	}
	writeList(w, r, items)
}

func dutyOf(w http.ResponseWriter, r *Req) (int64, bool) {
	id, ok := pathID(r, "duty")
	if !ok {
		writeError(w, errNotFound("no duty "+r.PathValue("duty")))
	}
	return id, ok
}

func (a *API) writeDuty(w http.ResponseWriter, r *Req, status int, id int64) {
	d, err := a.dutySvc().Get(r.Context(), r.Agreement, r.Principal, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := DutyDetail{Duty: dutyOut(d.View), EvidenceList: []DutyEvidence{}, MaySubmit: d.MaySubmit, MayDecide: d.MayDecide}
	for _, e := range d.Evidence {
		ev := DutyEvidence{Version: e.Version, Text: e.Body, Files: []DutyFileInfo{}, SubmittedBy: e.SubmittedBy, SubmittedAt: e.SubmittedAt,
			Outcome: e.Outcome, Comment: e.Comment, DecidedAt: e.DecidedAt}
		for _, f := range e.Files {
			ev.Files = append(ev.Files, DutyFileInfo{ID: f.ID, Name: f.Name, ContentType: f.ContentType, Size: f.Size})
		}
		out.EvidenceList = append(out.EvidenceList, ev)
	}
	writeJSON(w, status, out)
}

func (a *API) getDuty(w http.ResponseWriter, r *Req) {
	if id, ok := dutyOf(w, r); ok {
		a.writeDuty(w, r, http.StatusOK, id)
	}
}

// EvidenceInput is evidence sent as JSON; files go as multipart/form-data
// (fields text and file, the latter repeated).
type EvidenceInput struct {
	Text string `json:"text"`
}

// evidenceLimit bounds an evidence request: the files and the text.
const evidenceLimit = duty.MaxEvidenceBytes + 1<<20

func (a *API) submitEvidence(w http.ResponseWriter, r *Req) {
	id, ok := dutyOf(w, r)
	if !ok {
		return
	}
	var text string
	var files []duty.File
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		if r.ContentLength > evidenceLimit {
			uploadTooLarge(w)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, evidenceLimit)
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				uploadTooLarge(w)
				return
			}
			writeError(w, errBadRequest("malformed multipart body: "+err.Error()))
			return
		}
		text = r.FormValue("text")
		for _, fh := range r.MultipartForm.File["file"] {
			f, err := fh.Open()
			if err != nil {
				writeError(w, errBadRequest("cannot read "+fh.Filename))
				return
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				uploadTooLarge(w)
				return
			}
			files = append(files, duty.File{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Data: data})
		}
	} else {
		var in EvidenceInput
		if e := decode(w, r, &in); e != nil {
			writeError(w, e)
			return
		}
		text = in.Text
	}
	if _, err := a.dutySvc().Submit(r.Context(), r.Agreement, r.Principal, id, text, files); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeDuty(w, r, http.StatusCreated, id)
}

// DutyAnswerInput is the receiving party's comment; a return needs one.
type DutyAnswerInput struct {
	Comment string `json:"comment,omitempty"`
}

func (a *API) answerEvidence(w http.ResponseWriter, r *Req, accept bool) {
	id, ok := dutyOf(w, r)
	if !ok {
		return
	}
	var in DutyAnswerInput
	if r.ContentLength != 0 {
		if e := decode(w, r, &in); e != nil {
			writeError(w, e)
			return
		}
	}
	svc, err := a.dutySvc(), error(nil)
	if accept {
		err = svc.Accept(r.Context(), r.Agreement, r.Principal, id, in.Comment)
	} else {
		err = svc.Return(r.Context(), r.Agreement, r.Principal, id, in.Comment)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeDuty(w, r, http.StatusOK, id)
}

func (a *API) acceptEvidence(w http.ResponseWriter, r *Req) { a.answerEvidence(w, r, true) }
func (a *API) returnEvidence(w http.ResponseWriter, r *Req) { a.answerEvidence(w, r, false) }

// dutyFile downloads one file of a duty's evidence.
func (a *API) dutyFile(w http.ResponseWriter, r *Req) {
	id, ok := dutyOf(w, r)
	if !ok {
		return
	}
	fid, ok := pathID(r, "file")
	if !ok {
		writeError(w, errNotFound("no file "+r.PathValue("file")))
		return
	}
	f, err := a.dutySvc().File(r.Context(), r.Agreement, r.Principal, id, fid)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(f.Data)
}
