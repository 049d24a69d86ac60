package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/pades"
	"github.com/steerco/steerco/internal/store"
)

// demoAgreement is the template the demo database is seeded with: the
// richest of the five models, with sample municipalities, provider,
// suppliers and people.
const demoAgreement = "national-platform"

// demoPassword is every demo account's password. The demo is for trying
// steerco on one's own machine; never expose a demo database.
const demoPassword = "steerco-demo"

// demoAdmin is the demo administrator's e-mail.
const demoAdmin = "admin@steerco.example"

// runDemo implements `steerco demo`: create the demo agreement and its
// users when the database lacks them, then serve the web UI and print
// where to sign in.
func runDemo(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("demo", stderr)
	db := dbFlag(fs, "sqlite:steerco-demo.db")
	sf := addServeFlags(fs)
	scale := addScaleFlags(fs) // #10: generated volume
	if pos, code := parseFlags(fs, args); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco demo: unexpected argument %q\n", pos[0])
		return 2
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	a, err := seedDemo(ctx, s, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "steerco demo: %v\n", err)
		return 1
	}
	logins, err := seedDemoUsers(ctx, s, a)
	if err != nil {
		fmt.Fprintf(stderr, "steerco demo: %v\n", err)
		return 1
	}
	seedDemoMatters(ctx, s, a, stdout, stderr)         // issue 5: meetings for the matters demo
	if *sf.signingCert == "" && *sf.signingKey == "" { // issue 19: a self-signed seal beside the database
		if *sf.signingCert, *sf.signingKey, err = demoSigningPair(*db); err != nil {
			fmt.Fprintf(stderr, "steerco demo: signing certificate: %v\n", err)
			return 1
		}
	}
	if signer, err := pades.Load(*sf.signingCert, *sf.signingKey); err != nil {
		fmt.Fprintf(stderr, "steerco demo: %v\n", err)
		return 1
	} else if err := seedDemoSignedMinutes(ctx, s, a, signer, stdout); err != nil {
		fmt.Fprintf(stderr, "steerco demo: the signed minutes: %v\n", err)
	}
	if err := seedDemoPublicMinutes(ctx, s, a, stdout); err != nil { // issue 21
		fmt.Fprintf(stderr, "steerco demo: the public minutes: %v\n", err)
	}
	if err := seedDemoComplaints(ctx, s, a); err != nil { // issue 6
		fmt.Fprintf(stderr, "steerco demo: %v\n", err)
		return 1
	}
	logins = seedDemoOrders(ctx, s, a, logins, stderr) // issue 7: ordering contacts and their logins
	if err := seedDemoReports(ctx, s, a); err != nil { // issue 8
		fmt.Fprintf(stderr, "steerco demo: %v\n", err)
		return 1
	}
	if done, code := runScale(ctx, s, scale, stdout, stderr); done { // #10
		return code
	}
	return serve(ctx, s, sf, stdout, stderr, func(url string) {
		fmt.Fprintf(stdout, "\nsteerco demo: %s (%s) is served at\n\n    %s\n\nSign in with any of these (password %q):\n\n", a.Name, a.Slug, url, demoPassword)
		for _, l := range logins {
			fmt.Fprintf(stdout, "    %-40s %s\n", l.email, l.what)
		}
		fmt.Fprintln(stdout, "\nStop with Ctrl-C.")
	})
}

// seedDemo applies the demo template unless the agreement exists.
func seedDemo(ctx context.Context, s *store.Store, stdout io.Writer) (*gov.Agreement, error) {
	a, err := s.Agreement(ctx, demoAgreement)
	if err == nil {
		return a, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	src, err := model.Template(demoAgreement)
	if err != nil {
		return nil, err
	}
	a, err = model.Parse(demoAgreement+".yaml", src)
	if err != nil {
		return nil, err
	}
	if _, err := s.ApplyAgreement(ctx, a, "demo"); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "created the demo agreement %q in the database\n", a.Slug)
	return a, nil
}

type demoLogin struct{ email, what string }

// seedDemoUsers makes an administrator and, for each party kind, an
// account for a person of that kind who sits in forums, so that each
// demo login sees its own meetings and deadlines. Existing accounts are
// left as they are.
func seedDemoUsers(ctx context.Context, s *store.Store, a *gov.Agreement) ([]demoLogin, error) {
	hash, err := auth.HashPassword(demoPassword)
	if err != nil {
		return nil, err
	}
	seated := map[string]bool{}
	for _, m := range a.Memberships {
		seated[m.Person] = true
	}
	want := []*store.User{{Email: demoAdmin, Name: "Demo Administrator", IsAdmin: true, Role: auth.AccountRepresentative}}
	whats := []string{"administrator"}
	for _, kind := range gov.PartyKinds {
		for _, p := range a.People {
			party := a.Party(p.Party)
			if party == nil || party.Kind != kind || p.Email == "" || !seated[p.Slug] {
				continue
			}
			want = append(want, &store.User{Email: p.Email, Name: p.Name, Party: party.Slug, Role: auth.AccountRepresentative})
			whats = append(whats, fmt.Sprintf("%s representative: %s, %s", kind, p.Name, party.Name))
			break
		}
	}
	var logins []demoLogin
	for i, u := range want {
		if _, err := s.UserByEmail(ctx, u.Email); err == nil {
			logins = append(logins, demoLogin{u.Email, whats[i]})
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		u.PasswordHash = hash
		if err := s.CreateUser(ctx, u, "demo"); err != nil {
			return nil, err
		}
		logins = append(logins, demoLogin{u.Email, whats[i]})
	}
	return logins, nil
}
