package store

import (
	"database/sql"
	"fmt"
	"reflect"

	"github.com/steerco/steerco/internal/gov"
)

// The steps of ApplyAgreement below the agreement row: each reconciles one
// list of the model with its table, matching rows by natural key, writing
// only what differs and recording it in the Change.

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
	o, w := ap.old.model, ap.want
	for _, p := range o.People {
		if w.Person(p.Slug) == nil {
			if err := ap.remove("people", "person:"+p.Slug, ap.old.people[p.Slug]); err != nil {
				return err
			}
		}
	}
	for _, f := range o.Forums {
		if w.Forum(f.Slug) == nil {
			// A forum with a history stays: its meetings and action items
			// reference it. Say so plainly instead of failing on the key.
			var n int
			if err := ap.tx.QueryRowContext(ap.ctx, `SELECT (SELECT count(*) FROM meetings WHERE forum_id = ?) + (SELECT count(*) FROM action_items WHERE forum_id = ?)
				+ (SELECT count(*) FROM matters WHERE forum_id = ? OR origin_forum_id = ?)`,
				ap.old.forums[f.Slug], ap.old.forums[f.Slug], ap.old.forums[f.Slug], ap.old.forums[f.Slug]).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return gov.Errorf(gov.CodeConflict, "forum %q has meetings, action items or matters and cannot be removed; keep it in the model and set inactive: true", f.Slug)
			}
			if err := ap.remove("forums", "forum:"+f.Slug, ap.old.forums[f.Slug]); err != nil {
				return err
			}
		}
	}
	for _, p := range o.Parties {
		if w.Party(p.Slug) == nil {
			if err := ap.remove("parties", "party:"+p.Slug, ap.old.parties[p.Slug]); err != nil {
				return err
			}
		}
	}
	for _, l := range o.Levels {
		if w.LevelRank(l.Slug) < 0 {
			if err := ap.remove("levels", "level:"+l.Slug, ap.old.levels[l.Slug]); err != nil {
				return err
			}
		}
	}
	return nil
}

// remove deletes row id of table (a constant of removeAbsent, never input).
func (ap *applier) remove(table, k string, id int64) error {
	if err := ap.exec("delete "+k, `DELETE FROM `+table+` WHERE id = ?`, id); err != nil {
		return err
	}
	ap.removed(k)
	return nil
}
