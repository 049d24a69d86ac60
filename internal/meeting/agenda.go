package meeting

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// ItemInput is an agenda item as a user gives it.
type ItemInput struct {
	Type        gov.AgendaItemType
	Title       string
	Description string
	Presenter   string
	Minutes     int
}

func (in *ItemInput) validate() error {
	var fs []gov.FieldError
	in.Title = strings.TrimSpace(in.Title)
	switch {
	case in.Title == "":
		fs = append(fs, fieldErr("title", "meeterr.item.title", "an agenda item needs a title"))
	case len(in.Title) > 300:
		fs = append(fs, fieldErr("title", "meeterr.item.titlelong", "the title may be at most {Max} characters", "Max", 300))
	}
	if !slices.Contains(gov.AgendaItemTypes, in.Type) {
		fs = append(fs, fieldErr("type", "meeterr.item.type", "choose information, discussion or decision"))
	}
	if len(in.Description) > 20000 {
		fs = append(fs, fieldErr("description", "meeterr.item.description", "the description may be at most {Max} characters", "Max", 20000))
	}
	if len(in.Presenter) > 200 {
		fs = append(fs, fieldErr("presenter", "meeterr.item.presenter", "the presenter may be at most {Max} characters", "Max", 200))
	}
	if in.Minutes < 0 || in.Minutes > 600 {
		fs = append(fs, fieldErr("minutes", "meeterr.item.duration", "a duration is from 0 to 600 minutes"))
	}
	if len(fs) > 0 {
		return gov.Invalid(fs...)
	}
	return nil
}

// editable: the agenda can change until the meeting is held.
func editable(m *gov.Meeting) error {
	if m.State != gov.Planned && m.State != gov.AgendaPublished {
		return errf(gov.CodeConflict, "meeterr.agenda.closed", "the meeting is {State}; its agenda can no longer change", "State", m.State)
	}
	return nil
}

// AddItem puts an item on the agenda (the convener) or proposes one
// (whoever the forum's proposal rule allows), for the convener to accept
// or decline.
func (s *Service) AddItem(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, in ItemInput) (*gov.AgendaItem, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var it *gov.AgendaItem
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if err := editable(m); err != nil {
			return err
		}
		it = &gov.AgendaItem{MeetingID: m.ID, Type: in.Type, Title: in.Title, Description: in.Description, Presenter: in.Presenter, Minutes: in.Minutes}
		switch {
		case CanConvene(x, a, sc.f):
			it.Status, it.Source = gov.ItemAccepted, "manual"
		case CanPropose(x, a, sc.f, m.LocalDate):
			if m.ProposalsDue != "" && sc.today(s.Now()).String() > m.ProposalsDue {
				return errf(gov.CodeConflict, "meeterr.proposals.closed", "proposals for this meeting closed on {Date}", "Date", m.ProposalsDue)
			}
			it.Status, it.Source, it.ProposedBy = gov.ItemProposed, "proposal", x.Name()
		default:
			if sc.f.Proposals == nil {
				return errf(gov.CodeForbidden, "meeterr.proposals.none", "only the convener sets the agenda of {Forum}", "Forum", sc.f.Name)
			}
			return forbidden("meeterr.forbidden.propose", "propose items to {Forum}", "Forum", sc.f.Name)
		}
		if err := tx.InsertItem(ctx, it); err != nil {
			return err
		}
		return s.audit(ctx, tx, x, "agenda.add", m, map[string]any{"item": it.ID, "title": it.Title, "status": it.Status})
	})
	return it, err
}

