// Package account is self-service for accounts (issue #15): password reset
// by e-mail and disabling or enabling an account. Each state change is one
// function that checks permission, validates, writes, audits and queues
// its e-mail in one transaction; the web UI, the API and the CLI call it.
package account

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// ResetValidFor is how long a password reset link works.
const ResetValidFor = time.Hour

// Service runs account changes on a store.
type Service struct {
	st  *store.Store
	cat *i18n.Catalog
	log *slog.Logger
	// Now is the clock; tests pin it.
	Now func() time.Time
}

// New makes an account service.
func New(st *store.Store, cat *i18n.Catalog, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{st: st, cat: cat, log: log, Now: time.Now}
}

// errf makes a coded error whose ID the UI translates.
func errf(code gov.ErrorCode, id, english string, args ...any) *gov.Error {
	return &gov.Error{Code: code, Message: english, ID: id, Args: args}
}

// Secret makes a link secret: 256 random bits, URL-safe.
func Secret() (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

// lang is the language of a message to a user: their own choice, else
// English.
func lang(u *store.User) string {
	if i18n.Valid(u.Locale) {
		return u.Locale
	}
	return "en"
}

// RequestReset sends a single-use reset link, BASE/password-reset/TOKEN
// valid for ResetValidFor, to the account with this e-mail address. It
// answers the same (nil) whether or not the address has an account, so
// the form does not tell who has one; a disabled account gets no link.
func (s *Service) RequestReset(ctx context.Context, email, base string) error {
	email = strings.TrimSpace(email)
	if email == "" || len(email) > 254 || !strings.Contains(email, "@") {
		return &gov.Error{Code: gov.CodeInvalid, Message: "give your e-mail address",
			Fields: []gov.FieldError{{Field: "email", Message: "give your e-mail address", ID: "reset.email.invalid"}}}
	}
	secret, err := Secret()
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		u, err := tx.UserByEmail(ctx, email)
		if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
			return nil
		} else if err != nil {
			return err
		}
		id, err := tx.CreatePasswordReset(ctx, u.ID, store.HashToken(secret), now, now.Add(ResetValidFor))
		if err != nil {
			return err
		}
		l := lang(u)
		link := strings.TrimRight(base, "/") + "/password-reset/" + secret
		if _, err := tx.Enqueue(ctx, &store.Message{Kind: "password-reset", DedupeKey: fmt.Sprintf("password-reset:%d", id),
			Recipient: u.Email, Subject: s.cat.T(l, "reset.mail.subject"),
			Body: s.cat.T(l, "reset.mail.body", "Name", u.Name, "Link", link, "Minutes", int(ResetValidFor.Minutes())), CreatedAt: now}); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: "anonymous", Action: "user.password_reset_request", ObjectType: "user", ObjectID: fmt.Sprint(u.ID)})
	})
}

// checkReset finds a usable link (unused, unexpired, of an enabled
// account) inside tx.
func (s *Service) checkReset(ctx context.Context, tx *store.Tx, secret string, lock bool) (*store.PasswordReset, *store.User, error) {
	gone := errf(gov.CodeNotFound, "reset.link.invalid", "this password reset link is unknown, used or expired; ask for a new one")
	if secret == "" || len(secret) > 100 {
		return nil, nil, gone
	}
	r, err := tx.PasswordResetByHash(ctx, store.HashToken(secret), lock)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, gone
	} else if err != nil {
		return nil, nil, err
	}
	if r.UsedAt != nil || !s.Now().Before(r.ExpiresAt) {
		return nil, nil, gone
	}
	u, err := tx.UserByID(ctx, r.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		return nil, nil, gone
	}
	return r, u, err
}

// CheckReset tells whether a reset link can still be used (for the page
// that asks for the new password), and whose it is.
func (s *Service) CheckReset(ctx context.Context, secret string) (*store.User, error) {
	var u *store.User
	err := s.st.ReadTx(ctx, func(tx *store.Tx) error {
		var err error
		_, u, err = s.checkReset(ctx, tx, secret, false)
		return err
	})
	return u, err
}

// CheckNewPassword validates a new password and its confirmation, with
// every problem on its field (password, confirm).
func CheckNewPassword(pw, confirm string) error {
	var fields []gov.FieldError
	if err := auth.CheckPasswordPolicy(pw); err != nil {
		var pe *auth.PolicyError
		errors.As(err, &pe)
		fields = append(fields, gov.FieldError{Field: "password", Message: pe.Message, ID: pe.ID, Args: pe.Args})
	}
	if pw != confirm {
		fields = append(fields, gov.FieldError{Field: "confirm", Message: "the two passwords differ", ID: "password.mismatch"})
	}
	if len(fields) > 0 {
		return gov.Invalid(fields...)
	}
	return nil
}

// Reset sets a new password through a reset link and uses the link up.
func (s *Service) Reset(ctx context.Context, secret, pw, confirm string) (*store.User, error) {
	if err := CheckNewPassword(pw, confirm); err != nil {
		// A bad link is the first thing to say: no password helps it.
		if _, lerr := s.CheckReset(ctx, secret); lerr != nil {
			return nil, lerr
		}
		return nil, err
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return nil, err
	}
	var u *store.User
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		var r *store.PasswordReset
		var err error
		if r, u, err = s.checkReset(ctx, tx, secret, true); err != nil {
			return err
		}
		now := s.Now()
		if ok, err := tx.UsePasswordReset(ctx, r.ID, now); err != nil {
			return err
		} else if !ok {
			return errf(gov.CodeNotFound, "reset.link.invalid", "this password reset link is unknown, used or expired; ask for a new one")
		}
		if err := tx.SetUserPassword(ctx, u.ID, hash, now); err != nil {
			return err
		}
		// The hash itself never goes into the audit trail.
		return tx.Audit(ctx, store.Entry{Actor: "user:" + u.Email, Action: "user.password_reset", ObjectType: "user", ObjectID: fmt.Sprint(u.ID)})
	})
	return u, err
}

// SetDisabled disables (or enables) the account with this e-mail address:
// administrators only, and never their own account. A disabled account's
// sessions and API tokens stop at their next request.
func (s *Service) SetDisabled(ctx context.Context, x auth.Principal, actor, email string, disabled bool) (*store.User, error) {
	if !x.Admin {
		return nil, errf(gov.CodeForbidden, "accounts.forbidden", "only an administrator disables and enables accounts")
	}
	var u *store.User
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		u, err = tx.UserByEmail(ctx, email)
		if errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "accounts.none", fmt.Sprintf("no account %s", email), "Email", email)
		} else if err != nil {
			return err
		}
		if disabled && x.UserID != 0 && u.ID == x.UserID {
			return errf(gov.CodeConflict, "accounts.self", "you cannot disable your own account")
		}
		if u.Disabled == disabled {
			return nil
		}
		if err := tx.SetUserDisabled(ctx, u.ID, disabled, s.Now()); err != nil {
			return err
		}
		u.Disabled = disabled
		action := "user.enable"
		if disabled {
			action = "user.disable"
		}
		return tx.Audit(ctx, store.Entry{Actor: actor, Action: action, ObjectType: "user", ObjectID: fmt.Sprint(u.ID),
			After: map[string]any{"email": u.Email, "disabled": disabled}})
	})
	return u, err
}
