// Package sanction runs sanctions (vite / sanktio): proposed by the system
// from late or returned complaint responses (internal/complaint) and from
// SLA breaches (the service reports), then approved or disputed, with a
// reason, by the customer; never by the supplier they fall on. The ledger
// sums them per month and agreement.
package sanction

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// Actor is who acts, as in internal/meeting.
type Actor = meeting.Actor

// Service runs sanctions on a store.
type Service struct {
	st *store.Store
	// Now is the clock; tests pin it.
	Now func() time.Time
}

// New makes a sanction service.
func New(st *store.Store) *Service { return &Service{st: st, Now: time.Now} }

// CanSee reports whether x may see a sanction (issue #14): the party it
// falls on, the parties that buy from that party directly or further up
// the chain of contracts, and admins; never a competitor.
func CanSee(x Actor, a *gov.Agreement, s *store.Sanction) bool {
	if x.P.Admin {
		return true
	}
	if a.Party(x.P.Party) == nil || x.Role == "" {
		return false
	}
	return x.P.Party == s.Party || slices.Contains(a.Upstream(s.Party), x.P.Party)
}

// MayDecide reports whether x decides sanctions at all: x represents a
// party that buys from another (a customer, or a provider buying for its
// customers).
func MayDecide(x Actor, a *gov.Agreement) bool {
	switch x.Role {
	case auth.Customer, auth.Provider, auth.Supplier:
		return x.P.Party != "" && len(a.SellersTo(x.P.Party)) > 0
	}
	return false
}

// MayDecideOn reports whether x decides sanction sc: x represents the
// party that buys directly from the one it falls on (a city that buys
// from a provider does not decide the provider's suppliers' sanctions).
func MayDecideOn(x Actor, a *gov.Agreement, sc *store.Sanction) bool {
	return MayDecide(x, a) && a.Contract(x.P.Party, sc.Party) != nil
}

// Decision is the customer's answer to a proposal.
type Decision string

// The decisions.
const (
	Approve Decision = store.SanctionApproved
	Dispute Decision = store.SanctionDisputed
)

func errf(code gov.ErrorCode, id, english string) *gov.Error {
	return &gov.Error{Code: code, Message: english, ID: id}
}

// Decide approves or disputes a proposed sanction. Only the customer
// decides; a dispute needs a reason (an approval may give one).
func (s *Service) Decide(ctx context.Context, a *gov.Agreement, x Actor, id int64, d Decision, reason string) (*store.Sanction, error) {
	reason = strings.TrimSpace(reason)
	if d != Approve && d != Dispute {
		return nil, gov.Invalid(gov.FieldError{Field: "decision", ID: "sanctions.err.decision", Message: "approve or dispute the sanction"})
	}
	if d == Dispute && reason == "" {
		return nil, gov.Invalid(gov.FieldError{Field: "reason", ID: "sanctions.err.reason", Message: "say why the sanction is disputed"})
	}
	if len([]rune(reason)) > 2000 {
		return nil, gov.Invalid(gov.FieldError{Field: "reason", ID: "sanctions.err.reasonlong", Message: "the reason may be at most 2000 characters", Args: []any{"Max", 2000}})
	}
	var out *store.Sanction
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		sc, err := tx.Sanction(ctx, a.Slug, id)
		if errors.Is(err, store.ErrNotFound) || err == nil && !CanSee(x, a, sc) {
			return errf(gov.CodeNotFound, "sanctions.err.notfound", "no such sanction")
		} else if err != nil {
			return err
		}
		if !MayDecideOn(x, a, sc) {
			return errf(gov.CodeForbidden, "sanctions.err.forbidden", "you may not approve or dispute sanctions: the customer's representatives do")
		}
		if sc.Forum != "" {
			return &gov.Error{Code: gov.CodeConflict, ID: "sanctions.err.inforum", Args: []any{"Forum", forumName(a, sc.Forum)},
				Message: "the sanction is decided in a meeting of " + forumName(a, sc.Forum)}
		}
		now := s.Now().UTC().Truncate(time.Microsecond)
		ok, err := tx.DecideSanction(ctx, sc.ID, string(d), x.Name(), reason, now)
		if err != nil {
			return err
		}
		if !ok {
			return errf(gov.CodeConflict, "sanctions.err.decided", "the sanction has already been decided")
		}
		sc.Status, sc.DecidedBy, sc.DecidedReason, sc.DecidedAt = string(d), x.Name(), reason, &now
		out = sc
		if err := duty.Done(ctx, tx, sc.AgreementID, duty.SanctionDecision, "sanction:"+strconv.FormatInt(sc.ID, 10), "", x.Name()); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "sanction." + map[Decision]string{Approve: "approve", Dispute: "dispute"}[d],
			ObjectType: "sanction", ObjectID: strconv.FormatInt(sc.ID, 10), AgreementID: sc.AgreementID,
			After: map[string]any{"status": sc.Status, "reason": reason}})
	})
	return out, err
}

// List reads the sanctions x may see, filtered.
func (s *Service) List(ctx context.Context, a *gov.Agreement, x Actor, f store.SanctionFilter) ([]store.Sanction, error) {
	var out []store.Sanction
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		all, err := tx.Sanctions(ctx, a.Slug, f)
		for _, sc := range all {
			if CanSee(x, a, &sc) {
				out = append(out, sc)
			}
		}
		return err
	})
	return out, err
}

// Get reads one sanction x may see.
func (s *Service) Get(ctx context.Context, a *gov.Agreement, x Actor, id int64) (*store.Sanction, error) {
	var out *store.Sanction
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		sc, err := tx.Sanction(ctx, a.Slug, id)
		if errors.Is(err, store.ErrNotFound) || err == nil && !CanSee(x, a, sc) {
			return errf(gov.CodeNotFound, "sanctions.err.notfound", "no such sanction")
		}
		out = sc
		return err
	})
	return out, err
}

// Month is one line of the ledger: a month's sanctions by status, in minor
// units.
type Month struct {
	Month                        string
	Proposed, Approved, Disputed int64
	Count                        int
}

// Ledger sums sanctions per month, oldest first.
func Ledger(list []store.Sanction) []Month {
	var out []Month
	for _, sc := range list {
		if len(out) == 0 || out[len(out)-1].Month != sc.Month {
			out = append(out, Month{Month: sc.Month})
		}
		m := &out[len(out)-1]
		m.Count++
		switch sc.Status {
		case store.SanctionApproved:
			m.Approved += sc.Amount
		case store.SanctionDisputed:
			m.Disputed += sc.Amount
		default:
			m.Proposed += sc.Amount
		}
	}
	return out
}
