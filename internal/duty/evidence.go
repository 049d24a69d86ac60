package duty

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Limits of evidence.
const (
	MaxEvidenceText  = 20000
	MaxEvidenceFiles = 10
	MaxEvidenceBytes = 20 << 20
)

// File is a file of evidence as uploaded.
type File struct {
	Name, ContentType string
	Data              []byte
}

func errf(code gov.ErrorCode, id, english string) error {
	return &gov.Error{Code: code, Message: english, ID: id}
}

// load reads a duty x may see, locked, and refuses one that is closed.
func load(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, id int64) (*store.Duty, error) {
	d, err := tx.Duty(ctx, a.Slug, id, true)
	if errors.Is(err, store.ErrNotFound) || err == nil && !CanSee(x, a, d) {
		return nil, notFound()
	}
	return d, err
}

func closed(d *store.Duty) error {
	if d.State != store.DutyOpen {
		return errf(gov.CodeConflict, "duties.err.closed", "the duty is "+d.State+" already")
	}
	return nil
}

// Submit records the owing party's evidence that a duty is done: a text,
// files, or both. The receiving party then accepts or returns it.
func (s *Service) Submit(ctx context.Context, a *gov.Agreement, p auth.Principal, id int64, text string, files []File) (*store.DutyEvidence, error) {
	x := ActorIn(p, a)
	text = strings.TrimSpace(text)
	var fs []gov.FieldError
	if text == "" && len(files) == 0 {
		fs = append(fs, gov.FieldError{Field: "text", ID: "duties.err.empty", Message: "write what was done or attach a file"})
	}
	if utf8.RuneCountInString(text) > MaxEvidenceText {
		fs = append(fs, gov.FieldError{Field: "text", ID: "duties.err.textlong", Message: "the text may be at most 20000 characters"})
	}
	size := 0
	for _, f := range files {
		size += len(f.Data)
		if strings.TrimSpace(f.Name) == "" || len(f.Data) == 0 {
			fs = append(fs, gov.FieldError{Field: "file", ID: "duties.err.file", Message: "a file has no name or is empty"})
			break
		}
	}
	if len(files) > MaxEvidenceFiles || size > MaxEvidenceBytes {
		fs = append(fs, gov.FieldError{Field: "file", ID: "duties.err.files", Message: "at most 10 files and 20 MB"})
	}
	if len(fs) > 0 {
		return nil, gov.Invalid(fs...)
	}
	var ev *store.DutyEvidence
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		d, err := load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		if !Owes(x, a, d) || !mayAct(x) {
			return errf(gov.CodeForbidden, "duties.err.notowner", "only the party that owes the duty submits its evidence")
		}
		if err := closed(d); err != nil {
			return err
		}
		if d.Evidence == store.EvidenceSubmitted {
			return errf(gov.CodeConflict, "duties.err.waiting", "the evidence waits for the receiving party's answer")
		}
		ev = &store.DutyEvidence{DutyID: d.ID, Body: text, SubmittedBy: x.Name(), SubmittedAt: s.Now().UTC()}
		for _, f := range files {
			ct := f.ContentType
			if ct == "" {
				ct = "application/octet-stream"
			}
			ev.Files = append(ev.Files, store.DutyFile{Name: cleanName(f.Name), ContentType: ct, Data: f.Data})
		}
		if err := tx.AddDutyEvidence(ctx, ev); err != nil {
			return err
		}
		if err := tx.SetDutyEvidence(ctx, d.ID, store.EvidenceSubmitted); err != nil {
			return err
		}
		names := make([]string, len(ev.Files))
		for i, f := range ev.Files {
			names[i] = f.Name
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "duty.evidence", ObjectType: "duty", ObjectID: strconv.FormatInt(d.ID, 10),
			AgreementID: d.AgreementID, After: map[string]any{"version": ev.Version, "text": text, "files": names}})
	})
	return ev, err
}

// cleanName is the name rule every upload shares.
func cleanName(n string) string { return gov.CleanFileName(n) }

// Accept is the receiving party's acceptance of the latest evidence: the
// duty is done.
func (s *Service) Accept(ctx context.Context, a *gov.Agreement, p auth.Principal, id int64, comment string) error {
	return s.decide(ctx, a, p, id, true, comment)
}

// Return sends the latest evidence back with a comment saying what is
// missing: the duty stays open with the owing party.
func (s *Service) Return(ctx context.Context, a *gov.Agreement, p auth.Principal, id int64, comment string) error {
	return s.decide(ctx, a, p, id, false, comment)
}

func (s *Service) decide(ctx context.Context, a *gov.Agreement, p auth.Principal, id int64, accept bool, comment string) error {
	x := ActorIn(p, a)
	comment = strings.TrimSpace(comment)
	if !accept && comment == "" {
		return gov.Invalid(gov.FieldError{Field: "comment", ID: "duties.err.comment", Message: "say why the evidence is returned"})
	}
	if utf8.RuneCountInString(comment) > 5000 {
		return gov.Invalid(gov.FieldError{Field: "comment", ID: "duties.err.commentlong", Message: "the comment may be at most 5000 characters"})
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		d, err := load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		if !Receives(x, a, d) || !mayAct(x) {
			return errf(gov.CodeForbidden, "duties.err.notreceiver", "the receiving party accepts or returns the evidence")
		}
		if err := closed(d); err != nil {
			return err
		}
		evs, err := tx.DutyEvidenceList(ctx, d.ID)
		if err != nil {
			return err
		}
		if len(evs) == 0 || d.Evidence != store.EvidenceSubmitted {
			return errf(gov.CodeConflict, "duties.err.noevidence", "there is no evidence waiting for an answer")
		}
		last := evs[len(evs)-1]
		outcome := store.EvidenceAccepted
		if !accept {
			outcome = store.EvidenceReturned
		}
		now := s.Now().UTC()
		if ok, err := tx.DecideDutyEvidence(ctx, last.ID, outcome, comment, x.Name(), now); err != nil {
			return err
		} else if !ok {
			return errf(gov.CodeConflict, "duties.err.noevidence", "there is no evidence waiting for an answer")
		}
		if err := tx.SetDutyEvidence(ctx, d.ID, outcome); err != nil {
			return err
		}
		if accept {
			if _, err := tx.CloseDuty(ctx, d.ID, store.DutyDone, x.Name(), comment); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "duty." + map[bool]string{true: "accept", false: "return"}[accept],
			ObjectType: "duty", ObjectID: strconv.FormatInt(d.ID, 10), AgreementID: d.AgreementID,
			After: map[string]any{"version": last.Version, "comment": comment}})
	})
}
