package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"golang.org/x/term"

	"github.com/steerco/steerco/internal/export"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

const privacyUsage = `usage: steerco privacy <subcommand> --email E [flags]

  export --email E [--out FILE]
          everything steerco holds about the person, as JSON (to FILE,
          or standard output): account, directory entries in every
          agreement, seats, attendance, action items, records they
          wrote, messages to them, audit entries naming them
  erase --email E [--also TEXT]... [--yes]
          pseudonymise the person everywhere ("Erased person 7f3a"):
          account (disabled), directory entries, attendance, action
          items, messages, minutes and every other text naming them,
          and the audit log's entries, whose hash chain stays intact.
          --also adds another form of the name to replace in free text
          (an inflected or shortened one: "Virtasen", "A. Virtanen").
          Without --yes it shows what would change and asks (or, not on
          a terminal, changes nothing)

What erase leaves: ids (a person's id in the model, such as
"anna-virtanen", which the model and the audit log refer to; remove the
person from your own model files too, or applying one brings them back),
the contents of uploaded files, forms of the name not given with --also,
and audit entries written before this version of steerco (hash version
1), whose hash covers their text: changing them would break the chain.
Erase lists those entries.

Every subcommand takes --db (env STEERCO_DB).
`

// runPrivacy implements `steerco privacy export|erase`: a data subject's
// access request and erasure.
func runPrivacy(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "export" && args[0] != "erase") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stderr, privacyUsage)
			return 0
		}
		if len(args) > 0 {
			fmt.Fprintf(stderr, "steerco privacy: unknown subcommand %q\n\n", args[0])
		}
		fmt.Fprint(stderr, privacyUsage)
		return 2
	}
	sub := args[0]
	fs := newFlags("privacy "+sub, stderr)
	db := dbFlag(fs, defaultDB)
	email := fs.String("email", "", "the person's e-mail address (required)")
	var out *string
	var yes *bool
	var also stringList
	if sub == "export" {
		out = fs.String("out", "", "write the JSON to this file instead of standard output")
	} else {
		yes = fs.Bool("yes", false, "erase without asking")
		fs.Var(&also, "also", "another form of the name to replace in free text (repeatable)")
	}
	if pos, code := parseFlags(fs, args[1:]); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco privacy %s: unexpected argument %q\n", sub, pos[0])
		return 2
	}
	*email = strings.TrimSpace(*email)
	if msg := checkEmail(*email); msg != "" {
		fmt.Fprintf(stderr, "steerco privacy %s: --email %s\n", sub, msg)
		return 2
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	var err error
	if sub == "export" {
		err = privacyExport(ctx, s, *email, *out, stdout)
	} else {
		err = privacyErase(ctx, s, *email, also, *yes, stdin, stdout, stderr)
	}
	switch {
	case errors.Is(err, errNotErased):
		return 1
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(stderr, "steerco privacy %s: no account or directory entry has the e-mail %s\n", sub, *email)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "steerco privacy %s: %v\n", sub, err)
		return 1
	}
	return 0
}

func privacyExport(ctx context.Context, s *store.Store, email, out string, stdout io.Writer) error {
	if out == "" {
		return export.Person(ctx, s, email, stdout)
	}
	err := writeAtomically(out, func(w io.Writer) error { return export.Person(ctx, s, email, w) })
	if err == nil {
		fmt.Fprintf(stdout, "wrote the personal data of %s to %s\n", email, out)
	}
	return err
}

// errNotErased ends an erasure the operator did not confirm; what would
// have changed is already on the screen.
var errNotErased = errors.New("not erased")

func privacyErase(ctx context.Context, s *store.Store, email string, also []string, yes bool, stdin io.Reader, stdout, stderr io.Writer) error {
	opts := store.EraseOptions{Actor: operator(), Also: also, Check: model.Validate}
	if !yes {
		opts.DryRun = true
		e, err := s.ErasePerson(ctx, email, opts)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "erasing %s would change:\n", email)
		describeErasure(stdout, e)
		f, isFile := stdin.(*os.File)
		if !isFile || !term.IsTerminal(int(f.Fd())) {
			fmt.Fprintln(stderr, "steerco privacy erase: nothing erased; give --yes to erase")
			return errNotErased
		}
		fmt.Fprintf(stderr, "Erase %s? This cannot be undone. Type yes: ", email)
		line, _ := bufio.NewReader(stdin).ReadString('\n')
		if strings.TrimSpace(line) != "yes" {
			fmt.Fprintln(stderr, "steerco privacy erase: nothing erased")
			return errNotErased
		}
		opts.DryRun = false
	}
	e, err := s.ErasePerson(ctx, email, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "erased %s: now %q <%s>; audit entry %d records it\n", email, e.Pseudonym, e.PseudoEmail, e.EntryID)
	describeErasure(stdout, e)
	c, err := s.CheckAudit(ctx)
	if err != nil {
		return err
	}
	if !c.OK {
		return fmt.Errorf("the audit trail is broken at entry %d: %s", c.FirstBroken, c.Reason)
	}
	fmt.Fprintf(stdout, "audit trail intact: %d entries\n", c.Entries)
	return nil
}

// describeErasure lists what an erasure changed, and what it could not.
func describeErasure(w io.Writer, e *store.Erasure) {
	if e.Account {
		fmt.Fprintln(w, "  account: pseudonymised and disabled")
	}
	if len(e.Agreements) > 0 {
		fmt.Fprintf(w, "  directory entries in: %s\n", strings.Join(e.Agreements, ", "))
	}
	tables := make([]string, 0, len(e.Rows))
	for t := range e.Rows {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		fmt.Fprintf(w, "  %-20s %d rows\n", t, e.Rows[t])
	}
	if len(e.Unredactable) > 0 {
		ids := make([]string, len(e.Unredactable))
		for i, id := range e.Unredactable {
			ids[i] = fmt.Sprint(id)
		}
		fmt.Fprintf(w, "  NOT REDACTED: %d audit entries written before hash version 2 name the person (ids %s);\n"+
			"  changing them would break the audit chain (see steerco privacy -h)\n", len(ids), strings.Join(ids, ", "))
	}
	if len(e.Skipped) > 0 {
		fmt.Fprintf(w, "  not replaced in free text (too short to match safely): %s\n", strings.Join(slices.Compact(e.Skipped), ", "))
	}
}
