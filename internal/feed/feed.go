// Package feed manages calendar subscriptions (iCalendar feeds): a
// user's personal feed of the meetings they take part in, or one forum's
// feed. Both front ends call it, so the rules (a forum feed only of a
// forum the user sees now, at most store.MaxFeeds live feeds, a revoked
// feed gone) are written once. What a feed shows is worked out at every
// fetch by internal/web from its owner's access at that moment.
package feed

import (
	"context"
	"errors"
	"fmt"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Service runs calendar feeds on a store.
type Service struct{ st *store.Store }

// New returns a feed service on st.
func New(st *store.Store) *Service { return &Service{st: st} }

// Scope is what a new feed covers: one forum of one agreement, or, when
// both are empty, the user's personal feed.
type Scope struct{ Agreement, Forum string }

// Created is a new feed and its secret, which is shown once.
type Created struct {
	Feed   store.Feed
	Secret string
}

// Path is the feed's address on the instance, relative to its base URL.
func (c *Created) Path() string { return "/feeds/" + c.Secret + ".ics" }

// actorOf names p in the audit trail as the front ends do.
func actorOf(p auth.Principal) string { return "user:" + p.Email }

// List returns p's feeds, live and revoked, newest first.
func (s *Service) List(ctx context.Context, p auth.Principal) ([]store.Feed, error) {
	return s.st.Feeds(ctx, p.UserID)
}

// Create makes a feed for p. A forum feed needs a forum p sees now; the
// agreement and forum are checked against the store, never trusted from
// the form.
func (s *Service) Create(ctx context.Context, p auth.Principal, sc Scope) (*Created, error) {
	f := &store.Feed{UserID: p.UserID}
	if sc.Agreement != "" || sc.Forum != "" {
		a, err := s.st.Agreement(ctx, sc.Agreement)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if a == nil || a.Forum(sc.Forum) == nil || !auth.CanSeeForum(p, a, a.Forum(sc.Forum)) {
			return nil, gov.Invalid(gov.FieldError{Field: "scope", ID: "feeds.choose", Message: "choose your personal feed or a forum you take part in"})
		}
		f.Agreement, f.Forum = a.Slug, sc.Forum
	}
	secret, err := s.st.CreateFeed(ctx, f, actorOf(p))
	if errors.Is(err, store.ErrTooMany) {
		return nil, gov.Invalid(gov.FieldError{Field: "scope", ID: "feeds.toomany", Args: []any{"Max", store.MaxFeeds},
			Message: fmt.Sprintf("you have %d live feeds; revoke one first", store.MaxFeeds)})
	} else if err != nil {
		return nil, err
	}
	return &Created{Feed: *f, Secret: secret}, nil
}

// Revoke ends one of p's feeds; another user's feed is not found.
func (s *Service) Revoke(ctx context.Context, p auth.Principal, id int64) error {
	err := s.st.RevokeFeed(ctx, p.UserID, id, actorOf(p))
	if errors.Is(err, store.ErrNotFound) {
		return &gov.Error{Code: gov.CodeNotFound, Message: fmt.Sprintf("no feed %d", id), ID: "error.notfound"}
	}
	return err
}
