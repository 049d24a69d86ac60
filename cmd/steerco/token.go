package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/api"
	"github.com/steerco/steerco/internal/store"
)

const tokenUsage = `usage: steerco token <subcommand>

  create --email E --name N [--scopes read,write] [--service] [--expires YYYY-MM-DD]
                     create an API token for a user and print its secret (shown once)
  list --email E     list a user's tokens
  revoke --email E --id N
                     revoke a token
`

// runToken implements `steerco token ...`, the operator's way to issue API
// tokens (users can also create their own through the API).
func runToken(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, tokenUsage)
		return 2
	}
	sub := args[0]
	fs := newFlags("token "+sub, stderr)
	db := dbFlag(fs, defaultDB)
	email := fs.String("email", "", "the user's e-mail (required)")
	name := fs.String("name", "", "what the token is for (create)")
	scopes := fs.String("scopes", "read", "comma-separated: read, write, admin (create)")
	service := fs.Bool("service", false, "a service token for an integration, not a person (create)")
	expires := fs.String("expires", "", "expiry date YYYY-MM-DD (create; default never)")
	id := fs.Int64("id", 0, "the token id (revoke)")
	if pos, code := parseFlags(fs, args[1:]); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco token: unexpected argument %q\n", pos[0])
		return 2
	}
	if sub != "create" && sub != "list" && sub != "revoke" {
		fmt.Fprintf(stderr, "steerco token: unknown subcommand %q\n\n%s", sub, tokenUsage)
		return 2
	}
	if *email == "" {
		fmt.Fprintln(stderr, "steerco token: --email is required")
		return 2
	}
	var sc []string
	for _, s := range strings.Split(*scopes, ",") {
		s = strings.TrimSpace(s)
		if !slices.Contains(api.Scopes, api.Scope(s)) {
			fmt.Fprintf(stderr, "steerco token: --scopes: %q is not a scope; use read, write or admin\n", s)
			return 2
		}
		sc = append(sc, s)
	}
	var exp *time.Time
	if *expires != "" {
		t, err := time.Parse(time.DateOnly, *expires)
		if err != nil || !t.After(time.Now()) {
			fmt.Fprintf(stderr, "steerco token: --expires %q: give a future date, YYYY-MM-DD\n", *expires)
			return 2
		}
		exp = &t
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	u, err := s.UserByEmail(ctx, *email)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco token: no user %s\n", *email)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "steerco token: %v\n", err)
		return 1
	}
	switch sub {
	case "create":
		if strings.TrimSpace(*name) == "" {
			fmt.Fprintln(stderr, "steerco token: --name is required")
			return 2
		}
		kind := "personal"
		if *service {
			kind = "service"
		}
		t := &store.Token{UserID: u.ID, Name: *name, Kind: kind, Scopes: sc, ExpiresAt: exp}
		secret, err := s.CreateToken(ctx, t, operator())
		if err != nil {
			fmt.Fprintf(stderr, "steerco token: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, secret)
		fmt.Fprintf(stderr, "token %d (%s, %s) created for %s; the secret above is shown only once\n", t.ID, kind, strings.Join(sc, " "), u.Email)
	case "list":
		ts, err := s.Tokens(ctx, u.ID)
		if err != nil {
			fmt.Fprintf(stderr, "steerco token: %v\n", err)
			return 1
		}
		for _, t := range ts {
			state := "active"
			if t.RevokedAt != nil {
				state = "revoked"
			} else if t.ExpiresAt != nil && time.Now().After(*t.ExpiresAt) {
				state = "expired"
			}
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Prefix, t.Name, t.Kind, strings.Join(t.Scopes, ","), state)
		}
	case "revoke":
		if err := s.RevokeToken(ctx, u.ID, *id, operator()); errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(stderr, "steerco token: %s has no token %d\n", u.Email, *id)
			return 1
		} else if err != nil {
			fmt.Fprintf(stderr, "steerco token: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "token %d revoked\n", *id)
	}
	return 0
}
