package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/feed"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/ical"
	"github.com/steerco/steerco/internal/store"
)

// Calendar subscriptions. A feed's URL holds a 256-bit secret, stored
// hashed; what the feed shows is worked out at every fetch from the
// owner's access at that moment, so losing access to an agreement or a
// forum empties it of those meetings, and a revoked feed is gone (404).
//
// A personal feed holds the meetings of the forums where the user has a
// seat (their e-mail in the directory), or of every forum they can see
// when they have no seat anywhere: the same choice as the dashboard's. A
// forum feed holds one forum's meetings.

func (s *Server) feedSvc() *feed.Service { return feed.New(s.store) }

// sessFeedURL carries a new feed's address to the page that shows it
// once, so that reloading that page does not create another feed.
const sessFeedURL = "feed_url"

// feedPast is how far back a feed lists meetings.
const feedPast = 365 * 24 * time.Hour

type feedOption struct{ Value, Label string }

type feedGroup struct {
	Label   string
	Options []feedOption
}

type feedRow struct {
	ID                                int64
	Covers, Prefix, Created, LastUsed string
	Revoked                           string
	Live                              bool
}

type feedsData struct {
	Groups []feedGroup
	Feeds  []feedRow
	// NewURL is the address of the feed just created, shown this once.
	NewURL string
	Scope  string
}

func (s *Server) feeds(w http.ResponseWriter, r *Req) {
	p, err := s.feedsPage(r, "")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p.Data.(*feedsData).NewURL = s.sessions.PopString(r.Context(), sessFeedURL)
	s.render(w, r, http.StatusOK, "feeds", p)
}

