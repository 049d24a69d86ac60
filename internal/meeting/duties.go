package meeting

import (
	"context"
	"fmt"
	"strconv"

	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// ApprovalWorkingDays is how long the approving parties have for
// submitted minutes in the ledger when the forum's next meeting (where
// minutes are often approved) is not planned sooner.
const ApprovalWorkingDays = 5

// syncDuties brings a meeting's duties in the ledger in line with its
// state, in the caller's transaction (issue 16): materials and agenda
// from the preparing party until the agenda is published; minutes from
// the minute-taking party (its secretary by name) once held; approval of
// submitted minutes from the other parties; all waived when cancelled.
// Called after every state change of a meeting, it is the one place
// meetings touch the ledger.
func (s *Service) syncDuties(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, by string) error {
	aid, err := tx.AgreementID(ctx, sc.a.Slug)
	if err != nil {
		return err
	}
	src := "meeting:" + strconv.FormatInt(m.ID, 10)
	link := fmt.Sprintf("/a/%s/meetings/%d", sc.a.Slug, m.ID)
	title := sc.f.Name + " " + m.LocalDate
	open := func(kind, ref, due, person string, reopen bool) error {
		parties := Responsible(sc.a, sc.f, ref)
		for _, p := range parties {
			d := store.Duty{AgreementID: aid, Kind: kind, Source: src, Title: title, Link: link, OwedBy: p, OwedTo: other(sc, p),
				Forum: sc.f.Slug, Due: due}
			if len(parties) > 1 {
				d.Occurrence = p
			}
			if pe := sc.a.Person(person); pe != nil && pe.Party == p {
				d.OwedByPerson = person
			}
			if due == "" {
				continue
			}
			put := duty.Open
			if reopen {
				put = duty.Reopen
			}
			if err := put(ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
	}
	done := func(kinds ...string) error {
		for _, k := range kinds {
			if err := duty.Done(ctx, tx, aid, k, src, "*", by); err != nil {
				return err
			}
		}
		return nil
	}
	secretary := seated(sc, m.LocalDate, gov.RoleSecretary)
	switch m.State {
	case gov.Planned:
		return open(duty.Materials, sc.f.Responsibilities.Prepares, m.MaterialsDue, "", false)
	case gov.AgendaPublished:
		return done(duty.Materials)
	case gov.Held, gov.MinutesDrafted:
		if err := done(duty.Materials, duty.MinutesApproval); err != nil {
			return err
		}
		return open(duty.Minutes, sc.f.Responsibilities.Minutes, m.MinutesDue, secretary, true)
	case gov.MinutesSent:
		if err := done(duty.Minutes); err != nil {
			return err
		}
		due := duty.DueAfter(sc.a, sc.today(s.Now()), ApprovalWorkingDays)
		if next, err := tx.NextOpenMeeting(ctx, sc.a.Slug, sc.f.Slug, s.Now()); err == nil && next.LocalDate < due {
			due = next.LocalDate
		}
		for _, p := range forumParties(sc.a, sc.f) {
			if len(Responsible(sc.a, sc.f, sc.f.Responsibilities.Minutes)) > 0 && contains(Responsible(sc.a, sc.f, sc.f.Responsibilities.Minutes), p) {
				continue // nobody approves their own party's minutes
			}
			if err := duty.Reopen(ctx, tx, store.Duty{AgreementID: aid, Kind: duty.MinutesApproval, Source: src, Occurrence: p, Title: title,
				Link: link, OwedBy: p, OwedTo: first(Responsible(sc.a, sc.f, sc.f.Responsibilities.Minutes)), Forum: sc.f.Slug, Due: due}); err != nil {
				return err
			}
		}
		return nil
	case gov.MinutesApproved:
		return done(duty.Minutes, duty.MinutesApproval)
	case gov.Cancelled:
		return duty.Waive(ctx, tx, aid, "", src, "*", by, "cancelled")
	}
	return nil
}

// seated is the person holding a seat role in the forum on a date.
func seated(sc *scope, date string, role gov.SeatRole) string {
	for _, ms := range sc.a.Memberships {
		if ms.Forum == sc.f.Slug && ms.Role == role && ms.ActiveOn(date) {
			return ms.Person
		}
	}
	return ""
}

// other is whom a party owes a meeting duty: the forum's chairing party,
// or the convening one when the party chairs itself.
func other(sc *scope, p string) string {
	for _, ref := range []string{sc.f.Responsibilities.Chairs, sc.f.Responsibilities.Convenes} {
		for _, q := range Responsible(sc.a, sc.f, ref) {
			if q != p {
				return q
			}
		}
	}
	for _, q := range forumParties(sc.a, sc.f) {
		if q != p {
			return q
		}
	}
	return ""
}

func first(xs []string) string {
	if len(xs) > 0 {
		return xs[0]
	}
	return ""
}

// actionDuty keeps an action item's duty in the ledger: open, owed by its
// owner's party and person, until done or cancelled.
func actionDuty(ctx context.Context, tx *store.Tx, a *gov.Agreement, ai *gov.ActionItem, by string) error {
	aid, err := tx.AgreementID(ctx, a.Slug)
	if err != nil {
		return err
	}
	src := "action:" + strconv.FormatInt(ai.ID, 10)
	switch ai.Status {
	case gov.ActionDone:
		return duty.Done(ctx, tx, aid, duty.ActionItem, src, "", by)
	case gov.ActionCancelled:
		return duty.Waive(ctx, tx, aid, duty.ActionItem, src, "", by, "cancelled")
	}
	p := a.Person(ai.Owner)
	if p == nil || ai.Due == "" {
		return nil
	}
	return duty.Reopen(ctx, tx, store.Duty{AgreementID: aid, Kind: duty.ActionItem, Source: src, Title: ai.Title,
		Link: "/a/" + a.Slug + "/actions", OwedBy: p.Party, OwedByPerson: p.Slug, Forum: ai.Forum, Due: ai.Due})
}
