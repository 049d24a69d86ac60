package duty

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// RemindDays is how many working days before its due day a duty is
// reminded of; it is reminded again on the day and once when overdue.
const RemindDays = 2

// Job is the scheduler's name for the ledger's hourly run in job claims.
const Job = "duty-ledger"

// recipients are who hears of a duty: the person it falls on, or else
// the owing parties' seated people with an e-mail (every person of the
// party with one when none holds a seat).
func recipients(a *gov.Agreement, d *store.Duty, today string) []gov.Person {
	if p := a.Person(d.OwedByPerson); p != nil && p.Email != "" {
		return []gov.Person{*p}
	}
	parties := map[string]bool{}
	for _, s := range owners(a, d.OwedBy) {
		parties[s] = true
	}
	seated := map[string]bool{}
	for _, m := range a.Memberships {
		if m.ActiveOn(today) && (d.Forum == "" || m.Forum == d.Forum) {
			seated[m.Person] = true
		}
	}
	var all, seat []gov.Person
	for _, p := range a.People {
		if !parties[p.Party] || p.Email == "" {
			continue
		}
		all = append(all, p)
		if seated[p.Slug] {
			seat = append(seat, p)
		}
	}
	if len(seat) > 0 {
		return seat
	}
	return all
}

// Reminded is what one reminder run queued.
type Reminded struct {
	Reminders, Digests int
}

// Remind queues, through the outbox, a reminder of every open duty that
// has begun: RemindDays working days before its due day, on the day, and
// once when it is overdue, to the person it falls on or its party's
// people, in the agreement's language. Every message has a dedupe key
// (duty, which reminder, due date, address), so each is queued once
// however often this runs and on however many instances. The ledger is
// read in one statement for all agreements.
func (s *Service) Remind(ctx context.Context, as []*gov.Agreement) (int, error) {
	now := s.Now()
	bySlug := map[string]*gov.Agreement{}
	var slugs []string
	for _, a := range as {
		bySlug[a.Slug], slugs = a, append(slugs, a.Slug)
	}
	if len(slugs) == 0 {
		return 0, nil
	}
	// Far enough ahead for RemindDays working days over any holidays.
	horizon := calendar.DateOf(now.UTC()).AddDays(RemindDays + 14).String()
	ds, err := s.st.ListDuties(ctx, store.DutyFilter{Agreements: slugs, States: []string{store.DutyOpen}, DueTo: horizon,
		StartedBy: calendar.DateOf(now.UTC()).AddDays(1).String()})
	if err != nil {
		return 0, err
	}
	queued := 0
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		for i := range ds {
			d := &ds[i]
			a := bySlug[d.Agreement]
			if d.Kind == Materials || d.Kind == Minutes {
				// Still reminded by internal/meeting's own run, with the
				// meeting's time and place; not twice.
				continue
			}
			cal, err := plan.Calendar(a)
			if err != nil {
				continue
			}
			today := Today(a, now)
			due, err := calendar.ParseDate(d.Due)
			if err != nil || d.Starts != "" && today.String() < d.Starts {
				continue
			}
			which := ""
			switch left := cal.WorkingDaysBetween(today, due); {
			case today.After(due):
				which = "overdue"
			case today.Equal(due):
				which = "today"
			case left == RemindDays:
				which = "soon"
			default:
				continue
			}
			args := []any{"What", s.word(a.Language, "duties.kind."+d.Kind), "Title", d.Title, "Due", d.Due, "Agreement", a.Name,
				"Link", d.Link, "Count", RemindDays}
			subject := s.word(a.Language, "duties.mail."+which+".subject", args...)
			body := s.word(a.Language, "duties.mail."+which+".body", args...)
			for _, p := range recipients(a, d, today.String()) {
				added, err := tx.Enqueue(ctx, &store.Message{AgreementID: d.AgreementID, Kind: "duty-" + which,
					DedupeKey: fmt.Sprintf("duty-%s:%d:%s:%s", which, d.ID, d.Due, strings.ToLower(p.Email)),
					Recipient: p.Email, Subject: subject, Body: body, CreatedAt: now})
				if err != nil {
					return err
				}
				if added {
					queued++
				}
			}
		}
		return nil
	})
	return queued, err
}

// word translates with the catalogue, or gives the id's English fallback.
func (s *Service) word(lang, id string, args ...any) string {
	if s.Cat == nil {
		return id
	}
	return s.Cat.T(lang, id, args...)
}

// DigestDay is the weekday the weekly digest goes out.
const DigestDay = time.Monday

