package api

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// Checked and signed minutes through the API (issue 19).

// Signing is a meeting's minutes checking: the checkers chosen at the
// meeting, the signatures of every version, and the seal.
type Signing struct {
	Checkers   []string    `json:"checkers"`
	Signatures []Signature `json:"signatures"`
	// Sealed: all signed, and the minutes PDF sealed (SHA-256 of the PDF;
	// pades tells whether it carries the instance's PAdES signature).
	Sealed *Seal `json:"sealed,omitempty"`
}

// Signature is one signer's signature of a version of the minutes.
type Signature struct {
	Version  int     `json:"version"`
	Person   string  `json:"person"`
	Name     string  `json:"name"`
	Role     string  `json:"role"`
	Status   string  `json:"status"`
	Comment  string  `json:"comment,omitempty"`
	Due      string  `json:"due"`
	SignedAt *string `json:"signed_at,omitempty"`
}

// Seal describes the sealed minutes PDF.
type Seal struct {
	Version   int    `json:"version"`
	SHA256    string `json:"sha256"`
	AuditHead string `json:"audit_head"`
	PAdES     bool   `json:"pades"`
	SealedAt  string `json:"sealed_at"`
	Href      string `json:"href"`
}

func signingOut(ag *gov.Agreement, id int64, cs []store.MinutesChecker, sigs []store.MinutesSignature, seal *store.MinutesSeal) *Signing {
	out := &Signing{Checkers: []string{}, Signatures: []Signature{}}
	for _, c := range cs {
		out.Checkers = append(out.Checkers, c.Person)
	}
	for _, s := range sigs {
		sg := Signature{Version: s.Version, Person: s.Person, Name: s.Name, Role: s.Role, Status: s.Status, Comment: s.Comment, Due: s.Due}
		if s.SignedAt != nil {
			v := s.SignedAt.UTC().Format("2006-01-02T15:04:05Z")
			sg.SignedAt = &v
		}
		out.Signatures = append(out.Signatures, sg)
	}
	if seal != nil {
		out.Sealed = &Seal{Version: seal.Version, SHA256: seal.SHA256, AuditHead: seal.AuditHead, PAdES: seal.Signed,
			SealedAt: seal.SealedAt.UTC().Format("2006-01-02T15:04:05Z"), Href: "/api/v1/agreements/" + ag.Slug + "/meetings/" + itoa(id) + "/minutes.pdf"}
	}
	return out
}

// signingOf reads the signing of a meeting inside the detail's
// transaction; nil when the forum's minutes are not signed.
func signingOf(ctx context.Context, tx *store.Tx, ag *gov.Agreement, f *gov.Forum, id int64) (*Signing, error) {
	if f.Minutes.Checking == nil {
		return nil, nil
	}
	cs, err := tx.Checkers(ctx, id)
	if err != nil {
		return nil, err
	}
	sigs, err := tx.Signatures(ctx, id)
	if err != nil {
		return nil, err
	}
	seal, err := tx.MinutesSeal(ctx, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	return signingOut(ag, id, cs, sigs, seal), nil
}

// People is the body of PUT .../minutes/checkers.
type People struct {
	People []string `json:"people"`
}

func (a *API) chooseCheckers(w http.ResponseWriter, r *Req) {
	var in People
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	a.change(w, r, func(ctx context.Context, ag *gov.Agreement, x meeting.Actor, id int64) error {
		return a.meetings.ChooseCheckers(ctx, ag, x, id, in.People)
	})
}

func (a *API) signMinutes(w http.ResponseWriter, r *Req) { a.change(w, r, a.meetings.SignMinutes) }

func (a *API) rejectMinutes(w http.ResponseWriter, r *Req) {
	var in Comment
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	a.change(w, r, func(ctx context.Context, ag *gov.Agreement, x meeting.Actor, id int64) error {
		return a.meetings.RejectMinutes(ctx, ag, x, id, in.Comment)
	})
}

// minutesPDF returns the minutes' document: the sealed PDF once signed,
// else the approved minutes printed in the agreement's language.
func (a *API) minutesPDF(w http.ResponseWriter, r *Req) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	pdf, name, err := a.meetings.MinutesPDF(r.Context(), r.Agreement, a.actor(r), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writePDF(w, name, pdf)
}

// writePDF answers with a PDF download.
func writePDF(w http.ResponseWriter, name string, pdf []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(pdf)))
	w.Write(pdf)
}

// agendaPack returns the meeting's agenda pack PDF.
func (a *API) agendaPack(w http.ResponseWriter, r *Req) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	pdf, name, err := a.meetings.AgendaPack(r.Context(), r.Agreement, a.actor(r), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writePDF(w, name, pdf)
}
