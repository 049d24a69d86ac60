package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/export"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// readZip returns the archive's files by name.
func readZip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	ok(t, err)
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		ok(t, err)
		data, err := io.ReadAll(rc)
		ok(t, err)
		rc.Close()
		out[f.Name] = data
	}
	return out
}

func TestAgreementExport(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		// Another agreement, whose data must stay out.
		src, err := model.Template("municipal-3-level")
		ok(t, err)
		other, err := model.Parse("other.yaml", src)
		ok(t, err)
		_, err = st.ApplyAgreement(ctx, other, "test")
		ok(t, err)

		var buf bytes.Buffer
		sum, err := export.Agreement(ctx, st, agreement, &buf)
		ok(t, err)
		files := readZip(t, buf.Bytes())

		// The model reads back as the stored one.
		a, err := model.Parse("model.yaml", files["model.yaml"])
		ok(t, err)
		ok(t, model.Validate(a))
		w.reload()
		if a.Slug != agreement || len(a.People) != len(w.a.People) || len(a.Forums) != len(w.a.Forums) {
			t.Errorf("model.yaml: %s, %d people, %d forums", a.Slug, len(a.People), len(a.Forums))
		}
		for _, name := range store.RecordTableNames() {
			js, csvData := files["json/"+name+".json"], files["csv/"+name+".csv"]
			var rows []map[string]any
			if err := json.Unmarshal(js, &rows); err != nil {
				t.Errorf("json/%s.json: %v", name, err)
				continue
			}
			if !bytes.HasPrefix(csvData, []byte("\uFEFF")) {
				t.Errorf("csv/%s.csv has no byte order mark", name)
				continue
			}
			records, err := csv.NewReader(bytes.NewReader(csvData[3:])).ReadAll()
			if err != nil || len(records) != len(rows)+1 || len(rows) != sum.Rows[name] {
				t.Errorf("%s: %d JSON rows, %d CSV records (%v), summary %d", name, len(rows), len(records), err, sum.Rows[name])
			}
		}
		rows := func(table string) []map[string]any {
			var out []map[string]any
			ok(t, json.Unmarshal(files["json/"+table+".json"], &out))
			return out
		}
		var meetings int
		ok(t, st.QueryRowContext(ctx, `SELECT count(*) FROM meetings m JOIN agreements a ON a.id = m.agreement_id WHERE a.slug = ?`, agreement).Scan(&meetings))
		if n := len(rows("meetings")); n != meetings || n <= len(w.meetings) {
			t.Errorf("%d meetings exported, want %d", n, meetings)
		}
		for _, p := range rows("people") {
			if other.Person(p["slug"].(string)) != nil && w.a.Person(p["slug"].(string)) == nil {
				t.Errorf("a person of the other agreement: %v", p["slug"])
			}
		}
		if n := len(rows("people")); n != len(w.a.People) {
			t.Errorf("%d people exported, want %d", n, len(w.a.People))
		}
		// JSON keeps types and column order; JSON columns stay JSON.
		p := rows("people")[0]
		if _, isList := p["titles"].([]any); !isList {
			t.Errorf("people.titles is %T, want a list", p["titles"])
		}
		if !strings.HasPrefix(string(files["json/people.json"]), "[\n{\"id\":") {
			t.Errorf("people.json starts %.40q", files["json/people.json"])
		}
		// Left out: message texts, file contents, secrets.
		for _, m := range rows("outbox") {
			if _, has := m["body"]; has {
				t.Error("outbox.json has message bodies")
			}
		}
		if _, has := rows("materials")[0]["data"]; has {
			t.Error("materials.json has file contents")
		}
		// The audit log holds the agreement's entries and its meetings'.
		actions := map[string]bool{}
		for _, e := range rows("audit_log") {
			actions[e["action"].(string)] = true
		}
		for _, want := range []string{"model.apply", "person.update", "meeting.create", "minutes.approve", "action.update"} {
			if !actions[want] {
				t.Errorf("audit_log.json lacks %s: %v", want, actions)
			}
		}
		if actions["user.create"] {
			t.Error("audit_log.json has account entries, which belong to no agreement")
		}
		// The material file, byte for byte, under a safe name.
		name := export.MaterialPath(*w.material)
		if !strings.HasPrefix(name, "materials/") || !bytes.Equal(files[name], []byte("%PDF-1.4 status by "+subjectName)) {
			t.Errorf("material %s: %q", name, files[name])
		}
		if sum.Files != 1 {
			t.Errorf("summary: %+v", sum)
		}
		readme := string(files["README.txt"])
		for _, want := range []string{"model.yaml", "json/TABLE.json", "materials/ID-vVERSION-NAME", "meetings", fmt.Sprintf("%d rows", meetings)} {
			if !strings.Contains(readme, want) {
				t.Errorf("README.txt lacks %q", want)
			}
		}

		if _, err := export.Agreement(ctx, st, "no-such-agreement", io.Discard); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing agreement: %v", err)
		}
	})
}

// TestExportCoversEveryTable: every table of the schema is exported or
// named as outside agreements, so that a table added by a migration is
// not silently missing from the customer's extract.
func TestExportCoversEveryTable(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
		if st.Dialect() == store.DialectPostgres {
			q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
		}
		rows, err := st.QueryContext(context.Background(), q)
		ok(t, err)
		defer rows.Close()
		covered := append(store.RecordTableNames(), store.OutsideAgreements...)
		for rows.Next() {
			var name string
			ok(t, rows.Scan(&name))
			// SQLite's full-text index keeps shadow tables NAME_*.
			if slices.ContainsFunc(covered, func(c string) bool { return name == c || strings.HasPrefix(name, c+"_") && c == "search_fts" }) {
				continue
			}
			t.Errorf("table %s is neither exported (store.recordTables) nor listed in store.OutsideAgreements", name)
		}
	})
}

func TestSafeNames(t *testing.T) {
	for in, want := range map[string]string{
		"Tilannekatsaus Å.pdf": "Tilannekatsaus Å.pdf",
		"../../etc/passwd":     "_.._etc_passwd",
		".hidden":              "hidden",
		"a:b\\c<d>.txt":        "a_b_c_d_.txt",
		"":                     "file",
		"...":                  "file",
	} {
		if got := export.SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := export.MaterialPath(gov.Material{ID: 7, Version: 2, Name: "x/y.pdf"}); got != "materials/7-v2-x_y.pdf" {
		t.Errorf("MaterialPath = %q", got)
	}
}
