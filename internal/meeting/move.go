package meeting

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// MoveInput is what a convener changes when moving a meeting. An empty
// field keeps the meeting's value; Clear* empties the place or link.
type MoveInput struct {
	Date      string // YYYY-MM-DD, the agreement's time zone
	Time      string // HH:MM
	Minutes   int    // duration; 0 keeps it
	Location  *string
	OnlineURL *string
}

// checkOnlineURL accepts an http(s) link of reasonable length.
func checkOnlineURL(s string) *gov.FieldError {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(s) > 500 {
		fe := fieldErr("online_url", "meetmove.url.invalid", `"{Value}" is not a web address (https://...) of at most 500 characters`, "Value", s)
		return &fe
	}
	return nil
}

// checkDay refuses a meeting day that is not a working day (naming the
// holiday), in the past, or outside the agreement's period.
func checkDay(sc *scope, d, today calendar.Date) *gov.FieldError {
	var fe gov.FieldError
	switch {
	case !sc.cal.IsWorkingDay(d):
		if h, ok := holiday(sc, d); ok {
			fe = fieldErr("date", "meeterr.date.holiday", "{Date} is not a working day on the {Country} calendar ({Holiday}); choose another day",
				"Date", d, "Country", sc.a.Country, "Holiday", h)
		} else {
			fe = fieldErr("date", "meeterr.date.nonworking", "{Date} is not a working day on the {Country} calendar; choose another day",
				"Date", d, "Country", sc.a.Country)
		}
	case d.Before(today):
		fe = fieldErr("date", "meeterr.date.past", "{Date} is in the past", "Date", d)
	case !sc.a.Period.Contains(d.String()):
		fe = outsidePeriod(sc.a, d)
	default:
		return nil
	}
	return &fe
}

// Reschedule moves a meeting that has not been held (the convener): a new
// date, time, duration, place or online link. The deadlines are counted
// again from the new date on the agreement's calendar; a published
// meeting's invitation is sent again with the same UID and a higher
// SEQUENCE, so that calendars move the event; the change is in the
// meeting's history with what it was before.
func (s *Service) Reschedule(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, in MoveInput) (*gov.Meeting, error) {
	var out *gov.Meeting
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if !CanConvene(x, a, sc.f) {
			return forbidden("meetmove.forbidden", "move meetings of {Forum}", "Forum", sc.f.Name)
		}
		if m.State != gov.Planned && m.State != gov.AgendaPublished {
			return errf(gov.CodeConflict, "meetmove.state", "the meeting is {State}; only a meeting not yet held can be moved", "State", m.State)
		}
		start, end := m.Start.In(sc.loc), m.End.In(sc.loc)
		d := calendar.DateOf(start)
		hh, mm := start.Hour(), start.Minute()
		dur := int(end.Sub(start) / time.Minute)
		var fs []gov.FieldError
		if in.Date != "" {
			nd, err := calendar.ParseDate(in.Date)
			if err != nil {
				fs = append(fs, fieldErr("date", "meeterr.date.invalid", `"{Value}" is not a date; write YYYY-MM-DD`, "Value", in.Date))
			} else {
				d = nd
			}
		}
		if in.Time != "" {
			if _, err := fmt.Sscanf(in.Time, "%d:%d", &hh, &mm); err != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(in.Time) != 5 {
				fs = append(fs, fieldErr("time", "meeterr.time.invalid", `"{Value}" is not a time of day; write HH:MM`, "Value", in.Time))
			}
		}
		if in.Minutes != 0 {
			dur = in.Minutes
			if dur < 5 || dur > 24*60 {
				fs = append(fs, fieldErr("minutes", "meeterr.duration.range", "a meeting lasts from 5 minutes to a day"))
			}
		}
		loc, link := m.Location, m.OnlineURL
		if in.Location != nil {
			loc = strings.TrimSpace(*in.Location)
			if len(loc) > 200 {
				fs = append(fs, fieldErr("location", "meeterr.title.long", "the title and place may be at most {Max} characters", "Max", 200))
			}
		}
		if in.OnlineURL != nil {
			link = strings.TrimSpace(*in.OnlineURL)
			if fe := checkOnlineURL(link); fe != nil {
				fs = append(fs, *fe)
			}
		}
		if len(fs) == 0 && d != calendar.DateOf(start) {
			if fe := checkDay(sc, d, sc.today(s.Now())); fe != nil {
				fs = append(fs, *fe)
			}
		}
		if len(fs) > 0 {
			return gov.Invalid(fs...)
		}
		day := d.Time(sc.loc)
		nstart := time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, sc.loc)
		nend := nstart.Add(time.Duration(dur) * time.Minute)
		if !nstart.After(s.Now()) {
			return gov.Invalid(fieldErr("time", "meetmove.time.past", "{Start} has passed; choose a later time", "Start", nstart))
		}
		if nstart.Equal(m.Start) && nend.Equal(m.End) && loc == m.Location && link == m.OnlineURL {
			out = m
			return nil // nothing changed: no new invitation
		}
		before := map[string]any{"start": m.Start, "end": m.End, "location": m.Location, "online_url": m.OnlineURL,
			"materials_due": m.MaterialsDue, "proposals_due": m.ProposalsDue}
		if m.PlanDate == "" && m.Kind == gov.KindRegular && d.String() != m.LocalDate {
			m.PlanDate = m.LocalDate
		}
		m.Start, m.End, m.Location, m.OnlineURL = nstart, nend, loc, link
		m.LocalDate = d.String()
		m.MaterialsDue = plan.MaterialsDue(sc.cal, sc.f.Materials, d).String()
		if p := sc.f.Proposals; p != nil {
			m.ProposalsDue = sc.cal.AddWorkingDays(d, -max(p.WorkingDaysBefore, 1)).String()
		}
		m.UpdatedAt = s.Now().UTC()
		published := m.State == gov.AgendaPublished
		if published {
			m.ICalSequence++
			organise(m, x)
		}
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		if published {
			if err := s.notifyInvitation(ctx, tx, sc, m); err != nil {
				return err
			}
		}
		if err := s.moveDuties(ctx, tx, sc, m, x.Name()); err != nil {
			return err
		}
		out = m
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "meeting.reschedule", ObjectType: "meeting", ObjectID: fmt.Sprint(m.ID),
			Before: before,
			After: map[string]any{"start": m.Start, "end": m.End, "location": m.Location, "online_url": m.OnlineURL,
				"materials_due": m.MaterialsDue, "proposals_due": m.ProposalsDue, "sequence": m.ICalSequence, "state": m.State}})
	})
	return out, err
}

