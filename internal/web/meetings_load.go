package web

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// mtg is one meeting as the signed-in user sees it, with everything its
// page, its PDF and its forms need, read in one read transaction.
type mtg struct {
	l        *lens
	x        meeting.Actor
	f        *gov.Forum
	m        *gov.Meeting
	items    []gov.AgendaItem
	mats     []gov.Material
	att      []gov.Attendee
	versions []gov.Minutes
	actions  []gov.ActionItem
	// nextHeld: the forum's next meeting has been held (approval at the
	// next meeting waits for it); next is that meeting, if any.
	nextHeld bool
	next     *gov.Meeting
	// decided are the items with a decision, which cannot be deleted.
	decided map[int64]bool
	// answers are the invitees' answers (issue 19).
	answers []store.MeetingAnswer
}

// errNoMeeting answers a meeting that does not exist or is not the
// user's to see, alike.
var errNoMeeting = &gov.Error{Code: gov.CodeNotFound, Message: "no such meeting", ID: "error.notfound"}

// meetingID reads the {meeting} of the URL.
func meetingID(r *Req) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("meeting"), 10, 64)
	return id, err == nil && id > 0
}

// loadMeeting reads the meeting of the URL inside the request's
// agreement; a meeting of a forum the user may not see is not found.
func (s *Server) loadMeeting(r *Req) (*mtg, error) {
	id, ok := meetingID(r)
	if !ok {
		return nil, errNoMeeting
	}
	l, err := s.lensFor(r, r.Agreement)
	if err != nil {
		return nil, err
	}
	v := &mtg{l: l, x: s.actor(r)}
	ctx := r.Context()
	err = s.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		m, err := tx.Meeting(ctx, r.Agreement.Slug, id, false)
		if errors.Is(err, store.ErrNotFound) {
			return errNoMeeting
		} else if err != nil {
			return err
		}
		if v.f = l.visibleForum(m.Forum); v.f == nil {
			return errNoMeeting
		}
		v.m = m
		return v.read(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

func (v *mtg) read(ctx context.Context, tx *store.Tx) error {
	var err error
	if v.items, err = tx.Items(ctx, v.m.ID); err != nil {
		return err
	}
	if v.mats, err = tx.Materials(ctx, v.m.ID); err != nil {
		return err
	}
	if v.att, err = tx.Attendance(ctx, v.m.ID); err != nil {
		return err
	}
	if v.versions, err = tx.MinutesVersions(ctx, v.m.ID); err != nil {
		return err
	}
	if v.actions, err = tx.ActionItems(ctx, store.ActionFilter{Agreement: v.m.Agreement, MeetingID: v.m.ID}); err != nil {
		return err
	}
	if v.decided, err = tx.DecidedItems(ctx, v.m.ID); err != nil {
		return err
	}
	if v.answers, err = tx.Answers(ctx, v.m.ID); err != nil {
		return err
	}
	if v.nextHeld, err = meeting.NextHeld(ctx, tx, v.m); err != nil {
		return err
	}
	next, err := tx.NextMeeting(ctx, v.m.Agreement, v.m.Forum, v.m.Start)
	if err == nil {
		v.next = next
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

// latest is the newest version of the minutes, or nil.
func (v *mtg) latest() *gov.Minutes {
	if len(v.versions) == 0 {
		return nil
	}
	return &v.versions[len(v.versions)-1]
}

// approved is the approved version of the minutes, or nil.
func (v *mtg) approved() *gov.Minutes {
	// The last one: a version a checker rejected stays approved, and the
	// next version approved replaces it.
	for i := len(v.versions) - 1; i >= 0; i-- {
		if v.versions[i].Status == gov.MinutesFinal {
			return &v.versions[i]
		}
	}
	return nil
}

// loc is the agreement's time zone.
func (l *lens) loc() *time.Location { return l.now.Location() }

// mtgDate parses a stored YYYY-MM-DD deadline.
func mtgDate(s string) (calendar.Date, bool) {
	d, err := calendar.ParseDate(s)
	return d, err == nil && s != ""
}

// names says who did something ("user:e-mail" in the records) the way
// the viewer may see them: the directory's name and organisation, the
// organisation alone for a person the viewer may not see, else the
// account's name, else the address.
type names struct {
	s     *Server
	ctx   context.Context
	l     *lens
	cache map[string]string
}

func (s *Server) namesFor(r *Req, l *lens) *names {
	return &names{s: s, ctx: r.Context(), l: l, cache: map[string]string{}}
}

func (n *names) of(who string) string {
	if who == "" {
		return ""
	}
	if v, ok := n.cache[who]; ok {
		return v
	}
	email, ok := strings.CutPrefix(who, "user:")
	out := email
	switch {
	case !ok:
		out = n.l.t("meetings.system")
	case n.person(email) != nil:
		out = n.l.personName(n.person(email))
	default:
		if u, err := n.s.store.UserByEmail(n.ctx, email); err == nil && u.Name != "" {
			out = u.Name
		}
	}
	n.cache[who] = out
	return out
}

// person is the directory entry with the e-mail, or nil.
func (n *names) person(email string) *gov.Person {
	for i := range n.l.a.People {
		if p := &n.l.a.People[i]; p.Email != "" && strings.EqualFold(strings.TrimSpace(p.Email), email) {
			return p
		}
	}
	return nil
}

// personLabel names a directory person for the viewer, by slug; name is
// what the record kept when the person has since left the directory.
func (l *lens) personLabel(slug, name string) string {
	if p := l.a.Person(slug); p != nil {
		return l.personName(p)
	}
	if !auth.Can(l.p, l.a, auth.ViewDirectory) {
		return l.t("pages.forum.hiddenperson")
	}
	return name
}
