package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Organisation is who an account works for (issue 14). It takes part in
// an agreement only where that agreement links one of its parties to it:
// party ids are local to their agreement, the organisation is not.
type Organisation struct {
	ID   int64
	Slug string
	Name string
	// Links are the agreements' parties it is, by agreement.
	Links []PartyLink
}

// PartyLink says that a party of an agreement is an organisation.
type PartyLink struct {
	Agreement    string
	Party        string
	Organisation string
}

// orgSlug is what an organisation's slug may look like: the same rule as
// a model file's ids, so a party id is always a valid organisation slug.
var orgSlug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// ValidOrganisationSlug reports whether s may name an organisation.
func ValidOrganisationSlug(s string) bool { return orgSlug.MatchString(s) }

// ApplyOption changes how ApplyAgreement links the agreement's parties to
// organisations.
type ApplyOption func(*applyOptions)

type applyOptions struct {
	orgs map[string]string
}

// LinkOrganisations makes ApplyAgreement link each named party (key) to
// the organisation with the given slug (value), creating it when there is
// none. Parties not named keep their link, or get a new organisation of
// their own.
func LinkOrganisations(partyToOrg map[string]string) ApplyOption {
	return func(o *applyOptions) { o.orgs = partyToOrg }
}

// organisations links every party of the applied agreement that has no
// organisation yet: to the one the caller named, else to a new one. A new
// organisation takes the party's slug when no organisation has it, else
// "<agreement>-<party>": an agreement applied from a template whose ids
// another agreement already uses must not join that agreement's
// organisations, or the two would see each other.
func (ap *applier) organisations() error {
	for _, p := range ap.want.Parties {
		if org, ok := ap.opts.orgs[p.Slug]; ok {
			if err := linkParty(ap.ctx, ap.tx, ap.id, p.Slug, org, p.Name, ap.now); err != nil {
				return err
			}
			continue
		}
		var n int
		if err := ap.tx.QueryRowContext(ap.ctx, `SELECT count(*) FROM party_organisations WHERE agreement_id = ? AND party_slug = ?`, ap.id, p.Slug).Scan(&n); err != nil {
			return fmt.Errorf("organisation of %s: %w", p.Slug, err)
		}
		if n > 0 {
			continue
		}
		slug, err := freeOrgSlug(ap.ctx, ap.tx, p.Slug, ap.want.Slug)
		if err != nil {
			return err
		}
		if err := linkParty(ap.ctx, ap.tx, ap.id, p.Slug, slug, p.Name, ap.now); err != nil {
			return err
		}
	}
	for party := range ap.opts.orgs {
		if ap.want.Party(party) == nil {
			return fmt.Errorf("organisation for party %q: the agreement has no such party", party)
		}
	}
	return nil
}

// freeOrgSlug returns party if no organisation has that slug, else
// agreement-party, numbered when even that is taken.
func freeOrgSlug(ctx context.Context, tx *Tx, party, agreement string) (string, error) {
	base := party
	for i := 0; ; i++ {
		cand := base
		switch {
		case i == 1:
			base = agreement + "-" + party
			cand = base
		case i > 1:
			cand = fmt.Sprintf("%s-%d", base, i)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE slug = ?`, cand).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return cand, nil
		}
	}
}

// linkParty links party of agreement id to organisation org, creating the
// organisation (named name) when it does not exist. An organisation is at
// most one party of an agreement.
func linkParty(ctx context.Context, tx *Tx, agreementID int64, party, org, name string, now time.Time) error {
	if !ValidOrganisationSlug(org) {
		return fmt.Errorf("organisation %q: use lower-case letters, digits and dashes (at most 63)", org)
	}
	var orgID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM organisations WHERE slug = ?`, org).Scan(&orgID)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `INSERT INTO organisations (slug, name, created_at) VALUES (?, ?, ?) RETURNING id`, org, name, now).Scan(&orgID)
	}
	if err != nil {
		return fmt.Errorf("organisation %s: %w", org, err)
	}
	var other string
	err = tx.QueryRowContext(ctx, `SELECT party_slug FROM party_organisations WHERE agreement_id = ? AND organisation_id = ?`, agreementID, orgID).Scan(&other)
	switch {
	case err == nil && other != party:
		return fmt.Errorf("organisation %s is already party %s of this agreement", org, other)
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM party_organisations WHERE agreement_id = ? AND party_slug = ?`, agreementID, party); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO party_organisations (agreement_id, party_slug, organisation_id) VALUES (?, ?, ?)`, agreementID, party, orgID)
	return err
}