// EditItem changes an agenda item's type, title, description, presenter
// and duration before the meeting (the convener).
func (s *Service) EditItem(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64, in ItemInput) (*gov.AgendaItem, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var out *gov.AgendaItem
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
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
		if errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "meeterr.noitem", "no agenda item {ID}", "ID", itemID)
		} else if err != nil {
			return err
		}
		before := map[string]any{"type": it.Type, "title": it.Title, "presenter": it.Presenter, "minutes": it.Minutes}
		it.Type, it.Title, it.Description, it.Presenter, it.Minutes = in.Type, in.Title, in.Description, in.Presenter, in.Minutes
		if err := tx.UpdateItem(ctx, it); err != nil {
			return err
		}
		out = it
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "agenda.edit", ObjectType: "meeting", ObjectID: fmt.Sprint(m.ID),
			Before: before, After: map[string]any{"item": it.ID, "type": it.Type, "title": it.Title, "presenter": it.Presenter, "minutes": it.Minutes}})
	})
	return out, err
}

// ReorderItems puts the agenda in the order given (the convener): ids
// must be exactly the items on the agenda, each once. Proposals and
// declined items keep their places after them.
func (s *Service) ReorderItems(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, ids []int64) error {
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
		items, err := tx.Items(ctx, m.ID)
		if err != nil {
			return err
		}
		byID := map[int64]*gov.AgendaItem{}
		var agenda, rest []*gov.AgendaItem
		for i := range items {
			it := &items[i]
			if it.Status == gov.ItemAccepted {
				byID[it.ID] = it
				agenda = append(agenda, it)
			} else {
				rest = append(rest, it)
			}
		}
		var fs []gov.FieldError
		seen := map[int64]bool{}
		for i, id := range ids {
			switch {
			case byID[id] == nil:
				fs = append(fs, fieldErr(fmt.Sprintf("items[%d]", i), "meetmove.order.foreign", "item {ID} is not on this meeting's agenda", "ID", id))
			case seen[id]:
				fs = append(fs, fieldErr(fmt.Sprintf("items[%d]", i), "meetmove.order.twice", "item {ID} is listed twice", "ID", id))
			}
			seen[id] = true
		}
		for _, it := range agenda {
			if !seen[it.ID] {
				fs = append(fs, fieldErr("items", "meetmove.order.missing", "item {ID} ({Title}) is missing from the order", "ID", it.ID, "Title", it.Title))
			}
		}
		if len(fs) > 0 {
			return gov.Invalid(fs...)
		}
		order := make([]*gov.AgendaItem, 0, len(items))
		for _, id := range ids {
			order = append(order, byID[id])
		}
		order = append(order, rest...)
		var before []int64
		for _, it := range agenda {
			before = append(before, it.ID)
		}
		if slices.Equal(before, ids) {
			return nil
		}
		for i, it := range order {
			if it.Position != i+1 {
				it.Position = i + 1
				if err := tx.UpdateItem(ctx, it); err != nil {
					return err
				}
			}
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "agenda.reorder", ObjectType: "meeting", ObjectID: fmt.Sprint(m.ID),
			Before: map[string]any{"items": before}, After: map[string]any{"items": ids}})
	})
}

