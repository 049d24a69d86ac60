package meeting

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/minutesdoc"
	"github.com/steerco/steerco/internal/store"
)

// The minutes as a record (issue 19): drafted from what the meeting
// recorded, and printed in the agreement's language whoever reads them,
// because the minutes are one document of both parties, not a view.

// meetingRecord is what a meeting recorded, read in one transaction.
type meetingRecord struct {
	sc        *scope
	m         *gov.Meeting
	items     []gov.AgendaItem
	att       []gov.Attendee
	actions   []gov.ActionItem
	decisions map[int64]*store.Decision
	versions  []gov.Minutes
}

// readRecord reads a meeting the actor may see, with what it recorded.
func (s *Service) readRecord(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, meetingID int64) (*meetingRecord, error) {
	m, err := tx.Meeting(ctx, a.Slug, meetingID, false)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errf(gov.CodeNotFound, "meeterr.nomeeting", "no meeting {ID}", "ID", meetingID)
	} else if err != nil {
		return nil, err
	}
	sc, err := s.scope(a, x, m.Forum)
	if err != nil {
		return nil, errf(gov.CodeNotFound, "meeterr.nomeeting", "no meeting {ID}", "ID", meetingID)
	}
	r := &meetingRecord{sc: sc, m: m, decisions: map[int64]*store.Decision{}}
	if r.items, err = tx.Items(ctx, m.ID); err != nil {
		return nil, err
	}
	if r.att, err = tx.Attendance(ctx, m.ID); err != nil {
		return nil, err
	}
	if r.actions, err = tx.ActionItems(ctx, store.ActionFilter{Agreement: a.Slug, MeetingID: m.ID}); err != nil {
		return nil, err
	}
	if r.versions, err = tx.MinutesVersions(ctx, m.ID); err != nil {
		return nil, err
	}
	for _, it := range r.items {
		if it.Status != gov.ItemAccepted || it.Type != gov.ItemDecision {
			continue
		}
		d, err := tx.DecisionForItem(ctx, a.Slug, it.ID, false)
		if err == nil {
			r.decisions[it.ID] = d
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	return r, nil
}

// DraftMinutes is the text the minute-taker starts from when there is no
// draft yet: in the agreement's language, the meeting's time and place,
// who attended and who did not, each agenda item with its decision and
// vote result, and the action items with their owners and dates.
func (s *Service) DraftMinutes(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) (string, error) {
	var out string
	err := s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		r, err := s.readRecord(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		out = s.draft(r)
		return nil
	})
	return out, err
}

