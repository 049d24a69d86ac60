package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Risk is an entry of the risk register as stored; internal/risk writes
// it.
type Risk struct {
	ID          int64
	Agreement   string
	AgreementID int64
	Title       string
	Description string
	// Probability and Impact are on the scale 1–5.
	Probability, Impact int
	// Owner is the owner's directory id ("" once erased or when none);
	// OwnerName keeps the name.
	Owner, OwnerName string
	Actions          string
	Status           string
	// Level, Forum and MatterID: where the risk was last raised, and the
	// matter of kind risk that carries it there ("" and 0 until raised).
	Level     string
	Forum     string
	MatterID  int64
	Party     string
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
	ClosedAt  *time.Time
}

// InsertRisk stores a new risk and sets its ID.
func (t *Tx) InsertRisk(ctx context.Context, r *Risk) error {
	return t.QueryRowContext(ctx, `INSERT INTO risks (agreement_id, title, description, probability, impact, owner, owner_name, actions,
		status, level, forum, matter_id, party, created_by, created_at, updated_at, closed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.AgreementID, r.Title, r.Description, r.Probability, r.Impact, r.Owner, r.OwnerName, r.Actions, r.Status, r.Level, r.Forum,
		zeroNil(r.MatterID), r.Party, r.CreatedBy, r.CreatedAt.UTC(), r.UpdatedAt.UTC(), utcOrNil(r.ClosedAt)).Scan(&r.ID)
}

// UpdateRisk writes a risk's changeable fields back.
func (t *Tx) UpdateRisk(ctx context.Context, r *Risk) error {
	_, err := t.ExecContext(ctx, `UPDATE risks SET title = ?, description = ?, probability = ?, impact = ?, owner = ?, owner_name = ?,
		actions = ?, status = ?, level = ?, forum = ?, matter_id = ?, updated_at = ?, closed_at = ? WHERE id = ? AND agreement_id = ?`,
		r.Title, r.Description, r.Probability, r.Impact, r.Owner, r.OwnerName, r.Actions, r.Status, r.Level, r.Forum, zeroNil(r.MatterID),
		r.UpdatedAt.UTC(), utcOrNil(r.ClosedAt), r.ID, r.AgreementID)
	return err
}

const riskColumns = `r.id, a.slug, r.agreement_id, r.title, r.description, r.probability, r.impact, r.owner, r.owner_name, r.actions,
	r.status, r.level, r.forum, COALESCE(r.matter_id, 0), r.party, r.created_by, r.created_at, r.updated_at, r.closed_at`

const riskFrom = ` FROM risks r JOIN agreements a ON a.id = r.agreement_id `

func scanRisk(row interface{ Scan(...any) error }) (*Risk, error) {
	var r Risk
	var closed sql.NullTime
	err := row.Scan(&r.ID, &r.Agreement, &r.AgreementID, &r.Title, &r.Description, &r.Probability, &r.Impact, &r.Owner, &r.OwnerName,
		&r.Actions, &r.Status, &r.Level, &r.Forum, &r.MatterID, &r.Party, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt, &closed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("risk: %w", ErrNotFound)
	}
	if closed.Valid {
		at := closed.Time
		r.ClosedAt = &at
	}
	return &r, err
}

// Risk reads one risk of an agreement; lock it to change it.
func (t *Tx) Risk(ctx context.Context, agreement string, id int64, lock bool) (*Risk, error) {
	q := `SELECT ` + riskColumns + riskFrom + `WHERE a.slug = ? AND r.id = ?`
	if lock {
		q += t.forUpdate()
	}
	return scanRisk(t.QueryRowContext(ctx, q, agreement, id))
}

// RiskFilter narrows the risk register; zero fields match all.
type RiskFilter struct {
	Status, Level string
	// OpenFrom and OpenUntil, when set, keep the risks that were in the
	// register and not closed at some moment in [OpenFrom, OpenUntil):
	// created before OpenUntil and not closed before OpenFrom.
	OpenFrom, OpenUntil time.Time
}

// Risks lists an agreement's risks, highest score (probability ×
// impact) first.
func (t *Tx) Risks(ctx context.Context, agreement string, f RiskFilter) ([]Risk, error) {
	q := `SELECT ` + riskColumns + riskFrom + `WHERE a.slug = ?`
	args := []any{agreement}
	for _, c := range []struct{ cond, v string }{{"r.status = ?", f.Status}, {"r.level = ?", f.Level}} {
		if c.v != "" {
			q += ` AND ` + c.cond
			args = append(args, c.v)
		}
	}
	if !f.OpenUntil.IsZero() {
		q += ` AND r.created_at < ? AND (r.closed_at IS NULL OR r.closed_at >= ?)`
		args = append(args, f.OpenUntil.UTC(), f.OpenFrom.UTC())
	}
	var out []Risk
	err := queryEach(ctx, t, q+` ORDER BY r.probability * r.impact DESC, r.id`, args, func(rows *sql.Rows) error {
		r, err := scanRisk(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	return out, err
}
