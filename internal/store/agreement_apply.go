package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// ApplyAgreement makes the stored agreement a.Slug equal to a, creating it
// when it does not exist, in one transaction with its audit entry.
//
// Rows are matched by their natural keys (levels, parties, people and
// forums by slug; attributes by party, key and from; memberships by person,
// forum, role and from) and updated in place, so their ids stay stable
// across applies and other tables can reference them; rows absent from a
// are deleted. List order is kept. Applying a model equal to the stored one
// writes nothing, not even an audit entry.
//
// The model is expected to be validated (internal/model). The Store only
// resolves references it must turn into ids (a person's party and deputy,
// a membership's person and forum) and fails on one it cannot resolve,
// leaving the store as it was.
//
// Every party ends up linked to an organisation (issue 14): one the caller
// names with LinkOrganisations, the one it was linked to, or a new one.
func (s *Store) ApplyAgreement(ctx context.Context, a *gov.Agreement, actor string, opts ...ApplyOption) (Change, error) {
	if a == nil || a.Slug == "" {
		return Change{}, errors.New("store: apply agreement: the model has no id")
	}
	if actor == "" {
		return Change{}, fmt.Errorf("store: apply agreement %q: no actor", a.Slug)
	}
	want := Normalize(a)
	if err := checkKeys(want); err != nil {
		return Change{}, fmt.Errorf("store: apply agreement %q: %w", a.Slug, err)
	}
	var ch Change
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		ch, err = applyAgreement(ctx, tx, want, actor, opts...)
		return err
	})
	if err != nil {
		return Change{}, fmt.Errorf("store: apply agreement %q: %w", a.Slug, err)
	}
	return ch, nil
}

// checkKeys rejects a model in which two rows share a natural key: they
// would be stored as one.
func checkKeys(a *gov.Agreement) error {
	seen := map[string]bool{}
	dup := func(k string) error {
		if seen[k] {
			return fmt.Errorf("duplicate %s", k)
		}
		seen[k] = true
		return nil
	}
	for _, l := range a.Levels {
		if err := dup("level:" + l.Slug); err != nil {
			return err
		}
	}
	for _, p := range a.Parties {
		if err := dup("party:" + p.Slug); err != nil {
			return err
		}
		for _, at := range p.Attributes {
			if err := dup(attrKey{p.Slug, at.Key, at.From}.String()); err != nil {
				return err
			}
		}
	}
	for _, p := range a.People {
		if err := dup("person:" + p.Slug); err != nil {
			return err
		}
	}
	for _, f := range a.Forums {
		if err := dup("forum:" + f.Slug); err != nil {
			return err
		}
	}
	for _, m := range a.Memberships {
		if err := dup(keyOfMembership(m).String()); err != nil {
			return err
		}
	}
	return nil
}

// applier carries one ApplyAgreement through its steps.
type applier struct {
	ctx  context.Context
	tx   *Tx
	now  time.Time
	old  *loadedAgreement // nil when the agreement is new
	want *gov.Agreement
	id   int64
	ch   Change
	// Row ids of the new state, by slug, for resolving references.
	parties, people, forums map[string]int64
	opts                    applyOptions
}

func applyAgreement(ctx context.Context, tx *Tx, want *gov.Agreement, actor string, opts ...ApplyOption) (Change, error) {
	var o applyOptions
	for _, opt := range opts {
		opt(&o)
	}
	// Serialise model applies behind the audit chain's head: on PostgreSQL
	// two applies of the same new agreement would otherwise both insert
	// it, and two of the same agreement would diff against a state the
	// other is changing. What is loaded next is read after the lock.
	if _, _, err := tx.lockAuditHead(ctx); err != nil {
		return Change{}, err
	}
	old, err := loadAgreement(ctx, tx, want.Slug)
	switch {
	case errors.Is(err, ErrNotFound):
		old = nil
	case err != nil:
		return Change{}, err
	case reflect.DeepEqual(old.model, want) && len(o.orgs) == 0:
		return Change{Kind: Unchanged, AgreementID: old.id}, nil
	}
	ap := &applier{
		ctx: ctx, tx: tx, old: old, want: want, opts: o,
		now:     time.Now().UTC().Truncate(time.Microsecond),
		parties: map[string]int64{}, people: map[string]int64{}, forums: map[string]int64{},
	}
	steps := []func() error{ap.agreement, ap.levels, ap.partiesAndAttributes, ap.peopleRows, ap.forumRows, ap.memberships, ap.removeAbsent, ap.organisations, ap.bumpRevision}
	for _, step := range steps {
		if err := step(); err != nil {
			return Change{}, err
		}
	}
	ap.ch.AgreementID = ap.id
	if err := ap.audit(actor); err != nil {
		return Change{}, err
	}
	return ap.ch, nil
}