// MoveItem moves an agenda item one place up (delta -1) or down (+1): the
// page's buttons, through ReorderItems.
func (s *Service) MoveItem(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64, delta int) error {
	var ids []int64
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		if _, _, err := s.load(ctx, tx, a, x, meetingID); err != nil {
			return err // another agreement's or an invisible meeting
		}
		items, err := tx.Items(ctx, meetingID)
		if err != nil {
			return err
		}
		for _, it := range items {
			if it.Status == gov.ItemAccepted {
				ids = append(ids, it.ID)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	i := slices.Index(ids, itemID)
	if i < 0 {
		return errf(gov.CodeNotFound, "meeterr.noitem", "no agenda item {ID}", "ID", itemID)
	}
	// Already first or last: the order stays, but the permission is still
	// checked (ReorderItems changes nothing for an unchanged order).
	if j := i + delta; j >= 0 && j < len(ids) {
		ids[i], ids[j] = ids[j], ids[i]
	}
	return s.ReorderItems(ctx, a, x, meetingID, ids)
}

// PendingError refuses publishing while proposals wait for a decision;
// the caller lists them and asks before publishing anyway.
type PendingError struct {
	Err     *gov.Error
	Pending []gov.AgendaItem
}

func (e *PendingError) Error() string { return e.Err.Error() }

// Unwrap lets the front ends map it as the coded conflict it carries.
func (e *PendingError) Unwrap() error { return e.Err }

// pendingProposals lists the meeting's proposals not yet accepted or
// declined.
func pendingProposals(items []gov.AgendaItem) []gov.AgendaItem {
	var out []gov.AgendaItem
	for _, it := range items {
		if it.Status == gov.ItemProposed {
			out = append(out, it)
		}
	}
	return out
}

// notifyProposer tells the proposer of an item whether it was taken onto
// the agenda (accepted), declined (with the reason), or left out of the
// published agenda while still pending.
func (s *Service) notifyProposer(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, it *gov.AgendaItem, outcome string) error {
	email, ok := strings.CutPrefix(it.ProposedBy, "user:")
	if !ok || email == "" {
		return nil
	}
	to := gov.Person{Email: email}
	for _, p := range sc.a.People {
		if strings.EqualFold(p.Email, email) {
			to = p
		}
	}
	args := []any{"Forum", sc.f.Name, "When", s.when(sc, m), "Title", it.Title, "Reason", it.DeclineReason}
	subject := s.t(sc.a, "meetmove.mail.proposal."+outcome+".subject", args...)
	body := s.t(sc.a, "meetmove.mail.proposal."+outcome+".body", args...)
	_, err := s.enqueue(ctx, tx, sc, m, "proposal-"+outcome, fmt.Sprintf("proposal:%d:%s", it.ID, outcome), to, subject, body, "")
	return err
}

// moveDuties moves a moved meeting's open duties in the ledger to its new
// deadlines: the materials (while the agenda is unpublished) are due
// anew; any other state's duties follow syncDuties as after every change.
func (s *Service) moveDuties(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, by string) error {
	if m.State != gov.Planned {
		return s.syncDuties(ctx, tx, sc, m, by)
	}
	aid, err := tx.AgreementID(ctx, sc.a.Slug)
	if err != nil {
		return err
	}
	parties := Responsible(sc.a, sc.f, sc.f.Responsibilities.Prepares)
	for _, p := range parties {
		d := store.Duty{AgreementID: aid, Kind: duty.Materials, Source: "meeting:" + strconv.FormatInt(m.ID, 10), Title: sc.f.Name + " " + m.LocalDate,
			Link: fmt.Sprintf("/a/%s/meetings/%d", sc.a.Slug, m.ID), OwedBy: p, OwedTo: other(sc, p), Forum: sc.f.Slug, Due: m.MaterialsDue}
		if len(parties) > 1 {
			d.Occurrence = p
		}
		if err := duty.Reopen(ctx, tx, d); err != nil {
			return err
		}
	}
	return nil
}