// Digest queues the weekly digest: one message per person with open
// duties (on them, or on their party where they hold a seat), listing
// them late first, in the language of their first agreement; once a
// week per address (the dedupe key holds the ISO week), and never to an
// address that turned the digest off on its account page.
func (s *Service) Digest(ctx context.Context, as []*gov.Agreement) (int, error) {
	now := s.Now()
	if now.Weekday() != DigestDay {
		return 0, nil
	}
	year, week := now.ISOWeek()
	bySlug := map[string]*gov.Agreement{}
	var slugs []string
	for _, a := range as {
		bySlug[a.Slug], slugs = a, append(slugs, a.Slug)
	}
	if len(slugs) == 0 {
		return 0, nil
	}
	ds, err := s.st.ListDuties(ctx, store.DutyFilter{Agreements: slugs, States: []string{store.DutyOpen},
		StartedBy: calendar.DateOf(now.UTC()).String()})
	if err != nil {
		return 0, err
	}
	type person struct {
		email, lang string
		lines       []string
	}
	people := map[string]*person{}
	var order []string
	for i := range ds {
		d := &ds[i]
		a := bySlug[d.Agreement]
		today := Today(a, now)
		state := ""
		if d.Due < today.String() {
			state = " (" + s.word(a.Language, "duties.state.late") + ")"
		}
		for _, p := range recipients(a, d, today.String()) {
			key := strings.ToLower(p.Email)
			pp := people[key]
			if pp == nil {
				pp = &person{email: p.Email, lang: a.Language}
				people[key] = pp
				order = append(order, key)
			}
			pp.lines = append(pp.lines, fmt.Sprintf("%s%s: %s — %s, %s", d.Due, state, s.word(pp.lang, "duties.kind."+d.Kind), d.Title, a.Name))
		}
	}
	queued := 0
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		for _, key := range order {
			p := people[key]
			out, err := tx.DigestOptedOut(ctx, p.email)
			if err != nil {
				return err
			}
			if out {
				continue
			}
			sort.Strings(p.lines)
			subject := s.word(p.lang, "duties.mail.digest.subject", "Count", len(p.lines))
			body := s.word(p.lang, "duties.mail.digest.body", "Count", len(p.lines)) + "\n\n" + strings.Join(p.lines, "\n") + "\n"
			added, err := tx.Enqueue(ctx, &store.Message{Kind: "duty-digest", DedupeKey: fmt.Sprintf("duty-digest:%04d-W%02d:%s", year, week, key),
				Recipient: p.email, Subject: subject, Body: body, CreatedAt: now})
			if err != nil {
				return err
			}
			if added {
				queued++
			}
		}
		return nil
	})
	return queued, err
}

// RunScheduled claims this hour's run of the ledger and does it: Sync of
// every agreement (recurring duties, overdue obligations raised as
// matters), the reminders and, on Mondays, the weekly digest. Another
// instance that tries the same hour gets false and does nothing.
func (s *Service) RunScheduled(ctx context.Context, instance string) (ran bool, r Reminded, err error) {
	now := s.Now()
	ok, err := s.st.ClaimJob(ctx, Job, now.UTC().Format("2006-01-02T15"), instance, now)
	if err != nil || !ok {
		return false, r, err
	}
	sums, err := s.st.Agreements(ctx)
	if err != nil {
		return true, r, err
	}
	var as []*gov.Agreement
	for _, sum := range sums {
		a, err := s.st.Agreement(ctx, sum.Slug)
		if err != nil {
			return true, r, err
		}
		if _, err := s.Sync(ctx, a); err != nil {
			return true, r, fmt.Errorf("duties of %s: %w", a.Slug, err)
		}
		as = append(as, a)
	}
	if r.Reminders, err = s.Remind(ctx, as); err != nil {
		return true, r, err
	}
	r.Digests, err = s.Digest(ctx, as)
	return true, r, err
}

// DigestOn reports whether an address gets the weekly digest (it does
// unless it turned it off).
func (s *Service) DigestOn(ctx context.Context, email string) (bool, error) {
	var out bool
	err := s.st.ReadTx(ctx, func(tx *store.Tx) error {
		off, err := tx.DigestOptedOut(ctx, email)
		out = !off
		return err
	})
	return out, err
}

// SetDigest turns the weekly digest of the signed-in account on or off,
// with an audit entry.
func (s *Service) SetDigest(ctx context.Context, email string, on bool) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetDigestOptOut(ctx, email, !on); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: "user:" + email, Action: "account.digest", ObjectType: "account", ObjectID: strings.ToLower(email),
			After: map[string]any{"digest": on}})
	})
}
