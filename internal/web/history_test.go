package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// historyForum is limited to two parties: its meetings' history is for
// them (and administrators) only.
const historyForum = "tuotantoryhma-alustatalo"

func TestHistoryPages(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		slug := f.a.Slug
		cat, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		admin := meeting.Actor{P: auth.Principal{Admin: true, Email: "admin@test.example"}, Role: auth.Admin}
		ms, err := meeting.New(st, cat).CreateFromPlan(ctx, f.a, admin, 2027, historyForum)
		if err != nil || len(ms) == 0 {
			t.Fatalf("plan: %v", err)
		}
		// An edit of a person: before and after in the audit trail.
		p := *f.a.Person("kari-vaisanen")
		oldPhone := p.Phone
		p.Phone = "+358 40 999 9999"
		check := func(_, after *gov.Agreement) error { return model.Validate(after) }
		if err := st.UpdatePerson(ctx, slug, store.Editor{Actor: "user:admin@test.example", Check: check}, p); err != nil {
			t.Fatal(err)
		}

		meetingPath := fmt.Sprintf("/a/%s/history/meeting/%d", slug, ms[0].ID)
		personPath := "/a/" + slug + "/history/person/kari-vaisanen"
		for _, name := range matrixUsers[1:] {
			c := f.client(name)
			pr := principal(f.users[name])
			role := auth.RoleIn(pr, f.a)
			// A meeting: for those who see its forum.
			status, body := f.get(c, meetingPath)
			want := http.StatusNotFound
			if role != "" && auth.CanSeeForum(pr, f.a, f.a.Forum(historyForum)) {
				want = http.StatusOK
			}
			if status != want {
				t.Errorf("%s: %s: %d, want %d", name, meetingPath, status, want)
			}
			if status == http.StatusOK && (!strings.Contains(body, "meeting.create") || !strings.Contains(body, "admin@test.example")) {
				t.Errorf("%s: the meeting's history lacks its creation:\n%s", name, body)
			}
			// A person: for those who see them in the directory.
			status, body = f.get(c, personPath)
			body = html.UnescapeString(body)
			want = http.StatusNotFound
			if role != "" && auth.CanSeePerson(pr, f.a, f.a.Person("kari-vaisanen")) {
				want = http.StatusOK
			}
			if status != want {
				t.Errorf("%s: %s: %d, want %d", name, personPath, status, want)
			}
			if status == http.StatusOK && (!strings.Contains(body, "<del>"+oldPhone+"</del>") || !strings.Contains(body, "<ins>+358 40 999 9999</ins>")) {
				t.Errorf("%s: the person's history does not show the phone change:\n%s", name, body)
			}
			// The agreement: for everyone in it.
			status, _ = f.get(c, "/a/"+slug+"/history/agreement/"+slug)
			if want := map[bool]int{true: http.StatusOK, false: http.StatusNotFound}[role != ""]; status != want {
				t.Errorf("%s: agreement history: %d, want %d", name, status, want)
			}
		}
		admin2 := f.client("admin")
		for _, path := range []string{
			"/a/" + slug + "/history/meeting/999999",
			"/a/" + slug + "/history/meeting/x",
			"/a/" + slug + "/history/nothing/1",
			"/a/" + slug + "/history/agreement/another",
			"/a/" + slug + "/history/person/nobody",
			"/a/" + slug + "/history/membership/kari-vaisanen/no-forum/chair@2026-01-01",
		} {
			if status, _ := f.get(admin2, path); status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, status)
			}
		}
		// A seat: its id has slashes.
		var seat string
		for _, m := range f.a.Memberships {
			if m.Person == "kari-vaisanen" {
				seat = m.Person + "/" + m.Forum + "/" + string(m.Role) + "@" + m.From
				break
			}
		}
		if status, _ := f.get(admin2, "/a/"+slug+"/history/membership/"+seat); status != http.StatusOK {
			t.Errorf("seat history: %d", status)
		}

		// After an erasure, the entries show as redacted and do not name him.
		if _, err := st.ErasePerson(ctx, "kari.vaisanen@tiera.example.fi", store.EraseOptions{Actor: "test", Check: model.Validate}); err != nil {
			t.Fatal(err)
		}
		status, body := f.get(admin2, personPath)
		body = html.UnescapeString(body)
		if status != http.StatusOK || !strings.Contains(body, "personal data erased") || strings.Contains(body, "Kari Väisänen") ||
			strings.Contains(body, oldPhone) {
			t.Errorf("history after erasure: %d\n%s", status, body)
		}
	})
}

func TestExportRoutes(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		var rt Route
		for _, r := range f.web.Routes() {
			if strings.HasSuffix(r.Pattern, "/export.zip") {
				rt = r
			}
		}
		for _, name := range matrixUsers[1:] {
			role := auth.RoleIn(principal(f.users[name]), f.a)
			c := f.client(name)
			resp, err := c.Get(f.srv.URL + "/a/" + f.a.Slug + "/export.zip")
			if err != nil {
				t.Fatal(err)
			}
			var body bytes.Buffer
			body.ReadFrom(resp.Body)
			resp.Body.Close()
			want := http.StatusForbidden
			switch {
			case role == "":
				want = http.StatusNotFound
			case auth.Allowed(role, rt.Action) && slices.Contains(exportRoles, role):
				want = http.StatusOK
			}
			if resp.StatusCode != want {
				t.Errorf("%s: export.zip %d, want %d", name, resp.StatusCode, want)
				continue
			}
			if want != http.StatusOK {
				continue
			}
			zr, err := zip.NewReader(bytes.NewReader(body.Bytes()), int64(body.Len()))
			if err != nil || resp.Header.Get("Content-Type") != "application/zip" ||
				!strings.Contains(resp.Header.Get("Content-Disposition"), f.a.Slug+"-export-") {
				t.Fatalf("%s: not a zip download: %v %v", name, err, resp.Header)
			}
			if !slices.ContainsFunc(zr.File, func(z *zip.File) bool { return z.Name == "json/meetings.json" }) {
				t.Errorf("%s: the zip lacks json/meetings.json", name)
			}
		}
		// Any signed-in user gets their own personal data, and nobody's else.
		status, body := f.get(f.client("customer"), "/account/export.json")
		var data struct {
			Email   string `json:"email"`
			Account struct{ Email string }
		}
		if status != http.StatusOK || json.Unmarshal([]byte(body), &data) != nil || data.Account.Email != f.users["customer"].Email {
			t.Errorf("account export: %d\n%s", status, body)
		}
		if status, _ := f.get(f.client(""), "/account/export.json"); status != http.StatusSeeOther {
			t.Errorf("anonymous account export: %d", status)
		}
	})
}
