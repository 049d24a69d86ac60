package records

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Expired is one record type's records past their retention.
type Expired struct {
	Type    gov.RecordType
	Meta    gov.RecordMeta
	Records []store.ExpiredRecord
	// Hold is the active legal hold that stops their disposal, if any.
	Hold *store.LegalHold
}

// RetentionView is what the customer's archivist sees: per record type
// the records past retention, and the legal holds.
type RetentionView struct {
	Types []Expired
	Holds []store.LegalHold
}

// Retention lists the agreement's records whose retention has run out
// by now: a record dated D of a type kept N years is past retention
// after D + N years. Permanent types are never listed. Only those who
// manage records see the list.
func (s *Service) Retention(ctx context.Context, a *gov.Agreement, x Actor) (*RetentionView, error) {
	if !MayManage(x) {
		return nil, errf(gov.CodeForbidden, "records.err.forbidden", "only the customer's representatives and administrators manage records")
	}
	return s.retention(ctx, a)
}

// RetentionList is Retention for the operator's CLI, which acts outside
// any agreement's roles.
func (s *Service) RetentionList(ctx context.Context, a *gov.Agreement) (*RetentionView, error) {
	return s.retention(ctx, a)
}

func (s *Service) retention(ctx context.Context, a *gov.Agreement) (*RetentionView, error) {
	out := &RetentionView{}
	now := s.now()
	err := s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		if out.Holds, err = tx.Holds(ctx, aid); err != nil {
			return err
		}
		for _, t := range gov.RecordTypes {
			m := a.RecordMetaFor(t)
			years, permanent, ok := m.RetentionYears()
			if permanent || !ok || !hasSpec(t) {
				continue
			}
			recs, err := tx.ExpiredRecords(ctx, aid, string(t), now.AddDate(-years, 0, 0))
			if err != nil {
				return err
			}
			if len(recs) == 0 {
				continue
			}
			e := Expired{Type: t, Meta: m, Records: recs, Hold: activeHold(out.Holds, t)}
			out.Types = append(out.Types, e)
		}
		return nil
	})
	return out, err
}

func hasSpec(t gov.RecordType) bool {
	for _, s := range store.RetentionTypes() {
		if s == string(t) {
			return true
		}
	}
	return false
}

// activeHold is the first unreleased hold covering record type t.
func activeHold(hs []store.LegalHold, t gov.RecordType) *store.LegalHold {
	for i, h := range hs {
		if h.ReleasedAt == nil && (h.RecordType == "" || h.RecordType == string(t)) {
			return &hs[i]
		}
	}
	return nil
}

// Dispose removes the records of type t whose retention has run out,
// each with an audit entry that keeps the removed row only as a SHA-256
// digest. Refused under an active legal hold. It returns how many were
// removed.
func (s *Service) Dispose(ctx context.Context, a *gov.Agreement, x Actor, t gov.RecordType) (int, error) {
	if !MayManage(x) {
		return 0, errf(gov.CodeForbidden, "records.err.forbidden", "only the customer's representatives and administrators manage records")
	}
	known := false
	for _, rt := range gov.RecordTypes {
		known = known || rt == t
	}
	if !known {
		return 0, gov.Invalid(gov.FieldError{Field: "type", Message: "choose a record type", ID: "records.err.type"})
	}
	m := a.RecordMetaFor(t)
	years, permanent, ok := m.RetentionYears()
	if !hasSpec(t) || permanent || !ok {
		return 0, errf(gov.CodeConflict, "records.err.permanent", "records of type {Type} are kept permanently", "Type", string(t))
	}
	n := 0
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		holds, err := tx.Holds(ctx, aid)
		if err != nil {
			return err
		}
		if h := activeHold(holds, t); h != nil {
			return errf(gov.CodeConflict, "records.err.hold", "a legal hold stops the disposal: {Reason}", "Reason", h.Reason)
		}
		recs, err := tx.ExpiredRecords(ctx, aid, string(t), s.now().AddDate(-years, 0, 0))
		if err != nil {
			return err
		}
		for _, r := range recs {
			digest, err := tx.DisposeRecord(ctx, aid, string(t), r.ID)
			if err != nil {
				return errf(gov.CodeConflict, "records.err.dispose", "{Record} cannot be disposed of: {Reason}", "Record", string(t)+" "+itoa(r.ID), "Reason", err.Error())
			}
			err = tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "records.dispose", ObjectType: string(t), ObjectID: itoa(r.ID), AgreementID: aid,
				Before: map[string]any{"sha256": digest, "date": r.Date.UTC().Format(time.DateOnly), "retention": m.Retention,
					"title_sha256": digestText(r.Title)}})
			if err != nil {
				return err
			}
			n++
		}
		// The archivist's duty for this type is done.
		return duty.Done(ctx, tx, aid, duty.RecordsDisposal, disposalSource(t), "*", x.Name())
	})
	return n, err
}

