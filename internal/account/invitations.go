package account

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

// InviteValidFor is how long an invitation link works.
const InviteValidFor = 7 * 24 * time.Hour

// Invitation is a stored invitation.
type Invitation = store.Invitation

// NewInvitation is what the inviter gives.
type NewInvitation struct {
	Email, Name, Party string
	// Role is the account role; default member.
	Role string
	// Seats are forum ids the person gets a member's seat in.
	Seats []string
}

// InvitationState is pending, accepted, revoked or expired.
func InvitationState(v *Invitation, now time.Time) string {
	switch {
	case v.AcceptedAt != nil:
		return "accepted"
	case v.RevokedAt != nil:
		return "revoked"
	case !now.Before(v.ExpiresAt):
		return "expired"
	}
	return "pending"
}

// mayInvite: an administrator into any party; a party's representative
// into their own.
func mayInvite(x auth.Principal, a *gov.Agreement, party string) bool {
	if x.Admin {
		return true
	}
	switch auth.RoleIn(x, a) {
	case auth.Customer, auth.Provider, auth.Supplier:
		return x.PartyIn(a) == party
	}
	return false
}

// MayInvite tells whether x may invite anyone into a (the directory shows
// the form by it), and into which parties.
func MayInvite(x auth.Principal, a *gov.Agreement) []string {
	var out []string
	for _, p := range a.Parties {
		if mayInvite(x, a, p.Slug) {
			out = append(out, p.Slug)
		}
	}
	return out
}

func invalid(field, id, english string, args ...any) gov.FieldError {
	return gov.FieldError{Field: field, ID: id, Message: english, Args: args}
}

// Invite invites a person into a party of agreement a and sends the link
// BASE/invite/TOKEN, valid InviteValidFor.
func (s *Service) Invite(ctx context.Context, x auth.Principal, a *gov.Agreement, in NewInvitation, base string) (*Invitation, error) {
	in.Email, in.Name, in.Party = strings.TrimSpace(in.Email), strings.TrimSpace(in.Name), strings.TrimSpace(in.Party)
	if in.Role == "" {
		in.Role = auth.AccountMember
	}
	var fields []gov.FieldError
	if addr, err := mail.ParseAddress(in.Email); err != nil || addr.Address != in.Email || len(in.Email) > 254 {
		fields = append(fields, invalid("email", "invite.email.invalid", fmt.Sprintf("%q is not an e-mail address", in.Email), "Value", in.Email))
	}
	if in.Name == "" || len(in.Name) > 200 {
		fields = append(fields, invalid("name", "invite.name.invalid", "give the person's name (at most 200 characters)"))
	}
	if a.Party(in.Party) == nil {
		fields = append(fields, invalid("party", "invite.party.invalid", fmt.Sprintf("%q is not a party of the agreement", in.Party), "Value", in.Party))
	}
	if !slices.Contains(auth.AccountRoles, in.Role) {
		fields = append(fields, invalid("role", "invite.role.invalid", "the role is representative, member or observer"))
	}
	for _, f := range in.Seats {
		if fo := a.Forum(f); fo == nil || !auth.CanSeeForum(x, a, fo) {
			fields = append(fields, invalid("seats", "invite.seat.invalid", fmt.Sprintf("no forum %q", f), "Value", f))
		}
	}
	if len(fields) > 0 {
		return nil, gov.Invalid(fields...)
	}
	if !mayInvite(x, a, in.Party) {
		return nil, errf(gov.CodeForbidden, "invite.forbidden", "a representative invites people of their own organisation; an administrator of any")
	}
	secret, err := Secret()
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	v := &Invitation{Agreement: a.Slug, Party: in.Party, Email: in.Email, Name: in.Name, Role: in.Role, Seats: in.Seats,
		InvitedBy: x.Name, CreatedAt: now, ExpiresAt: now.Add(InviteValidFor)}
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if v.AgreementID, err = tx.AgreementID(ctx, a.Slug); err != nil {
			return err
		}
		if err := s.notInAgreement(ctx, tx, v.AgreementID, in.Email, 0); err != nil {
			return err
		}
		if err := tx.CreateInvitation(ctx, v, store.HashToken(secret)); err != nil {
			return err
		}
		if err := s.sendInvitation(ctx, tx, a, v, secret, base, "invitation:%d"); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: actorOf(x), Action: "invitation.create", ObjectType: "invitation", ObjectID: fmt.Sprint(v.ID),
			AgreementID: v.AgreementID, After: map[string]any{"email": v.Email, "name": v.Name, "party": v.Party, "role": v.Role, "seats": v.Seats}})
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

func actorOf(x auth.Principal) string {
	if x.Email == "" {
		return "operator"
	}
	return "user:" + x.Email
}

