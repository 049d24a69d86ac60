package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"golang.org/x/term"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/store"
)

const userUsage = `usage: steerco user <subcommand> [flags]

  add --email E --name N [--party SLUG [--agreement ID]] [--admin] [--role ROLE] [--sso-only]
                     create an account; its password is the first line of
                     standard input (asked for when that is a terminal).
                     --party and --agreement link the account to that party
                     of that agreement: it joins the organisation the party
                     is, and sees every agreement that organisation takes
                     part in. --agreement may be left out when exactly one
                     agreement has that party id. ROLE is representative
                     (default), member or observer; --sso-only makes an
                     account without a password, which signs in by single
                     sign-on only
  passwd --email E   set an account's password, read like add's
  disable --email E  disable an account: its sessions and API tokens stop
                     at once, and it cannot sign in
  enable --email E   let a disabled account sign in again
  list               the accounts, one per line, tab-separated:
                     e-mail, name, organisation, role, admin, links
                     (agreement:party, comma-separated; - for none)

Every subcommand takes --db (env STEERCO_DB).
`

// runUser implements `steerco user ...`: accounts are created by an
// operator, never by sign-up, because what an account may see follows
// from its organisation, which only the operator knows.
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stderr, userUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	sub, args := args[0], args[1:]
	fs := newFlags("user "+sub, stderr)
	db := dbFlag(fs, defaultDB)
	var email, name, party, agreement, role *string
	var admin, ssoOnly *bool
	switch sub {
	case "add":
		email = fs.String("email", "", "the e-mail address the user signs in with (required)")
		name = fs.String("name", "", "the user's name (required)")
		party = fs.String("party", "", "the party id of the user's organisation in the agreement")
		agreement = fs.String("agreement", "", "the agreement whose party --party names (may be left out when only one agreement has that party id)")
		role = fs.String("role", auth.AccountRepresentative, "representative, member or observer")
		admin = fs.Bool("admin", false, "an administrator, who sees and edits every agreement")
		ssoOnly = fs.Bool("sso-only", false, "no password: the user signs in by single sign-on only")
	case "passwd", "disable", "enable":
		email = fs.String("email", "", "the account's e-mail address (required)")
	case "list":
	default:
		fmt.Fprintf(stderr, "steerco user: unknown subcommand %q\n\n%s", sub, userUsage)
		return 2
	}
	pos, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco user %s: unexpected argument %q\n", sub, pos[0])
		return 2
	}
	if email != nil {
		*email = strings.TrimSpace(*email)
		if msg := checkEmail(*email); msg != "" {
			fmt.Fprintf(stderr, "steerco user %s: --email %s\n", sub, msg)
			return 2
		}
	}
	if sub == "add" {
		*name, *party, *agreement = strings.TrimSpace(*name), strings.TrimSpace(*party), strings.TrimSpace(*agreement)
		switch {
		case *name == "" || len(*name) > 200:
			fmt.Fprintf(stderr, "steerco user add: --name is required (at most 200 characters)\n")
			return 2
		case !slices.Contains(auth.AccountRoles, *role):
			fmt.Fprintf(stderr, "steerco user add: --role %q: use one of %s\n", *role, strings.Join(auth.AccountRoles, ", "))
			return 2
		case *party == "" && !*admin:
			fmt.Fprintln(stderr, "steerco user add: give --party (the user's organisation) or --admin: an account with neither sees nothing")
			return 2
		case *agreement != "" && *party == "":
			fmt.Fprintln(stderr, "steerco user add: --agreement needs --party (which of its parties the user's organisation is)")
			return 2
		}
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	var err error
	switch sub {
	case "add":
		u := &store.User{Email: *email, Name: *name, Role: *role, IsAdmin: *admin}
		err = userAdd(ctx, s, u, *party, *agreement, *ssoOnly, stdin, stderr)
		if err == nil {
			fmt.Fprintf(stdout, "added user %s\n", u.Email)
		}
	case "passwd":
		err = userPasswd(ctx, s, *email, stdin, stderr)
		if err == nil {
			fmt.Fprintf(stdout, "password set for %s\n", *email)
		}
	case "list":
		err = userList(ctx, s, stdout)
	case "disable", "enable":
		err = userSetDisabled(ctx, s, *email, sub == "disable", stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "steerco user %s: %v\n", sub, err)
		return 1
	}
	return 0
}

// checkEmail says what is wrong with an e-mail address, or "".
func checkEmail(e string) string {
	at := strings.LastIndex(e, "@")
	switch {
	case e == "":
		return "is required"
	case len(e) > 254:
		return "is longer than 254 characters"
	case at < 1 || at == len(e)-1 || strings.ContainsAny(e, " \t\r\n<>,;"):
		return fmt.Sprintf("%q is not an e-mail address", e)
	}
	return ""
}

