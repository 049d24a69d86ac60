package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/steerco/steerco/internal/gov"
)

// modelCache keeps each agreement's loaded model with the revision it was
// loaded at. Loading a model takes a dozen queries and is needed by every
// page of an agreement; checking the revision takes one. The cache is per
// process and never trusted without that check, so several instances on
// one PostgreSQL stay correct.
type modelCache struct {
	mu sync.Mutex
	m  map[string]cachedModel
}

type cachedModel struct {
	rev   int64
	model *gov.Agreement
}

func (c *modelCache) get(slug string, rev int64) *gov.Agreement {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[slug]; ok && e.rev == rev {
		return e.model
	}
	return nil
}

func (c *modelCache) put(slug string, rev int64, a *gov.Agreement) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]cachedModel{}
	}
	c.m[slug] = cachedModel{rev: rev, model: a}
}

// idCache keeps agreement ids by slug. Only ids read from committed data
// go in (Tx.readOnly): an id read inside a write transaction may be rolled
// back with it. A nil *idCache caches nothing.
type idCache struct {
	mu sync.RWMutex
	m  map[string]int64
}

func (c *idCache) get(slug string) (int64, bool) {
	if c == nil {
		return 0, false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	id, ok := c.m[slug]
	return id, ok
}

func (c *idCache) put(slug string, id int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]int64{}
	}
	c.m[slug] = id
}

// SharedAgreement is Agreement without the copy: the model it returns is
// shared by every caller until the agreement changes, so it must only be
// read, never changed. Hot read paths (every web page) use it; the same
// pointer for the same revision also lets them cache what they derive
// from the model, such as the annual plan.
func (s *Store) SharedAgreement(ctx context.Context, slug string) (*gov.Agreement, error) {
	// The common case, an unchanged model, is one statement: the revision
	// read alone, without a transaction (BEGIN and COMMIT would be two
	// more round trips on every page).
	var rev int64
	err := s.QueryRowContext(ctx, `SELECT revision FROM agreements WHERE slug = ?`, slug).Scan(&rev)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: agreement %q: %w", slug, ErrNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("store: agreement %q: %w", slug, err)
	}
	return s.SharedAgreementAt(ctx, slug, rev)
}

// SharedAgreementAt is SharedAgreement for a revision the caller has just
// read (AgreementSummary.Revision): the cached model when it is at that
// revision, with no statement at all; else it loads the current one.
func (s *Store) SharedAgreementAt(ctx context.Context, slug string, rev int64) (*gov.Agreement, error) {
	if a := s.models.get(slug, rev); a != nil {
		return a, nil
	}
	var a *gov.Agreement
	err := s.inReadTx(ctx, func(tx *Tx) error {
		var rev int64
		if err := tx.QueryRowContext(ctx, `SELECT revision FROM agreements WHERE slug = ?`, slug).Scan(&rev); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		if a = s.models.get(slug, rev); a != nil {
			return nil
		}
		// The revision was read first and in the same transaction, so the
		// model loaded now is at least as new as rev: a change committed in
		// between only makes the next reader load again.
		l, err := loadAgreement(ctx, tx, slug)
		if err != nil {
			return err
		}
		a = l.model
		s.models.put(slug, rev, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: agreement %q: %w", slug, err)
	}
	return a, nil
}

// bumpRevision is the last step of every model change.
func (ap *applier) bumpRevision() error {
	return ap.exec("raise the revision", `UPDATE agreements SET revision = revision + 1 WHERE id = ?`, ap.id)
}
