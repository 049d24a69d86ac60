package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// Edits of one part of a stored agreement (the administration pages):
// each runs in one transaction that loads the current model, changes a
// copy, lets the caller check the whole result, writes what differs with
// ApplyAgreement's machinery and records one audit entry. The stored
// agreement therefore stays a valid model, exportable and re-appliable.

// ErrInUse is wrapped by an error refusing to remove something others
// still refer to; the error is an *InUseError saying by what.
var ErrInUse = errors.New("in use")

// InUseError says why a person cannot be removed: the seats they hold
// on the day of removal, and the people whose deputy they are.
type InUseError struct {
	Seats     []gov.Membership
	DeputyFor []string
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("in use: %d active seats, deputy for %d people", len(e.Seats), len(e.DeputyFor))
}

// Is makes errors.Is(err, ErrInUse) hold.
func (e *InUseError) Is(target error) bool { return target == ErrInUse }

// Editor is who changes an agreement and the check the changed model must
// pass.
type Editor struct {
	// Actor names the user in the audit log ("user:EMAIL").
	Actor string
	// Check sees the stored model and the changed one inside the
	// transaction. It must validate the whole changed model (the Store
	// does not know the model rules: internal/model does) and is the
	// place to apply object-level permissions to the fresh state. Its
	// error aborts the change and comes back wrapped. Required.
	Check func(before, after *gov.Agreement) error
}

// Edit describes one change for UpdateAgreement and its audit entry.
type Edit struct {
	Editor
	// Action names the change in the audit log, e.g. "person.update".
	Action     string
	ObjectType string
	ObjectID   string
	// Snapshot returns the changed object as it is in a model (nil when
	// it is not there), for the audit entry's before and after. Optional.
	Snapshot func(a *gov.Agreement) any
}

// UpdateAgreement changes the stored agreement slug in one transaction:
// it loads the model, calls mutate on a copy, runs e.Check on the result,
// writes the rows that differ and appends the audit entry. Nothing is
// written when mutate or the check fails, or when nothing changed. A
// missing agreement gives an error wrapping ErrNotFound.
func (s *Store) UpdateAgreement(ctx context.Context, slug string, e Edit, mutate func(a *gov.Agreement) error) (Change, error) {
	return s.update(ctx, slug, &e, mutate)
}

// update is UpdateAgreement with an Edit that mutate may complete (the id
// of a created object is known only inside the transaction).
func (s *Store) update(ctx context.Context, slug string, e *Edit, mutate func(a *gov.Agreement) error) (Change, error) {
	if e.Actor == "" || e.Action == "" {
		return Change{}, fmt.Errorf("store: update agreement %q: actor and action are required", slug)
	}
	if e.Check == nil {
		return Change{}, fmt.Errorf("store: %s: no check; the changed model must be validated", e.Action)
	}
	var ch Change
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		ch, err = updateAgreement(ctx, tx, slug, e, mutate)
		return err
	})
	if err != nil {
		return Change{}, fmt.Errorf("store: %s %s in %q: %w", e.Action, e.ObjectID, slug, err)
	}
	return ch, nil
}

func updateAgreement(ctx context.Context, tx *Tx, slug string, e *Edit, mutate func(a *gov.Agreement) error) (Change, error) {
	// The same order as ApplyAgreement: the audit head's lock serialises
	// changes to agreements, and the model is read after it is had.
	if _, _, err := tx.lockAuditHead(ctx); err != nil {
		return Change{}, err
	}
	old, err := loadAgreement(ctx, tx, slug)
	if err != nil {
		return Change{}, err
	}
	next := Normalize(old.model)
	if err := mutate(next); err != nil {
		return Change{}, err
	}
	next = Normalize(next)
	if next.Slug != slug {
		return Change{}, errors.New("an edit may not change the agreement's id")
	}
	if err := e.Check(old.model, next); err != nil {
		return Change{}, err
	}
	if err := checkKeys(next); err != nil {
		return Change{}, err
	}
	if reflect.DeepEqual(old.model, next) {
		return Change{Kind: Unchanged, AgreementID: old.id}, nil
	}
	ap := &applier{
		ctx: ctx, tx: tx, old: old, want: next,
		now:     time.Now().UTC().Truncate(time.Microsecond),
		parties: map[string]int64{}, people: map[string]int64{}, forums: map[string]int64{},
	}
	// KEEP IN STEP with applyAgreement's steps: an edit writes exactly
	// what applying the changed model file would.
	steps := []func() error{ap.agreement, ap.levels, ap.partiesAndAttributes, ap.peopleRows, ap.forumRows, ap.memberships, ap.removeAbsent, ap.bumpRevision}
	for _, step := range steps {
		if err := step(); err != nil {
			return Change{}, err
		}
	}
	ap.ch.AgreementID = ap.id
	var before, after any
	if e.Snapshot != nil {
		before, after = e.Snapshot(old.model), e.Snapshot(next)
	}
	err = tx.audit(ctx, Entry{
		Actor: e.Actor, Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID,
		AgreementID: ap.id,
		Before:      before,
		After: struct {
			Object any    `json:"object"`
			Change Change `json:"change"`
		}{after, ap.ch},
	})
	if err != nil {
		return Change{}, err
	}
	return ap.ch, nil
}

