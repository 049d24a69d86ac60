package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Sanctions (vite / sanktio) are proposed by the system, from a late or
// returned complaint response (internal/complaint) or from an SLA breach
// (the service reports), and approved or disputed by the customer
// (internal/sanction, which checks who may). These functions only read and
// write rows inside the caller's transaction.

// Sanction sources.
const (
	SanctionFromComplaint = "complaint"
	SanctionFromSLA       = "sla"
)

// Sanction statuses.
const (
	SanctionProposed = "proposed"
	SanctionApproved = "approved"
	SanctionDisputed = "disputed"
)

// SanctionProposal is what a source proposes. (AgreementID, Source,
// SourceRef) is its key: proposing the same key again changes nothing.
type SanctionProposal struct {
	AgreementID int64
	// Month the sanction belongs to, "2026-04".
	Month string
	// Source is "complaint" or "sla".
	Source string
	// SourceRef names the cause within the source: a complaint id, or
	// "sla:<service>:<priority>:<month>".
	SourceRef string
	// Party is the supplier's party slug.
	Party  string
	Reason string
	// Amount in minor units (cents); 0 when the model sets no amount.
	Amount int64
}

// Sanction is a sanction as stored.
type Sanction struct {
	ID          int64
	Agreement   string
	AgreementID int64
	Month       string
	Source      string
	SourceRef   string
	Party       string
	Reason      string
	Amount      int64
	Status      string
	// DecidedBy, DecidedReason and DecidedAt are set once the customer
	// approves or disputes it.
	DecidedBy     string
	DecidedReason string
	DecidedAt     *time.Time
	CreatedAt     time.Time
	// Forum decides it when the model says so (issue 16), on the agenda
	// as MatterID; DecisionID is the decision in its register.
	Forum                string
	MatterID, DecisionID int64
}

var monthRE = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// ValidMonth reports whether s is a month as "YYYY-MM".
func ValidMonth(s string) bool { return monthRE.MatchString(s) }

func (p SanctionProposal) check() error {
	switch {
	case p.AgreementID <= 0:
		return errors.New("sanction: no agreement")
	case !ValidMonth(p.Month):
		return fmt.Errorf("sanction: month %q is not YYYY-MM", p.Month)
	case p.Source != SanctionFromComplaint && p.Source != SanctionFromSLA:
		return fmt.Errorf("sanction: unknown source %q", p.Source)
	case p.SourceRef == "" || p.Party == "" || p.Reason == "":
		return errors.New("sanction: source_ref, party and reason are required")
	case p.Amount < 0:
		return errors.New("sanction: negative amount")
	}
	return nil
}

// ProposeSanction records a proposed sanction, or finds the one already
// proposed with the same (agreement, source, source_ref): a breach or a
// late response is sanctioned once however often it is looked at. created
// tells which. A new proposal is audited as the system's.
func (t *Tx) ProposeSanction(ctx context.Context, p SanctionProposal) (id int64, created bool, err error) {
	if err := p.check(); err != nil {
		return 0, false, err
	}
	now := time.Now().UTC()
	// ON CONFLICT DO NOTHING returns no row for an existing key: both
	// dialects support it, and it is race-free under PostgreSQL's unique
	// index where a SELECT-then-INSERT is not.
	err = t.QueryRowContext(ctx, `INSERT INTO sanctions (agreement_id, month, source, source_ref, party, reason, amount, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (agreement_id, source, source_ref) DO NOTHING RETURNING id`,
		p.AgreementID, p.Month, p.Source, p.SourceRef, p.Party, p.Reason, p.Amount, SanctionProposed, now).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = t.QueryRowContext(ctx, `SELECT id FROM sanctions WHERE agreement_id = ? AND source = ? AND source_ref = ?`,
			p.AgreementID, p.Source, p.SourceRef).Scan(&id)
		return id, false, err
	}
	if err != nil {
		return 0, false, err
	}
	err = t.Audit(ctx, Entry{Actor: "system", Action: "sanction.propose", ObjectType: "sanction", ObjectID: strconv.FormatInt(id, 10),
		AgreementID: p.AgreementID, After: p})
	return id, true, err
}

const sanctionColumns = `s.id, a.slug, s.agreement_id, s.month, s.source, s.source_ref, s.party, s.reason, s.amount, s.status,
	s.decided_by, s.decided_reason, s.decided_at, s.created_at, s.forum, COALESCE(s.matter_id, 0), COALESCE(s.decision_id, 0)`

