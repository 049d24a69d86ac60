package records

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Checked reports whether minutes are approved. In a forum whose model
// has checked and signed minutes (issue 19), Publish also needs them
// sealed: signing is what checks them there.
func Checked(m *gov.Minutes) bool { return m != nil && m.Status == gov.MinutesFinal }

// Publish publishes the checked minutes of meeting meetingID at the
// forum's public URLs. Refused when the forum does not publish, when the
// minutes are not checked, and when they are published already.
func (s *Service) Publish(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) error {
	if !MayManage(x) {
		return errf(gov.CodeForbidden, "records.err.forbidden", "only the customer's representatives and administrators manage records")
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, err := tx.Meeting(ctx, a.Slug, meetingID, true)
		if errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "records.err.nomeeting", "no such meeting")
		} else if err != nil {
			return err
		}
		f := a.Forum(m.Forum)
		if !a.Publishes(m.Forum) || f == nil {
			return errf(gov.CodeConflict, "records.err.nopublication", "the model does not publish the minutes of {Forum}", "Forum", m.Forum)
		}
		min, err := tx.LatestMinutes(ctx, m.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if !Checked(min) {
			return errf(gov.CodeConflict, "records.err.unchecked", "the minutes are not checked (approved) yet; only checked minutes are published")
		}
		if f.Minutes.Checking != nil {
			// The forum's minutes are checked and signed (issue 19): they
			// are checked once sealed.
			seal, err := tx.MinutesSeal(ctx, m.ID)
			if errors.Is(err, store.ErrNotFound) || err == nil && seal.Version != min.Version {
				return errf(gov.CodeConflict, "records.err.unchecked", "the minutes are not checked (approved) yet; only checked minutes are published")
			} else if err != nil {
				return err
			}
		}
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		if _, err := tx.PublicationOf(ctx, aid, m.ID); err == nil {
			return errf(gov.CodeConflict, "records.err.published", "these minutes are published already")
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		p := store.Publication{AgreementID: aid, Forum: m.Forum, MeetingID: m.ID, MinutesID: min.ID, PublishedBy: x.Name(), PublishedAt: s.now()}
		if err := tx.InsertPublication(ctx, &p); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "minutes.publish", ObjectType: "meeting", ObjectID: itoa(m.ID), AgreementID: aid,
			After: map[string]any{"forum": m.Forum, "minutes_version": min.Version}})
	})
}

// Unpublish withdraws published minutes from the public URLs.
func (s *Service) Unpublish(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) error {
	if !MayManage(x) {
		return errf(gov.CodeForbidden, "records.err.forbidden", "only the customer's representatives and administrators manage records")
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		ok, err := tx.DeletePublication(ctx, aid, meetingID)
		if err != nil {
			return err
		}
		if !ok {
			return errf(gov.CodeNotFound, "records.err.notpublished", "these minutes are not published")
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "minutes.unpublish", ObjectType: "meeting", ObjectID: itoa(meetingID), AgreementID: aid})
	})
}

// Published reports whether a meeting's minutes are published, and when.
func (s *Service) Published(ctx context.Context, a *gov.Agreement, meetingID int64) (*time.Time, error) {
	var at *time.Time
	err := s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		p, err := tx.PublicationOf(ctx, aid, meetingID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		at = &p.PublishedAt
		return err
	})
	return at, err
}

// PublicEntry is one published meeting in a forum's public list.
type PublicEntry struct {
	MeetingID   int64
	Title       string
	Date        string
	PublishedAt time.Time
}

// PublicDecision is one entry of a forum's public decision register: a
// decision of a meeting whose minutes are published.
type PublicDecision struct {
	MeetingID int64
	Date      string
	Title     string
	Outcome   string
	// Text is the decision's wording; empty for a secret item's.
	Text   string
	Secret bool
}

// PublicForum is a forum's public page: its published minutes and its
// decision register.
type PublicForum struct {
	Agreement *gov.Agreement
	Forum     *gov.Forum
	Entries   []PublicEntry
	Decisions []PublicDecision
	// Index lets search engines index the pages (the model's robots).
	Index bool
}

