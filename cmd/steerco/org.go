package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/steerco/steerco/internal/store"
)

const orgUsage = `usage: steerco org <subcommand> [flags]

  list               the organisations, one per line, tab-separated:
                     slug, name, links (agreement:party, comma-separated;
                     - for none)
  link --agreement ID --party SLUG --org ORG
                     make party SLUG of agreement ID the organisation ORG
                     (created when there is none): ORG's accounts then take
                     part in that agreement as that party, and the party's
                     previous organisation's accounts no longer do

Every subcommand takes --db (env STEERCO_DB).
`

// runOrg implements `steerco org ...`: an operator says which
// organisation each agreement's party is (issue 14). Party ids are local
// to their agreement; only these links let an account into an agreement.
func runOrg(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stderr, orgUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	sub, args := args[0], args[1:]
	fs := newFlags("org "+sub, stderr)
	db := dbFlag(fs, defaultDB)
	var agreement, party, org *string
	switch sub {
	case "list":
	case "link":
		agreement = fs.String("agreement", "", "the agreement (required)")
		party = fs.String("party", "", "the party id in that agreement (required)")
		org = fs.String("org", "", "the organisation's slug (required)")
	default:
		fmt.Fprintf(stderr, "steerco org: unknown subcommand %q\n\n%s", sub, orgUsage)
		return 2
	}
	pos, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco org %s: unexpected argument %q\n", sub, pos[0])
		return 2
	}
	if sub == "link" {
		*agreement, *party, *org = strings.TrimSpace(*agreement), strings.TrimSpace(*party), strings.TrimSpace(*org)
		switch {
		case *agreement == "" || *party == "" || *org == "":
			fmt.Fprintln(stderr, "steerco org link: --agreement, --party and --org are required")
			return 2
		case !store.ValidOrganisationSlug(*org):
			fmt.Fprintf(stderr, "steerco org link: --org %q: use lower-case letters, digits and dashes (at most 63)\n", *org)
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
	case "list":
		err = orgList(ctx, s, stdout)
	case "link":
		err = s.LinkParty(ctx, *agreement, *party, *org, operator())
		if errors.Is(err, store.ErrNotFound) {
			err = fmt.Errorf("agreement %q has no party %q", *agreement, *party)
		}
		if err == nil {
			fmt.Fprintf(stdout, "party %s of agreement %s is organisation %s\n", *party, *agreement, *org)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "steerco org %s: %v\n", sub, err)
		return 1
	}
	return 0
}

func orgList(ctx context.Context, s *store.Store, stdout io.Writer) error {
	orgs, err := s.Organisations(ctx)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	for _, o := range orgs {
		links := make([]string, 0, len(o.Links))
		for _, l := range o.Links {
			links = append(links, l.Agreement+":"+l.Party)
		}
		if len(links) == 0 {
			links = []string{"-"}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", o.Slug, tsvField(o.Name), strings.Join(links, ","))
	}
	return w.Flush()
}
