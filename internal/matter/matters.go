package matter

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// NewMatter is a matter as a party raises it.
type NewMatter struct {
	Forum       string
	Kind        Kind
	Title       string
	Description string
	// Owner is the person slug who takes it forward; by default the one
	// who raises it, when they are in the contact directory.
	Owner string
	// Path names the escalation path the matter follows, if not the
	// forums' own escalates_to (a disagreement between suppliers, say).
	Path string
}

// Edit is a matter's changeable content; all fields are written.
type Edit struct {
	Kind        Kind
	Title       string
	Description string
	Owner       string
}

// today is the date in the agreement's time zone.
func (s *Service) today(a *gov.Agreement) string {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return s.Now().In(loc).Format(time.DateOnly)
}

// forum finds a forum x may see; one x may not see does not exist.
func forum(a *gov.Agreement, x Actor, slug string) (*gov.Forum, error) {
	f := a.Forum(slug)
	if f == nil || !auth.CanSeeForum(x.P, a, f) {
		return nil, errf(gov.CodeNotFound, "matter.err.noforum", `no forum "{Forum}"`, "Forum", slug)
	}
	return f, nil
}

// validate checks a matter's content in forum f and returns the owner's
// directory entry (nil for none).
func validate(a *gov.Agreement, x Actor, f *gov.Forum, kind Kind, title, description, owner string) (*gov.Person, error) {
	var fs []gov.FieldError
	switch n := len([]rune(title)); {
	case n == 0:
		fs = append(fs, fieldErr("title", "matter.err.title", "a matter needs a title"))
	case n > 300:
		fs = append(fs, fieldErr("title", "matter.err.titlelong", "the title may be at most {Max} characters", "Max", 300))
	}
	if !slices.Contains(Kinds, kind) {
		fs = append(fs, fieldErr("kind", "matter.err.kind", "choose a kind: question, proposal, change request, development need, disagreement, risk or incident follow-up"))
	}
	if len(description) > 20000 {
		fs = append(fs, fieldErr("description", "matter.err.description", "the description may be at most {Max} characters", "Max", 20000))
	}
	var p *gov.Person
	if owner != "" {
		if p = a.Person(owner); p == nil || !slices.Contains(forumParties(a, f), p.Party) || !auth.CanSeePerson(x.P, a, p) {
			fs = append(fs, fieldErr("owner", "matter.err.owner", "the owner must be a person of a party of {Forum}", "Forum", f.Name))
		}
	}
	if len(fs) > 0 {
		return nil, gov.Invalid(fs...)
	}
	return p, nil
}

// Raise records a new matter in a forum: any representative or member of
// the forum's parties raises one. It starts open, its path starts in the
// forum, and its history with the raising.
func (s *Service) Raise(ctx context.Context, a *gov.Agreement, x Actor, in NewMatter) (*Matter, error) {
	f, err := forum(a, x, in.Forum)
	if err != nil {
		return nil, err
	}
	if !takesPart(x, a, f) {
		return nil, forbidden("matter.err.forbidden.raise", "raise matters in {Forum}: its parties' representatives and members do", "Forum", f.Name)
	}
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	if in.Owner == "" && x.Person != nil {
		in.Owner = x.Person.Slug
	}
	owner, err := validate(a, x, f, in.Kind, in.Title, in.Description, in.Owner)
	if err != nil {
		return nil, err
	}
	if in.Path != "" {
		if err := onPath(a, in.Path, f.Slug); err != nil {
			return nil, err
		}
	}
	now := s.now()
	m := &Matter{Agreement: a.Slug, Forum: f.Slug, Origin: f.Slug, Kind: in.Kind, Status: Open, Title: in.Title, Description: in.Description,
		RaisedBy: x.Name(), RaisedParty: x.P.Party, Path: in.Path, CreatedAt: now, UpdatedAt: now}
	if owner != nil {
		m.Owner, m.OwnerName = owner.Slug, owner.Name
	}
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		row := m.row()
		if err := tx.InsertMatter(ctx, row); err != nil {
			return err
		}
		m.ID = row.ID
		if err := tx.InsertMatterStep(ctx, a.Slug, &Step{MatterID: m.ID, Forum: f.Slug, EnteredAt: now}); err != nil {
			return err
		}
		return s.history(ctx, tx, x, aid, &Event{MatterID: m.ID, Action: "raise", Changes: []Change{
			{Field: "forum", To: f.Slug}, {Field: "kind", To: string(m.Kind)}, {Field: "title", To: m.Title}, {Field: "status", To: string(Open)}}})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// load opens a matter for a change: locked, in a forum x may see.
func (s *Service) load(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, id int64) (*Matter, *gov.Forum, int64, error) {
	row, err := tx.Matter(ctx, a.Slug, id, true)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, 0, notFound(id)
	} else if err != nil {
		return nil, nil, 0, err
	}
	f := a.Forum(row.Forum)
	if f == nil || !auth.CanSeeForum(x.P, a, f) {
		return nil, nil, 0, notFound(id)
	}
	aid, err := tx.AgreementID(ctx, a.Slug)
	return fromRow(row), f, aid, err
}

