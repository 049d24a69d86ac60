package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/steerco/steerco/internal/gov"
)

// Agreement loads the governance model of the agreement with the given
// slug, equal to the model that was last applied (in Normalize's form:
// empty lists are nil). A missing agreement gives an error wrapping
// ErrNotFound.
//
// The model is the caller's own copy, free to change; read-only hot paths
// use SharedAgreement.
func (s *Store) Agreement(ctx context.Context, slug string) (*gov.Agreement, error) {
	a, err := s.SharedAgreement(ctx, slug)
	if err != nil {
		return nil, err
	}
	return Normalize(a), nil
}

// loadedAgreement is a stored model together with the row ids of its
// parts, which ApplyAgreement needs to update rows in place.
type loadedAgreement struct {
	id          int64
	model       *gov.Agreement
	levels      map[string]int64
	parties     map[string]int64
	attributes  map[attrKey]int64
	people      map[string]int64
	forums      map[string]int64
	memberships map[membershipKey]int64
}

// attrKey is an attribute's natural key.
type attrKey struct{ party, key, from string }

func (k attrKey) String() string { return "attribute:" + k.party + "/" + k.key + "@" + k.from }

// membershipKey is a membership's natural key.
type membershipKey struct {
	person, forum string
	role          gov.SeatRole
	from          string
}

func (k membershipKey) String() string {
	return "membership:" + k.person + "/" + k.forum + "/" + string(k.role) + "@" + k.from
}

func keyOfMembership(m gov.Membership) membershipKey {
	return membershipKey{m.Person, m.Forum, m.Role, m.From}
}

// loadAgreement reads the agreement with the given slug; each list comes
// back in its stored order.
func loadAgreement(ctx context.Context, tx *Tx, slug string) (*loadedAgreement, error) {
	l := &loadedAgreement{
		levels:      map[string]int64{},
		parties:     map[string]int64{},
		attributes:  map[attrKey]int64{},
		people:      map[string]int64{},
		forums:      map[string]int64{},
		memberships: map[membershipKey]int64{},
	}
	a := &gov.Agreement{}
	var rules string
	var periodTo sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT id, name, description, country, timezone, language, currency,
		period_from, period_to, eves_working, format_version, rules FROM agreements WHERE slug = ?`, slug).
		Scan(&l.id, &a.Name, &a.Description, &a.Country, &a.TimeZone, &a.Language, &a.Currency,
			&a.Period.From, &periodTo, &a.EvesWorking, &a.Version, &rules)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load agreement: %w", err)
	}
	// The rule blocks first: the columns below overwrite nothing in them.
	if err := json.Unmarshal([]byte(rules), a); err != nil {
		return nil, fmt.Errorf("decode agreement rules: %w", err)
	}
	a.Slug, a.Period.To = slug, periodTo.String

	err = queryEach(ctx, tx, `SELECT id, slug, name FROM levels WHERE agreement_id = ? ORDER BY rank, id`,
		[]any{l.id}, func(rows *sql.Rows) error {
			var id int64
			var lv gov.Level
			if err := rows.Scan(&id, &lv.Slug, &lv.Name); err != nil {
				return err
			}
			l.levels[lv.Slug] = id
			a.Levels = append(a.Levels, lv)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load levels: %w", err)
	}

	partyIndex := map[string]int{}
	err = queryEach(ctx, tx, `SELECT id, slug, name, kind FROM parties WHERE agreement_id = ? ORDER BY position, id`,
		[]any{l.id}, func(rows *sql.Rows) error {
			var id int64
			var p gov.Party
			if err := rows.Scan(&id, &p.Slug, &p.Name, &p.Kind); err != nil {
				return err
			}
			l.parties[p.Slug] = id
			partyIndex[p.Slug] = len(a.Parties)
			a.Parties = append(a.Parties, p)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load parties: %w", err)
	}

	err = queryEach(ctx, tx, `SELECT pa.id, p.slug, pa.key, pa.value, pa.valid_from
		FROM party_attributes pa JOIN parties p ON p.id = pa.party_id
		WHERE p.agreement_id = ? ORDER BY pa.party_id, pa.position, pa.id`,
		[]any{l.id}, func(rows *sql.Rows) error {
			var id int64
			var party string
			var at gov.Attribute
			if err := rows.Scan(&id, &party, &at.Key, &at.Value, &at.From); err != nil {
				return err
			}
			l.attributes[attrKey{party, at.Key, at.From}] = id
			p := &a.Parties[partyIndex[party]]
			p.Attributes = append(p.Attributes, at)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load attributes: %w", err)
	}

	err = queryEach(ctx, tx, `SELECT pe.id, pe.slug, pe.name, pa.slug, pe.titles, pe.email, pe.phone, COALESCE(d.slug, '')
		FROM people pe JOIN parties pa ON pa.id = pe.party_id LEFT JOIN people d ON d.id = pe.deputy_id
		WHERE pe.agreement_id = ? ORDER BY pe.position, pe.id`,
		[]any{l.id}, func(rows *sql.Rows) error {
			var id int64
			var p gov.Person
			var titles string
			if err := rows.Scan(&id, &p.Slug, &p.Name, &p.Party, &titles, &p.Email, &p.Phone, &p.Deputy); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(titles), &p.Titles); err != nil {
				return fmt.Errorf("person %q: titles: %w", p.Slug, err)
			}
			l.people[p.Slug] = id
			a.People = append(a.People, p)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load people: %w", err)
	}

	err = queryEach(ctx, tx, `SELECT id, slug, name, level, area, purpose, inactive, escalates_to, rules
		FROM forums WHERE agreement_id = ? ORDER BY position, id`,
		[]any{l.id}, func(rows *sql.Rows) error {
			var id int64
			var f gov.Forum
			var slug, name, level, area, purpose, escalatesTo, rules string
			var inactive bool
			if err := rows.Scan(&id, &slug, &name, &level, &area, &purpose, &inactive, &escalatesTo, &rules); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(rules), &f); err != nil {
				return fmt.Errorf("forum %q: rules: %w", slug, err)
			}
			f.Slug, f.Name, f.Level, f.Area, f.Purpose, f.Inactive, f.EscalatesTo =
				slug, name, level, area, purpose, inactive, escalatesTo
			l.forums[f.Slug] = id
			a.Forums = append(a.Forums, f)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load forums: %w", err)
	}

	err = queryEach(ctx, tx, `SELECT m.id, pe.slug, f.slug, m.role, m.valid_from, m.valid_to
		FROM memberships m JOIN forums f ON f.id = m.forum_id JOIN people pe ON pe.id = m.person_id
		WHERE f.agreement_id = ? ORDER BY m.position, m.id`,
		[]any{l.id}, func(rows *sql.Rows) error {
			var id int64
			var m gov.Membership
			var to sql.NullString
			if err := rows.Scan(&id, &m.Person, &m.Forum, &m.Role, &m.From, &to); err != nil {
				return err
			}
			m.To = to.String
			l.memberships[keyOfMembership(m)] = id
			a.Memberships = append(a.Memberships, m)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load memberships: %w", err)
	}

	// JSON decoding leaves [] as an empty slice; the Store's form is nil.
	l.model = Normalize(a)
	return l, nil
}

// queryEach runs query and calls scan for each row, reading all rows
// before returning so the transaction can run its next statement.
func queryEach(ctx context.Context, tx *Tx, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
