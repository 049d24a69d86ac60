package main

// End-to-end tests of the CLI through run(), in process, on SQLite and
// (when STEERCO_TEST_POSTGRES is set) PostgreSQL: every command of the
// foundation issue, exactly as written there, with good and bad input.
// The calendar commands have their own tests in calendar_test.go.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestMain points the default database at a temporary file, so that a
// command that opens the database when it should not cannot leave a
// steerco.db behind in the source tree.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "steerco-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("STEERCO_DB", "sqlite:"+filepath.Join(dir, "default.db"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one steerco command did.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// steerco runs the CLI in process with args.
func steerco(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	code := run(ctx, args, strings.NewReader(""), &out, &errb)
	return result{code, out.String(), errb.String()}
}

// ok runs a command that must succeed without complaint and returns its output.
func ok(t *testing.T, args ...string) string {
	t.Helper()
	r := steerco(t, args...)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("steerco %s\n%s", strings.Join(args, " "), r)
	}
	return r.stdout
}

// fails runs a command that must exit with code, print nothing on stdout
// and explain itself on stderr; it returns stderr.
func fails(t *testing.T, code int, args ...string) string {
	t.Helper()
	r := steerco(t, args...)
	if r.code != code || r.stdout != "" || strings.TrimSpace(r.stderr) == "" {
		t.Errorf("steerco %s: want exit %d, no stdout and a message on stderr; got\n%s", strings.Join(args, " "), code, r)
	}
	return r.stderr
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// eachDB runs fn on a fresh SQLite database and, when configured, a fresh
// PostgreSQL schema (see storetest.EachDSN).
func eachDB(t *testing.T, fn func(t *testing.T, db string)) {
	storetest.EachDSN(t, fn)
}

// tinyModel is a small valid model; the bad-input tests break it.
const tinyModel = `version: 1
id: tiny
name: Tiny agreement
country: FI
timezone: Europe/Helsinki
language: en
currency: EUR
period:
  from: "2026-01-01"
  to: "2028-12-31"
levels:
  - id: strategic
    name: Strategic
  - id: operational
    name: Operational
parties:
  - id: city
    name: The City
    kind: customer
    attributes:
      - {key: residents, value: "120000", from: "2025-01-01"}
      - {key: owner, value: "true", from: "2025-01-01"}
  - id: acme
    name: Acme Ltd
    kind: supplier
people:
  - id: anna
    name: Anna Virtanen
    party: city
    titles: [Contract manager]
    email: anna@example.fi
    deputy: bo
  - id: bo
    name: Bo Lind
    party: acme
    titles: [Service manager]
forums:
  - id: board
    name: Board
    level: strategic
    cadence:
      frequency: quarterly
    responsibilities:
      convenes: supplier
      prepares: supplier
      chairs: customer
      minutes: supplier
    materials:
      working_days_before: 3
    minutes:
      within_days: 7
      approval: chair
    decision:
      method: majority
      chair_casting_vote: true
    votes:
      per: party
      default: 1
      rules:
        - match: {kind: customer, attribute: owner, is: "true"}
          weight: 2
  - id: ops
    name: Operations
    level: operational
    cadence:
      frequency: weekly
      weekday: monday
    responsibilities:
      convenes: acme
      prepares: acme
      chairs: city
      minutes: acme
    materials:
      day_before: true
    minutes:
      within_days: 3
      approval: next-meeting
    decision:
      method: consensus
    escalates_to: board
memberships:
  - person: anna
    forum: board
    role: chair
    from: "2026-01-01"
  - person: bo
    forum: ops
    role: secretary
    from: "2026-01-01"
`

// replace returns s with old replaced by new exactly once.
func replace(t *testing.T, s, old, new string) string {
	t.Helper()
	if strings.Count(s, old) != 1 {
		t.Fatalf("%q occurs %d times in the model", old, strings.Count(s, old))
	}
	return strings.Replace(s, old, new, 1)
}

func TestVersion(t *testing.T) {
	out := ok(t, "version")
	if !regexp.MustCompile(`^steerco \S+\n$`).MatchString(out) {
		t.Errorf("version prints %q, want \"steerco VERSION\\n\"", out)
	}
}

func TestUsage(t *testing.T) {
	r := steerco(t)
	if r.code != 2 || !strings.Contains(r.stderr, "usage: steerco") || r.stdout != "" {
		t.Errorf("no arguments:\n%s", r)
	}
	for _, h := range []string{"help", "-h", "--help"} {
		r := steerco(t, h)
		if r.code != 0 || !strings.Contains(r.stderr, "usage: steerco") {
			t.Errorf("steerco %s:\n%s", h, r)
		}
		for _, c := range commands() {
			if !strings.Contains(r.stderr, "  "+c.name+" ") {
				t.Errorf("steerco %s does not list %s", h, c.name)
			}
		}
	}
}

// TestBadCommandLines: a wrong command line exits 2 with a message, before
// touching any database.
func TestBadCommandLines(t *testing.T) {
	dir := t.TempDir()
	// A database that must not come into being.
	db := "sqlite:" + filepath.Join(dir, "untouched.db")
	model := writeFile(t, dir, "tiny.yaml", tinyModel)
	tests := []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"frob"}, `unknown command "frob"`},
		{[]string{"--db", db}, `unknown command "--db"`},
		{[]string{"model"}, "usage: steerco model"},
		{[]string{"model", "frob"}, `unknown subcommand "frob"`},
		{[]string{"model", "templates", "extra"}, "want 0 argument(s), got 1"},
		{[]string{"model", "templates", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"model", "show"}, "want 1 argument(s), got 0"},
		{[]string{"model", "show", "a", "b"}, "want 1 argument(s), got 2"},
		{[]string{"model", "validate"}, "want 1 argument(s), got 0"},
		{[]string{"model", "validate", model, model}, "want 1 argument(s), got 2"},
		{[]string{"model", "diff", "--db", db}, "want 1 argument(s), got 0"},
		{[]string{"model", "apply", model, "--db", db, "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"model", "apply", "--db"}, "flag needs an argument: -db"},
		{[]string{"model", "export", "--db", db}, "want 1 argument(s), got 0"},
		{[]string{"model", "schema", "x"}, "want 0 argument(s), got 1"},
		{[]string{"plan", "--db", db}, "--agreement is required"},
		{[]string{"plan", "--db", db, "--agreement", "tiny", "--year", "20x7"}, `invalid value "20x7" for flag -year`},
		{[]string{"plan", "--db", db, "--agreement", "tiny", "--year", "1800"}, "--year 1800"},
		{[]string{"plan", "--db", db, "--agreement", "tiny", "--format", "pdf"}, `--format "pdf"`},
		{[]string{"plan", "--db", db, "--agreement", "tiny", "2027"}, `unexpected argument "2027"`},
		{[]string{"plan", "--db", db, "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"migrate", "--db", db, "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"demo", "--db", db, "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"version", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"calendar"}, "usage: steerco calendar"},
		{[]string{"calendar", "add", "--country", "DK", "--from", "2026-12-17", "--days", "5"}, `--country "DK"`},
	}
	for _, tt := range tests {
		stderr := fails(t, 2, tt.args...)
		if !strings.Contains(stderr, tt.want) {
			t.Errorf("steerco %s: stderr lacks %q:\n%s", strings.Join(tt.args, " "), tt.want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "untouched.db")); err == nil {
		t.Error("a bad command line created the database")
	}
}

// TestDatabaseSelection: --db wins over STEERCO_DB, which wins over the
// default; an unknown scheme is refused.
func TestDatabaseSelection(t *testing.T) {
	dir := t.TempDir()
	envDB := filepath.Join(dir, "env.db")
	flagDB := filepath.Join(dir, "flag.db")
	t.Setenv("STEERCO_DB", "sqlite:"+envDB)
	ok(t, "migrate")
	if _, err := os.Stat(envDB); err != nil {
		t.Errorf("migrate without --db did not use STEERCO_DB: %v", err)
	}
	ok(t, "migrate", "--db", "sqlite:"+flagDB)
	ok(t, "migrate", "--db=sqlite://"+filepath.Join(dir, "slashes.db"))
	for _, f := range []string{flagDB, filepath.Join(dir, "slashes.db")} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("migrate --db did not create %s: %v", f, err)
		}
	}
	for _, tt := range []struct{ db, want string }{
		{"mysql://root@localhost/steerco", `unsupported database "mysql"`},
		{"steerco.db", "unsupported database"},
		{"sqlite:", "empty path"},
		{"sqlite:" + filepath.Join(dir, "no-such-dir", "x.db"), "sqlite"},
	} {
		stderr := fails(t, 1, "migrate", "--db", tt.db)
		if !strings.Contains(stderr, tt.want) {
			t.Errorf("migrate --db %s: stderr lacks %q:\n%s", tt.db, tt.want, stderr)
		}
	}
	// The password of a PostgreSQL URL that cannot be reached is not printed.
	stderr := fails(t, 1, "migrate", "--db", "postgres://steerco:s3cret-pw@127.0.0.1:1/steerco?sslmode=disable&connect_timeout=2")
	if strings.Contains(stderr, "s3cret-pw") {
		t.Errorf("the database password is printed: %s", stderr)
	}
}

// theFive are the templates the foundation issue names.
var theFive = []string{"municipal-3-level", "state-shared-services", "national-platform", "msp-service-management", "city-multi-supplier"}

func TestModelTemplates(t *testing.T) {
	out := ok(t, "model", "templates")
	names := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if !slices.Equal(names, model.Templates()) {
		t.Errorf("model templates prints %q, want one name per line: %q", out, model.Templates())
	}
	for _, n := range names {
		if !slices.Contains(theFive, n) {
			t.Errorf("unexpected template %q", n)
		}
	}
	for _, n := range theFive {
		if !slices.Contains(names, n) {
			t.Errorf("template %s is missing", n)
		}
	}
}

// TestModelShowValidate: show prints the template text exactly (comments
// included), and what it prints validates.
func TestModelShowValidate(t *testing.T) {
	dir := t.TempDir()
	for _, name := range model.Templates() {
		out := ok(t, "model", "show", name)
		want, err := model.Template(name)
		if err != nil {
			t.Fatal(err)
		}
		if out != string(want) {
			t.Errorf("model show %s differs from the template", name)
		}
		if !strings.Contains(out, "\n#") && !strings.HasPrefix(out, "#") {
			t.Errorf("model show %s: the template has no comments (it must say where it picked defaults)", name)
		}
		file := writeFile(t, dir, name+".yaml", out)
		got := ok(t, "model", "validate", file)
		if !strings.HasPrefix(got, fmt.Sprintf("%s: valid model of agreement %q (", file, name)) {
			t.Errorf("model validate %s: %q", file, got)
		}
	}
	stderr := fails(t, 1, "model", "show", "no-such-template")
	for _, name := range model.Templates() {
		if !strings.Contains(stderr, name) {
			t.Errorf("model show of an unknown name does not list %s: %s", name, stderr)
		}
	}
}

// located matches one error line: FILE:LINE:COL: message.
func located(file string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(file) + `:(\d+):(\d+): \S`)
}

