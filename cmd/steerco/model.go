package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

const modelUsage = `usage: steerco model <subcommand>

  templates          list the shipped templates, one name per line
  show NAME          print a template as YAML
  validate FILE      check a model file; exit 0 when valid, 1 when not
  diff FILE          show what applying FILE would change
  apply FILE [--org PARTY=ORG]...
                     create or update the agreement FILE describes. Each
                     party is an organisation: --org links party PARTY to
                     organisation ORG (an existing one, or a new one of that
                     slug); a party without a link gets a new organisation,
                     slugged like the party unless another agreement already
                     uses that slug (then AGREEMENT-PARTY). Accounts see an
                     agreement only through their organisation's link
  export ID          print an agreement's model as YAML
  schema             print a JSON Schema of the model file format
`

// runModel implements `steerco model ...`.
func runModel(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, modelUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	fs := newFlags("model "+sub, stderr)
	db := dbFlag(fs, defaultDB)
	orgs := orgFlag{}
	fs.Var(orgs, "org", "apply: PARTY=ORG links a party to an organisation (repeatable)")
	pos, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if len(orgs) > 0 && sub != "apply" {
		fmt.Fprintf(stderr, "steerco model %s: --org is for apply only\n", sub)
		return 2
	}
	need := map[string]int{"templates": 0, "schema": 0, "show": 1, "validate": 1, "diff": 1, "apply": 1, "export": 1}
	n, ok := need[sub]
	if !ok {
		fmt.Fprintf(stderr, "steerco model: unknown subcommand %q\n\n%s", sub, modelUsage)
		return 2
	}
	if len(pos) != n {
		fmt.Fprintf(stderr, "steerco model %s: want %d argument(s), got %d\n\n%s", sub, n, len(pos), modelUsage)
		return 2
	}
	switch sub {
	case "templates":
		for _, name := range model.Templates() {
			fmt.Fprintln(stdout, name)
		}
		return 0
	case "schema":
		b, err := model.Schema()
		if err != nil {
			fmt.Fprintf(stderr, "steerco model schema: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", b)
		return 0
	case "show":
		b, err := model.Template(pos[0])
		if err != nil {
			fmt.Fprintf(stderr, "steerco model show: %v\n", err)
			return 1
		}
		stdout.Write(b)
		return 0
	case "validate":
		a, ok := readModel(pos[0], stderr)
		if !ok {
			return 1
		}
		fmt.Fprintf(stdout, "%s: valid model of agreement %q (%d levels, %d parties, %d people, %d forums, %d memberships)\n",
			pos[0], a.Slug, len(a.Levels), len(a.Parties), len(a.People), len(a.Forums), len(a.Memberships))
		return 0
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	switch sub {
	case "diff":
		return modelDiff(ctx, s, pos[0], stdout, stderr)
	case "apply":
		return modelApply(ctx, s, pos[0], orgs, stdout, stderr)
	default:
		return modelExport(ctx, s, pos[0], stdout, stderr)
	}
}

// readModel reads and checks a model file, printing every error found.
func readModel(path string, stderr io.Writer) (*gov.Agreement, bool) {
	data, err := readLimited(path, model.MaxFileSize)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", path, err)
		return nil, false
	}
	a, err := model.Parse(path, data)
	if err != nil {
		fmt.Fprintln(stderr, err)
		var es model.Errors
		if errors.As(err, &es) && len(es) > 1 {
			fmt.Fprintf(stderr, "%d problems; nothing was changed\n", len(es))
		}
		return nil, false
	}
	return a, true
}

// readLimited reads a file but refuses one over max bytes without reading
// it all, so a stray huge file fails fast with a clear message.
func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > max {
		return nil, fmt.Errorf("the file is %.1f MB; a model file may be at most %d KB", float64(st.Size())/(1<<20), max>>10)
	}
	return io.ReadAll(io.LimitReader(f, max+1))
}

func modelDiff(ctx context.Context, s *store.Store, path string, stdout, stderr io.Writer) int {
	next, ok := readModel(path, stderr)
	if !ok {
		return 1
	}
	cur, err := s.Agreement(ctx, next.Slug)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco model diff: %v\n", err)
		return 1
	}
	lines := model.Diff(cur, next)
	if len(lines) == 0 {
		fmt.Fprintf(stdout, "agreement %s: no changes\n", next.Slug)
		return 0
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	if cur != nil {
		fmt.Fprintf(stdout, "agreement %s: %s\n", next.Slug, model.Summary(lines))
	}
	return 0
}

func modelApply(ctx context.Context, s *store.Store, path string, orgs orgFlag, stdout, stderr io.Writer) int {
	a, ok := readModel(path, stderr)
	if !ok {
		return 1
	}
	cur, err := s.Agreement(ctx, a.Slug)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco model apply: %v\n", err)
		return 1
	}
	for party := range orgs {
		if a.Party(party) == nil {
			fmt.Fprintf(stderr, "steerco model apply: --org %s=...: the agreement has no party %q; nothing was changed\n", party, party)
			return 1
		}
	}
	lines := model.Diff(cur, a)
	if _, err := s.ApplyAgreement(ctx, a, operator(), store.LinkOrganisations(orgs)); err != nil {
		fmt.Fprintf(stderr, "steerco model apply: %v; nothing was changed\n", err)
		return 1
	}
	switch {
	case cur == nil:
		fmt.Fprintf(stdout, "agreement %s created\n", a.Slug)
	case len(lines) == 0 && len(orgs) == 0:
		fmt.Fprintf(stdout, "agreement %s unchanged\n", a.Slug)
	case len(lines) == 0:
		fmt.Fprintf(stdout, "agreement %s: organisations linked\n", a.Slug)
	default:
		fmt.Fprintf(stdout, "agreement %s updated: %s\n", a.Slug, model.Summary(lines))
	}
	// A party whose organisation is not slugged like it (a template
	// applied again with its ids): say so, since accounts are added to it
	// with --party and --agreement.
	links, err := s.PartyLinks(ctx, a.Slug)
	if err != nil {
		fmt.Fprintf(stderr, "steerco model apply: %v\n", err)
		return 1
	}
	for _, l := range links {
		if l.Organisation != l.Party {
			fmt.Fprintf(stdout, "party %s is organisation %s\n", l.Party, l.Organisation)
		}
	}
	return 0
}

// orgFlag collects --org PARTY=ORG.
type orgFlag map[string]string

func (o orgFlag) String() string { return "" }

// Set takes one PARTY=ORG.
func (o orgFlag) Set(v string) error {
	party, org, ok := strings.Cut(v, "=")
	party, org = strings.TrimSpace(party), strings.TrimSpace(org)
	switch {
	case !ok || party == "" || org == "":
		return fmt.Errorf("%q: want PARTY=ORGANISATION", v)
	case !store.ValidOrganisationSlug(org):
		return fmt.Errorf("%q: an organisation is lower-case letters, digits and dashes (at most 63)", org)
	case o[party] != "":
		return fmt.Errorf("party %s given twice", party)
	}
	o[party] = org
	return nil
}

func modelExport(ctx context.Context, s *store.Store, slug string, stdout, stderr io.Writer) int {
	a, err := s.Agreement(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco model export: no agreement %q\n", slug)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "steerco model export: %v\n", err)
		return 1
	}
	b, err := model.Format(a)
	if err != nil {
		fmt.Fprintf(stderr, "steerco model export: %v\n", err)
		return 1
	}
	stdout.Write(b)
	return 0
}

// operator names who ran a CLI command, for the audit trail.
func operator() string {
	if u := os.Getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}
