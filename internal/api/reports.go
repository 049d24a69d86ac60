package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/itsm"
	"github.com/steerco/steerco/internal/report"
	"github.com/steerco/steerco/internal/store"
)

// Service reporting (issue 8): ticket imports, the month's report pack,
// breach exclusions and the report's review, under the same rules as
// the web UI (internal/report decides who may).

// ticketUploadLimit bounds an uploaded export.
const ticketUploadLimit = 128 << 20

// ImportOutput is what an import read and did, with the rejected rows.
type ImportOutput = itsm.Result

func (a *API) importTickets(w http.ResponseWriter, r *Req) {
	if r.ContentLength > ticketUploadLimit {
		uploadTooLarge(w)
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		writeError(w, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "send the export as multipart/form-data: fields source, kind, strict, file and (for csv) mapping"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, ticketUploadLimit)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			uploadTooLarge(w)
			return
		}
		writeError(w, errBadRequest("malformed multipart body: "+err.Error()))
		return
	}
	src := itsm.Source{Name: r.FormValue("source"), Kind: r.FormValue("kind")}
	switch {
	case src.Name != "servicenow" && src.Name != "jira" && src.Name != "csv":
		writeError(w, errValidation(FieldError{"source", "use servicenow, jira or csv"}))
		return
	case src.Kind != "" && src.Kind != store.KindIncident && src.Kind != store.KindProblem && src.Kind != store.KindChange:
		writeError(w, errValidation(FieldError{"kind", "use incident, problem or change"}))
		return
	}
	read := func(field string) (string, []byte, bool) {
		f, h, err := r.FormFile(field)
		if err != nil {
			return "", nil, false
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		return h.Filename, b, err == nil && len(b) > 0
	}
	name, data, ok := read("file")
	if !ok {
		writeError(w, errValidation(FieldError{"file", "send the export in a multipart field named file"}))
		return
	}
	if src.Name == "csv" {
		_, m, ok := read("mapping")
		if !ok {
			writeError(w, errValidation(FieldError{"mapping", "a csv import needs its mapping file in a field named mapping"}))
			return
		}
		mp, err := itsm.ParseMapping(m)
		if err != nil {
			writeError(w, errValidation(FieldError{"mapping", err.Error()}))
			return
		}
		src.Mapping = mp
	}
	x := a.actor(r)
	supplier := ""
	if !x.P.Admin {
		supplier = itsm.ImportsAs(r.Agreement, x.P.Party) // a supplier imports into its own services only (issue #14)
	}
	res, err := itsm.Import(r.Context(), a.store, r.Agreement.Slug, bytes.NewReader(data), itsm.Options{Source: src, FileName: name,
		Actor: x.Name(), Strict: r.FormValue("strict") == "true", Supplier: supplier})
	var se *itsm.StrictError
	switch {
	case errors.As(err, &se):
		var fields []FieldError
		for i, rj := range se.Rejects {
			if i == 100 {
				break
			}
			fields = append(fields, FieldError{Field: fmt.Sprintf("line %d %s", rj.Line, rj.Column), Message: rj.Reason})
		}
		writeError(w, errValidation(fields...))
		return
	case err != nil && errors.Is(err, store.ErrNotFound):
		writeError(w, errNotFound("no agreement "+r.Agreement.Slug))
		return
	case err != nil && !strings.HasPrefix(err.Error(), "store:"):
		// The reader refused the file itself (no header, no number
		// column): its words are the answer.
		writeError(w, errValidation(FieldError{"file", err.Error()}))
		return
	case err != nil:
		a.fail(w, r, err)
		return
	}
	if res.Rejects == nil {
		res.Rejects = []itsm.Reject{}
	}
	writeJSON(w, http.StatusCreated, res)
}

// monthOf reads the {month} of the URL, answering 404 for a bad one.
func monthOf(w http.ResponseWriter, r *Req) (string, bool) {
	m := r.PathValue("month")
	if _, err := report.ParseMonth(m); err != nil {
		writeError(w, errNotFound("no month "+m+"; write YYYY-MM"))
		return "", false
	}
	return m, true
}