// notInAgreement refuses an address that already has an account, or a
// pending invitation (other than skip) into this agreement.
func (s *Service) notInAgreement(ctx context.Context, tx *store.Tx, agreementID int64, email string, skip int64) error {
	u, err := tx.UserByEmail(ctx, email)
	switch {
	case err == nil:
		in, err := tx.OrganisationInAgreement(ctx, agreementID, u.Party)
		if err != nil {
			return err
		}
		if in || u.IsAdmin {
			return gov.Invalid(invalid("email", "invite.already", fmt.Sprintf("%s is already in the agreement", email), "Email", email))
		}
		return gov.Invalid(invalid("email", "invite.account", fmt.Sprintf("%s already has an account of another organisation; an administrator links it", email), "Email", email))
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	vs, err := tx.Invitations(ctx, agreementID)
	if err != nil {
		return err
	}
	for _, v := range vs {
		if v.ID != skip && strings.EqualFold(v.Email, email) && InvitationState(&v, s.Now()) == "pending" {
			return gov.Invalid(invalid("email", "invite.pending", fmt.Sprintf("%s is already invited", email), "Email", email))
		}
	}
	return nil
}

// sendInvitation queues the invitation e-mail, in the agreement's
// language (the invitee has no account yet to choose one).
func (s *Service) sendInvitation(ctx context.Context, tx *store.Tx, a *gov.Agreement, v *Invitation, secret, base, key string) error {
	l := a.Language
	party := v.Party
	if p := a.Party(v.Party); p != nil {
		party = p.Name
	}
	link := strings.TrimRight(base, "/") + "/invite/" + secret
	_, err := tx.Enqueue(ctx, &store.Message{AgreementID: v.AgreementID, Kind: "invitation", DedupeKey: fmt.Sprintf(key, v.ID) + ":" + secret[:8],
		Recipient: v.Email, Subject: s.cat.T(l, "invite.mail.subject", "Agreement", a.Name),
		Body: s.cat.T(l, "invite.mail.body", "Name", v.Name, "Inviter", v.InvitedBy, "Agreement", a.Name, "Party", party, "Link", link,
			"Days", int(InviteValidFor.Hours()/24)), CreatedAt: s.Now().UTC()})
	return err
}

// decidable loads an invitation x may resend or revoke: its inviter's
// side (the party's representatives, administrators), still pending.
func (s *Service) decidable(ctx context.Context, tx *store.Tx, x auth.Principal, a *gov.Agreement, id int64) (*Invitation, error) {
	aid, err := tx.AgreementID(ctx, a.Slug)
	if err != nil {
		return nil, err
	}
	v, err := tx.Invitation(ctx, aid, id, true)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !mayInvite(x, a, v.Party) && auth.RoleIn(x, a) == "") {
		return nil, errf(gov.CodeNotFound, "invite.none", fmt.Sprintf("no invitation %d", id))
	} else if err != nil {
		return nil, err
	}
	if !mayInvite(x, a, v.Party) {
		return nil, errf(gov.CodeForbidden, "invite.forbidden", "a representative invites people of their own organisation; an administrator of any")
	}
	if v.AcceptedAt != nil || v.RevokedAt != nil {
		return nil, errf(gov.CodeConflict, "invite.closed", "the invitation is already accepted or revoked")
	}
	return v, nil
}

// Resend sends a pending (or expired) invitation again with a new link,
// valid InviteValidFor from now; the old link stops working.
func (s *Service) Resend(ctx context.Context, x auth.Principal, a *gov.Agreement, id int64, base string) (*Invitation, error) {
	secret, err := Secret()
	if err != nil {
		return nil, err
	}
	var v *Invitation
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if v, err = s.decidable(ctx, tx, x, a, id); err != nil {
			return err
		}
		if err := s.notInAgreement(ctx, tx, v.AgreementID, v.Email, v.ID); err != nil {
			return err
		}
		v.ExpiresAt = s.Now().UTC().Add(InviteValidFor)
		if err := tx.RenewInvitation(ctx, v.ID, store.HashToken(secret), v.ExpiresAt); err != nil {
			return err
		}
		if err := s.sendInvitation(ctx, tx, a, v, secret, base, "invitation-resend:%d"); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: actorOf(x), Action: "invitation.resend", ObjectType: "invitation", ObjectID: fmt.Sprint(v.ID), AgreementID: v.AgreementID})
	})
	return v, err
}

// Revoke withdraws a pending invitation: its link stops working.
func (s *Service) Revoke(ctx context.Context, x auth.Principal, a *gov.Agreement, id int64) (*Invitation, error) {
	var v *Invitation
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if v, err = s.decidable(ctx, tx, x, a, id); err != nil {
			return err
		}
		now := s.Now().UTC()
		v.RevokedAt = &now
		if err := tx.CloseInvitation(ctx, v.ID, now, 0); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: actorOf(x), Action: "invitation.revoke", ObjectType: "invitation", ObjectID: fmt.Sprint(v.ID), AgreementID: v.AgreementID})
	})
	return v, err
}

