package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// User is an account that signs in to the web UI or the API.
type User struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string
	// Party is the slug of the account's organisation (issue 14). Before
	// organisations it was a party id counted in every agreement; the
	// migration made each such id an organisation of the same slug.
	Party string
	// Links are the account's parties by agreement slug: the parties its
	// organisation is, which decide the agreements it sees. Filled by the
	// lookups of one account and by Users.
	Links       map[string]string
	Role        string
	IsAdmin     bool
	Locale      string
	OIDCSubject string
	Disabled    bool
	CreatedAt   time.Time
}

// ErrDuplicate is returned when a unique value (an e-mail) is taken.
var ErrDuplicate = errors.New("already exists")

const userColumns = `id, email, name, password_hash, party, role, is_admin, locale, COALESCE(oidc_subject, ''), disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Party, &u.Role, &u.IsAdmin, &u.Locale, &u.OIDCSubject, &u.Disabled, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("user: %w", ErrNotFound)
	}
	return &u, err
}

// CreateUser adds an account and records it in the audit trail.
func (s *Store) CreateUser(ctx context.Context, u *User, actor string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE lower(email) = lower(?)`, u.Email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("user %s: %w", u.Email, ErrDuplicate)
		}
		now := time.Now().UTC()
		if u.Party != "" {
			// The account belongs to an organisation, which exists even
			// before an agreement links it to one of its parties.
			if !ValidOrganisationSlug(u.Party) {
				return fmt.Errorf("user %s: organisation %q: use lower-case letters, digits and dashes", u.Email, u.Party)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO organisations (slug, name, created_at) VALUES (?, ?, ?) ON CONFLICT (slug) DO NOTHING`, u.Party, u.Party, now); err != nil {
				return err
			}
		}
		var subject any
		if u.OIDCSubject != "" {
			subject = u.OIDCSubject
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, party, role, is_admin, locale, oidc_subject, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Email, u.Name, u.PasswordHash, u.Party, u.Role, u.IsAdmin, u.Locale, subject, now, now).Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("create user %s: %w", u.Email, err)
		}
		u.CreatedAt = now
		links, err := organisationLinks(ctx, tx, []string{u.Party})
		if err != nil {
			return err
		}
		u.Links = links[u.Party]
		if u.Links == nil {
			u.Links = map[string]string{}
		}
		return tx.Audit(ctx, Entry{Actor: actor, Action: "user.create", ObjectType: "user", ObjectID: fmt.Sprint(u.ID),
			After: map[string]any{"email": u.Email, "name": u.Name, "party": u.Party, "role": u.Role, "admin": u.IsAdmin}})
	})
}

// UserByEmail finds an account by e-mail, ignoring case.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	return s.userWithLinks(ctx, `lower(u.email) = lower(?)`, strings.TrimSpace(email))
}

// UserByID finds an account by id.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	return s.userWithLinks(ctx, `u.id = ?`, id)
}

// UserByOIDC finds the account linked to an OpenID Connect subject
// (issuer + subject, so two providers cannot collide).
func (s *Store) UserByOIDC(ctx context.Context, subject string) (*User, error) {
	return s.userWithLinks(ctx, `u.oidc_subject = ?`, subject)
}

// userWithLinks finds one account with its Links in one statement (a
// signed-in request reads it every time): one row per link, or one row
// with no link.
func (s *Store) userWithLinks(ctx context.Context, where string, arg any) (*User, error) {
	rows, err := s.QueryContext(ctx, `SELECT u.id, u.email, u.name, u.password_hash, u.party, u.role, u.is_admin, u.locale,
		COALESCE(u.oidc_subject, ''), u.disabled, u.created_at, COALESCE(k.agreement, ''), COALESCE(k.party_slug, '') FROM users u
		LEFT JOIN organisations o ON o.slug = u.party
		LEFT JOIN (SELECT l.organisation_id, a.slug AS agreement, l.party_slug FROM party_organisations l
			JOIN agreements a ON a.id = l.agreement_id JOIN parties p ON p.agreement_id = l.agreement_id AND p.slug = l.party_slug) k
			ON k.organisation_id = o.id
		WHERE `+where, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var u *User
	for rows.Next() {
		var x User
		var agreement, party string
		if err := rows.Scan(&x.ID, &x.Email, &x.Name, &x.PasswordHash, &x.Party, &x.Role, &x.IsAdmin, &x.Locale, &x.OIDCSubject, &x.Disabled, &x.CreatedAt, &agreement, &party); err != nil {
			return nil, err
		}
		if u == nil {
			u = &x
			u.Links = map[string]string{}
		}
		if agreement != "" {
			u.Links[agreement] = party
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, fmt.Errorf("user: %w", ErrNotFound)
	}
	return u, nil
}

// LinkOIDC links an account to an OpenID Connect subject on its first
// single sign-on.
func (s *Store) LinkOIDC(ctx context.Context, userID int64, subject string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET oidc_subject = ?, updated_at = ? WHERE id = ?`, subject, time.Now().UTC(), userID); err != nil {
			return err
		}
		return tx.Audit(ctx, Entry{Actor: fmt.Sprintf("user:%d", userID), Action: "user.link_oidc", ObjectType: "user", ObjectID: fmt.Sprint(userID)})
	})
}