// DecideProposal accepts or declines a proposed item (the convener); a
// declined one keeps its reason.
func (s *Service) DecideProposal(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64, accept bool, reason string) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if !CanConvene(x, a, sc.f) {
			return forbidden("meeterr.forbidden.decide", "decide on proposals to {Forum}", "Forum", sc.f.Name)
		}
		if err := editable(m); err != nil {
			return err
		}
		it, err := tx.Item(ctx, m.ID, itemID)
		if errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "meeterr.noitem", "no agenda item {ID}", "ID", itemID)
		} else if err != nil {
			return err
		}
		if it.Status != gov.ItemProposed {
			return errf(gov.CodeConflict, "meeterr.item.notproposal", "the item is {Status}, not a proposal", "Status", it.Status)
		}
		it.Status = gov.ItemAccepted
		if !accept {
			reason = strings.TrimSpace(reason)
			if reason == "" || len(reason) > 2000 {
				return gov.Invalid(fieldErr("reason", "meeterr.decline.reason", "give the reason for declining (at most 2 000 characters)", "Max", 2000))
			}
			it.Status, it.DeclineReason = gov.ItemDeclined, reason
		}
		if err := tx.UpdateItem(ctx, it); err != nil {
			return err
		}
		if err := s.notifyProposer(ctx, tx, sc, m, it, string(it.Status)); err != nil {
			return err
		}
		return s.audit(ctx, tx, x, "agenda.decide", m, map[string]any{"item": it.ID, "status": it.Status, "reason": it.DeclineReason})
	})
}

// RemoveItem takes an item off the agenda before the meeting (the
// convener).
func (s *Service) RemoveItem(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if !CanConvene(x, a, sc.f) {
			return forbidden("meeterr.forbidden.agenda", "change the agenda of {Forum}", "Forum", sc.f.Name)
		}
		if err := editable(m); err != nil {
			return err
		}
		it, err := tx.Item(ctx, m.ID, itemID)
		if err != nil {
			return errf(gov.CodeNotFound, "meeterr.noitem", "no agenda item {ID}", "ID", itemID)
		}
		// An item with a decision stays: the decision's meeting must go on
		// showing what was decided under it.
		if d, err := tx.DecisionForItem(ctx, a.Slug, itemID, false); err == nil {
			return errf(gov.CodeConflict, "meetmove.item.decided", "item {Title} has decision {Decision} ({Proposal}); an item with a decision cannot be deleted",
				"Title", it.Title, "Decision", d.ID, "Proposal", d.Title)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := tx.DeleteItem(ctx, m.ID, itemID); err != nil {
			return err
		}
		return s.audit(ctx, tx, x, "agenda.remove", m, map[string]any{"item": itemID, "title": it.Title})
	})
}

// PublishAgenda publishes (or republishes) the agenda to the members:
// the open action items and the previous minutes come onto it by
// themselves, and every member gets an invitation with an iCalendar
// event whose SEQUENCE rises with each publication.
//
// While proposals wait for a decision it refuses with a *PendingError
// listing them, so that the convener decides first or publishes anyway
// (PublishAgendaAnyway); their proposers then learn that their items are
// not on the published agenda.
func (s *Service) PublishAgenda(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) error {
	return s.publish(ctx, a, x, meetingID, false)
}

// PublishAgendaAnyway publishes although proposals are pending, after
// the convener saw them listed.
func (s *Service) PublishAgendaAnyway(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) error {
	return s.publish(ctx, a, x, meetingID, true)
}

func (s *Service) publish(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, anyway bool) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if !CanConvene(x, a, sc.f) {
			return forbidden("meeterr.forbidden.publish", "publish the agenda of {Forum}", "Forum", sc.f.Name)
		}
		if !s.Now().Before(m.Start) {
			return errf(gov.CodeConflict, "meeterr.publish.late", "the meeting began at {Start}; an agenda cannot be published after it", "Start", m.Start.In(sc.loc))
		}
		items, err := tx.Items(ctx, m.ID)
		if err != nil {
			return err
		}
		pending := pendingProposals(items)
		if len(pending) > 0 && !anyway {
			titles := make([]string, len(pending))
			for i, it := range pending {
				titles[i] = it.Title
			}
			return &PendingError{Err: errf(gov.CodeConflict, "meetmove.publish.pending",
				"{Count} proposals are still waiting for a decision: {Titles}; accept or decline them, or publish anyway",
				"Count", len(pending), "Titles", strings.Join(titles, "; ")), Pending: pending}
		}
		republish := m.State == gov.AgendaPublished
		if err := move(m, gov.AgendaPublished, s.Now()); err != nil {
			return err
		}
		for i := range pending {
			if err := s.notifyProposer(ctx, tx, sc, m, &pending[i], "pending"); err != nil {
				return err
			}
		}
		if err := s.carry(ctx, tx, sc, m); err != nil {
			return err
		}
		if republish {
			m.ICalSequence++
		}
		organise(m, x)
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		if err := s.syncDuties(ctx, tx, sc, m, x.Name()); err != nil {
			return err
		}
		if err := s.notifyInvitation(ctx, tx, sc, m); err != nil {
			return err
		}
		return s.audit(ctx, tx, x, "agenda.publish", m, map[string]any{"sequence": m.ICalSequence})
	})
}