// Invitations lists an agreement's invitations for one who may see its
// directory: all of them for an administrator, else those into parties
// whose people they see (their own party's, and every party's for the
// agreement's representatives).
func (s *Service) Invitations(ctx context.Context, x auth.Principal, a *gov.Agreement) ([]Invitation, error) {
	if !auth.Allowed(auth.RoleIn(x, a), auth.ViewDirectory) {
		return nil, errf(gov.CodeForbidden, "invite.forbidden.list", "you may not see the directory")
	}
	var out []Invitation
	err := s.st.ReadTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		out, err = tx.Invitations(ctx, aid)
		return err
	})
	return out, err
}

// checkInvite finds a usable invitation by its link secret.
func (s *Service) checkInvite(ctx context.Context, tx *store.Tx, secret string, lock bool) (*Invitation, error) {
	gone := errf(gov.CodeNotFound, "invite.link.invalid", "this invitation link is unknown, used, revoked or expired; ask for a new one")
	if secret == "" || len(secret) > 100 {
		return nil, gone
	}
	v, err := tx.InvitationByHash(ctx, store.HashToken(secret), lock)
	if errors.Is(err, store.ErrNotFound) {
		return nil, gone
	} else if err != nil {
		return nil, err
	}
	if InvitationState(v, s.Now()) != "pending" {
		return nil, gone
	}
	return v, nil
}

// CheckInvite tells whether an invitation link can still be used (for the
// page that asks for the password), and what it is for.
func (s *Service) CheckInvite(ctx context.Context, secret string) (*Invitation, error) {
	var v *Invitation
	err := s.st.ReadTx(ctx, func(tx *store.Tx) error {
		var err error
		v, err = s.checkInvite(ctx, tx, secret, false)
		return err
	})
	return v, err
}

// Accept takes up an invitation: the account is created in the party's
// organisation with the password given, the person enters the
// agreement's directory with their seats, and the link is used up.
func (s *Service) Accept(ctx context.Context, secret, pw, confirm string) (*store.User, *Invitation, error) {
	if err := CheckNewPassword(pw, confirm); err != nil {
		if _, lerr := s.CheckInvite(ctx, secret); lerr != nil {
			return nil, nil, lerr
		}
		return nil, nil, err
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return nil, nil, err
	}
	var u *store.User
	var v *Invitation
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if v, err = s.checkInvite(ctx, tx, secret, true); err != nil {
			return err
		}
		if err := s.notInAgreement(ctx, tx, v.AgreementID, v.Email, v.ID); err != nil {
			return err
		}
		org, err := tx.PartyOrganisationTx(ctx, v.AgreementID, v.Party)
		if err != nil {
			return err
		}
		u = &store.User{Email: v.Email, Name: v.Name, PasswordHash: hash, Party: org, Role: v.Role}
		if err := tx.InsertUser(ctx, u); err != nil {
			return err
		}
		now := s.Now().UTC()
		if err := tx.CloseInvitation(ctx, v.ID, now, u.ID); err != nil {
			return err
		}
		today := now.Format("2006-01-02")
		edit := store.Edit{Editor: store.Editor{Actor: "user:" + u.Email, Check: func(_, after *gov.Agreement) error { return model.Validate(after) }},
			Action: "person.create", ObjectType: "person", ObjectID: v.Email}
		if _, err := tx.UpdateAgreement(ctx, v.Agreement, edit, func(a *gov.Agreement) error {
			for _, p := range a.People {
				if strings.EqualFold(p.Email, v.Email) {
					return nil // already in the directory
				}
			}
			slug := gov.Slugify(v.Name)
			for n := 2; a.Person(slug) != nil; n++ {
				slug = fmt.Sprintf("%s-%d", gov.Slugify(v.Name), n)
			}
			a.People = append(a.People, gov.Person{Slug: slug, Name: v.Name, Party: v.Party, Email: v.Email})
			from := max(today, a.Period.From)
			for _, f := range v.Seats {
				if a.Forum(f) != nil {
					a.Memberships = append(a.Memberships, gov.Membership{Person: slug, Forum: f, Role: gov.RoleMember, From: from})
				}
			}
			return nil
		}); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: "user:" + u.Email, Action: "invitation.accept", ObjectType: "invitation", ObjectID: fmt.Sprint(v.ID),
			AgreementID: v.AgreementID, After: map[string]any{"user_id": u.ID, "organisation": org}})
	})
	if err != nil {
		return nil, nil, err
	}
	return u, v, nil
}