// SetPassword replaces an account's password hash.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash, actor string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, time.Now().UTC(), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %d: %w", userID, ErrNotFound)
		}
		// The hash itself never goes into the audit trail.
		return tx.Audit(ctx, Entry{Actor: actor, Action: "user.password", ObjectType: "user", ObjectID: fmt.Sprint(userID)})
	})
}

// SetLocale remembers the language a user chose.
func (s *Store) SetLocale(ctx context.Context, userID int64, locale string) error {
	_, err := s.ExecContext(ctx, `UPDATE users SET locale = ?, updated_at = ? WHERE id = ?`, locale, time.Now().UTC(), userID)
	return err
}

// Users lists every account, by e-mail.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY lower(email)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var us []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		us = append(us, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	orgs := make([]string, len(us))
	for i := range us {
		orgs[i] = us[i].Party
	}
	links, err := organisationLinks(ctx, s, orgs)
	if err != nil {
		return nil, err
	}
	for i := range us {
		us[i].Links = links[us[i].Party]
		if us[i].Links == nil {
			us[i].Links = map[string]string{}
		}
	}
	return us, nil
}

// RecordLoginFailure notes a failed sign-in for rate limiting. It is kept
// in the database so that every server instance counts the same failures.
func (s *Store) RecordLoginFailure(ctx context.Context, email, ip string, at time.Time) error {
	_, err := s.ExecContext(ctx, `INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)`, strings.ToLower(email), ip, at.UTC())
	return err
}

// LoginFailures counts failed sign-ins for the e-mail or from the address
// since the given time, whichever is higher.
func (s *Store) LoginFailures(ctx context.Context, email, ip string, since time.Time) (int, error) {
	var byEmail, byIP int
	if err := s.QueryRowContext(ctx, `SELECT count(*) FROM login_failures WHERE email = ? AND at > ?`, strings.ToLower(email), since.UTC()).Scan(&byEmail); err != nil {
		return 0, err
	}
	if err := s.QueryRowContext(ctx, `SELECT count(*) FROM login_failures WHERE ip = ? AND at > ?`, ip, since.UTC()).Scan(&byIP); err != nil {
		return 0, err
	}
	return max(byEmail, byIP), nil
}

// ClearLoginFailures forgets an e-mail's failures after it signs in, and
// prunes old ones.
func (s *Store) ClearLoginFailures(ctx context.Context, email string, before time.Time) error {
	_, err := s.ExecContext(ctx, `DELETE FROM login_failures WHERE email = ? OR at < ?`, strings.ToLower(email), before.UTC())
	return err
}