// nilIfAbsent turns a typed nil pointer into an untyped nil, so that an
// absent object is stored as NULL in the audit log.
func nilIfAbsent[T any](p *T) any {
	if p == nil {
		return nil
	}
	return p
}

// UpdateParty renames party slug and sets the given attributes: one with
// the key and from date of an existing attribute replaces its value, any
// other is added. A missing party gives ErrNotFound.
func (s *Store) UpdateParty(ctx context.Context, agreement string, by Editor, slug, name string, attrs ...gov.Attribute) error {
	e := Edit{Editor: by, Action: "party.update", ObjectType: "party", ObjectID: slug,
		Snapshot: func(a *gov.Agreement) any { return nilIfAbsent(a.Party(slug)) }}
	_, err := s.UpdateAgreement(ctx, agreement, e, func(a *gov.Agreement) error {
		p := a.Party(slug)
		if p == nil {
			return fmt.Errorf("party %q: %w", slug, ErrNotFound)
		}
		p.Name = name
		for _, at := range attrs {
			setAttribute(p, at)
		}
		return nil
	})
	return err
}

// setAttribute replaces the value of the attribute with at's key and
// date, or adds at. A list kept in key and date order stays so.
func setAttribute(p *gov.Party, at gov.Attribute) {
	for i := range p.Attributes {
		if p.Attributes[i].Key == at.Key && p.Attributes[i].From == at.From {
			p.Attributes[i].Value = at.Value
			return
		}
	}
	sorted := slices.IsSortedFunc(p.Attributes, compareAttributes)
	p.Attributes = append(p.Attributes, at)
	if sorted {
		gov.SortAttributes(p.Attributes)
	}
}

func compareAttributes(a, b gov.Attribute) int {
	if c := strings.Compare(a.Key, b.Key); c != 0 {
		return c
	}
	return strings.Compare(a.From, b.From)
}

// CreatePerson adds p to the directory and returns the id it got. p.Slug
// is the id wanted; when another person has it, the first free one of
// SLUG-2, SLUG-3... is used, so two people of the same name can be added.
func (s *Store) CreatePerson(ctx context.Context, agreement string, by Editor, p gov.Person) (string, error) {
	if p.Slug == "" {
		return "", errors.New("store: create person: no id")
	}
	slug := p.Slug
	e := &Edit{Editor: by, Action: "person.create", ObjectType: "person",
		Snapshot: func(a *gov.Agreement) any { return nilIfAbsent(a.Person(slug)) }}
	_, err := s.update(ctx, agreement, e, func(a *gov.Agreement) error {
		slug = freeSlug(a, p.Slug)
		p.Slug, e.ObjectID = slug, slug
		a.People = append(a.People, p)
		return nil
	})
	if err != nil {
		return "", err
	}
	return slug, nil
}

// freeSlug returns base, or base-N for the smallest N ≥ 2 no person has.
// The suffix keeps the id within the model's 64 characters.
func freeSlug(a *gov.Agreement, base string) string {
	if a.Person(base) == nil {
		return base
	}
	for n := 2; ; n++ {
		suffix := "-" + strconv.Itoa(n)
		stem := base
		if len(stem)+len(suffix) > 64 {
			stem = strings.TrimRight(stem[:64-len(suffix)], "-")
		}
		if a.Person(stem+suffix) == nil {
			return stem + suffix
		}
	}
}

// UpdatePerson replaces the directory entry p.Slug with p. A missing
// person gives ErrNotFound.
func (s *Store) UpdatePerson(ctx context.Context, agreement string, by Editor, p gov.Person) error {
	e := Edit{Editor: by, Action: "person.update", ObjectType: "person", ObjectID: p.Slug,
		Snapshot: func(a *gov.Agreement) any { return nilIfAbsent(a.Person(p.Slug)) }}
	_, err := s.UpdateAgreement(ctx, agreement, e, func(a *gov.Agreement) error {
		cur := a.Person(p.Slug)
		if cur == nil {
			return fmt.Errorf("person %q: %w", p.Slug, ErrNotFound)
		}
		*cur = p
		return nil
	})
	return err
}

