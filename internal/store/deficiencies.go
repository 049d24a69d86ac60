package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Deficiency is a delivery deficiency (leveransbrist / toimituspuute) as
// stored; internal/deficiency writes it.
type Deficiency struct {
	ID          int64
	Agreement   string
	AgreementID int64
	Title       string
	Description string
	// FailedParty failed to deliver; Bearer bears the cost of fixing it
	// ("" until decided), as decided in Forum, by DecisionID when the
	// decision is in the register (0: none).
	FailedParty string
	// Cost is in minor units of the agreement's currency.
	Cost       int64
	Bearer     string
	Forum      string
	DecisionID int64
	Status     string
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// InsertDeficiency stores a new deficiency and sets its ID.
func (t *Tx) InsertDeficiency(ctx context.Context, d *Deficiency) error {
	return t.QueryRowContext(ctx, `INSERT INTO deficiencies (agreement_id, title, description, failed_party, cost, bearer, forum,
		decision_id, status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		d.AgreementID, d.Title, d.Description, d.FailedParty, d.Cost, d.Bearer, d.Forum, zeroNil(d.DecisionID), d.Status, d.CreatedBy,
		d.CreatedAt.UTC(), d.UpdatedAt.UTC()).Scan(&d.ID)
}

// UpdateDeficiency writes a deficiency's changeable fields back.
func (t *Tx) UpdateDeficiency(ctx context.Context, d *Deficiency) error {
	_, err := t.ExecContext(ctx, `UPDATE deficiencies SET title = ?, description = ?, failed_party = ?, cost = ?, bearer = ?, forum = ?,
		decision_id = ?, status = ?, updated_at = ? WHERE id = ? AND agreement_id = ?`,
		d.Title, d.Description, d.FailedParty, d.Cost, d.Bearer, d.Forum, zeroNil(d.DecisionID), d.Status, d.UpdatedAt.UTC(), d.ID, d.AgreementID)
	return err
}

const deficiencyColumns = `d.id, a.slug, d.agreement_id, d.title, d.description, d.failed_party, d.cost, d.bearer, d.forum,
	COALESCE(d.decision_id, 0), d.status, d.created_by, d.created_at, d.updated_at`

const deficiencyFrom = ` FROM deficiencies d JOIN agreements a ON a.id = d.agreement_id `

func scanDeficiency(row interface{ Scan(...any) error }) (*Deficiency, error) {
	var d Deficiency
	err := row.Scan(&d.ID, &d.Agreement, &d.AgreementID, &d.Title, &d.Description, &d.FailedParty, &d.Cost, &d.Bearer, &d.Forum,
		&d.DecisionID, &d.Status, &d.CreatedBy, &d.CreatedAt, &d.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("deficiency: %w", ErrNotFound)
	}
	return &d, err
}

// Deficiency reads one deficiency of an agreement; lock it to change it.
func (t *Tx) Deficiency(ctx context.Context, agreement string, id int64, lock bool) (*Deficiency, error) {
	q := `SELECT ` + deficiencyColumns + deficiencyFrom + `WHERE a.slug = ? AND d.id = ?`
	if lock {
		q += t.forUpdate()
	}
	return scanDeficiency(t.QueryRowContext(ctx, q, agreement, id))
}

// Deficiencies lists an agreement's deficiencies, newest first, of one
// status ("" for all).
func (t *Tx) Deficiencies(ctx context.Context, agreement, status string) ([]Deficiency, error) {
	q := `SELECT ` + deficiencyColumns + deficiencyFrom + `WHERE a.slug = ?`
	args := []any{agreement}
	if status != "" {
		q += ` AND d.status = ?`
		args = append(args, status)
	}
	var out []Deficiency
	err := queryEach(ctx, t, q+` ORDER BY d.created_at DESC, d.id DESC`, args, func(rows *sql.Rows) error {
		d, err := scanDeficiency(rows)
		if err == nil {
			out = append(out, *d)
		}
		return err
	})
	return out, err
}