// TestModelValidateErrors: a broken model file exits 1, and every error
// names the file, the line and the column and says what is wrong.
func TestModelValidateErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		yaml string
		// want are the expected errors, each "LINE:COL: substring" (or
		// "*: substring" when the line is not checked).
		want []string
	}{
		{"syntax", replace(t, tinyModel, "currency: EUR\n", "currency: EUR: SEK\n"),
			[]string{"7:1: syntax error: mapping values are not allowed"}},
		{"unknown top-level key", replace(t, tinyModel, "currency: EUR\n", "currency: EUR\ncolour: blue\n"),
			[]string{`8:1: colour: unknown key "colour" in the model; allowed: version, id, name`}},
		{"unknown key in a forum", replace(t, tinyModel, "    name: Operations\n", "    name: Operations\n    colour: red\n"),
			[]string{`64:5: forums[1].colour: unknown key "colour" in a forum; allowed: id, name, level`}},
		{"key twice", replace(t, tinyModel, "    name: Board\n", "    name: Board\n    name: Board 2\n"),
			[]string{`40:5: forums[0].name: key "name" appears twice`}},
		{"wrong type", replace(t, tinyModel, "      weekday: monday\n", "      weekday: monday\n      week: second\n"),
			[]string{`68:13: forums[1].cadence.week: want a whole number, got "second"`}},
		{"duplicate party id", replace(t, tinyModel, "  - id: acme\n", "  - id: city\n"),
			[]string{`*: duplicate id "city"`}},
		{"duplicate person id", replace(t, tinyModel, "  - id: bo\n", "  - id: anna\n"),
			[]string{`*: duplicate id "anna"`}},
		{"escalation cycle", replace(t, tinyModel, "      chair_casting_vote: true\n", "      chair_casting_vote: true\n    escalates_to: ops\n"),
			[]string{"*: escalation cycle: board → ops → board"}},
		{"escalation to itself", replace(t, tinyModel, "    escalates_to: board\n", "    escalates_to: ops\n"),
			[]string{"*: a forum cannot escalate to itself"}},
		{"escalation down", replace(t, tinyModel, "    escalates_to: board\n", "    escalates_to: nowhere\n"),
			[]string{`*: no forum "nowhere"`}},
		{"seat rule on an attribute no party has", replace(t, tinyModel, "    votes:\n", "    seats:\n      - match: {kind: customer, attribute: learners, at_least: 1000}\n        each: 2\n    votes:\n"),
			[]string{`*: no party has attribute "learners"`}},
		{"materials deadline the cadence cannot meet", replace(t, tinyModel, "      day_before: true\n", "      working_days_before: 5\n"),
			[]string{"*: materials 5 working days before cannot be met by a weekly cadence"}},
		{"unknown country", replace(t, tinyModel, "country: FI\n", "country: DK\n"),
			[]string{`4:10: country: "DK" is not supported; use FI or SE`}},
		{"impossible date", replace(t, tinyModel, `  to: "2028-12-31"`, `  to: "2028-02-30"`),
			[]string{`*: "2028-02-30" is not a date`}},
		{"unknown membership person", replace(t, tinyModel, "  - person: bo\n", "  - person: nobody\n"),
			[]string{`*: nobody`}},
		{"empty", "", []string{"1:1: the file is empty"}},
		{"two documents", tinyModel + "---\n" + tinyModel, []string{"*: a model file holds one document"}},
		{"not UTF-8", "version: 1\nid: x\nname: \xff\xfe\n", []string{"3:7: the file is not UTF-8 text"}},
		{"a list instead of a model", "- a\n- b\n", []string{"*: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := writeFile(t, dir, strings.ReplaceAll(tt.name, " ", "-")+".yaml", tt.yaml)
			stderr := fails(t, 1, "model", "validate", file)
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			re := located(file)
			for _, l := range lines {
				if !re.MatchString(l) && !regexp.MustCompile(`^\d+ problems; nothing was changed$`).MatchString(l) {
					t.Errorf("error without file:line:col: %q", l)
				}
			}
			for _, w := range tt.want {
				where, what, _ := strings.Cut(w, ": ")
				found := false
				for _, l := range lines {
					if strings.Contains(l, what) && (where == "*" || strings.HasPrefix(l, file+":"+where+":")) {
						found = true
					}
				}
				if !found {
					t.Errorf("no error %q in:\n%s", w, stderr)
				}
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		file := filepath.Join(dir, "no-such-file.yaml")
		stderr := fails(t, 1, "model", "validate", file)
		if !strings.Contains(stderr, file) || !strings.Contains(stderr, "no such file") {
			t.Errorf("stderr: %s", stderr)
		}
	})
	t.Run("10 MB of garbage", func(t *testing.T) {
		garbage := make([]byte, 10<<20)
		seed := uint32(2463534242)
		for i := range garbage {
			seed ^= seed << 13
			seed ^= seed >> 17
			seed ^= seed << 5
			garbage[i] = byte(seed)
		}
		for _, g := range []struct{ name, content string }{
			{"garbage.bin", string(garbage)},
			{"garbage.yaml", strings.Repeat("a: [b, {c: d}]\n", 10<<20/15)},
		} {
			file := writeFile(t, dir, g.name, g.content)
			start := time.Now()
			stderr := fails(t, 1, "model", "validate", file)
			if !strings.HasPrefix(stderr, file+": ") || !strings.Contains(stderr, "MB") || !strings.Contains(stderr, "at most") {
				t.Errorf("%s: want a clear message naming the file and the limit, got %q", g.name, stderr)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%s took %s to refuse", g.name, d)
			}
		}
		// Just under the limit, garbage still gets a located error.
		file := writeFile(t, dir, "under.bin", string(garbage[:model.MaxFileSize-1]))
		stderr := fails(t, 1, "model", "validate", file)
		if !located(file).MatchString(stderr) {
			t.Errorf("garbage under the limit: %q", stderr)
		}
	})
}

// TestModelLifecycle runs diff, apply (twice), export, re-apply of the
// export and plan for every template on each database, and then checks
// that SQLite and PostgreSQL gave the same output.
func TestModelLifecycle(t *testing.T) {
	// outputs[db][template/what] = output
	outputs := map[string]map[string]string{}
	eachDB(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		got := map[string]string{}
		for _, name := range model.Templates() {
			src, err := model.Template(name)
			if err != nil {
				t.Fatal(err)
			}
			file := writeFile(t, dir, name+".yaml", string(src))

			if stderr := fails(t, 1, "model", "export", name, "--db", db); !strings.Contains(stderr, fmt.Sprintf("no agreement %q", name)) {
				t.Errorf("export before apply: %s", stderr)
			}
			if stderr := fails(t, 1, "plan", "--agreement", name, "--year", "2027", "--db", db); !strings.Contains(stderr, fmt.Sprintf("no agreement %q", name)) {
				t.Errorf("plan before apply: %s", stderr)
			}
			diff := ok(t, "model", "diff", file, "--db", db)
			if !strings.HasPrefix(diff, fmt.Sprintf("+ agreement %s (new: ", name)) {
				t.Errorf("model diff of a new agreement: %q", diff)
			}
			if out := ok(t, "model", "apply", file, "--db", db); out != fmt.Sprintf("agreement %s created\n", name) {
				t.Errorf("first apply: %q", out)
			}
			if out := ok(t, "model", "apply", file, "--db", db); out != fmt.Sprintf("agreement %s unchanged\n", name) {
				t.Errorf("second apply: %q", out)
			}
			if out := ok(t, "model", "diff", "--db", db, file); out != fmt.Sprintf("agreement %s: no changes\n", name) {
				t.Errorf("diff after apply: %q", out)
			}

			export := ok(t, "model", "export", name, "--db", db)
			exported := writeFile(t, dir, name+".export.yaml", export)
			if out := ok(t, "model", "validate", exported); !strings.Contains(out, "valid model") {
				t.Errorf("validate export: %q", out)
			}
			if out := ok(t, "model", "diff", exported, "--db", db); out != fmt.Sprintf("agreement %s: no changes\n", name) {
				t.Errorf("diff of the export: %q", out)
			}
			if out := ok(t, "model", "apply", exported, "--db", db); out != fmt.Sprintf("agreement %s unchanged\n", name) {
				t.Errorf("apply of the export: %q", out)
			}
			if again := ok(t, "model", "export", name, "--db", db); again != export {
				t.Errorf("export → apply → export differs:\n%s", lineDiff(export, again))
			}
			got[name+"/export"] = export

			// The plan from the stored agreement is the plan of the model file.
			a, err := model.Parse(file, src)
			if err != nil {
				t.Fatal(err)
			}
			ms, err := plan.Year(a, 2027)
			if err != nil {
				t.Fatal(err)
			}
			var text, csv bytes.Buffer
			plan.WriteText(&text, ms)
			plan.WriteCSV(&csv, ms)
			for _, f := range []struct{ format, want string }{
				{"text", text.String()},
				{"csv", csv.String()},
				{"ics", ""},
			} {
				args := []string{"plan", "--agreement", name, "--year", "2027", "--db", db}
				if f.format != "text" || name == "national-platform" {
					args = append(args, "--format", f.format)
				}
				out := ok(t, args...)
				if f.want != "" && out != f.want {
					t.Errorf("plan --format %s of the stored %s differs from the model's:\n%s", f.format, name, lineDiff(f.want, out))
				}
				got[name+"/plan."+f.format] = out
			}
			checkPlanOutputs(t, name, ms, got[name+"/plan.text"], got[name+"/plan.csv"], got[name+"/plan.ics"])
		}
		outputs[filepath.Base(t.Name())] = got
	})
	sq, pg := outputs["sqlite"], outputs["postgres"]
	if sq == nil || pg == nil {
		t.Logf("not comparing databases: sqlite ran %v, postgres ran %v", sq != nil, pg != nil)
		return
	}
	stamp := regexp.MustCompile(`(?m)^DTSTAMP:\d{8}T\d{6}Z\r\n`)
	for k, s := range sq {
		p := pg[k]
		if strings.HasSuffix(k, ".ics") {
			s, p = stamp.ReplaceAllString(s, ""), stamp.ReplaceAllString(p, "")
		}
		if s != p {
			t.Errorf("%s: SQLite and PostgreSQL differ:\n%s", k, lineDiff(s, p))
		}
	}
}

