package store

import (
	"context"
	"database/sql"
	"fmt"
)

// summaryQuery lists agreements with their party and forum counts; a
// WHERE clause may follow.
const summaryQuery = `SELECT a.id, a.slug, a.name, a.country, a.language,
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

func (s *Store) summaries(ctx context.Context, query string, args ...any) ([]AgreementSummary, error) {
	var list []AgreementSummary
	err := s.inReadTx(ctx, func(tx *Tx) error {
		return queryEach(ctx, tx, query, args, func(rows *sql.Rows) error {
			var a AgreementSummary
			if err := rows.Scan(&a.ID, &a.Slug, &a.Name, &a.Country, &a.Language, &a.Parties, &a.Forums); err != nil {
				return err
			}
			list = append(list, a)
			return nil
		})
	})
	return list, err
}
