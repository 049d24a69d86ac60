package demogen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/matter"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

// AgreementOptions say how much governance history to generate.
type AgreementOptions struct {
	// Count agreements, taking the five model templates in turn.
	Count int
	// FirstYear and Years bound the history (default FirstYear, Years).
	FirstYear, Years int
	// Progress, when set, hears one line per agreement.
	Progress io.Writer
}

// AgreementStats counts what was created.
type AgreementStats struct {
	Agreements, Meetings, Minutes, Approved, Decisions, Matters int
}

// Slug is the id of the k-th generated agreement (from 0): its template's
// name and a running number, so that generated agreements never collide
// with the demo's own or a real one made from a template.
func Slug(k int) string {
	ts := model.Templates()
	return fmt.Sprintf("%s-%03d", ts[k%len(ts)], k+1)
}

// Agreements creates opt.Count agreements from the model templates with
// their forums and directories, and runs every regular meeting of the
// annual plan over the years through its life: agenda published,
// attendance, held, decisions on the decision items, minutes written,
// submitted and approved under the forum's rule.
//
// Everything goes through the services (internal/meeting, internal/matter)
// with their clocks pinned to the meeting's time, not through bulk
// inserts: the history then has the audit trail, the outbox and the
// derived fields the application itself writes, and is valid by
// construction. That costs a few milliseconds per step, about ten
// seconds per agreement on SQLite, which is fast enough for the tens of
// agreements a benchmark needs. An agreement that exists is skipped, so a
// run that was interrupted can be resumed.
func Agreements(ctx context.Context, st *store.Store, opt AgreementOptions) (AgreementStats, error) {
	var stats AgreementStats
	if opt.FirstYear == 0 {
		opt.FirstYear = FirstYear
	}
	if opt.Years == 0 {
		opt.Years = Years
	}
	cat, err := i18n.Load()
	if err != nil {
		return stats, err
	}
	g := &history{st: st, msvc: meeting.New(st, cat), xsvc: matter.New(st)}
	g.msvc.Now = func() time.Time { return g.now }
	g.xsvc.Now = g.msvc.Now
	for k := 0; k < opt.Count; k++ {
		a, created, err := g.agreement(ctx, k, opt.FirstYear)
		if err != nil {
			return stats, err
		}
		if !created {
			continue
		}
		stats.Agreements++
		before := g.stats
		for y := opt.FirstYear; y < opt.FirstYear+opt.Years; y++ {
			if err := g.year(ctx, a, y); err != nil {
				return stats, fmt.Errorf("demogen: %s, %d: %w", a.Slug, y, err)
			}
		}
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, "%s: %d meetings, %d decisions\n", a.Slug, g.stats.Meetings-before.Meetings, g.stats.Decisions-before.Decisions)
		}
	}
	g.stats.Agreements = stats.Agreements
	return g.stats, nil
}

// history drives the services for one run.
type history struct {
	st    *store.Store
	msvc  *meeting.Service
	xsvc  *matter.Service
	now   time.Time
	stats AgreementStats
}

// system is the scheduler's actor: an administrator, which plans,
// publishes, records and takes the decisions as the convener would.
var system = meeting.Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}

// agreement applies the k-th agreement's model unless it exists; its
// period starts with the first year of history, since nothing is planned
// outside an agreement's period.
func (g *history) agreement(ctx context.Context, k, firstYear int) (*gov.Agreement, bool, error) {
	slug := Slug(k)
	if a, err := g.st.Agreement(ctx, slug); err == nil {
		return a, false, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, false, err
	}
	ts := model.Templates()
	name := ts[k%len(ts)]
	src, err := model.Template(name)
	if err != nil {
		return nil, false, err
	}
	a, err := model.Parse(name+".yaml", src)
	if err != nil {
		return nil, false, err
	}
	a.Slug = slug
	a.Name = fmt.Sprintf("%s (%d)", a.Name, k+1)
	if from := fmt.Sprintf("%04d-01-01", firstYear); from < a.Period.From {
		a.Period.From = from
	}
	// The first copy of each template keeps the template's addresses, so
	// the demo accounts find their seats; later copies get their own.
	if round := k / len(ts); round > 0 {
		for i := range a.People {
			if at := strings.IndexByte(a.People[i].Email, '@'); at > 0 {
				e := a.People[i].Email
				a.People[i].Email = fmt.Sprintf("%s+%d%s", e[:at], round, e[at:])
			}
		}
	}
	if _, err := g.st.ApplyAgreement(ctx, a, "demo"); err != nil {
		return nil, false, err
	}
	a, err = g.st.Agreement(ctx, slug)
	return a, true, err
}