// checkPlanOutputs checks the shape of the three plan formats.
func checkPlanOutputs(t *testing.T, name string, ms []plan.Meeting, text, csv, ics string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "DATE") || len(lines) != len(ms)+1 {
		t.Errorf("%s: text plan has %d lines for %d meetings, header %q", name, len(lines), len(ms), lines[0])
	}
	rows := strings.Split(strings.TrimSuffix(csv, "\n"), "\n")
	if rows[0] != "date,start,end,forum,forum_name,level,materials_due,proposals_due,minutes_due,moved_from" || len(rows) != len(ms)+1 {
		t.Errorf("%s: csv plan has %d rows for %d meetings, header %q", name, len(rows), len(ms), rows[0])
	}
	if !strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(ics, "END:VCALENDAR\r\n") ||
		strings.Count(ics, "BEGIN:VEVENT\r\n") != len(ms) || strings.Count(ics, "\n") != strings.Count(ics, "\r\n") {
		t.Errorf("%s: ics plan is not a VCALENDAR with CRLF lines and %d events", name, len(ms))
	}
	if len(ms) == 0 {
		t.Errorf("%s: no regular meetings in 2027", name)
	}
}

// TestModelUpdateAndFailedApply: a changed model shows in diff and apply;
// an apply that fails (a broken file, or the database refusing a write
// half-way) changes nothing.
func TestModelUpdateAndFailedApply(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		v1 := writeFile(t, dir, "v1.yaml", tinyModel)
		ok(t, "model", "apply", v1, "--db", db)
		export1 := ok(t, "model", "export", "tiny", "--db", db)

		v2src := replace(t, tinyModel, "    name: Operations\n", "    name: Operations and service desk\n")
		v2src = replace(t, v2src, "      weekday: monday\n", "      weekday: thursday\n")
		v2src = replace(t, v2src, "    titles: [Service manager]\n", "    titles: [Service manager]\n  - id: cecilia\n    name: Cecilia Ek\n    party: acme\n    titles: [Delivery manager]\n")
		v2src += "  - person: cecilia\n    forum: ops\n    role: member\n    from: \"2026-03-01\"\n"
		v2 := writeFile(t, dir, "v2.yaml", v2src)
		diff := ok(t, "model", "diff", v2, "--db", db)
		for _, w := range []string{"Operations and service desk", "thursday", "cecilia"} {
			if !strings.Contains(diff, w) {
				t.Errorf("diff does not mention %q:\n%s", w, diff)
			}
		}
		if !strings.HasSuffix(diff, "\n") || !strings.HasPrefix(diff[strings.LastIndex(strings.TrimSuffix(diff, "\n"), "\n")+1:], "agreement tiny: ") {
			t.Errorf("diff does not end with a summary line:\n%s", diff)
		}
		if out := ok(t, "model", "export", "tiny", "--db", db); out != export1 {
			t.Error("diff changed the database")
		}
		if out := ok(t, "model", "apply", v2, "--db", db); !strings.HasPrefix(out, "agreement tiny updated: ") {
			t.Errorf("apply of a change: %q", out)
		}
		export2 := ok(t, "model", "export", "tiny", "--db", db)
		for _, w := range []string{"Operations and service desk", "weekday: thursday", "id: cecilia", "person: cecilia"} {
			if !strings.Contains(export2, w) {
				t.Errorf("export after the update lacks %q", w)
			}
		}
		if out := ok(t, "model", "apply", v2, "--db", db); out != "agreement tiny unchanged\n" {
			t.Errorf("re-apply of the change: %q", out)
		}
		// Back to v1: the person and the membership go away again.
		if out := ok(t, "model", "apply", v1, "--db", db); !strings.HasPrefix(out, "agreement tiny updated: ") {
			t.Errorf("apply back to v1: %q", out)
		}
		if out := ok(t, "model", "export", "tiny", "--db", db); out != export1 {
			t.Errorf("v1 → v2 → v1 does not give v1's export back:\n%s", lineDiff(export1, out))
		}

		// A broken file changes nothing.
		broken := writeFile(t, dir, "broken.yaml", replace(t, v2src, "country: FI\n", "country: FI\ncolour: blue\n"))
		stderr := fails(t, 1, "model", "apply", broken, "--db", db)
		if !located(broken).MatchString(stderr) {
			t.Errorf("apply of a broken file: %s", stderr)
		}
		if out := ok(t, "model", "export", "tiny", "--db", db); out != export1 {
			t.Error("a broken file changed the agreement")
		}

		// The database refuses the membership row, after the agreement,
		// the forum and the person have been written in the same
		// transaction: none of it may stay.
		refuseMemberships(t, db)
		stderr = fails(t, 1, "model", "apply", v2, "--db", db)
		if !strings.Contains(stderr, "nothing was changed") || !strings.Contains(stderr, "refused by the test") {
			t.Errorf("failing apply: %s", stderr)
		}
		if out := ok(t, "model", "export", "tiny", "--db", db); out != export1 {
			t.Errorf("a failed apply changed the agreement:\n%s", lineDiff(export1, out))
		}
		if out := ok(t, "model", "diff", v1, "--db", db); out != "agreement tiny: no changes\n" {
			t.Errorf("after a failed apply, diff against v1: %q", out)
		}
	})
}

