package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
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
func (s *Store) ApplyAgreement(ctx context.Context, a *gov.Agreement, actor string) (Change, error) {
	if a == nil || a.Slug == "" {
		return Change{}, errors.New("store: apply agreement: the model has no id")
	}
	want := Normalize(a)
	if err := checkKeys(want); err != nil {
		return Change{}, fmt.Errorf("store: apply agreement %q: %w", a.Slug, err)
	}
	var ch Change
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		ch, err = applyAgreement(ctx, tx, want, actor)
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
}

func applyAgreement(ctx context.Context, tx *Tx, want *gov.Agreement, actor string) (Change, error) {
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
	case reflect.DeepEqual(old.model, want):
		return Change{Kind: Unchanged, AgreementID: old.id}, nil
	}
	ap := &applier{
		ctx: ctx, tx: tx, old: old, want: want,
		now:     time.Now().UTC().Truncate(time.Microsecond),
		parties: map[string]int64{}, people: map[string]int64{}, forums: map[string]int64{},
	}
	steps := []func() error{ap.agreement, ap.levels, ap.partiesAndAttributes, ap.peopleRows, ap.forumRows, ap.memberships, ap.removeAbsent}
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

func (ap *applier) levels() error {
	old := ap.oldModel().Levels
	oldPos := positions(old, func(l gov.Level) string { return l.Slug })
	for rank, l := range ap.want.Levels {
		k := "level:" + l.Slug
		id, ok := ap.ids().levels[l.Slug]
		switch {
		case !ok:
			if _, err := ap.insert("insert "+k, `INSERT INTO levels (agreement_id, slug, name, rank) VALUES (?, ?, ?, ?)`,
				ap.id, l.Slug, l.Name, rank); err != nil {
				return err
			}
			ap.added(k)
		case old[oldPos[l.Slug]] != l || oldPos[l.Slug] != rank:
			if err := ap.exec("update "+k, `UPDATE levels SET name = ?, rank = ? WHERE id = ?`, l.Name, rank, id); err != nil {
				return err
			}
			ap.changed(k)
		}
	}
	return nil
}

func (ap *applier) partiesAndAttributes() error {
	old := ap.oldModel().Parties
	oldPos := positions(old, func(p gov.Party) string { return p.Slug })
	for pos, p := range ap.want.Parties {
		k := "party:" + p.Slug
		id, ok := ap.ids().parties[p.Slug]
		var oldAttrs []gov.Attribute
		switch {
		case !ok:
			var err error
			id, err = ap.insert("insert "+k, `INSERT INTO parties (agreement_id, slug, name, kind, position) VALUES (?, ?, ?, ?, ?)`,
				ap.id, p.Slug, p.Name, p.Kind, pos)
			if err != nil {
				return err
			}
			ap.added(k)
		default:
			o := old[oldPos[p.Slug]]
			oldAttrs = o.Attributes
			if o.Name != p.Name || o.Kind != p.Kind || oldPos[p.Slug] != pos {
				if err := ap.exec("update "+k, `UPDATE parties SET name = ?, kind = ?, position = ? WHERE id = ?`,
					p.Name, p.Kind, pos, id); err != nil {
					return err
				}
				ap.changed(k)
			}
		}
		ap.parties[p.Slug] = id
		if err := ap.attributes(p, id, oldAttrs); err != nil {
			return err
		}
	}
	return nil
}

// attributes reconciles one party's attributes; old is what was stored
// (nil for a new party).
func (ap *applier) attributes(p gov.Party, partyID int64, old []gov.Attribute) error {
	type key struct{ key, from string }
	keyOf := func(a gov.Attribute) key { return key{a.Key, a.From} }
	oldPos := positions(old, keyOf)
	for pos, at := range p.Attributes {
		ak := attrKey{p.Slug, at.Key, at.From}
		i, ok := oldPos[keyOf(at)]
		switch {
		case !ok:
			if _, err := ap.insert("insert "+ak.String(), `INSERT INTO party_attributes (party_id, key, value, valid_from, position)
				VALUES (?, ?, ?, ?, ?)`, partyID, at.Key, at.Value, at.From, pos); err != nil {
				return err
			}
			ap.added(ak.String())
		case old[i].Value != at.Value || i != pos:
			if err := ap.exec("update "+ak.String(), `UPDATE party_attributes SET value = ?, position = ? WHERE id = ?`,
				at.Value, pos, ap.ids().attributes[ak]); err != nil {
				return err
			}
			ap.changed(ak.String())
		}
	}
	newPos := positions(p.Attributes, keyOf)
	for _, at := range old {
		if _, ok := newPos[keyOf(at)]; ok {
			continue
		}
		ak := attrKey{p.Slug, at.Key, at.From}
		if err := ap.exec("delete "+ak.String(), `DELETE FROM party_attributes WHERE id = ?`, ap.ids().attributes[ak]); err != nil {
			return err
		}
		ap.removed(ak.String())
	}
	return nil
}