func userAdd(ctx context.Context, s *store.Store, u *store.User, party, agreement string, ssoOnly bool, stdin io.Reader, stderr io.Writer) error {
	if party != "" {
		org, err := partyOrganisation(ctx, s, party, agreement)
		if err != nil {
			return err
		}
		u.Party = org
	}
	if _, err := s.UserByEmail(ctx, u.Email); err == nil {
		return fmt.Errorf("an account with the e-mail %s already exists (`steerco user passwd` sets its password)", u.Email)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if !ssoOnly {
		hash, err := newPasswordHash(stdin, stderr)
		if err != nil {
			return err
		}
		u.PasswordHash = hash
	}
	err := s.CreateUser(ctx, u, operator())
	if errors.Is(err, store.ErrDuplicate) { // added meanwhile
		return fmt.Errorf("an account with the e-mail %s already exists", u.Email)
	}
	return err
}

func userPasswd(ctx context.Context, s *store.Store, email string, stdin io.Reader, stderr io.Writer) error {
	u, err := s.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no account has the e-mail %s", email)
	} else if err != nil {
		return err
	}
	hash, err := newPasswordHash(stdin, stderr)
	if err != nil {
		return err
	}
	return s.SetPassword(ctx, u.ID, hash, operator())
}

func userList(ctx context.Context, s *store.Store, stdout io.Writer) error {
	us, err := s.Users(ctx)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	for _, u := range us {
		party, admin := u.Party, "no"
		if party == "" {
			party = "-"
		}
		if u.IsAdmin {
			admin = "yes"
		}
		links := make([]string, 0, len(u.Links))
		for _, a := range slices.Sorted(maps.Keys(u.Links)) {
			links = append(links, a+":"+u.Links[a])
		}
		if len(links) == 0 {
			links = []string{"-"}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Email, tsvField(u.Name), party, u.Role, admin, strings.Join(links, ","))
	}
	return w.Flush()
}

// tsvField keeps a value on its line and in its column.
func tsvField(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

// partyOrganisation finds the organisation an account linked to party of
// agreement joins. Without an agreement, the party id must name a party
// of exactly one agreement, or of several that are all the same
// organisation (as a database from before organisations has them), so
// that a new account never joins the wrong customer by accident.
func partyOrganisation(ctx context.Context, s *store.Store, party, agreement string) (string, error) {
	if agreement != "" {
		a, err := s.Agreement(ctx, agreement)
		if errors.Is(err, store.ErrNotFound) {
			return "", fmt.Errorf("--agreement %q: no such agreement (`steerco model list` lists them)", agreement)
		} else if err != nil {
			return "", err
		}
		if a.Party(party) == nil {
			ids := make([]string, len(a.Parties))
			for i, p := range a.Parties {
				ids[i] = p.Slug
			}
			return "", fmt.Errorf("--party %q is not a party of agreement %s; its parties: %s", party, agreement, strings.Join(ids, ", "))
		}
		return s.PartyOrganisation(ctx, agreement, party)
	}
	slugs, err := s.AgreementsWithParty(ctx, party)
	if err != nil {
		return "", err
	}
	if len(slugs) == 0 {
		return "", checkParty(ctx, s, party)
	}
	orgs := map[string]bool{}
	org := ""
	for _, a := range slugs {
		if org, err = s.PartyOrganisation(ctx, a, party); err != nil {
			return "", err
		}
		orgs[org] = true
	}
	if len(orgs) > 1 {
		return "", fmt.Errorf("--party %q is a party of several agreements: %s; give --agreement to say which", party, strings.Join(slugs, ", "))
	}
	return org, nil
}

// checkParty explains that the party slug names no party of any
// agreement, so that a typo does not make an account that sees nothing.
func checkParty(ctx context.Context, s *store.Store, party string) error {
	all, err := s.Agreements(ctx)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		return fmt.Errorf("--party %q: the database has no agreements yet; create one first with `steerco model apply FILE`", party)
	}
	var known []string
	for _, sum := range all {
		a, err := s.Agreement(ctx, sum.Slug)
		if err != nil {
			return err
		}
		for _, p := range a.Parties {
			if !slices.Contains(known, p.Slug) {
				known = append(known, p.Slug)
			}
		}
	}
	slices.Sort(known)
	return fmt.Errorf("--party %q is not a party of any agreement; known parties: %s", party, strings.Join(known, ", "))
}

// newPasswordHash reads a new password and hashes it. From a terminal it
// asks twice without echo; otherwise it takes the first line of stdin, so
// that scripts can pipe it in (never pass a password as an argument: it
// would show in the process list and the shell history).
func newPasswordHash(stdin io.Reader, stderr io.Writer) (string, error) {
	pw, err := readPassword(stdin, stderr)
	if err != nil {
		return "", err
	}
	if pw == "" {
		return "", errors.New("no password on standard input (pipe it in, or use --sso-only for an account without one)")
	}
	if err := auth.CheckPasswordPolicy(pw); err != nil {
		return "", fmt.Errorf("password refused: %v", err)
	}
	return auth.HashPassword(pw)
}

func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fd := int(f.Fd())
		fmt.Fprint(stderr, "Password: ")
		pw, err := term.ReadPassword(fd)
		fmt.Fprintln(stderr)
		if err != nil || len(pw) == 0 {
			return "", err
		}
		fmt.Fprint(stderr, "Password again: ")
		again, err := term.ReadPassword(fd)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		if string(pw) != string(again) {
			return "", errors.New("the passwords do not match")
		}
		return string(pw), nil
	}
	// A line longer than this is not a password anyone typed; the policy
	// check refuses it.
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), nil
}