// year creates and runs the year's regular meetings, forum by forum in
// date order, approving minutes as soon as the forum's rule allows.
func (g *history) year(ctx context.Context, a *gov.Agreement, year int) error {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return err
	}
	g.now = time.Date(year, 1, 1, 0, 0, 0, 0, loc).Add(-time.Minute)
	if _, err := g.msvc.CreateFromPlan(ctx, a, system, year, ""); err != nil {
		return err
	}
	var ms []gov.Meeting
	err = g.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		// No end: a plan's last meeting may move into January.
		ms, err = tx.Meetings(ctx, a.Slug, store.MeetingFilter{From: time.Date(year, 1, 1, 0, 0, 0, 0, loc), States: []gov.MeetingState{gov.Planned}})
		return err
	})
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := g.meeting(ctx, a, &m); err != nil {
			return fmt.Errorf("meeting %d (%s %s): %w", m.ID, m.Forum, m.LocalDate, err)
		}
	}
	return nil
}

// meeting runs one meeting from its agenda to submitted minutes, then
// approves whatever minutes of its forum may now be approved.
func (g *history) meeting(ctx context.Context, a *gov.Agreement, m *gov.Meeting) error {
	f := a.Forum(m.Forum)
	g.now = m.Start.Add(-7 * 24 * time.Hour)
	// One matter per meeting, raised by the last party of the forum that
	// may (often a supplier) and put on the agenda for a decision.
	parties := slices.Clone(forumParties(a, f))
	slices.Reverse(parties)
	for _, party := range parties {
		x, ok := g.actor(a, f, []string{party})
		if !ok {
			continue
		}
		kind := matter.Kinds[g.stats.Matters%len(matter.Kinds)]
		mt, err := g.xsvc.Raise(ctx, a, x, matter.NewMatter{Forum: f.Slug, Kind: kind,
			Title:       fmt.Sprintf("%s %d: %s", strings.ReplaceAll(string(kind), "-", " "), g.stats.Matters+1, f.Name),
			Description: "Raised for the meeting of " + m.LocalDate + "."})
		var ge *gov.Error
		if errors.As(err, &ge) && ge.Code == gov.CodeForbidden {
			continue
		} else if err != nil {
			return fmt.Errorf("raise: %w", err)
		}
		if _, err := g.xsvc.PutOnAgenda(ctx, a, system, mt.ID, m.ID, gov.ItemDecision); err != nil {
			return fmt.Errorf("agenda: %w", err)
		}
		g.stats.Matters++
		break
	}
	g.now = m.Start.Add(-2 * time.Hour)
	if err := g.msvc.PublishAgenda(ctx, a, system, m.ID); err != nil {
		return err
	}
	g.now = m.End.Add(10 * time.Minute)
	var att []meeting.AttendeeInput
	for _, ms := range a.Memberships {
		if ms.Forum == f.Slug && ms.ActiveOn(m.LocalDate) && !slices.ContainsFunc(att, func(x meeting.AttendeeInput) bool { return x.Person == ms.Person }) {
			role := "member"
			if ms.Role == gov.RoleChair {
				role = "chair"
			}
			att = append(att, meeting.AttendeeInput{Person: ms.Person, Role: role, Present: true})
		}
	}
	// Parties without a seat send someone too (as an expert): the
	// forum's approval rule may need them.
	for _, party := range forumParties(a, f) {
		if p := person(a, f, []string{party}); p != nil && !slices.ContainsFunc(att, func(x meeting.AttendeeInput) bool { return x.Person == p.Slug }) {
			att = append(att, meeting.AttendeeInput{Person: p.Slug, Role: "expert", Present: true})
		}
	}
	if err := g.msvc.RecordAttendance(ctx, a, system, m.ID, att); err != nil {
		return err
	}
	if err := g.msvc.MarkHeld(ctx, a, system, m.ID); err != nil {
		return err
	}
	g.stats.Meetings++
	var items []gov.AgendaItem
	err := g.st.ReadMeetings(ctx, func(tx *store.Tx) (err error) {
		items, err = tx.Items(ctx, m.ID)
		return err
	})
	if err != nil {
		return err
	}
	var body strings.Builder
	fmt.Fprintf(&body, "# %s %s\n\n", f.Name, m.LocalDate)
	for i, it := range items {
		fmt.Fprintf(&body, "## %d. %s\n\n", i+1, it.Title)
		if it.Type != gov.ItemDecision || it.Status != gov.ItemAccepted {
			fmt.Fprintf(&body, "Discussed; noted for the record.\n\n")
			continue
		}
		var err error
		if it.Source == "yearly-duty" {
			_, err = g.xsvc.RecordDuty(ctx, a, system, m.ID, it.ID, matter.Duty{Statement: it.Title + ": decided as proposed."})
		} else {
			_, err = g.xsvc.RecordConsensus(ctx, a, system, m.ID, it.ID, matter.Consensus{Statement: it.Title + ": agreed as proposed.", Reached: true})
		}
		if err != nil {
			return err
		}
		g.stats.Decisions++
		fmt.Fprintf(&body, "Decided by consensus as proposed.\n\n")
	}
	writer, ok := g.actor(a, f, meeting.Responsible(a, f, f.Responsibilities.Minutes))
	if !ok {
		return nil // nobody keeps this forum's minutes: the meeting stays held
	}
	if _, err := g.msvc.SaveMinutes(ctx, a, writer, m.ID, body.String()); err != nil {
		return err
	}
	// Checked minutes (issue 19): the first present members other than
	// the chair are chosen as checkers.
	if ck := f.Minutes.Checking; ck != nil && ck.Checkers > 0 {
		var checkers []string
		for _, at := range att {
			if at.Role != "chair" && at.Present && len(checkers) < ck.Checkers {
				checkers = append(checkers, at.Person)
			}
		}
		if err := g.msvc.ChooseCheckers(ctx, a, writer, m.ID, checkers); err != nil {
			return err
		}
	}
	if err := g.msvc.SubmitMinutes(ctx, a, writer, m.ID); err != nil {
		return err
	}
	g.stats.Minutes++
	g.now = m.End.Add(24 * time.Hour)
	return g.approve(ctx, a, f)
}

