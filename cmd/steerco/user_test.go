package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// userRun runs the CLI in process with stdin.
func userRun(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	code = run(ctx, args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// userDB returns a database holding the national-platform agreement,
// created through `steerco model apply`, and the slug of one customer
// party in it.
func userDB(t *testing.T, dsn string) (db, party string) {
	t.Helper()
	src, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("np.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "np.yaml")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := userRun(t, "", "model", "apply", path, "--db", dsn); code != 0 {
		t.Fatalf("model apply: %d %s", code, stderr)
	}
	return dsn, a.Parties[0].Slug
}

func userByEmail(t *testing.T, dsn, email string) *store.User {
	t.Helper()
	st := storetest.Open(t, dsn)
	u, err := st.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("%s: %v", email, err)
	}
	st.Close()
	return u
}

func TestUserCommands(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		db, party := userDB(t, dsn)
		const pw = "a long enough secret"

		// add, the password as the first line of stdin.
		code, out, stderr := userRun(t, pw+"\nignored second line\n", "user", "add", "--email", "Anna@Example.fi", "--name", "Anna Virtanen",
			"--party", party, "--role", "member", "--db", db)
		if code != 0 || out != "added user Anna@Example.fi\n" || stderr != "" {
			t.Fatalf("add: %d %q %q", code, out, stderr)
		}
		u := userByEmail(t, db, "anna@example.fi")
		if u.Name != "Anna Virtanen" || u.Party != party || u.Role != auth.AccountMember || u.IsAdmin {
			t.Errorf("stored %+v", u)
		}
		if err := auth.VerifyPassword(u.PasswordHash, pw); err != nil {
			t.Errorf("stored hash does not verify the password: %v", err)
		}

		// A Windows line end is not part of the password; an admin needs no party.
		if code, _, stderr := userRun(t, pw+"\r\n", "user", "add", "--email", "root@example.fi", "--name", "Root", "--admin", "--db", db); code != 0 {
			t.Fatalf("add admin: %d %s", code, stderr)
		}
		if u := userByEmail(t, db, "root@example.fi"); !u.IsAdmin || u.Role != auth.AccountRepresentative || auth.VerifyPassword(u.PasswordHash, pw) != nil {
			t.Errorf("admin stored %+v", u)
		}

		// An account for single sign-on only has no password; stdin is not read.
		if code, _, stderr := userRun(t, "", "user", "add", "--email", "sso@example.fi", "--name", "Sso User", "--party", party, "--sso-only", "--db", db); code != 0 {
			t.Fatalf("add --sso-only: %d %s", code, stderr)
		}
		if u := userByEmail(t, db, "sso@example.fi"); u.PasswordHash != "" {
			t.Error("an --sso-only account got a password")
		}

		// Refusals: exit 1, a clear message, nothing created.
		for _, tt := range []struct {
			stdin string
			args  []string
			want  string
		}{
			{"short\n", []string{"--email", "weak@example.fi", "--name", "W", "--party", party}, "password refused: the password is 5 characters; use at least 12"},
			{"", []string{"--email", "empty@example.fi", "--name", "E", "--party", party}, "no password on standard input"},
			{"\n", []string{"--email", "empty@example.fi", "--name", "E", "--party", party}, "no password on standard input"},
			{pw, []string{"--email", "ANNA@example.fi", "--name", "Again", "--party", party}, "an account with the e-mail ANNA@example.fi already exists"},
			{pw, []string{"--email", "x@example.fi", "--name", "X", "--party", "no-such-party"}, `--party "no-such-party" is not a party of any agreement; known parties: `},
		} {
			code, out, stderr := userRun(t, tt.stdin, append([]string{"user", "add", "--db", db}, tt.args...)...)
			if code != 1 || out != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("add %v: %d %q %q, want exit 1 with %q", tt.args, code, out, stderr, tt.want)
			}
		}
		if _, _, stderr := userRun(t, pw, "user", "add", "--db", db, "--email", "x@example.fi", "--name", "X", "--party", "nope"); !strings.Contains(stderr, party) {
			t.Errorf("the known parties are not listed: %s", stderr)
		}

		// passwd changes it; the old password no longer works.
		const pw2 = "an even better secret"
		if code, out, stderr := userRun(t, pw2+"\n", "user", "passwd", "--email", "anna@example.fi", "--db", db); code != 0 || out != "password set for anna@example.fi\n" {
			t.Fatalf("passwd: %d %q %q", code, out, stderr)
		}
		u = userByEmail(t, db, "anna@example.fi")
		if auth.VerifyPassword(u.PasswordHash, pw2) != nil || auth.VerifyPassword(u.PasswordHash, pw) == nil {
			t.Error("passwd did not replace the password")
		}
		if code, _, stderr := userRun(t, pw2, "user", "passwd", "--email", "nobody@example.fi", "--db", db); code != 1 || !strings.Contains(stderr, "no account has the e-mail nobody@example.fi") {
			t.Errorf("passwd of an unknown e-mail: %d %s", code, stderr)
		}
		if code, _, stderr := userRun(t, "tiny", "user", "passwd", "--email", "anna@example.fi", "--db", db); code != 1 || !strings.Contains(stderr, "use at least 12") {
			t.Errorf("weak passwd: %d %s", code, stderr)
		}
		if u := userByEmail(t, db, "anna@example.fi"); auth.VerifyPassword(u.PasswordHash, pw2) != nil {
			t.Error("a refused passwd changed the password")
		}

		// list: one account a line, tab-separated, by e-mail.
		code, out, _ = userRun(t, "", "user", "list", "--db", db)
		want := "Anna@Example.fi\tAnna Virtanen\t" + party + "\tmember\tno\tnational-platform:" + party + "\n" +
			"root@example.fi\tRoot\t-\trepresentative\tyes\t-\n" +
			"sso@example.fi\tSso User\t" + party + "\trepresentative\tno\tnational-platform:" + party + "\n"
		if code != 0 || out != want {
			t.Errorf("list: %d\n%s\nwant\n%s", code, out, want)
		}
	})
}