func disposalSource(t gov.RecordType) string { return "records/" + string(t) }

// DisposalDays is how many days the customer has to dispose of (or hold)
// records once their retention has run out.
const DisposalDays = 30

// SyncDisposal puts into the duty ledger, for each record type with
// records past retention and no legal hold, the customer's duty to
// dispose of them (or hold them), due DisposalDays after today; a duty
// already there is left alone. It returns how many it opened.
func (s *Service) SyncDisposal(ctx context.Context, a *gov.Agreement) (int, error) {
	v, err := s.retention(ctx, a)
	if err != nil {
		return 0, err
	}
	today := duty.Today(a, s.now())
	opened := 0
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		// One duty per type and newest expired record: the same records
		// keep one duty; records expiring later open a new one.
		for _, e := range v.Types {
			if e.Hold != nil {
				continue
			}
			d := store.Duty{AgreementID: aid, Kind: duty.RecordsDisposal, Source: disposalSource(e.Type), Occurrence: e.Records[len(e.Records)-1].Date.UTC().Format(time.DateOnly),
				Title: fmt.Sprintf("%d %s records past retention (%s years)", len(e.Records), e.Type, e.Meta.Retention),
				Link:  "/a/" + a.Slug + "/records", OwedBy: string(gov.KindCustomer), OwedTo: string(gov.KindCustomer),
				Due: today.AddDays(DisposalDays).String(), State: store.DutyOpen}
			_, created, err := tx.PutDuty(ctx, &d, false)
			if err != nil {
				return err
			}
			if created {
				opened++
			}
		}
		return nil
	})
	return opened, err
}

// PlaceHold places a legal hold on record type t ("" for all).
func (s *Service) PlaceHold(ctx context.Context, a *gov.Agreement, x Actor, t, reason string) error {
	if !MayManage(x) {
		return errf(gov.CodeForbidden, "records.err.forbidden", "only the customer's representatives and administrators manage records")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 500 {
		return gov.Invalid(gov.FieldError{Field: "reason", Message: "say why the records are held (at most 500 characters)", ID: "records.err.reason"})
	}
	if t != "" && !hasSpec(gov.RecordType(t)) && gov.RecordType(t) != gov.RecModelRevision {
		return gov.Invalid(gov.FieldError{Field: "type", Message: "choose a record type", ID: "records.err.type"})
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		h := store.LegalHold{AgreementID: aid, RecordType: t, Reason: reason, PlacedBy: x.Name(), PlacedAt: s.now()}
		if err := tx.InsertHold(ctx, &h); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "records.hold", ObjectType: "legal_hold", ObjectID: itoa(h.ID), AgreementID: aid,
			After: map[string]any{"record_type": t, "reason": reason}})
	})
}

// ReleaseHold releases a legal hold.
func (s *Service) ReleaseHold(ctx context.Context, a *gov.Agreement, x Actor, id int64) error {
	if !MayManage(x) {
		return errf(gov.CodeForbidden, "records.err.forbidden", "only the customer's representatives and administrators manage records")
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		if err := tx.ReleaseHold(ctx, aid, id, x.Name(), s.now()); errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "records.err.nohold", "no such active legal hold")
		} else if err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "records.release", ObjectType: "legal_hold", ObjectID: itoa(id), AgreementID: aid})
	})
}