// PublicItem is an agenda item as the public sees it.
type PublicItem struct {
	Title  string
	Type   string
	Secret bool
	// Basis is the legal section of a secret item.
	Basis string
}

// PublicMinutes is one published minutes page.
type PublicMinutes struct {
	PublicEntry
	Forum *gov.Forum
	Items []PublicItem
	// Body is the minutes text with secret items withheld and, after the
	// period, names other than the officials' removed.
	Body string
	// NamesRemoved says the period has ended and names were removed.
	NamesRemoved bool
	Index        bool
}

// errNoPublic is the one answer for anything not published, so that the
// public URLs tell nothing about what exists unpublished.
var errNoPublic = errf(gov.CodeNotFound, "records.err.nopublic", "nothing is published here")

// Forum reads a forum's public page; not found unless the model publishes
// the forum.
func (s *Service) Forum(ctx context.Context, a *gov.Agreement, forum string) (*PublicForum, error) {
	f := a.Forum(forum)
	if f == nil || !a.Publishes(forum) {
		return nil, errNoPublic
	}
	out := &PublicForum{Agreement: a, Forum: f, Index: a.RobotsIndex()}
	err := s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		ps, err := tx.Publications(ctx, aid, forum)
		if err != nil {
			return err
		}
		for _, p := range ps {
			m, err := tx.Meeting(ctx, a.Slug, p.MeetingID, false)
			if err != nil {
				return err
			}
			out.Entries = append(out.Entries, PublicEntry{MeetingID: m.ID, Title: m.Title, Date: m.LocalDate, PublishedAt: p.PublishedAt})
		}
		return s.register(ctx, tx, a, forum, out)
	})
	return out, err
}

// Minutes reads one published minutes page; not found unless the forum
// publishes and the meeting's minutes are published.
func (s *Service) Minutes(ctx context.Context, a *gov.Agreement, forum string, meetingID int64) (*PublicMinutes, error) {
	f := a.Forum(forum)
	if f == nil || !a.Publishes(forum) {
		return nil, errNoPublic
	}
	var out *PublicMinutes
	err := s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		p, err := tx.PublicationOf(ctx, aid, meetingID)
		if errors.Is(err, store.ErrNotFound) || err == nil && p.Forum != forum {
			return errNoPublic
		} else if err != nil {
			return err
		}
		m, err := tx.Meeting(ctx, a.Slug, meetingID, false)
		if err != nil {
			return err
		}
		body, err := tx.MinutesByID(ctx, m.ID, p.MinutesID)
		if err != nil {
			return err
		}
		items, err := tx.Items(ctx, m.ID)
		if err != nil {
			return err
		}
		marks, err := tx.SecrecyMarks(ctx, m.ID)
		if err != nil {
			return err
		}
		attendees, err := tx.Attendance(ctx, m.ID)
		if err != nil {
			return err
		}
		secret := map[string]store.SecrecyMark{}
		for _, mk := range marks {
			if mk.ObjectType == "agenda_item" {
				secret[mk.ObjectID] = mk
			}
		}
		out = &PublicMinutes{PublicEntry: PublicEntry{MeetingID: m.ID, Title: m.Title, Date: m.LocalDate, PublishedAt: p.PublishedAt},
			Forum: f, Index: a.RobotsIndex()}
		for _, it := range items {
			if it.Status != gov.ItemAccepted {
				continue
			}
			pi := PublicItem{Title: it.Title, Type: string(it.Type)}
			if mk, ok := secret[itoa(it.ID)]; ok {
				pi = PublicItem{Title: mk.PublicTitle, Type: string(it.Type), Secret: true, Basis: mk.SecrecyBasis}
				body = withhold(body, it.Title, mk)
			}
			out.Items = append(out.Items, pi)
		}
		if s.now().After(p.PublishedAt.AddDate(0, 0, a.NamesPublicDays())) {
			body = removeNames(body, otherNames(a, f, m.LocalDate, attendees), a.Language)
			out.NamesRemoved = true
		}
		out.Body = body
		return nil
	})
	return out, err
}

// headingRE matches a markdown heading line.
var headingRE = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)