// reportPart resolves the ?part= of a report request for the caller
// (issue #14): a supplier's own part by default; a part the caller may
// not read is answered 404.
func (a *API) reportPart(w http.ResponseWriter, r *Req) (string, bool) {
	part, ok := report.ReadPart(r.Agreement, a.actor(r), r.URL.Query().Get("part"))
	if !ok {
		writeError(w, errNotFound("no such report part"))
	}
	return part, ok
}

func (a *API) writePack(w http.ResponseWriter, r *Req, status int, month string) {
	part, ok := a.reportPart(w, r)
	if !ok {
		return
	}
	p, err := report.Build(r.Context(), a.store, r.Agreement, month, report.Options{Part: part})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, status, p)
}

func (a *API) getReport(w http.ResponseWriter, r *Req) {
	if m, ok := monthOf(w, r); ok {
		a.writePack(w, r, http.StatusOK, m)
	}
}

// reportCatalog is the message catalogue the report service words its
// notifications with, loaded once.
var reportCatalog = sync.OnceValue(func() *i18n.Catalog {
	cat, err := i18n.Load()
	if err != nil {
		panic("api: load the message catalogue: " + err.Error()) // embedded: a broken build
	}
	return cat
})

func (a *API) reportSvc() *report.Service { return report.New(a.store, reportCatalog()) }

func (a *API) saveNarrative(w http.ResponseWriter, r *Req) {
	m, ok := monthOf(w, r)
	if !ok {
		return
	}
	var in report.Narrative
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if err := report.CheckWriteTarget(r.Agreement, a.actor(r), r.URL.Query().Get("part")); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.reportSvc().SaveNarrative(r.Context(), a.actor(r), r.Agreement, m, in); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writePack(w, r, http.StatusOK, m)
}

func (a *API) submitReport(w http.ResponseWriter, r *Req) {
	m, ok := monthOf(w, r)
	if !ok {
		return
	}
	if err := report.CheckWriteTarget(r.Agreement, a.actor(r), r.URL.Query().Get("part")); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.reportSvc().Submit(r.Context(), a.actor(r), r.Agreement, m); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writePack(w, r, http.StatusOK, m)
}

// ReviewDecision is the body of a review: approve (true) or reject/dispute,
// with a note (required to reject or dispute).
type ReviewDecision struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note"`
}

func (a *API) decideReport(w http.ResponseWriter, r *Req) {
	m, ok := monthOf(w, r)
	if !ok {
		return
	}
	var in ReviewDecision
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	part, ok := a.reportPart(w, r)
	if !ok {
		return
	}
	if err := a.reportSvc().Decide(r.Context(), a.actor(r), r.Agreement, m, part, in.Approve, in.Note); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writePack(w, r, http.StatusOK, m)
}

// ExclusionInput proposes a breached ticket as not attributable.
type ExclusionInput struct {
	Ticket int64  `json:"ticket"`
	Reason string `json:"reason"`
}

func (a *API) proposeExclusion(w http.ResponseWriter, r *Req) {
	m, ok := monthOf(w, r)
	if !ok {
		return
	}
	var in ExclusionInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if err := a.reportSvc().ProposeExclusion(r.Context(), a.actor(r), r.Agreement, in.Ticket, in.Reason); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writePack(w, r, http.StatusOK, m)
}

func (a *API) decideExclusion(w http.ResponseWriter, r *Req) {
	m, ok := monthOf(w, r)
	if !ok {
		return
	}
	id, ok := pathID(r, "exclusion")
	if !ok {
		writeError(w, errNotFound("no exclusion "+r.PathValue("exclusion")))
		return
	}
	var in ReviewDecision
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if err := a.reportSvc().DecideExclusion(r.Context(), a.actor(r), r.Agreement, id, in.Approve, in.Note); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writePack(w, r, http.StatusOK, m)
}