// peopleRows writes people in two passes: the rows first, then the
// deputies, which may be people written later in the first pass.
func (ap *applier) peopleRows() error {
	old := ap.oldModel().People
	oldPos := positions(old, func(p gov.Person) string { return p.Slug })
	for pos, p := range ap.want.People {
		k := "person:" + p.Slug
		partyID, ok := ap.parties[p.Party]
		if !ok {
			return fmt.Errorf("person %q: unknown party %q", p.Slug, p.Party)
		}
		titles, err := jsonList(p.Titles)
		if err != nil {
			return fmt.Errorf("person %q: titles: %w", p.Slug, err)
		}
		id, ok := ap.ids().people[p.Slug]
		switch {
		case !ok:
			id, err = ap.insert("insert "+k, `INSERT INTO people (agreement_id, slug, name, party_id, titles, email, phone, position)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ap.id, p.Slug, p.Name, partyID, titles, p.Email, p.Phone, pos)
			if err != nil {
				return err
			}
			ap.added(k)
		default:
			o := old[oldPos[p.Slug]]
			if !reflect.DeepEqual(o, p) || oldPos[p.Slug] != pos {
				ap.changed(k)
			}
			o.Deputy = p.Deputy // the second pass sees to the deputy
			if !reflect.DeepEqual(o, p) || oldPos[p.Slug] != pos {
				if err := ap.exec("update "+k, `UPDATE people SET name = ?, party_id = ?, titles = ?, email = ?, phone = ?,
					position = ? WHERE id = ?`, p.Name, partyID, titles, p.Email, p.Phone, pos, id); err != nil {
					return err
				}
			}
		}
		ap.people[p.Slug] = id
	}
	for _, p := range ap.want.People {
		oldDeputy := ""
		if i, ok := oldPos[p.Slug]; ok {
			oldDeputy = old[i].Deputy
		}
		if p.Deputy == oldDeputy {
			continue
		}
		deputy := sql.NullInt64{}
		if p.Deputy != "" {
			id, ok := ap.people[p.Deputy]
			if !ok {
				return fmt.Errorf("person %q: unknown deputy %q", p.Slug, p.Deputy)
			}
			deputy = sql.NullInt64{Int64: id, Valid: true}
		}
		if err := ap.exec("update person:"+p.Slug, `UPDATE people SET deputy_id = ? WHERE id = ?`, deputy, ap.people[p.Slug]); err != nil {
			return err
		}
	}
	return nil
}

func (ap *applier) forumRows() error {
	old := ap.oldModel().Forums
	oldPos := positions(old, func(f gov.Forum) string { return f.Slug })
	for pos, f := range ap.want.Forums {
		k := "forum:" + f.Slug
		rules, err := forumRules(&f)
		if err != nil {
			return err
		}
		id, ok := ap.ids().forums[f.Slug]
		switch {
		case !ok:
			id, err = ap.insert("insert "+k, `INSERT INTO forums (agreement_id, slug, name, level, area, purpose, inactive,
				escalates_to, frequency, position, rules) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				ap.id, f.Slug, f.Name, f.Level, f.Area, f.Purpose, f.Inactive, f.EscalatesTo, f.Cadence.Frequency, pos, rules)
			if err != nil {
				return err
			}
			ap.added(k)
		case !reflect.DeepEqual(old[oldPos[f.Slug]], f) || oldPos[f.Slug] != pos:
			if err := ap.exec("update "+k, `UPDATE forums SET name = ?, level = ?, area = ?, purpose = ?, inactive = ?,
				escalates_to = ?, frequency = ?, position = ?, rules = ? WHERE id = ?`,
				f.Name, f.Level, f.Area, f.Purpose, f.Inactive, f.EscalatesTo, f.Cadence.Frequency, pos, rules, id); err != nil {
				return err
			}
			ap.changed(k)
		}
		ap.forums[f.Slug] = id
	}
	return nil
}