// approve tries every party of the forum on each of its submitted
// minutes, oldest first: the forum's rule decides who may.
func (g *history) approve(ctx context.Context, a *gov.Agreement, f *gov.Forum) error {
	var sent []gov.Meeting
	err := g.st.ReadMeetings(ctx, func(tx *store.Tx) (err error) {
		sent, err = tx.Meetings(ctx, a.Slug, store.MeetingFilter{Forum: f.Slug, States: []gov.MeetingState{gov.MinutesSent}})
		return err
	})
	if err != nil {
		return err
	}
	for _, m := range sent {
		approved := false
		for _, party := range forumParties(a, f) {
			x, ok := g.actor(a, f, []string{party})
			if !ok {
				continue
			}
			err := g.msvc.ApproveMinutes(ctx, a, x, m.ID)
			var ge *gov.Error
			if errors.As(err, &ge) && ge.Code == gov.CodeForbidden {
				continue
			} else if errors.As(err, &ge) && ge.Code == gov.CodeConflict {
				return nil // approved at the next meeting, which is yet to come
			} else if err != nil {
				return err
			}
			approved = true
			g.stats.Approved++
			break
		}
		if !approved {
			return nil
		}
	}
	return nil
}

// actor is a representative of one of parties, signed in as its person.
func (g *history) actor(a *gov.Agreement, f *gov.Forum, parties []string) (meeting.Actor, bool) {
	p := person(a, f, parties)
	if p == nil {
		return meeting.Actor{}, false
	}
	pr := auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: auth.AccountRepresentative}
	return meeting.ActorFor(pr, a), true
}

// person is who acts for the first of parties that has anyone: the person
// of that party who sits in the forum, or else its first person.
func person(a *gov.Agreement, f *gov.Forum, parties []string) *gov.Person {
	var pick *gov.Person
	for _, party := range parties {
		for i := range a.People {
			p := &a.People[i]
			if p.Party != party || p.Email == "" {
				continue
			}
			if slices.ContainsFunc(a.Memberships, func(m gov.Membership) bool { return m.Person == p.Slug && m.Forum == f.Slug }) {
				return p
			}
			if pick == nil {
				pick = p
			}
		}
		if pick != nil {
			return pick
		}
	}
	return nil
}

// forumParties are the party slugs taking part in a forum.
func forumParties(a *gov.Agreement, f *gov.Forum) []string {
	if len(f.Parties) > 0 {
		return f.Parties
	}
	out := make([]string, len(a.Parties))
	for i, p := range a.Parties {
		out[i] = p.Slug
	}
	return out
}