// withhold takes a secret item out of the minutes text: a section whose
// heading names the item is replaced by its public title and the legal
// basis, and the secret title is replaced by the public one wherever
// else it appears.
func withhold(body, title string, mk store.SecrecyMark) string {
	lines := strings.Split(body, "\n")
	var out []string
	skip := 0 // heading level of the section being withheld; 0 none
	for _, l := range lines {
		if h := headingRE.FindStringSubmatch(l); h != nil {
			level := len(h[1])
			if skip > 0 && level <= skip {
				skip = 0
			}
			if skip == 0 && strings.Contains(strings.ToLower(h[2]), strings.ToLower(strings.TrimSpace(title))) {
				heading := mk.PublicTitle
				if t := strings.TrimSpace(title); strings.Contains(h[2], t) {
					heading = strings.Replace(h[2], t, mk.PublicTitle, 1) // keep its number
				}
				out = append(out, h[1]+" "+heading, "", "("+mk.SecrecyBasis+")", "")
				skip = level
				continue
			}
		}
		if skip == 0 {
			out = append(out, l)
		}
	}
	res := strings.Join(out, "\n")
	if t := strings.TrimSpace(title); t != "" {
		res = strings.ReplaceAll(res, t, mk.PublicTitle)
	}
	return res
}

// otherNames are the names to remove after the period: everyone the
// minutes may name who is not one of the forum's officials (its seated
// members: chair, secretary, members) — other people of the directory
// and the meeting's other attendees.
func otherNames(a *gov.Agreement, f *gov.Forum, date string, attendees []gov.Attendee) []string {
	officials := map[string]bool{}
	for _, ms := range a.Memberships {
		if ms.Forum == f.Slug && ms.ActiveOn(date) {
			officials[ms.Person] = true
		}
	}
	official := map[string]bool{}
	seen := map[string]bool{}
	var names []string
	for _, p := range a.People {
		if officials[p.Slug] {
			official[p.Name] = true
		}
	}
	add := func(n string) {
		n = strings.TrimSpace(n)
		if n != "" && !official[n] && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, p := range a.People {
		if !officials[p.Slug] {
			add(p.Name)
		}
	}
	for _, at := range attendees {
		if at.Person == "" || !officials[at.Person] {
			add(at.Name)
		}
	}
	// Longest first, so "Anna Maria Berg" goes before "Anna Maria".
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	return names
}

// removedName is what replaces a removed name, in the agreement's language.
var removedName = map[string]string{"fi": "[nimi poistettu]", "sv": "[namn borttaget]", "en": "[name removed]"}

func removeNames(body string, names []string, lang string) string {
	mark := removedName[lang]
	if mark == "" {
		mark = removedName["en"]
	}
	for _, n := range names {
		body = strings.ReplaceAll(body, n, mark)
	}
	return body
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// register fills the forum's public decision register: the decided
// decisions of its published meetings, a secret item's by its public
// title and without its wording.
func (s *Service) register(ctx context.Context, tx *store.Tx, a *gov.Agreement, forum string, out *PublicForum) error {
	published := map[int64]bool{}
	for _, e := range out.Entries {
		published[e.MeetingID] = true
	}
	if len(published) == 0 {
		return nil
	}
	ds, err := tx.Decisions(ctx, a.Slug, store.DecisionFilter{Forums: []string{forum}, Status: "decided"})
	if err != nil {
		return err
	}
	marks := map[int64]map[string]store.SecrecyMark{}
	for _, d := range ds {
		if !published[d.MeetingID] {
			continue
		}
		if marks[d.MeetingID] == nil {
			ms, err := tx.SecrecyMarks(ctx, d.MeetingID)
			if err != nil {
				return err
			}
			marks[d.MeetingID] = map[string]store.SecrecyMark{}
			for _, m := range ms {
				marks[d.MeetingID][m.ObjectType+"/"+m.ObjectID] = m
			}
		}
		pd := PublicDecision{MeetingID: d.MeetingID, Date: d.MeetingDate, Title: d.Title, Outcome: d.Outcome, Text: d.Text}
		if mk, ok := marks[d.MeetingID]["agenda_item/"+itoa(d.ItemID)]; ok {
			pd.Title, pd.Text, pd.Secret = mk.PublicTitle, "", true
		}
		out.Decisions = append(out.Decisions, pd)
	}
	return nil
}