func (ap *applier) memberships() error {
	old := ap.oldModel().Memberships
	oldPos := positions(old, keyOfMembership)
	for pos, m := range ap.want.Memberships {
		mk := keyOfMembership(m)
		to := sql.NullString{String: m.To, Valid: m.To != ""}
		i, ok := oldPos[mk]
		switch {
		case !ok:
			personID, ok := ap.people[m.Person]
			if !ok {
				return fmt.Errorf("%s: unknown person %q", mk, m.Person)
			}
			forumID, ok := ap.forums[m.Forum]
			if !ok {
				return fmt.Errorf("%s: unknown forum %q", mk, m.Forum)
			}
			if _, err := ap.insert("insert "+mk.String(), `INSERT INTO memberships (forum_id, person_id, role, valid_from, valid_to, position)
				VALUES (?, ?, ?, ?, ?, ?)`, forumID, personID, m.Role, m.From, to, pos); err != nil {
				return err
			}
			ap.added(mk.String())
		case old[i].To != m.To || i != pos:
			if err := ap.exec("update "+mk.String(), `UPDATE memberships SET valid_to = ?, position = ? WHERE id = ?`,
				to, pos, ap.ids().memberships[mk]); err != nil {
				return err
			}
			ap.changed(mk.String())
		}
	}
	newPos := positions(ap.want.Memberships, keyOfMembership)
	for _, m := range old {
		mk := keyOfMembership(m)
		if _, ok := newPos[mk]; ok {
			continue
		}
		if err := ap.exec("delete "+mk.String(), `DELETE FROM memberships WHERE id = ?`, ap.ids().memberships[mk]); err != nil {
			return err
		}
		ap.removed(mk.String())
	}
	return nil
}

// removeAbsent deletes the people, forums, parties and levels that are no
// longer in the model, in that order: people reference parties, and the
// memberships that referenced people and forums are already gone.
// Attributes go with their party.
func (ap *applier) removeAbsent() error {
	if ap.old == nil {
		return nil
	}
	type table struct {
		name, kind string
		slugs      []string
		ids        map[string]int64
		keep       func(string) bool
	}
	slugs := func(n int, slug func(int) string) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = slug(i)
		}
		return s
	}
	o, w := ap.old.model, ap.want
	tables := []table{
		{"people", "person", slugs(len(o.People), func(i int) string { return o.People[i].Slug }), ap.old.people,
			func(s string) bool { return w.Person(s) != nil }},
		{"forums", "forum", slugs(len(o.Forums), func(i int) string { return o.Forums[i].Slug }), ap.old.forums,
			func(s string) bool { return w.Forum(s) != nil }},
		{"parties", "party", slugs(len(o.Parties), func(i int) string { return o.Parties[i].Slug }), ap.old.parties,
			func(s string) bool { return w.Party(s) != nil }},
		{"levels", "level", slugs(len(o.Levels), func(i int) string { return o.Levels[i].Slug }), ap.old.levels,
			func(s string) bool { return w.LevelRank(s) >= 0 }},
	}
	for _, t := range tables {
		for _, slug := range t.slugs {
			if t.keep(slug) {
				continue
			}
			k := t.kind + ":" + slug
			// The table name is one of the constants above, never input.
			if err := ap.exec("delete "+k, `DELETE FROM `+t.name+` WHERE id = ?`, t.ids[slug]); err != nil {
				return err
			}
			ap.removed(k)
		}
	}
	return nil
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
	summary.Added = slices.Clip(summary.Added)
	return ap.tx.Audit(ap.ctx, Entry{
		Actor:       actor,
		Action:      "model.apply",
		ObjectType:  "agreement",
		ObjectID:    ap.want.Slug,
		AgreementID: ap.id,
		Before:      before,
		After:       summary,
	})
}
