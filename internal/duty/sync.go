package duty

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// LookBack is how far back Sync puts recurring duties into the ledger
// that were due before it first ran, in days: an agreement loaded into
// steerco mid-term does not start with a year of late obligations.
const LookBack = 31

// Synced is what one Sync did.
type Synced struct {
	// Opened counts recurring duties put into the ledger; Matters the
	// overdue obligations raised as matters.
	Opened, Matters int
}

// Sync puts an agreement's recurring duties into the ledger ahead of
// time — every occurrence due from LookBack days ago to the end of next
// year, once (a duty already there, done or not, is left alone) — and
// raises each overdue obligation as a matter on the next agenda of the
// forum the model names. Running it again, or on several instances at
// once, opens and raises nothing twice.
func (s *Service) Sync(ctx context.Context, a *gov.Agreement) (Synced, error) {
	var out Synced
	now := s.Now()
	today := Today(a, now)
	occ, err := Schedule(a, today.Y-1, today.Y+1)
	if err != nil {
		return out, err
	}
	since := today.AddDays(-LookBack).String()
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		for _, o := range occ {
			if o.Due < since {
				continue
			}
			d := o.Duty
			d.AgreementID = aid
			if _, created, err := tx.PutDuty(ctx, &d, false); err != nil {
				return err
			} else if created {
				out.Opened++
			}
		}
		n, err := s.overdue(ctx, tx, a, aid, today, now)
		out.Matters = n
		return err
	})
	return out, err
}

// overdue raises the agreement's late obligations that are not matters
// yet as matters of the forum they are reported to.
func (s *Service) overdue(ctx context.Context, tx *store.Tx, a *gov.Agreement, aid int64, today calendar.Date, now time.Time) (int, error) {
	late, err := tx.Duties(ctx, store.DutyFilter{Agreements: []string{a.Slug}, States: []string{store.DutyOpen},
		Kinds: []string{Obligation, ReportSubmission}, DueTo: today.AddDays(-1).String()})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range late {
		f := a.Forum(d.Forum)
		if d.MatterID != 0 || f == nil || d.Kind == ReportSubmission && d.Occurrence != "" && len(d.Occurrence) == 7 {
			// Monthly reports have their own review; a missing one is
			// seen in the report's page, not raised each month.
			continue
		}
		// A matter's title and description are text in the agreement's
		// working language, as if a person had raised it.
		args := []any{"Title", d.Title, "Period", d.Occurrence, "Due", d.Due, "Party", PartyName(a, d.OwedBy), "ID", d.ID}
		title, desc := fmt.Sprintf("%s (%s): overdue", d.Title, d.Occurrence), fmt.Sprintf("Due %s, owed by %s. Duty #%d.", d.Due, PartyName(a, d.OwedBy), d.ID)
		if s.Cat != nil {
			title, desc = s.Cat.T(a.Language, "duties.matter.title", args...), s.Cat.T(a.Language, "duties.matter.body", args...)
		}
		mid, err := RaiseMatter(ctx, tx, a, f, title, desc, "system", "", "duty", now)
		if err != nil {
			return n, err
		}
		if err := tx.SetDutyMatter(ctx, d.ID, mid); err != nil {
			return n, err
		}
		if err := tx.Audit(ctx, store.Entry{Actor: "system", Action: "duty.overdue", ObjectType: "duty", ObjectID: strconv.FormatInt(d.ID, 10),
			AgreementID: aid, After: map[string]any{"matter": mid, "forum": f.Slug, "due": d.Due}}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// RaiseMatter raises a matter in forum f and puts it, as a decision item
// with the given source, on the agenda of the forum's next open meeting;
// with none the matter waits and the store places it on the first meeting
// created (as an escalated matter does). It returns the matter's id.
func RaiseMatter(ctx context.Context, tx *store.Tx, a *gov.Agreement, f *gov.Forum, title, desc, by, party, source string, now time.Time) (int64, error) {
	if r := []rune(title); len(r) > 300 {
		title = string(r[:300])
	}
	m := &store.Matter{Agreement: a.Slug, Forum: f.Slug, Origin: f.Slug, Kind: "disagreement", Status: "open", Title: title,
		Description: desc, RaisedBy: by, RaisedParty: party, CreatedAt: now, UpdatedAt: now}
	mt, err := tx.NextOpenMeeting(ctx, a.Slug, f.Slug, now)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	if mt == nil {
		m.WaitingSince = &now
	} else {
		m.Status = "in-progress"
	}
	if err := tx.InsertMatter(ctx, m); err != nil {
		return 0, err
	}
	step := &store.MatterStep{MatterID: m.ID, Forum: f.Slug, EnteredAt: now}
	ev := &store.MatterEvent{MatterID: m.ID, At: now, Actor: by, Action: "raise", Note: source}
	if mt != nil {
		it := &gov.AgendaItem{MeetingID: mt.ID, Type: gov.ItemDecision, Title: title, Description: desc, Status: gov.ItemAccepted, Source: source}
		if err := tx.InsertItem(ctx, it); err != nil {
			return 0, err
		}
		if err := tx.InsertMatterLink(ctx, &store.MatterLink{MatterID: m.ID, MeetingID: mt.ID, ItemID: it.ID, Source: "agenda",
			CreatedBy: by, CreatedAt: now}); err != nil {
			return 0, err
		}
		step.MeetingID, ev.MeetingID, ev.ItemID = mt.ID, mt.ID, it.ID
	}
	if err := tx.InsertMatterStep(ctx, a.Slug, step); err != nil {
		return 0, err
	}
	return m.ID, tx.InsertMatterEvent(ctx, ev)
}
