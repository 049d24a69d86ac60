package store

import (
	"context"
	"fmt"
)

// summaryQuery lists agreements with their party and forum counts; a
// WHERE clause may follow.
const summaryQuery = `SELECT a.id, a.slug, a.name, a.country, a.language, a.revision,
	(SELECT COUNT(*) FROM parties p WHERE p.agreement_id = a.id),
	(SELECT COUNT(*) FROM forums f WHERE f.agreement_id = a.id)
	FROM agreements a`

// Agreements lists every agreement, ordered by slug.
func (s *Store) Agreements(ctx context.Context) ([]AgreementSummary, error) {
	list, err := s.summaries(ctx, summaryQuery+` ORDER BY a.slug`)
	if err != nil {
		return nil, fmt.Errorf("store: agreements: %w", err)
	}
	return list, nil
}

// AgreementsForParty lists the agreements that have a party with the given
// slug, ordered by slug: the agreements a user of that organisation sees.
func (s *Store) AgreementsForParty(ctx context.Context, partySlug string) ([]AgreementSummary, error) {
	list, err := s.summaries(ctx, summaryQuery+`
		WHERE EXISTS (SELECT 1 FROM parties p WHERE p.agreement_id = a.id AND p.slug = ?)
		ORDER BY a.slug`, partySlug)
	if err != nil {
		return nil, fmt.Errorf("store: agreements for party %q: %w", partySlug, err)
	}
	return list, nil
}

// summaries runs one summary query: a single statement, so no
// transaction (BEGIN and COMMIT would be two more round trips).
func (s *Store) summaries(ctx context.Context, query string, args ...any) ([]AgreementSummary, error) {
	rows, err := s.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []AgreementSummary
	for rows.Next() {
		var a AgreementSummary
		if err := rows.Scan(&a.ID, &a.Slug, &a.Name, &a.Country, &a.Language, &a.Revision, &a.Parties, &a.Forums); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}