// feedsPage gathers the choices (the forums the user can see) and the
// user's feeds.
func (s *Server) feedsPage(r *Req, scope string) (*Page, error) {
	as, err := s.visibleAgreements(r)
	if err != nil {
		return nil, err
	}
	d := &feedsData{Scope: scope}
	names := map[string]string{}
	for _, a := range as {
		g := feedGroup{Label: a.Name}
		for i := range a.Forums {
			f := &a.Forums[i]
			if !f.Inactive && auth.CanSeeForum(r.Principal, a, f) {
				g.Options = append(g.Options, feedOption{Value: a.Slug + "/" + f.Slug, Label: f.Name})
				names[a.Slug+"/"+f.Slug] = a.Name + " › " + f.Name
			}
		}
		i18n.Sort(r.Lang, g.Options, func(o feedOption) string { return o.Label })
		if len(g.Options) > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	fs, err := s.feedSvc().List(r.Context(), r.Principal)
	if err != nil {
		return nil, err
	}
	l := Loc{s.cat, r.Lang}
	for _, f := range fs {
		row := feedRow{ID: f.ID, Prefix: f.Prefix, Created: l.Date(f.CreatedAt), Live: f.RevokedAt == nil, Covers: s.cat.T(r.Lang, "feeds.personal")}
		if !f.Personal() {
			row.Covers = names[f.Agreement+"/"+f.Forum]
			if row.Covers == "" {
				row.Covers = s.cat.T(r.Lang, "feeds.noaccess", "Forum", f.Agreement+"/"+f.Forum)
			}
		}
		if f.LastUsed != nil {
			row.LastUsed = l.Date(*f.LastUsed)
		}
		if f.RevokedAt != nil {
			row.Revoked = l.Date(*f.RevokedAt)
		}
		d.Feeds = append(d.Feeds, row)
	}
	p := s.page(r, s.cat.T(r.Lang, "feeds.title"), d)
	p.Section = "account"
	p.Crumbs = []Crumb{{Label: s.cat.T(r.Lang, "account.title"), Href: "/account"}, {Label: p.Title}}
	return p, nil
}

func (s *Server) createFeed(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	scope := r.PostForm.Get("scope")
	refuse := func(msgID string, args ...any) {
		p, err := s.feedsPage(r, scope)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		p.Errors = []FieldError{{Field: "scope", Msg: s.cat.T(r.Lang, msgID, args...)}}
		s.render(w, r, http.StatusUnprocessableEntity, "feeds", p)
	}
	var sc feed.Scope
	if scope != "personal" {
		sc.Agreement, sc.Forum, _ = strings.Cut(scope, "/")
		if sc.Agreement == "" || sc.Forum == "" {
			refuse("feeds.choose")
			return
		}
	}
	created, err := s.feedSvc().Create(r.Context(), r.Principal, sc)
	if err != nil {
		s.formFail(w, r, err, func(errs []FieldError) {
			p, err := s.feedsPage(r, scope)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			p.Errors = errs
			s.render(w, r, http.StatusUnprocessableEntity, "feeds", p)
		})
		return
	}
	secret := created.Secret
	s.sessions.Put(r.Context(), sessFeedURL, s.baseURL(r)+"/feeds/"+secret+".ics")
	http.Redirect(w, r.Request, "/account/feeds", http.StatusSeeOther)
}

func (s *Server) revokeFeed(w http.ResponseWriter, r *Req) {
	id, err := strconv.ParseInt(r.PathValue("feed"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if err := s.feedSvc().Revoke(r.Context(), r.Principal, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "feeds.revoked")
	http.Redirect(w, r.Request, "/account/feeds", http.StatusSeeOther)
}

// baseURL is the public address for links: the configured one, else the
// address the request came to.
func (s *Server) baseURL(r *Req) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// feedICS serves a feed to a calendar client: no session, the secret in
// the URL is the key.
func (s *Server) feedICS(w http.ResponseWriter, r *Req) {
	secret := strings.TrimSuffix(r.PathValue("token"), ".ics")
	if !strings.HasPrefix(secret, "stf_") || len(secret) > 100 {
		s.notFound(w, r)
		return
	}
	f, err := s.store.FeedBySecret(r.Context(), secret, s.cfg.Now())
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	u, err := s.store.UserByID(r.Context(), f.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		s.notFound(w, r)
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	lang := r.Lang
	if i18n.Valid(u.Locale) {
		lang = u.Locale
	}
	cal, err := s.feedCalendar(r.Context(), u, f, lang, s.baseURL(r))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="steerco.ics"`)
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Write([]byte(cal))
}

// feedEvent is one meeting in a feed with what its event needs.
type feedEvent struct {
	a   *gov.Agreement
	f   *gov.Forum
	m   gov.Meeting
	loc *time.Location
}

// feedAgreements are the agreements a feed may draw on, by its owner's
// access now.
func (s *Server) feedAgreements(ctx context.Context, p auth.Principal, f *store.Feed) ([]*gov.Agreement, error) {
	var slugs []string
	switch {
	case !f.Personal():
		slugs = []string{f.Agreement}
	case p.Admin:
		list, err := s.store.Agreements(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			slugs = append(slugs, a.Slug)
		}
	case p.Organisation != "":
		list, err := s.store.AgreementsForOrganisation(ctx, p.Organisation)
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			slugs = append(slugs, a.Slug)
		}
	}
	var out []*gov.Agreement
	for _, slug := range slugs {
		a, err := s.store.Agreement(ctx, slug)
		if errors.Is(err, store.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		if auth.RoleIn(p, a) != "" {
			out = append(out, a)
		}
	}
	return out, nil
}

// seatsOf are the memberships of the person with the principal's e-mail
// in the forums they can see, by forum.
func seatsOf(p auth.Principal, a *gov.Agreement) map[string][]gov.Membership {
	out := map[string][]gov.Membership{}
	if p.Email == "" {
		return out
	}
	for _, per := range a.People {
		if !strings.EqualFold(per.Email, p.Email) {
			continue
		}
		for _, m := range a.Memberships {
			if f := a.Forum(m.Forum); m.Person == per.Slug && f != nil && auth.CanSeeForum(p, a, f) {
				out[m.Forum] = append(out[m.Forum], m)
			}
		}
	}
	return out
}

// feedCalendar writes the feed: METHOD:PUBLISH, a VTIMEZONE per zone, and
// one VEVENT per meeting with the meeting's own UID and SEQUENCE, so a
// calendar that also got the invitation sees one event.
func (s *Server) feedCalendar(ctx context.Context, u *store.User, feed *store.Feed, lang, base string) (string, error) {
	p := principal(u)
	as, err := s.feedAgreements(ctx, p, feed)
	if err != nil {
		return "", err
	}
	from := s.cfg.Now().Add(-feedPast)
	var all, seated []feedEvent
	anySeat := false
	name := s.cat.T(lang, "feeds.calname.personal", "Name", u.Name)
	zones := map[string][2]int{}
	for _, a := range as {
		loc, err := time.LoadLocation(a.TimeZone)
		if err != nil {
			return "", err
		}
		seats := seatsOf(p, a)
		anySeat = anySeat || len(seats) > 0
		if f := a.Forum(feed.Forum); f != nil && auth.CanSeeForum(p, a, f) {
			name = f.Name
		}
		var ms []gov.Meeting
		err = s.store.ReadMeetings(ctx, func(tx *store.Tx) error {
			ms, err = tx.Meetings(ctx, a.Slug, store.MeetingFilter{Forum: feed.Forum, From: from})
			return err
		})
		if err != nil {
			return "", err
		}
		for _, m := range ms {
			f := a.Forum(m.Forum)
			if f == nil || !auth.CanSeeForum(p, a, f) {
				continue
			}
			ev := feedEvent{a: a, f: f, m: m, loc: loc}
			all = append(all, ev)
			if slices.ContainsFunc(seats[m.Forum], func(ms gov.Membership) bool { return ms.ActiveOn(m.LocalDate) }) {
				seated = append(seated, ev)
			}
			y := m.Start.In(loc).Year()
			z, ok := zones[loc.String()]
			if !ok {
				z = [2]int{y, y}
			}
			zones[loc.String()] = [2]int{min(z[0], y), max(z[1], y)}
		}
	}
	evs := all
	if feed.Personal() && anySeat {
		evs = seated // seated somewhere: only the seats count
	}
	var w ical.Writer
	w.Line("BEGIN", "VCALENDAR")
	w.Line("VERSION", "2.0")
	w.Line("PRODID", "-//steerco//feeds//EN")
	w.Line("CALSCALE", "GREGORIAN")
	w.Line("METHOD", "PUBLISH")
	w.Text("X-WR-CALNAME", name)
	w.Line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	w.Line("X-PUBLISHED-TTL", "PT1H")
	if len(zones) == 0 {
		// A calendar needs one component; an empty feed gets a zone.
		y := s.cfg.Now().Year()
		w.Timezone(time.UTC, y, y)
	}
	tzs := make([]string, 0, len(zones))
	for tz := range zones {
		tzs = append(tzs, tz)
	}
	slices.Sort(tzs)
	for _, tz := range tzs {
		loc, _ := time.LoadLocation(tz)
		w.Timezone(loc, zones[tz][0], zones[tz][1])
	}
	slices.SortStableFunc(evs, func(a, b feedEvent) int { return a.m.Start.Compare(b.m.Start) })
	for _, ev := range evs {
		s.feedVEvent(&w, ev, lang, base)
	}
	w.Line("END", "VCALENDAR")
	return w.String(), nil
}

func (s *Server) feedVEvent(w *ical.Writer, ev feedEvent, lang, base string) {
	m, tz := ev.m, ev.loc.String()
	w.Line("BEGIN", "VEVENT")
	w.Line("UID", m.ICalUID)
	w.Line("SEQUENCE", strconv.Itoa(m.ICalSequence))
	w.Line("DTSTAMP", ical.UTC(m.UpdatedAt))
	w.Line("CREATED", ical.UTC(m.CreatedAt))
	w.Line("LAST-MODIFIED", ical.UTC(m.UpdatedAt))
	w.Line("DTSTART;TZID="+tz, ical.Local(m.Start.In(ev.loc)))
	w.Line("DTEND;TZID="+tz, ical.Local(m.End.In(ev.loc)))
	w.Text("SUMMARY", m.Title)
	if m.Location != "" {
		w.Text("LOCATION", m.Location)
	}
	url := fmt.Sprintf("%s/a/%s/meetings/%d", base, ev.a.Slug, m.ID)
	desc := ev.f.Name + " – " + ev.a.Name + "\n" + s.cat.T(lang, "feeds.event.materials", "Date", i18n.Date(lang, mustDate(m.MaterialsDue)))
	if m.State == gov.Cancelled && m.CancelReason != "" {
		desc += "\n" + s.cat.T(lang, "feeds.event.cancelled", "Reason", m.CancelReason)
	}
	w.Text("DESCRIPTION", desc+"\n"+url)
	w.Line("URL", url)
	if m.State == gov.Cancelled {
		w.Line("STATUS", "CANCELLED")
	} else {
		w.Line("STATUS", "CONFIRMED")
	}
	w.Line("END", "VEVENT")
}

// mustDate reads a stored YYYY-MM-DD; the store writes only valid ones.
func mustDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}