// exec runs a statement and wraps its error with what it was for.
func (ap *applier) exec(what, query string, args ...any) error {
	if _, err := ap.tx.ExecContext(ap.ctx, query, args...); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// insert runs an INSERT ... RETURNING id.
func (ap *applier) insert(what, query string, args ...any) (int64, error) {
	var id int64
	if err := ap.tx.QueryRowContext(ap.ctx, query+" RETURNING id", args...).Scan(&id); err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return id, nil
}

func (ap *applier) added(k string)   { ap.ch.Added = append(ap.ch.Added, k) }
func (ap *applier) changed(k string) { ap.ch.Changed = append(ap.ch.Changed, k) }
func (ap *applier) removed(k string) { ap.ch.Removed = append(ap.ch.Removed, k) }

// oldModel returns the stored model, empty when there is none.
func (ap *applier) oldModel() *gov.Agreement {
	if ap.old == nil {
		return &gov.Agreement{}
	}
	return ap.old.model
}

// ids returns the old row ids, or empty maps for a new agreement.
func (ap *applier) ids() *loadedAgreement {
	if ap.old == nil {
		return &loadedAgreement{}
	}
	return ap.old
}

// positions maps each element's key to its index in list.
func positions[T any, K comparable](list []T, key func(T) K) map[K]int {
	m := make(map[K]int, len(list))
	for i, v := range list {
		m[key(v)] = i
	}
	return m
}

// agreement writes the agreements row.
func (ap *applier) agreement() error {
	a := ap.want
	rules, err := agreementRules(a)
	if err != nil {
		return err
	}
	periodTo := sql.NullString{String: a.Period.To, Valid: a.Period.To != ""}
	if ap.old == nil {
		ap.ch.Kind = Created
		ap.id, err = ap.insert("insert agreement", `INSERT INTO agreements
			(slug, name, description, country, timezone, language, currency, period_from, period_to,
			 eves_working, format_version, rules, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Slug, a.Name, a.Description, a.Country, a.TimeZone, a.Language, a.Currency, a.Period.From, periodTo,
			a.EvesWorking, a.Version, rules, ap.now, ap.now)
		return err
	}
	ap.ch.Kind, ap.id = Updated, ap.old.id
	oldHead, newHead := *ap.old.model, *a
	for _, h := range []*gov.Agreement{&oldHead, &newHead} {
		h.Levels, h.Parties, h.People, h.Forums, h.Memberships = nil, nil, nil, nil, nil
	}
	if !reflect.DeepEqual(oldHead, newHead) {
		ap.changed("agreement")
	}
	// updated_at moves whenever any part of the model changed.
	return ap.exec("update agreement", `UPDATE agreements SET name = ?, description = ?, country = ?, timezone = ?,
		language = ?, currency = ?, period_from = ?, period_to = ?, eves_working = ?, format_version = ?,
		rules = ?, updated_at = ? WHERE id = ?`,
		a.Name, a.Description, a.Country, a.TimeZone, a.Language, a.Currency, a.Period.From, periodTo,
		a.EvesWorking, a.Version, rules, ap.now, ap.id)
}

// audit records the apply: the digests of the model before and after,
// and which rows were added, changed and removed. The models themselves are
// not copied into the log; the digest ties an entry to a model file.
func (ap *applier) audit(actor string) error {
	after, err := digest(ap.want)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	var before any
	if ap.old != nil {
		d, err := digest(ap.old.model)
		if err != nil {
			return fmt.Errorf("digest: %w", err)
		}
		before = map[string]string{"digest": d}
	}
	summary := struct {
		Digest string `json:"digest"`
		Change
	}{after, ap.ch}
	return ap.tx.audit(ap.ctx, Entry{
		Actor:       actor,
		Action:      "model.apply",
		ObjectType:  "agreement",
		ObjectID:    ap.want.Slug,
		AgreementID: ap.id,
		Before:      before,
		After:       summary,
	})
}