// refuseMemberships makes the database refuse every new membership row.
func refuseMemberships(t *testing.T, db string) {
	t.Helper()
	s := storetest.Open(t, db)
	ctx := context.Background()
	var stmts []string
	if strings.HasPrefix(db, "sqlite:") {
		stmts = []string{`CREATE TRIGGER test_refuse_memberships BEFORE INSERT ON memberships
			BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`}
	} else {
		stmts = []string{
			`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
			`CREATE TRIGGER test_refuse_memberships BEFORE INSERT ON memberships
			FOR EACH ROW EXECUTE FUNCTION test_refuse()`,
		}
	}
	for _, q := range stmts {
		if _, err := s.DB().ExecContext(ctx, q); err != nil {
			t.Fatalf("install the refusing trigger: %v", err)
		}
	}
	s.Close()
}

// TestPlanErrors: an unknown agreement is an error (1); so is none at all
// in an empty database.
func TestPlanErrors(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		stderr := fails(t, 1, "plan", "--agreement", "no-such-agreement", "--year", "2027", "--db", db)
		if !strings.Contains(stderr, `no agreement "no-such-agreement"`) {
			t.Errorf("stderr: %s", stderr)
		}
	})
}

func TestMigrate(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		dialect := "sqlite"
		if !strings.HasPrefix(db, "sqlite:") {
			dialect = "postgres"
		}
		first := ok(t, "migrate", "--db", db)
		lines := strings.Split(strings.TrimSuffix(first, "\n"), "\n")
		applied := lines[:len(lines)-1]
		if len(applied) == 0 {
			t.Fatalf("migrate on an empty database applied nothing: %q", first)
		}
		for i, l := range applied {
			if !regexp.MustCompile(`^applied \d{5}_[a-z0-9_]+\.sql$`).MatchString(l) {
				t.Errorf("line %d: %q", i+1, l)
			}
		}
		if want := fmt.Sprintf("%s database is up to date (%d migration(s) applied now)", dialect, len(applied)); lines[len(lines)-1] != want {
			t.Errorf("last line %q, want %q", lines[len(lines)-1], want)
		}
		if again := ok(t, "migrate", "--db", db); again != fmt.Sprintf("%s database is up to date (0 migration(s) applied now)\n", dialect) {
			t.Errorf("second migrate: %q", again)
		}
		// Every other command migrates on open, so a fresh database needs
		// no migrate first; after it, migrate has nothing to do.
		fresh := db
		if dialect == "sqlite" {
			fresh = storetest.SQLiteDSN(t)
		} else {
			fresh = storetest.PostgresDSN(t)
		}
		fails(t, 1, "model", "export", "tiny", "--db", fresh)
		if again := ok(t, "migrate", "--db", fresh); again != fmt.Sprintf("%s database is up to date (0 migration(s) applied now)\n", dialect) {
			t.Errorf("migrate after another command: %q", again)
		}
	})
}

// syncBuffer is a bytes.Buffer that a running command and the test may
// use at the same time.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

var servedAt = regexp.MustCompile(`is served at\s+(http://\S+)`)

// demo runs `steerco demo` until it serves, fetches its front page, stops
// it as Ctrl-C would, and returns its output.
func demo(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	args = append([]string{"demo", "--addr", "127.0.0.1:0"}, args...)
	go func() { done <- run(ctx, args, strings.NewReader(""), &out, &errb) }()
	deadline := time.After(2 * time.Minute)
	var url string
	for url == "" {
		select {
		case code := <-done:
			t.Fatalf("steerco %s ended before serving:\n%s", strings.Join(args, " "), result{code, out.String(), errb.String()})
		case <-deadline:
			cancel()
			t.Fatalf("steerco %s did not serve within 2 minutes:\n%s", strings.Join(args, " "), result{-1, out.String(), errb.String()})
		case <-time.After(20 * time.Millisecond):
			if m := servedAt.FindStringSubmatch(out.String()); m != nil {
				url = m[1]
			}
		}
	}
	resp, err := http.Get(url + "/")
	if err != nil {
		t.Errorf("GET %s: %v", url, err)
	} else {
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s (following redirects): %s", url, resp.Status)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("steerco demo stopped with exit %d:\n%s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("steerco demo did not stop within 30 s of Ctrl-C")
	}
	return out.String(), errb.String()
}

// TestDemo: demo creates the national-platform agreement (and its demo
// users) when missing, serves the web UI, and leaves an existing database
// as it is.
func TestDemo(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		first, _ := demo(t, "--db", db)
		if !strings.HasPrefix(first, `created the demo agreement "national-platform"`) {
			t.Errorf("first demo: %q", firstLines(first, 3))
		}
		if !strings.Contains(first, "Sign in with") {
			t.Errorf("demo does not say how to sign in:\n%s", first)
		}
		second, _ := demo(t, "--db", db)
		if strings.Contains(second, "created") {
			t.Errorf("second demo created again: %q", firstLines(second, 3))
		}
		// The demo agreement is the template, as `model apply` stores it,
		// and has its annual plan.
		src, _ := model.Template("national-platform")
		file := writeFile(t, t.TempDir(), "np.yaml", string(src))
		if out := ok(t, "model", "diff", file, "--db", db); out != "agreement national-platform: no changes\n" {
			t.Errorf("the demo agreement differs from the template:\n%s", out)
		}
		ok(t, "plan", "--agreement", "national-platform", "--year", "2027", "--db", db)
	})
}

// TestDemoDefaultDatabase: without --db or STEERCO_DB, demo uses
// sqlite:steerco-demo.db in the working directory.
func TestDemoDefaultDatabase(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("STEERCO_DB", "")
	demo(t)
	if _, err := os.Stat(filepath.Join(dir, "steerco-demo.db")); err != nil {
		t.Errorf("demo did not create steerco-demo.db: %v", err)
	}
}

func TestCalendarThroughRun(t *testing.T) {
	out := ok(t, "calendar", "holidays", "--country", "FI", "--year", "2026")
	if n := strings.Count(out, "\n"); n != 15 {
		t.Errorf("calendar holidays FI 2026: %d lines", n)
	}
	if out := ok(t, "calendar", "add", "--country", "SE", "--from", "2026-12-17", "--days", "5"); out != "2026-12-28\n" {
		t.Errorf("calendar add: %q", out)
	}
	if out := ok(t, "calendar", "nth", "--country", "FI", "--month", "2026-06", "--n", "2"); out != "2026-06-02\n" {
		t.Errorf("calendar nth: %q", out)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// lineDiff shows the first lines where a and b differ.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(al), len(bl)) && len(out) < 20; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, fmt.Sprintf("line %d:\n  - %q\n  + %q", i+1, x, y))
		}
	}
	return strings.Join(out, "\n")
}
