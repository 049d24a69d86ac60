package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/feed"
	"github.com/steerco/steerco/internal/store"
)

// Calendar feeds through the API: the caller's personal feed or a
// forum's, managed by internal/feed under the rules of the web's account
// page. The feed itself is served at its secret address (/feeds/…ics),
// which needs no token, so that calendar programs can subscribe.

// Feed is one of the caller's calendar subscriptions.
type Feed struct {
	ID        int64      `json:"id"`
	Personal  bool       `json:"personal"`
	Agreement string     `json:"agreement,omitempty"`
	Forum     string     `json:"forum,omitempty"`
	Prefix    string     `json:"prefix"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// CreatedFeed is a new feed with its address, shown this once.
type CreatedFeed struct {
	Feed
	URL string `json:"url"`
}

// NewFeed asks for a forum's feed; without agreement and forum, the
// personal feed.
type NewFeed struct {
	Agreement string `json:"agreement"`
	Forum     string `json:"forum"`
}

func feedOf(f store.Feed) Feed {
	return Feed{ID: f.ID, Personal: f.Personal(), Agreement: f.Agreement, Forum: f.Forum, Prefix: f.Prefix,
		CreatedAt: f.CreatedAt, LastUsed: f.LastUsed, RevokedAt: f.RevokedAt}
}

func (a *API) feedSvc() *feed.Service { return feed.New(a.store) }

// listFeeds lists the caller's feeds, live and revoked.
func (a *API) listFeeds(w http.ResponseWriter, r *Req) {
	fs, err := a.feedSvc().List(r.Context(), r.Principal)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := []Feed{}
	for _, f := range fs {
		out = append(out, feedOf(f))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

// createFeed makes a feed and answers its address once.
func (a *API) createFeed(w http.ResponseWriter, r *Req) {
	var in NewFeed
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	c, err := a.feedSvc().Create(r.Context(), r.Principal, feed.Scope{Agreement: in.Agreement, Forum: in.Forum})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	writeJSON(w, http.StatusCreated, CreatedFeed{Feed: feedOf(c.Feed), URL: scheme + "://" + r.Host + c.Path()})
}

// revokeFeed ends one of the caller's feeds (204).
func (a *API) revokeFeed(w http.ResponseWriter, r *Req) {
	id, err := strconv.ParseInt(r.PathValue("feed"), 10, 64)
	if err != nil {
		writeError(w, errNotFound("no such feed"))
		return
	}
	if err := a.feedSvc().Revoke(r.Context(), r.Principal, id); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
