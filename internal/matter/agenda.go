package matter

import (
	"context"
	"errors"
	"slices"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// meetingOf loads a meeting of the agreement that x may see.
func meetingOf(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, id int64, lock bool) (*gov.Meeting, *gov.Forum, error) {
	m, err := tx.Meeting(ctx, a.Slug, id, lock)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, noMeeting(id)
	} else if err != nil {
		return nil, nil, err
	}
	f, err := forum(a, x, m.Forum)
	if err != nil {
		return nil, nil, noMeeting(id)
	}
	return m, f, nil
}

// agendaOpen: items are added until the meeting is held.
func agendaOpen(m *gov.Meeting) error {
	if m.State != gov.Planned && m.State != gov.AgendaPublished {
		return errf(gov.CodeConflict, "matter.err.agendaclosed", "the meeting is {State}; its agenda can no longer change", "State", m.State)
	}
	return nil
}

// PutOnAgenda puts a matter on an agenda of its forum's meeting as an
// item of the given type (the forum's convener or chair), linked to the
// matter; an open matter becomes in progress.
func (s *Service) PutOnAgenda(ctx context.Context, a *gov.Agreement, x Actor, id, meetingID int64, typ gov.AgendaItemType) (*gov.AgendaItem, error) {
	if !slices.Contains(gov.AgendaItemTypes, typ) {
		return nil, gov.Invalid(fieldErr("type", "matter.err.itemtype", "choose information, discussion or decision"))
	}
	var it *gov.AgendaItem
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		m, f, aid, err := s.load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		mt, _, err := meetingOf(ctx, tx, a, x, meetingID, true)
		if err != nil {
			return err
		}
		if mt.Forum != m.Forum {
			return errf(gov.CodeConflict, "matter.err.otherforum", "the matter is in {Forum}; put it on one of that forum's meetings", "Forum", f.Name)
		}
		if !canRun(x, a, f, mt.LocalDate) {
			return forbidden("matter.err.forbidden.agenda", "change the agenda of {Forum}: its convener or chair does", "Forum", f.Name)
		}
		if err := agendaOpen(mt); err != nil {
			return err
		}
		if m.Status == Closed {
			return errf(gov.CodeConflict, "matter.err.closed", "the matter is closed; reopen it first")
		}
		it = &gov.AgendaItem{MeetingID: mt.ID, Type: typ, Title: m.Title, Description: m.Description, Status: gov.ItemAccepted, Source: "matter"}
		if err := tx.InsertItem(ctx, it); err != nil {
			return err
		}
		if err := tx.InsertMatterLink(ctx, &Link{MatterID: m.ID, MeetingID: mt.ID, ItemID: it.ID, Source: "agenda", CreatedBy: x.Name(), CreatedAt: s.now()}); err != nil {
			return err
		}
		e := &Event{MatterID: m.ID, Action: "agenda", MeetingID: mt.ID, ItemID: it.ID}
		if m.Status == Open {
			e.Changes = []Change{{Field: "status", From: string(Open), To: string(InProgress)}}
			m.Status, m.UpdatedAt = InProgress, s.now()
			if err := tx.UpdateMatter(ctx, m.row()); err != nil {
				return err
			}
		}
		return s.history(ctx, tx, x, aid, e)
	})
	return it, err
}

// Link links a matter to a meeting, or to one of its agenda items, of a
// forum the matter has been in (whoever may change the matter).
func (s *Service) Link(ctx context.Context, a *gov.Agreement, x Actor, id, meetingID, itemID int64) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, f, aid, err := s.load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		if !canEdit(x, a, f, m, s.today(a)) {
			return forbidden("matter.err.forbidden.edit", "change this matter: who raised it, its owner and the convener or chair of {Forum} do", "Forum", f.Name)
		}
		mt, _, err := meetingOf(ctx, tx, a, x, meetingID, false)
		if err != nil {
			return err
		}
		steps, err := tx.MatterSteps(ctx, m.ID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(steps, func(st Step) bool { return st.Forum == mt.Forum }) {
			return errf(gov.CodeConflict, "matter.err.linkforum", "the matter has not been in {Forum}", "Forum", forumName(a, mt.Forum))
		}
		if itemID != 0 {
			if _, err := tx.Item(ctx, mt.ID, itemID); err != nil {
				return noItem(itemID)
			}
		}
		links, err := tx.MatterLinks(ctx, m.ID, 0)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(links, func(l Link) bool { return l.MeetingID == mt.ID && l.ItemID == itemID }) {
			return errf(gov.CodeConflict, "matter.err.linked", "the matter is already linked to it")
		}
		if err := tx.InsertMatterLink(ctx, &Link{MatterID: m.ID, MeetingID: mt.ID, ItemID: itemID, Source: "manual", CreatedBy: x.Name(), CreatedAt: s.now()}); err != nil {
			return err
		}
		return s.history(ctx, tx, x, aid, &Event{MatterID: m.ID, Action: "link", MeetingID: mt.ID, ItemID: itemID})
	})
}