const sanctionFrom = ` FROM sanctions s JOIN agreements a ON a.id = s.agreement_id `

func scanSanction(row interface{ Scan(...any) error }) (*Sanction, error) {
	var s Sanction
	var decided sql.NullTime
	err := row.Scan(&s.ID, &s.Agreement, &s.AgreementID, &s.Month, &s.Source, &s.SourceRef, &s.Party, &s.Reason, &s.Amount, &s.Status,
		&s.DecidedBy, &s.DecidedReason, &decided, &s.CreatedAt, &s.Forum, &s.MatterID, &s.DecisionID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sanction: %w", ErrNotFound)
	}
	if decided.Valid {
		d := decided.Time
		s.DecidedAt = &d
	}
	return &s, err
}

// Sanction reads one sanction of an agreement (by slug), locked for update.
func (t *Tx) Sanction(ctx context.Context, agreement string, id int64) (*Sanction, error) {
	return scanSanction(t.QueryRowContext(ctx, `SELECT `+sanctionColumns+sanctionFrom+`WHERE a.slug = ? AND s.id = ?`+t.forUpdate(), agreement, id))
}

// SanctionFilter narrows a list of sanctions; zero fields match all.
type SanctionFilter struct {
	Month, Status, Party, Source string
}

// Sanctions lists an agreement's sanctions, by month then id.
func (t *Tx) Sanctions(ctx context.Context, agreement string, f SanctionFilter) ([]Sanction, error) {
	q := `SELECT ` + sanctionColumns + sanctionFrom + `WHERE a.slug = ?`
	args := []any{agreement}
	for _, c := range []struct{ col, v string }{{"s.month", f.Month}, {"s.status", f.Status}, {"s.party", f.Party}, {"s.source", f.Source}} {
		if c.v != "" {
			q += ` AND ` + c.col + ` = ?`
			args = append(args, c.v)
		}
	}
	var out []Sanction
	err := queryEach(ctx, t, q+` ORDER BY s.month, s.id`, args, func(rows *sql.Rows) error {
		s, err := scanSanction(rows)
		if err == nil {
			out = append(out, *s)
		}
		return err
	})
	return out, err
}

// SanctionBySource finds the sanction proposed for a cause, or ErrNotFound.
func (t *Tx) SanctionBySource(ctx context.Context, agreementID int64, source, ref string) (*Sanction, error) {
	return scanSanction(t.QueryRowContext(ctx, `SELECT `+sanctionColumns+sanctionFrom+`WHERE s.agreement_id = ? AND s.source = ? AND s.source_ref = ?`,
		agreementID, source, ref))
}

// DecideSanction records the customer's approval or dispute of a proposed
// sanction. It changes only a proposed one and reports whether it did.
func (t *Tx) DecideSanction(ctx context.Context, id int64, status, by, reason string, at time.Time) (bool, error) {
	res, err := t.ExecContext(ctx, `UPDATE sanctions SET status = ?, decided_by = ?, decided_reason = ?, decided_at = ?
		WHERE id = ? AND status = ?`, status, by, reason, at.UTC(), id, SanctionProposed)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetSanctionForum records the forum that decides a sanction and the
// matter it is on that forum's agenda as.
func (t *Tx) SetSanctionForum(ctx context.Context, id int64, forum string, matterID int64) error {
	_, err := t.ExecContext(ctx, `UPDATE sanctions SET forum = ?, matter_id = ? WHERE id = ?`, forum, zeroNil(matterID), id)
	return err
}

// SetSanctionDecision links a sanction to the decision in its forum's
// register that decided it.
func (t *Tx) SetSanctionDecision(ctx context.Context, id, decisionID int64) error {
	_, err := t.ExecContext(ctx, `UPDATE sanctions SET decision_id = ? WHERE id = ?`, decisionID, id)
	return err
}

// ApprovedSanctions lists a supplier's approved sanctions of a month: the
// credits on its invoice basis.
func (t *Tx) ApprovedSanctions(ctx context.Context, agreementID int64, party, month string) ([]Sanction, error) {
	var out []Sanction
	err := queryEach(ctx, t, `SELECT `+sanctionColumns+sanctionFrom+`WHERE s.agreement_id = ? AND s.party = ? AND s.month = ? AND s.status = ?
		ORDER BY s.id`, []any{agreementID, party, month, SanctionApproved}, func(rows *sql.Rows) error {
		s, err := scanSanction(rows)
		if err == nil {
			out = append(out, *s)
		}
		return err
	})
	return out, err
}
