package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// ModelProposal is a change to an agreement's model proposed by one
// party and approved (or rejected) by the other (issue #15). An approved
// proposal is a revision of the model: it keeps its diff, who proposed
// and who approved, and the date it takes effect.
type ModelProposal struct {
	ID          int64
	AgreementID int64
	// Base is the canonical model the proposal was made against; a
	// proposal whose base is no longer the stored model is stale.
	Base string
	// YAML is the proposed model, canonical.
	YAML    string
	Diff    []string
	Summary string
	// EffectiveFrom is the day (YYYY-MM-DD) the change takes effect.
	EffectiveFrom string
	ProposedBy    string // the proposer's name
	ProposedEmail string
	ProposedParty string // the party they proposed for ("" for an administrator)
	ProposedAt    time.Time
	// State is open, applied (a revision), scheduled (approved, to take
	// effect on EffectiveFrom) or rejected.
	State        string
	DecidedBy    string
	DecidedEmail string
	DecidedParty string
	DecidedAt    *time.Time
	Reason       string
	Revision     int // 1, 2, ... once applied
}

// The states of a model proposal.
const (
	ProposalOpen      = "open"
	ProposalScheduled = "scheduled"
	ProposalApplied   = "applied"
	ProposalRejected  = "rejected"
)

const proposalColumns = `id, agreement_id, base_yaml, yaml, diff, summary, effective_from, proposed_by, proposed_email, proposed_party, proposed_at,
	state, decided_by, decided_email, decided_party, decided_at, reason, revision`

func scanProposal(row interface{ Scan(...any) error }) (*ModelProposal, error) {
	var p ModelProposal
	var diff string
	var decided sql.NullTime
	err := row.Scan(&p.ID, &p.AgreementID, &p.Base, &p.YAML, &diff, &p.Summary, &p.EffectiveFrom, &p.ProposedBy, &p.ProposedEmail, &p.ProposedParty,
		&p.ProposedAt, &p.State, &p.DecidedBy, &p.DecidedEmail, &p.DecidedParty, &decided, &p.Reason, &p.Revision)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("model proposal: %w", ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if decided.Valid {
		p.DecidedAt = &decided.Time
	}
	if diff != "" {
		p.Diff = splitLines(diff)
	}
	return &p, nil
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func joinLines(ls []string) string {
	s := ""
	for i, l := range ls {
		if i > 0 {
			s += "\n"
		}
		s += l
	}
	return s
}

// CreateModelProposal stores a new open proposal.
func (t *Tx) CreateModelProposal(ctx context.Context, p *ModelProposal) error {
	p.State = ProposalOpen
	return t.QueryRowContext(ctx, `INSERT INTO model_proposals (agreement_id, base_yaml, yaml, diff, summary, effective_from, proposed_by, proposed_email,
		proposed_party, proposed_at, state, decided_by, decided_email, decided_party, reason, revision)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '', 0) RETURNING id`,
		p.AgreementID, p.Base, p.YAML, joinLines(p.Diff), p.Summary, p.EffectiveFrom, p.ProposedBy, p.ProposedEmail, p.ProposedParty,
		p.ProposedAt.UTC(), p.State).Scan(&p.ID)
}

// ModelProposal finds one proposal of an agreement; with lock (in a
// write transaction) it is locked for the rest of the transaction, so
// that two approvals cannot both pass.
func (t *Tx) ModelProposal(ctx context.Context, agreementID, id int64, lock bool) (*ModelProposal, error) {
	q := `SELECT ` + proposalColumns + ` FROM model_proposals WHERE agreement_id = ? AND id = ?`
	if lock {
		q += t.forUpdate()
	}
	return scanProposal(t.QueryRowContext(ctx, q, agreementID, id))
}

// ModelProposals lists an agreement's proposals, newest first; with
// states, only those.
func (t *Tx) ModelProposals(ctx context.Context, agreementID int64, states ...string) ([]ModelProposal, error) {
	q := `SELECT ` + proposalColumns + ` FROM model_proposals WHERE agreement_id = ?`
	args := []any{agreementID}
	if len(states) > 0 {
		q += ` AND state IN (?` + repeatPlaceholder(len(states)-1) + `)`
		for _, s := range states {
			args = append(args, s)
		}
	}
	q += ` ORDER BY id DESC`
	var out []ModelProposal
	err := queryEach(ctx, t, q, args, func(rows *sql.Rows) error {
		p, err := scanProposal(rows)
		if err == nil {
			out = append(out, *p)
		}
		return err
	})
	return out, err
}

func repeatPlaceholder(n int) string {
	s := ""
	for i := 0; i < n; i++ {
		s += ", ?"
	}
	return s
}

// DecideModelProposal records a decision on an open proposal: its new
// state, who decided, and for an applied one its revision number (the
// next of the agreement's).
func (t *Tx) DecideModelProposal(ctx context.Context, p *ModelProposal) error {
	if p.State == ProposalApplied && p.Revision == 0 {
		if err := t.QueryRowContext(ctx, `SELECT COALESCE(max(revision), 0) + 1 FROM model_proposals WHERE agreement_id = ?`, p.AgreementID).Scan(&p.Revision); err != nil {
			return err
		}
	}
	var decided any
	if p.DecidedAt != nil {
		decided = p.DecidedAt.UTC()
	}
	_, err := t.ExecContext(ctx, `UPDATE model_proposals SET state = ?, decided_by = ?, decided_email = ?, decided_party = ?, decided_at = ?, reason = ?, revision = ?, diff = ?
		WHERE id = ?`, p.State, p.DecidedBy, p.DecidedEmail, p.DecidedParty, decided, p.Reason, p.Revision, joinLines(p.Diff), p.ID)
	return err
}

// DueModelProposals lists approved proposals whose effective day has come,
// oldest first, across agreements.
func (t *Tx) DueModelProposals(ctx context.Context, today string) ([]ModelProposal, error) {
	var out []ModelProposal
	err := queryEach(ctx, t, `SELECT `+proposalColumns+` FROM model_proposals WHERE state = ? AND effective_from <= ? ORDER BY id`,
		[]any{ProposalScheduled, today}, func(rows *sql.Rows) error {
			p, err := scanProposal(rows)
			if err == nil {
				out = append(out, *p)
			}
			return err
		})
	return out, err
}

// StoredModel is the agreement's model as stored now, read inside tx after
// the lock every model apply takes, so that what it returns is what an
// apply in the same transaction replaces.
func (t *Tx) StoredModel(ctx context.Context, slug string) (*gov.Agreement, error) {
	if _, _, err := t.lockAuditHead(ctx); err != nil {
		return nil, err
	}
	old, err := loadAgreement(ctx, t, slug)
	if err != nil {
		return nil, err
	}
	return Normalize(old.model), nil
}

// ApplyAgreement makes the stored agreement equal to a inside the
// caller's transaction (see Store.ApplyAgreement), so that a model change
// commits together with the decision that made it.
func (t *Tx) ApplyAgreement(ctx context.Context, a *gov.Agreement, actor string) (Change, error) {
	want := Normalize(a)
	if err := checkKeys(want); err != nil {
		return Change{}, fmt.Errorf("store: apply agreement %q: %w", a.Slug, err)
	}
	return applyAgreement(ctx, t, want, actor)
}
