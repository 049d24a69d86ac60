// Package records runs what public bodies must do with the records
// steerco holds (issue 21): an agenda item or material marked secret with
// a public title, checked minutes published at public URLs with names
// other than the officials' removed after the appeal period, and the
// retention of records with legal holds and disposal.
//
// Each change is one method that checks permission, validates, writes
// and records the audit entry in one transaction. Who may act is the
// customer's side: the public body owns its records, so its
// representatives (and the administrators) mark, publish, hold and
// dispose — the same roles as the agreement's export (auth.ExportAgreement).
package records

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// Actor is who acts, as in internal/meeting.
type Actor = meeting.Actor

// Service runs records on a store.
type Service struct {
	st *store.Store
	// Now is the clock; tests pin it.
	Now func() time.Time
}

// New makes a records service.
func New(st *store.Store) *Service { return &Service{st: st, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// MayManage reports whether x may mark secrecy, publish minutes and hold
// or dispose records: administrators and the customer's representatives.
func MayManage(x Actor) bool { return auth.Allowed(x.Role, auth.ExportAgreement) }

func errf(code gov.ErrorCode, id, msg string, args ...any) *gov.Error {
	e := gov.Errorf(code, "%s", msg)
	e.ID, e.Args = id, args
	for i := 0; i+1 < len(args); i += 2 {
		e.Message = strings.ReplaceAll(e.Message, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return e
}

// SecrecyInput is a marking as a form or API sends it.
type SecrecyInput struct {
	// Kind is "item" or "material"; Ref the item's id or the material's
	// name.
	Kind, Ref   string
	PublicTitle string
	// Basis and Years default to the record type's when the type is
	// secret; a public type needs them given.
	Basis string
	Years int
}

// MarkSecret marks an agenda item or a material of meeting meetingID
// secret, shown to the public only by its public title.
func (s *Service) MarkSecret(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, in SecrecyInput) error {
	if !MayManage(x) {
		return errf(gov.CodeForbidden, "records.err.forbidden", "only the customer's representatives and administrators manage records")
	}
	t := gov.RecAgenda
	if in.Kind == "material" {
		t = gov.RecMaterial
	} else if in.Kind != "item" {
		return errf(gov.CodeInvalid, "records.err.kind", "mark an agenda item or a material")
	}
	meta := a.RecordMetaFor(t)
	basis, years := strings.TrimSpace(in.Basis), in.Years
	if basis == "" && meta.Publicity == gov.Secret {
		basis = meta.SecrecyBasis
	}
	if years == 0 && meta.Publicity == gov.Secret {
		years = meta.SecrecyYears
	}
	var fields []gov.FieldError
	title := strings.TrimSpace(in.PublicTitle)
	if title == "" || len(title) > 300 {
		fields = append(fields, gov.FieldError{Field: "public_title", Message: "give a public title (at most 300 characters) that still says what the item is about", ID: "records.err.title"})
	}
	if basis == "" || len(basis) > 200 {
		fields = append(fields, gov.FieldError{Field: "secrecy_basis", Message: "name the legal section that makes it secret", ID: "records.err.basis"})
	}
	if years < 1 || years > 100 {
		fields = append(fields, gov.FieldError{Field: "secrecy_years", Message: "give the secrecy period in years (1 to 100)", ID: "records.err.years"})
	}
	if len(fields) > 0 {
		e := gov.Invalid(fields...)
		return e
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, err := tx.Meeting(ctx, a.Slug, meetingID, true)
		if errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "records.err.nomeeting", "no such meeting")
		} else if err != nil {
			return err
		}
		mark := store.SecrecyMark{MeetingID: m.ID, PublicTitle: title, SecrecyBasis: basis, SecrecyYears: years, MarkedBy: x.Name(), MarkedAt: s.now()}
		var before string
		switch in.Kind {
		case "item":
			id, _ := strconv.ParseInt(in.Ref, 10, 64)
			it, err := tx.Item(ctx, m.ID, id)
			if errors.Is(err, store.ErrNotFound) {
				return errf(gov.CodeNotFound, "records.err.noitem", "no such agenda item in this meeting")
			} else if err != nil {
				return err
			}
			mark.ObjectType, mark.ObjectID, before = "agenda_item", strconv.FormatInt(it.ID, 10), it.Title
		case "material":
			ms, err := tx.Materials(ctx, m.ID)
			if err != nil {
				return err
			}
			found := false
			for _, mt := range ms {
				found = found || mt.Name == in.Ref
			}
			if !found {
				return errf(gov.CodeNotFound, "records.err.nomaterial", "no such material in this meeting")
			}
			mark.ObjectType, mark.ObjectID, before = "material", fmt.Sprintf("%d/%s", m.ID, in.Ref), in.Ref
		}
		if mark.AgreementID, err = tx.AgreementID(ctx, a.Slug); err != nil {
			return err
		}
		if err := tx.MarkSecret(ctx, &mark); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "record.secret", ObjectType: mark.ObjectType, ObjectID: mark.ObjectID,
			AgreementID: mark.AgreementID, Before: map[string]any{"title": before},
			After: map[string]any{"public_title": title, "secrecy_basis": basis, "secrecy_years": years}})
	})
}

// ClearSecret removes the marking of an item or material.
func (s *Service) ClearSecret(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, kind, ref string) error {
	if !MayManage(x) {
		return errf(gov.CodeForbidden, "records.err.forbidden", "only the customer's representatives and administrators manage records")
	}
	typ, id := "agenda_item", ref
	if kind == "material" {
		typ, id = "material", fmt.Sprintf("%d/%s", meetingID, ref)
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Meeting(ctx, a.Slug, meetingID, true); errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "records.err.nomeeting", "no such meeting")
		} else if err != nil {
			return err
		}
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		ok, err := tx.ClearSecret(ctx, aid, typ, id)
		if err != nil {
			return err
		}
		if !ok {
			return errf(gov.CodeNotFound, "records.err.notsecret", "it is not marked secret")
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "record.public", ObjectType: typ, ObjectID: id, AgreementID: aid})
	})
}

// Marks returns a meeting's secrecy markings by object: "item:ID" and
// "material:NAME".
func (s *Service) Marks(ctx context.Context, meetingID int64) (map[string]store.SecrecyMark, error) {
	out := map[string]store.SecrecyMark{}
	err := s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		ms, err := tx.SecrecyMarks(ctx, meetingID)
		for _, m := range ms {
			if m.ObjectType == "agenda_item" {
				out["item:"+m.ObjectID] = m
			} else {
				_, name, _ := strings.Cut(m.ObjectID, "/")
				out["material:"+name] = m
			}
		}
		return err
	})
	return out, err
}

// digestText is the SHA-256 of a text, hex.
func digestText(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