// carry puts the forum's open action items and the previous meeting's
// minutes on the agenda, once: a republication refreshes the action
// items' list.
func (s *Service) carry(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting) error {
	items, err := tx.Items(ctx, m.ID)
	if err != nil {
		return err
	}
	have := map[string]*gov.AgendaItem{}
	for i := range items {
		have[items[i].Source] = &items[i]
	}
	open, err := tx.ActionItems(ctx, store.ActionFilter{Agreement: sc.a.Slug, Forum: sc.f.Slug, Status: gov.ActionOpen})
	if err != nil {
		return err
	}
	if len(open) > 0 {
		var b strings.Builder
		for _, ai := range open {
			fmt.Fprintf(&b, "- %s (%s, %s)\n", ai.Title, ai.OwnerName, ai.Due)
		}
		if it := have["action-items"]; it != nil {
			it.Description = b.String()
			if err := tx.UpdateItem(ctx, it); err != nil {
				return err
			}
		} else {
			it := gov.AgendaItem{MeetingID: m.ID, Type: gov.ItemDiscussion, Title: s.t(sc.a, "meeting.item.actions"), Description: b.String(), Status: gov.ItemAccepted, Source: "action-items"}
			if err := tx.InsertItem(ctx, &it); err != nil {
				return err
			}
		}
	}
	if have["previous-minutes"] != nil {
		return nil
	}
	prev, err := tx.PreviousMeeting(ctx, sc.a.Slug, sc.f.Slug, m.Start)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	if prev.State == gov.Planned || prev.State == gov.AgendaPublished {
		return nil // never held: there are no minutes to bring
	}
	typ := gov.ItemInformation
	if sc.f.Minutes.Approval == gov.ApproveNextMeeting {
		typ = gov.ItemDecision // the minutes are approved at this meeting
	}
	it := gov.AgendaItem{MeetingID: m.ID, Type: typ, Title: s.t(sc.a, "meeting.item.previous", "Date", prev.LocalDate),
		Description: fmt.Sprintf("meeting:%d", prev.ID), Status: gov.ItemAccepted, Source: "previous-minutes"}
	return tx.InsertItem(ctx, &it)
}

// Cancel cancels a meeting before it is held (the convener), with a
// reason, and sends METHOD:CANCEL to the members.
func (s *Service) Cancel(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 2000 {
		return gov.Invalid(fieldErr("reason", "meeterr.cancel.reason", "give the reason for cancelling (at most 2 000 characters)", "Max", 2000))
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if !CanConvene(x, a, sc.f) {
			return forbidden("meeterr.forbidden.cancel", "cancel meetings of {Forum}", "Forum", sc.f.Name)
		}
		return s.cancel(ctx, tx, sc, x, m, reason)
	})
}

func (s *Service) cancel(ctx context.Context, tx *store.Tx, sc *scope, x Actor, m *gov.Meeting, reason string) error {
	published := m.State == gov.AgendaPublished
	if err := move(m, gov.Cancelled, s.Now()); err != nil {
		return err
	}
	m.CancelReason = reason
	m.ICalSequence++
	if err := tx.UpdateMeeting(ctx, m); err != nil {
		return err
	}
	if err := s.syncDuties(ctx, tx, sc, m, x.Name()); err != nil {
		return err
	}
	if published {
		if err := s.notifyCancel(ctx, tx, sc, m); err != nil {
			return err
		}
	}
	return s.audit(ctx, tx, x, "meeting.cancel", m, map[string]any{"reason": reason})
}