// DeletePerson removes person slug from the directory. It refuses, with
// an *InUseError, while they hold a seat on or after today (YYYY-MM-DD)
// or stand in as someone's deputy: those are ended or reassigned first,
// deliberately, rather than vanishing with the person. Seats that ended
// before today are history of the person and are removed with them; the
// audit entry keeps them.
func (s *Store) DeletePerson(ctx context.Context, agreement string, by Editor, slug, today string) error {
	e := Edit{Editor: by, Action: "person.delete", ObjectType: "person", ObjectID: slug,
		Snapshot: func(a *gov.Agreement) any {
			p := a.Person(slug)
			if p == nil {
				return nil
			}
			return struct {
				Person *gov.Person      `json:"person"`
				Seats  []gov.Membership `json:"seats,omitempty"`
			}{p, seatsOf(a, slug)}
		}}
	_, err := s.UpdateAgreement(ctx, agreement, e, func(a *gov.Agreement) error {
		if a.Person(slug) == nil {
			return fmt.Errorf("person %q: %w", slug, ErrNotFound)
		}
		inUse := &InUseError{}
		for _, m := range a.Memberships {
			if m.Person == slug && (m.To == "" || m.To >= today) {
				inUse.Seats = append(inUse.Seats, m)
			}
		}
		for _, p := range a.People {
			if p.Deputy == slug {
				inUse.DeputyFor = append(inUse.DeputyFor, p.Slug)
			}
		}
		if len(inUse.Seats) > 0 || len(inUse.DeputyFor) > 0 {
			return inUse
		}
		a.Memberships = slices.DeleteFunc(a.Memberships, func(m gov.Membership) bool { return m.Person == slug })
		a.People = slices.DeleteFunc(a.People, func(p gov.Person) bool { return p.Slug == slug })
		return nil
	})
	return err
}

func seatsOf(a *gov.Agreement, person string) []gov.Membership {
	var out []gov.Membership
	for _, m := range a.Memberships {
		if m.Person == person {
			out = append(out, m)
		}
	}
	return out
}

// membershipID names a seat in the audit log: PERSON/FORUM/ROLE@FROM.
func membershipID(m gov.Membership) string {
	return m.Person + "/" + m.Forum + "/" + string(m.Role) + "@" + m.From
}

// findMembership returns the membership with m's natural key, or nil.
func findMembership(a *gov.Agreement, m gov.Membership) *gov.Membership {
	k := keyOfMembership(m)
	for i := range a.Memberships {
		if keyOfMembership(a.Memberships[i]) == k {
			return &a.Memberships[i]
		}
	}
	return nil
}

// AddMembership seats m.Person in m.Forum. The same seat (person, forum,
// role and from date) given twice is ErrDuplicate.
func (s *Store) AddMembership(ctx context.Context, agreement string, by Editor, m gov.Membership) error {
	e := Edit{Editor: by, Action: "membership.create", ObjectType: "membership", ObjectID: membershipID(m),
		Snapshot: func(a *gov.Agreement) any { return nilIfAbsent(findMembership(a, m)) }}
	_, err := s.UpdateAgreement(ctx, agreement, e, func(a *gov.Agreement) error {
		if findMembership(a, m) != nil {
			return fmt.Errorf("membership %s: %w", membershipID(m), ErrDuplicate)
		}
		a.Memberships = append(a.Memberships, m)
		return nil
	})
	return err
}

// EndMembership sets the last day (to, YYYY-MM-DD) of the seat with m's
// natural key. A missing seat gives ErrNotFound.
func (s *Store) EndMembership(ctx context.Context, agreement string, by Editor, m gov.Membership, to string) error {
	e := Edit{Editor: by, Action: "membership.end", ObjectType: "membership", ObjectID: membershipID(m),
		Snapshot: func(a *gov.Agreement) any { return nilIfAbsent(findMembership(a, m)) }}
	_, err := s.UpdateAgreement(ctx, agreement, e, func(a *gov.Agreement) error {
		cur := findMembership(a, m)
		if cur == nil {
			return fmt.Errorf("membership %s: %w", membershipID(m), ErrNotFound)
		}
		cur.To = to
		return nil
	})
	return err
}