// TestUserCommandLines: a wrong command line exits 2 before touching the
// database.
func TestUserCommandLines(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "untouched.db")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"user"}, "usage: steerco user"},
		{[]string{"user", "frob"}, `unknown subcommand "frob"`},
		{[]string{"user", "add", "--db", db, "--name", "N", "--admin"}, "--email is required"},
		{[]string{"user", "add", "--db", db, "--email", "not-an-address", "--name", "N", "--admin"}, `"not-an-address" is not an e-mail address`},
		{[]string{"user", "add", "--db", db, "--email", "a@b.fi", "--admin"}, "--name is required"},
		{[]string{"user", "add", "--db", db, "--email", "a@b.fi", "--name", "N", "--admin", "--role", "boss"}, `--role "boss"`},
		{[]string{"user", "add", "--db", db, "--email", "a@b.fi", "--name", "N"}, "give --party"},
		{[]string{"user", "add", "--db", db, "--email", "a@b.fi", "--name", "N", "--admin", "extra"}, `unexpected argument "extra"`},
		{[]string{"user", "passwd", "--db", db}, "--email is required"},
		{[]string{"user", "passwd", "--db", db, "--email", "a@b.fi", "--admin"}, "flag provided but not defined: -admin"},
		{[]string{"user", "list", "--db", db, "--email", "a@b.fi"}, "flag provided but not defined: -email"},
	} {
		code, out, stderr := userRun(t, "a long enough secret\n", tt.args...)
		if code != 2 || out != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("steerco %s: %d %q %q, want exit 2 with %q", strings.Join(tt.args, " "), code, out, stderr, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "untouched.db")); err == nil {
		t.Error("a bad command line created the database")
	}
	if code, _, stderr := userRun(t, "", "user", "--help"); code != 0 || !strings.Contains(stderr, "passwd --email E") {
		t.Errorf("user --help: %d %s", code, stderr)
	}
}