// Update changes a matter's kind, title, description and owner (who
// raised it, its owner, its forum's convener or chair), recording each
// changed field in its history.
func (s *Service) Update(ctx context.Context, a *gov.Agreement, x Actor, id int64, in Edit) (*Matter, error) {
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	var m *Matter
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		var f *gov.Forum
		var aid int64
		var err error
		if m, f, aid, err = s.load(ctx, tx, a, x, id); err != nil {
			return err
		}
		if !canEdit(x, a, f, m, s.today(a)) {
			return forbidden("matter.err.forbidden.edit", "change this matter: who raised it, its owner and the convener or chair of {Forum} do", "Forum", f.Name)
		}
		owner, err := validate(a, x, f, in.Kind, in.Title, in.Description, in.Owner)
		if err != nil {
			return err
		}
		var changes []Change
		set := func(field string, cur *string, to string) {
			if *cur != to {
				changes = append(changes, Change{Field: field, From: *cur, To: to})
				*cur = to
			}
		}
		kind := string(m.Kind)
		set("kind", &kind, string(in.Kind))
		m.Kind = Kind(kind)
		set("title", &m.Title, in.Title)
		set("description", &m.Description, in.Description)
		set("owner", &m.Owner, in.Owner)
		m.OwnerName = ""
		if owner != nil {
			m.OwnerName = owner.Name
		}
		if len(changes) == 0 {
			return nil
		}
		m.UpdatedAt = s.now()
		if err := tx.UpdateMatter(ctx, m.row()); err != nil {
			return err
		}
		return s.history(ctx, tx, x, aid, &Event{MatterID: m.ID, Action: "edit", Changes: changes})
	})
	return m, err
}

// SetStatus moves a matter by hand (see CanSetStatus), with an optional
// note kept in its history. Decisions and escalations set the other
// statuses themselves.
func (s *Service) SetStatus(ctx context.Context, a *gov.Agreement, x Actor, id int64, to Status, note string) error {
	note = strings.TrimSpace(note)
	if len(note) > 2000 {
		return gov.Invalid(fieldErr("note", "matter.err.note", "the note may be at most {Max} characters", "Max", 2000))
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, f, aid, err := s.load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		if !canEdit(x, a, f, m, s.today(a)) {
			return forbidden("matter.err.forbidden.edit", "change this matter: who raised it, its owner and the convener or chair of {Forum} do", "Forum", f.Name)
		}
		if !CanSetStatus(m.Status, to) {
			return errf(gov.CodeConflict, "matter.err.status", "the matter is {Status}; it cannot become {To}", "Status", m.Status, "To", to)
		}
		from := m.Status
		m.Status, m.UpdatedAt = to, s.now()
		if to == Closed {
			m.WaitingSince = nil // a closed matter no longer waits for a meeting
		}
		if err := tx.UpdateMatter(ctx, m.row()); err != nil {
			return err
		}
		return s.history(ctx, tx, x, aid, &Event{MatterID: m.ID, Action: "status", Note: note,
			Changes: []Change{{Field: "status", From: string(from), To: string(to)}}})
	})
}

// Get loads one matter x may see.
func (s *Service) Get(ctx context.Context, a *gov.Agreement, x Actor, id int64) (*Matter, error) {
	var m *Matter
	err := s.st.ReadMatters(ctx, func(tx *store.Tx) error {
		row, err := tx.Matter(ctx, a.Slug, id, false)
		if errors.Is(err, store.ErrNotFound) {
			return notFound(id)
		} else if err != nil {
			return err
		}
		if !slices.Contains(visibleForums(a, x), row.Forum) {
			return notFound(id)
		}
		m = fromRow(row)
		return nil
	})
	return m, err
}

// Filter narrows a list of matters; Text keeps those whose title or
// description holds every word of it (as Search finds them).
type Filter struct {
	Forum  string
	Status Status
	Kind   Kind
	Text   string
	Limit  int
	Offset int
}

// List lists the matters x may see, the most recently changed first.
func (s *Service) List(ctx context.Context, a *gov.Agreement, x Actor, f Filter) ([]Matter, error) {
	var out []Matter
	err := s.st.ReadMatters(ctx, func(tx *store.Tx) error {
		sf := store.MatterFilter{Forums: visibleForums(a, x), Forum: f.Forum, Status: string(f.Status), Kind: string(f.Kind), Limit: f.Limit, Offset: f.Offset}
		if strings.TrimSpace(f.Text) != "" {
			ids, err := s.searchIDs(ctx, tx, a, sf.Forums, f.Text, "matter")
			if err != nil {
				return err
			}
			sf.IDs = ids
		}
		rows, err := tx.Matters(ctx, a.Slug, sf)
		for i := range rows {
			out = append(out, *fromRow(&rows[i]))
		}
		return err
	})
	return out, err
}

// History is a matter's full history, oldest first.
func (s *Service) History(ctx context.Context, a *gov.Agreement, x Actor, id int64) ([]Event, error) {
	var out []Event
	err := s.read(ctx, a, x, id, func(tx *store.Tx) (err error) {
		out, err = tx.MatterEvents(ctx, id)
		return err
	})
	return out, err
}

// Links lists the meetings and agenda items a matter is linked to.
func (s *Service) Links(ctx context.Context, a *gov.Agreement, x Actor, id int64) ([]Link, error) {
	var out []Link
	err := s.read(ctx, a, x, id, func(tx *store.Tx) (err error) {
		out, err = tx.MatterLinks(ctx, id, 0)
		return err
	})
	return out, err
}

// read runs fn in a read transaction after checking that x may see
// matter id.
func (s *Service) read(ctx context.Context, a *gov.Agreement, x Actor, id int64, fn func(tx *store.Tx) error) error {
	return s.st.ReadMatters(ctx, func(tx *store.Tx) error {
		row, err := tx.Matter(ctx, a.Slug, id, false)
		if errors.Is(err, store.ErrNotFound) {
			return notFound(id)
		} else if err != nil {
			return err
		}
		if !slices.Contains(visibleForums(a, x), row.Forum) {
			return notFound(id)
		}
		return fn(tx)
	})
}