// LinkParty makes party of agreement the organisation org (creating it,
// named after the party, when there is none), for an administrator who
// sets who a party is. The accounts of the party's previous organisation
// no longer take part in the agreement as that party.
func (s *Store) LinkParty(ctx context.Context, agreement, party, org, actor string) error {
	org = strings.TrimSpace(org)
	return s.InTx(ctx, func(tx *Tx) error {
		var id int64
		var name string
		err := tx.QueryRowContext(ctx, `SELECT a.id, p.name FROM agreements a JOIN parties p ON p.agreement_id = a.id WHERE a.slug = ? AND p.slug = ?`, agreement, party).Scan(&id, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("party %s of agreement %s: %w", party, agreement, ErrNotFound)
		} else if err != nil {
			return err
		}
		var before string
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(o.slug), '') FROM party_organisations l JOIN organisations o ON o.id = l.organisation_id
			WHERE l.agreement_id = ? AND l.party_slug = ?`, id, party).Scan(&before); err != nil {
			return err
		}
		if before == org {
			return nil
		}
		if err := linkParty(ctx, tx, id, party, org, name, time.Now().UTC()); err != nil {
			return err
		}
		return tx.Audit(ctx, Entry{Actor: actor, Action: "party.organisation", ObjectType: "party", ObjectID: agreement + "/" + party,
			Before: map[string]any{"organisation": before}, After: map[string]any{"organisation": org}})
	})
}

// PartyLinks lists the links of one agreement ("" for every agreement),
// by agreement and party.
func (s *Store) PartyLinks(ctx context.Context, agreement string) ([]PartyLink, error) {
	q := `SELECT a.slug, l.party_slug, o.slug FROM party_organisations l
		JOIN agreements a ON a.id = l.agreement_id JOIN organisations o ON o.id = l.organisation_id
		JOIN parties p ON p.agreement_id = l.agreement_id AND p.slug = l.party_slug`
	var args []any
	if agreement != "" {
		q += ` WHERE a.slug = ?`
		args = append(args, agreement)
	}
	rows, err := s.QueryContext(ctx, q+` ORDER BY a.slug, l.party_slug`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PartyLink
	for rows.Next() {
		var l PartyLink
		if err := rows.Scan(&l.Agreement, &l.Party, &l.Organisation); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Organisations lists every organisation with its links, by slug.
func (s *Store) Organisations(ctx context.Context) ([]Organisation, error) {
	rows, err := s.QueryContext(ctx, `SELECT id, slug, name FROM organisations ORDER BY slug`)
	if err != nil {
		return nil, err
	}
	var out []Organisation
	for rows.Next() {
		var o Organisation
		if err := rows.Scan(&o.ID, &o.Slug, &o.Name); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	links, err := s.PartyLinks(ctx, "")
	if err != nil {
		return nil, err
	}
	for i := range out {
		for _, l := range links {
			if l.Organisation == out[i].Slug {
				out[i].Links = append(out[i].Links, l)
			}
		}
	}
	return out, nil
}

// PartyOrganisation returns the organisation that party of agreement is.
func (s *Store) PartyOrganisation(ctx context.Context, agreement, party string) (string, error) {
	var org string
	err := s.QueryRowContext(ctx, `SELECT o.slug FROM party_organisations l JOIN agreements a ON a.id = l.agreement_id
		JOIN organisations o ON o.id = l.organisation_id JOIN parties p ON p.agreement_id = a.id AND p.slug = l.party_slug
		WHERE a.slug = ? AND l.party_slug = ?`, agreement, party).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("party %s of agreement %s: %w", party, agreement, ErrNotFound)
	}
	return org, err
}

// AgreementsWithParty lists the slugs of the agreements that have a party
// with the given id, for `steerco user add --party` without --agreement.
func (s *Store) AgreementsWithParty(ctx context.Context, party string) ([]string, error) {
	rows, err := s.QueryContext(ctx, `SELECT a.slug FROM agreements a JOIN parties p ON p.agreement_id = a.id WHERE p.slug = ? ORDER BY a.slug`, party)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		out = append(out, slug)
	}
	return out, rows.Err()
}

// AgreementsForOrganisation lists the agreements in which organisation
// org is a party, ordered by slug: the agreements its accounts see.
func (s *Store) AgreementsForOrganisation(ctx context.Context, org string) ([]AgreementSummary, error) {
	if org == "" {
		return nil, nil
	}
	list, err := s.summaries(ctx, summaryQuery+`
		WHERE EXISTS (SELECT 1 FROM party_organisations l JOIN organisations o ON o.id = l.organisation_id
			JOIN parties p ON p.agreement_id = l.agreement_id AND p.slug = l.party_slug
			WHERE l.agreement_id = a.id AND o.slug = ?)
		ORDER BY a.slug`, org)
	if err != nil {
		return nil, fmt.Errorf("store: agreements for organisation %q: %w", org, err)
	}
	return list, nil
}

// organisationLinks returns, for each organisation slug in orgs, its
// parties by agreement slug: what a signed-in account is, per agreement.
func organisationLinks(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, orgs []string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	orgs = slices.DeleteFunc(slices.Compact(slices.Sorted(slices.Values(orgs))), func(s string) bool { return s == "" })
	if len(orgs) == 0 {
		return out, nil
	}
	query := `SELECT o.slug, a.slug, l.party_slug FROM party_organisations l
		JOIN organisations o ON o.id = l.organisation_id JOIN agreements a ON a.id = l.agreement_id
		JOIN parties p ON p.agreement_id = l.agreement_id AND p.slug = l.party_slug`
	args := []any{}
	if len(orgs) == 1 {
		query += ` WHERE o.slug = ?`
		args = append(args, orgs[0])
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var org, agreement, party string
		if err := rows.Scan(&org, &agreement, &party); err != nil {
			return nil, err
		}
		if out[org] == nil {
			out[org] = map[string]string{}
		}
		out[org][agreement] = party
	}
	return out, rows.Err()
}
