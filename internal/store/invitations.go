package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// Invitation is an invitation into a party of an agreement (issue #15).
type Invitation struct {
	ID          int64
	AgreementID int64
	Agreement   string // slug, filled by the lookups
	Party       string
	Email       string
	Name        string
	Role        string   // the account role: representative, member or observer
	Seats       []string // forum ids
	InvitedBy   string
	CreatedAt   time.Time
	ExpiresAt   time.Time
	AcceptedAt  *time.Time
	RevokedAt   *time.Time
	UserID      int64
}

const invitationColumns = `i.id, i.agreement_id, a.slug, i.party, i.email, i.name, i.role, i.seats, i.invited_by, i.created_at, i.expires_at, i.accepted_at, i.revoked_at, COALESCE(i.user_id, 0)`

func scanInvitation(row interface{ Scan(...any) error }) (*Invitation, error) {
	var v Invitation
	var seats string
	var acc, rev sql.NullTime
	err := row.Scan(&v.ID, &v.AgreementID, &v.Agreement, &v.Party, &v.Email, &v.Name, &v.Role, &seats, &v.InvitedBy, &v.CreatedAt, &v.ExpiresAt, &acc, &rev, &v.UserID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("invitation: %w", ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	v.Seats = strings.Fields(seats)
	if acc.Valid {
		v.AcceptedAt = &acc.Time
	}
	if rev.Valid {
		v.RevokedAt = &rev.Time
	}
	return &v, nil
}

// CreateInvitation stores an invitation with its link secret's hash.
func (t *Tx) CreateInvitation(ctx context.Context, v *Invitation, hash string) error {
	return t.QueryRowContext(ctx, `INSERT INTO invitations (agreement_id, party, email, name, role, seats, token_hash, invited_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, v.AgreementID, v.Party, v.Email, v.Name, v.Role, strings.Join(v.Seats, " "), hash,
		v.InvitedBy, v.CreatedAt.UTC(), v.ExpiresAt.UTC()).Scan(&v.ID)
}

// Invitation finds one invitation of an agreement; lock locks it (in a
// write transaction).
func (t *Tx) Invitation(ctx context.Context, agreementID, id int64, lock bool) (*Invitation, error) {
	q := `SELECT ` + invitationColumns + ` FROM invitations i JOIN agreements a ON a.id = i.agreement_id WHERE i.agreement_id = ? AND i.id = ?`
	if lock {
		q += t.forUpdateOf("i")
	}
	return scanInvitation(t.QueryRowContext(ctx, q, agreementID, id))
}

// InvitationByHash finds an invitation by its link secret's hash; lock
// locks it, so that one link is accepted once.
func (t *Tx) InvitationByHash(ctx context.Context, hash string, lock bool) (*Invitation, error) {
	q := `SELECT ` + invitationColumns + ` FROM invitations i JOIN agreements a ON a.id = i.agreement_id WHERE i.token_hash = ?`
	if lock {
		q += t.forUpdateOf("i")
	}
	return scanInvitation(t.QueryRowContext(ctx, q, hash))
}

// Invitations lists an agreement's invitations, newest first.
func (t *Tx) Invitations(ctx context.Context, agreementID int64) ([]Invitation, error) {
	var out []Invitation
	err := queryEach(ctx, t, `SELECT `+invitationColumns+` FROM invitations i JOIN agreements a ON a.id = i.agreement_id WHERE i.agreement_id = ? ORDER BY i.id DESC`,
		[]any{agreementID}, func(rows *sql.Rows) error {
			v, err := scanInvitation(rows)
			if err == nil {
				out = append(out, *v)
			}
			return err
		})
	return out, err
}

// RenewInvitation gives an invitation a new link secret and expiry (a
// resend: the old link stops working).
func (t *Tx) RenewInvitation(ctx context.Context, id int64, hash string, expires time.Time) error {
	_, err := t.ExecContext(ctx, `UPDATE invitations SET token_hash = ?, expires_at = ? WHERE id = ?`, hash, expires.UTC(), id)
	return err
}

// CloseInvitation marks an invitation revoked, or accepted by a user.
func (t *Tx) CloseInvitation(ctx context.Context, id int64, at time.Time, acceptedBy int64) error {
	if acceptedBy != 0 {
		_, err := t.ExecContext(ctx, `UPDATE invitations SET accepted_at = ?, user_id = ? WHERE id = ?`, at.UTC(), acceptedBy, id)
		return err
	}
	_, err := t.ExecContext(ctx, `UPDATE invitations SET revoked_at = ? WHERE id = ?`, at.UTC(), id)
	return err
}

// forUpdateOf locks the rows of one table of a join (PostgreSQL); SQLite
// serialises writers anyway.
func (t *Tx) forUpdateOf(table string) string {
	if t.forUpdate() == "" {
		return ""
	}
	return " FOR UPDATE OF " + table
}

// InsertUser adds an account inside a transaction (an invitation's
// acceptance); the caller audits. The account's organisation must exist.
func (t *Tx) InsertUser(ctx context.Context, u *User) error {
	now := time.Now().UTC()
	err := t.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, party, role, is_admin, locale, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.Email, u.Name, u.PasswordHash, u.Party, u.Role, u.IsAdmin, u.Locale, now, now).Scan(&u.ID)
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Email, err)
	}
	u.CreatedAt = now
	return nil
}

// PartyOrganisationTx returns the organisation that party of agreement is,
// inside a transaction.
func (t *Tx) PartyOrganisationTx(ctx context.Context, agreementID int64, party string) (string, error) {
	var org string
	err := t.QueryRowContext(ctx, `SELECT o.slug FROM party_organisations l JOIN organisations o ON o.id = l.organisation_id
		WHERE l.agreement_id = ? AND l.party_slug = ?`, agreementID, party).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("party %s: %w", party, ErrNotFound)
	}
	return org, err
}

// UpdateAgreement is Store.UpdateAgreement inside the caller's
// transaction, so that a directory change commits with what caused it.
func (t *Tx) UpdateAgreement(ctx context.Context, slug string, e Edit, mutate func(a *gov.Agreement) error) (Change, error) {
	if e.Actor == "" || e.Action == "" || e.Check == nil {
		return Change{}, fmt.Errorf("store: update agreement %q: actor, action and check are required", slug)
	}
	return updateAgreement(ctx, t, slug, &e, mutate)
}

// OrganisationInAgreement reports whether organisation org is linked to a
// party of the agreement.
func (t *Tx) OrganisationInAgreement(ctx context.Context, agreementID int64, org string) (bool, error) {
	var n int
	err := t.QueryRowContext(ctx, `SELECT count(*) FROM party_organisations l JOIN organisations o ON o.id = l.organisation_id
		WHERE l.agreement_id = ? AND o.slug = ?`, agreementID, org).Scan(&n)
	return n > 0, err
}

// Representative is an enabled representative account of a party of an
// agreement, for notifications.
type Representative struct {
	Email, Name, Locale, Party string
}

// Representatives lists the enabled representative accounts of an
// agreement's parties, by party and e-mail.
func (t *Tx) Representatives(ctx context.Context, agreementID int64) ([]Representative, error) {
	var out []Representative
	err := queryEach(ctx, t, `SELECT u.email, u.name, u.locale, l.party_slug FROM users u
		JOIN organisations o ON o.slug = u.party JOIN party_organisations l ON l.organisation_id = o.id
		WHERE l.agreement_id = ? AND u.role = 'representative' AND u.disabled = ? ORDER BY l.party_slug, lower(u.email)`,
		[]any{agreementID, false}, func(rows *sql.Rows) error {
			var r Representative
			err := rows.Scan(&r.Email, &r.Name, &r.Locale, &r.Party)
			out = append(out, r)
			return err
		})
	return out, err
}