func (s *Service) draft(r *meetingRecord) string {
	a, m, f, loc := r.sc.a, r.m, r.sc.f, r.sc.loc
	lang := a.Language
	t := func(id string, args ...any) string { return s.cat.T(lang, id, args...) }
	start, end := m.Start.In(loc), m.End.In(loc)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", t("meetings.minutes.heading", "Forum", f.Name, "Date", i18n.Date(lang, start)))
	fmt.Fprintf(&b, "- %s: %s %s–%s\n", t("minutesdraft.when"), i18n.Date(lang, start), clock(lang, start), clock(lang, end))
	if m.Location != "" {
		fmt.Fprintf(&b, "- %s: %s\n", t("minutesdraft.place"), m.Location)
	}
	if m.OnlineURL != "" {
		fmt.Fprintf(&b, "- %s: %s\n", t("minutesdraft.online"), m.OnlineURL)
	}
	b.WriteString("\n")
	var present, absent []string
	for _, at := range r.att {
		who := at.Name
		if p := a.Party(at.Party); p != nil {
			who += " (" + p.Name + ")"
		}
		if at.Role != "" && at.Role != "member" {
			who += ", " + strings.ToLower(t("meetings.role."+at.Role))
		}
		if at.Present {
			present = append(present, who)
		} else {
			absent = append(absent, who)
		}
	}
	if len(present) > 0 {
		fmt.Fprintf(&b, "## %s\n\n", t("minutesdraft.present"))
		for _, p := range present {
			fmt.Fprintf(&b, "- %s\n", p)
		}
		b.WriteString("\n")
	}
	if len(absent) > 0 {
		fmt.Fprintf(&b, "## %s\n\n", t("minutesdraft.absent"))
		for _, p := range absent {
			fmt.Fprintf(&b, "- %s\n", p)
		}
		b.WriteString("\n")
	}
	n := 0
	for _, it := range r.items {
		if it.Status != gov.ItemAccepted {
			continue
		}
		n++
		fmt.Fprintf(&b, "## %d. %s\n\n", n, it.Title)
		if d := r.decisions[it.ID]; d != nil {
			b.WriteString(s.decisionText(lang, d))
		}
		b.WriteString("\n")
	}
	if len(r.actions) > 0 {
		fmt.Fprintf(&b, "## %s\n\n", t("minutesdraft.actions"))
		for _, ai := range r.actions {
			due := ai.Due
			if d, err := time.Parse(time.DateOnly, ai.Due); err == nil {
				due = i18n.Date(lang, d)
			}
			fmt.Fprintf(&b, "- %s\n", t("minutesdraft.action", "Title", ai.Title, "Owner", ai.OwnerName, "Due", due))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// decisionText is a decision as the minutes record it: the proposal, the
// outcome and how it was reached, with the vote's result.
func (s *Service) decisionText(lang string, d *store.Decision) string {
	t := func(id string, args ...any) string { return s.cat.T(lang, id, args...) }
	var b strings.Builder
	if d.Proposal != "" && d.Kind == "vote" {
		fmt.Fprintf(&b, "%s: %s\n\n", t("minutesdraft.proposal"), d.Proposal)
	}
	if d.Status != "decided" {
		fmt.Fprintf(&b, "%s\n\n", t("minutesdraft.voting"))
		return b.String()
	}
	outcome := t("mattersui.outcome." + d.Outcome)
	switch {
	case d.Kind == "vote":
		fmt.Fprintf(&b, "**%s: %s.** %s\n\n", t("minutesdraft.decision"), outcome, t("minutesdraft.votes",
			"Yes", i18n.Number(lang, d.Yes), "No", i18n.Number(lang, d.No), "Abstained", i18n.Number(lang, d.Abstained)))
		if d.CastingVote {
			fmt.Fprintf(&b, "%s\n\n", t("minutesdraft.casting"))
		}
	case d.Consensus || d.Kind == "consensus":
		fmt.Fprintf(&b, "**%s: %s.** %s\n\n", t("minutesdraft.decision"), outcome, t("minutesdraft.consensus"))
	default:
		fmt.Fprintf(&b, "**%s: %s.**\n\n", t("minutesdraft.decision"), outcome)
	}
	if d.DutyPersonName != "" {
		fmt.Fprintf(&b, "%s\n\n", t("minutesdraft.duty", "Name", d.DutyPersonName, "From", d.TermFrom, "To", d.TermTo))
	}
	// What was agreed, in the words recorded (d.Text is the result in
	// English words, which the outcome above already says).
	if d.Proposal != "" && d.Kind != "vote" {
		fmt.Fprintf(&b, "%s\n\n", d.Proposal)
	}
	return b.String()
}

// clock is a time of day: 13.00 in Finnish, 13:00 otherwise.
func clock(lang string, t time.Time) string {
	if lang == "fi" {
		return t.Format("15.04")
	}
	return t.Format("15:04")
}

// personOf names who did something ("user:e-mail" in the records) by the
// directory's name, else the address.
func personOf(a *gov.Agreement, who string) string {
	email, ok := strings.CutPrefix(who, "user:")
	if !ok {
		return who
	}
	for _, p := range a.People {
		if p.Email != "" && strings.EqualFold(p.Email, email) {
			return p.Name
		}
	}
	return email
}

// minutesDocument lays out the approved minutes in the agreement's
// language, with the signatures and audit head when sealed.
func (s *Service) minutesDocument(r *meetingRecord, mn *gov.Minutes, sigs []store.MinutesSignature, auditHead string) minutesdoc.Doc {
	a, m, f, loc := r.sc.a, r.m, r.sc.f, r.sc.loc
	lang := a.Language
	t := func(id string, args ...any) string { return s.cat.T(lang, id, args...) }
	start, end := m.Start.In(loc), m.End.In(loc)
	place := m.Location
	if m.OnlineURL != "" {
		place = strings.TrimPrefix(place+" / "+m.OnlineURL, " / ")
	}
	doc := minutesdoc.Doc{Title: t("meetings.pdf.title", "Title", m.Title, "Date", i18n.Date(lang, start)),
		Facts: [][2]string{{t("pages.col.forum"), f.Name}, {t("pages.col.when"), i18n.Date(lang, start) + " " + clock(lang, start) + "–" + clock(lang, end)},
			{t("meetings.field.location"), place}},
		AttendeesLabel: t("meetings.attendance.present"), MinutesLabel: t("meetings.minutes.title"), Body: mn.Body}
	if mn.ApprovedAt != nil {
		doc.Record = t("meetings.minutes.record", "By", personOf(a, mn.ApprovedBy), "At", i18n.Date(lang, mn.ApprovedAt.In(loc))+" "+clock(lang, mn.ApprovedAt.In(loc)), "Version", mn.Version)
	}
	for _, at := range r.att {
		if at.Present {
			doc.Attendees = append(doc.Attendees, at.Name+" – "+t("meetings.role."+at.Role))
		}
	}
	if len(sigs) > 0 {
		doc.SignaturesLabel = t("minutesdraft.signatures")
		for _, sg := range sigs {
			at := sg.SignedAt.In(loc)
			doc.Signatures = append(doc.Signatures, t("minutesdraft.signed", "Name", sg.Name, "Role", t("minutesdraft.checker."+sg.Role),
				"At", i18n.Date(lang, at)+" "+clock(lang, at)))
		}
		doc.AuditLabel, doc.AuditHead = t("minutesdraft.audithead"), auditHead
	}
	return doc
}

// MinutesPDF is the minutes' document: the sealed PDF once the checkers
// signed it, else the approved minutes printed in the agreement's
// language. Not found before the minutes are approved.
func (s *Service) MinutesPDF(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) (pdf []byte, name string, err error) {
	err = s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		r, err := s.readRecord(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		name = fmt.Sprintf("minutes-%s-%s.pdf", r.sc.f.Slug, r.m.LocalDate)
		if seal, err := tx.MinutesSeal(ctx, r.m.ID); err == nil {
			pdf = seal.PDF
			return nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		var mn *gov.Minutes
		for i := range r.versions {
			if r.versions[i].Status == gov.MinutesFinal {
				mn = &r.versions[i]
			}
		}
		// Minutes a checker rejected are not the record until approved
		// again.
		if mn == nil || r.m.State != gov.MinutesApproved {
			return errf(gov.CodeConflict, "minutesdraft.notapproved", "the minutes are not approved yet")
		}
		// The chain's hash at the approval: every printed copy is then a
		// witness of the audit trail (issue 17).
		_, head, err := tx.AuditWitness(ctx, "minutes.approve", "meeting", fmt.Sprint(r.m.ID), 0)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		doc := s.minutesDocument(r, mn, nil, head)
		pdf, err = minutesdoc.Render(doc.Layout(), doc.Title, a.Language, *mn.ApprovedAt)
		return err
	})
	return pdf, name, err
}
