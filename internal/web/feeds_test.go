package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

var feedsURL = regexp.MustCompile(`http://[^"<\s]+/feeds/stf_[a-z2-7]+\.ics`)

// feedsMeetings plans 2027 for three forums of the national platform:
// one every party sees, the alustatalo production group, and the
// opetusdata one (which the alustatalo supplier must never see); and
// cancels one alustatalo meeting. It returns the meetings by forum.
func feedsMeetings(t *testing.T, f *fixture) map[string][]gov.Meeting {
	t.Helper()
	ctx := context.Background()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := meeting.New(f.st, cat)
	svc.Now = func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	admin := meeting.Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}
	out := map[string][]gov.Meeting{}
	for _, fo := range []string{"ekosysteemiryhma", "tuotantoryhma-alustatalo", "tuotantoryhma-opetusdata"} {
		ms, err := svc.CreateFromPlan(ctx, f.a, admin, 2027, fo)
		if err != nil || len(ms) == 0 {
			t.Fatalf("plan %s: %d, %v", fo, len(ms), err)
		}
		out[fo] = ms
	}
	if err := svc.Cancel(ctx, f.a, admin, out["tuotantoryhma-alustatalo"][3].ID, "Lomalla; ei asioita"); err != nil {
		t.Fatal(err)
	}
	return out
}

// feedsCreate creates a feed as the client's user and returns its URL,
// read from the page that shows it once.
func feedsCreate(t *testing.T, f *fixture, c *http.Client, scope string) string {
	t.Helper()
	status, _ := f.post(c, "/account/feeds", url.Values{"scope": {scope}})
	if status != http.StatusSeeOther {
		t.Fatalf("create feed %s: %d", scope, status)
	}
	status, body := f.get(c, "/account/feeds")
	u := feedsURL.FindString(body)
	if status != http.StatusOK || u == "" {
		t.Fatalf("the feed's address is not shown: %d\n%s", status, body)
	}
	if _, again := f.get(c, "/account/feeds"); strings.Contains(again, u) {
		t.Error("the feed's address is shown twice")
	}
	return u
}

// feedsFetch fetches a feed without any session and parses it.
func feedsFetch(t *testing.T, u string) (int, string, *ics.Calendar) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, string(b), nil
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	body := string(b)
	if strings.Contains(strings.ReplaceAll(body, "\r\n", ""), "\n") || !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		t.Error("the feed has bare LF line ends")
	}
	for _, line := range strings.Split(body, "\r\n") {
		if len(line) > 75 {
			t.Errorf("line longer than 75 octets: %q", line)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the feed does not parse: %v", err)
	}
	return resp.StatusCode, body, cal
}

func feedsUIDs(cal *ics.Calendar) map[string]*ics.VEvent {
	out := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		out[ev.Id()] = ev
	}
	return out
}

func TestFeeds(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ms := feedsMeetings(t, f)
		supplier := f.client("supplier") // alustatalo
		status, body := f.get(supplier, "/account/feeds")
		if status != http.StatusOK || !strings.Contains(body, `<label for="scope">`) || strings.Contains(body, "tuotantoryhma-opetusdata") {
			t.Fatalf("feeds page: %d\n%s", status, body)
		}

		// Personal: the fixture user holds no seat, so every forum they
		// can see; never the other supplier's.
		personal := feedsCreate(t, f, supplier, "personal")
		_, raw, cal := feedsFetch(t, personal)
		for _, want := range []string{"METHOD:PUBLISH", "BEGIN:VTIMEZONE", "TZID:Europe/Helsinki", "DTSTART;TZID=Europe/Helsinki:"} {
			if !strings.Contains(raw, want) {
				t.Errorf("personal feed lacks %q", want)
			}
		}
		evs := feedsUIDs(cal)
		for fo, list := range ms {
			for _, m := range list {
				ev, in := evs[m.ICalUID]
				if in != (fo != "tuotantoryhma-opetusdata") {
					t.Fatalf("meeting %s of %s: in the feed %v", m.LocalDate, fo, in)
				}
				if in && ev.GetProperty(ics.ComponentPropertySequence) == nil {
					t.Errorf("%s: no SEQUENCE", m.ICalUID)
				}
			}
		}
		cancelled := evs[ms["tuotantoryhma-alustatalo"][3].ICalUID]
		if p := cancelled.GetProperty(ics.ComponentPropertyStatus); p == nil || p.Value != "CANCELLED" || !strings.Contains(raw, "SEQUENCE:1") {
			t.Errorf("the cancelled meeting: %v", p)
		}
		feedsCrossCheck(t, raw, len(evs))
		// Without the .ics suffix too.
		if status, _, _ := feedsFetch(t, strings.TrimSuffix(personal, ".ics")); status != http.StatusOK {
			t.Errorf("without .ics: %d", status)
		}

		// A forum's feed holds that forum only.
		forumFeed := feedsCreate(t, f, supplier, f.a.Slug+"/tuotantoryhma-alustatalo")
		_, _, cal = feedsFetch(t, forumFeed)
		if evs := feedsUIDs(cal); len(evs) != len(ms["tuotantoryhma-alustatalo"]) {
			t.Errorf("forum feed: %d events, want %d", len(evs), len(ms["tuotantoryhma-alustatalo"]))
		}

		// Another supplier's forum, or nonsense, cannot be subscribed to.
		for _, scope := range []string{f.a.Slug + "/tuotantoryhma-opetusdata", "nonsense", "", "matrix/../x"} {
			status, body := f.post(supplier, "/account/feeds", url.Values{"scope": {scope}})
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, `aria-invalid="true"`) {
				t.Errorf("scope %q: %d", scope, status)
			}
		}
		feeds, err := st.Feeds(context.Background(), f.users["supplier"].ID)
		if err != nil || len(feeds) != 2 {
			t.Fatalf("feeds: %d, %v", len(feeds), err)
		}

		// Revoking: only one's own; a revoked feed is gone.
		other := f.client("supplier2")
		if status, _ := f.post(other, "/account/feeds/"+strconv.FormatInt(feeds[0].ID, 10)+"/revoke", nil); status != http.StatusNotFound {
			t.Errorf("another user's revoke: %d", status)
		}
		if status, _ := f.post(supplier, "/account/feeds/"+strconv.FormatInt(feeds[0].ID, 10)+"/revoke", nil); status != http.StatusSeeOther {
			t.Errorf("revoke: %d", status)
		}
		if status, _, _ := feedsFetch(t, forumFeed); status != http.StatusNotFound {
			t.Errorf("a revoked feed: %d", status)
		}
		if status, _, _ := feedsFetch(t, f.srv.URL+"/feeds/stf_"+strings.Repeat("a", 52)+".ics"); status != http.StatusNotFound {
			t.Errorf("an unknown feed: %d", status)
		}

		// Access is what the user has now: moved to another organisation,
		// the feed shows nothing of this agreement; disabled, it is gone.
		if _, err := st.ExecContext(context.Background(), `UPDATE users SET party = ? WHERE id = ?`, "opetusdata", f.users["supplier"].ID); err != nil {
			t.Fatal(err)
		}
		_, _, cal = feedsFetch(t, personal)
		for uid := range feedsUIDs(cal) {
			for _, m := range ms["tuotantoryhma-alustatalo"] {
				if uid == m.ICalUID {
					t.Fatal("the feed still shows a forum its user lost access to")
				}
			}
		}
		if _, err := st.ExecContext(context.Background(), `UPDATE users SET party = ? WHERE id = ?`, "no-such-organisation", f.users["supplier"].ID); err != nil {
			t.Fatal(err)
		}
		if _, _, cal = feedsFetch(t, personal); len(cal.Events()) != 0 {
			t.Errorf("a user of no party still sees %d events", len(cal.Events()))
		}
		if _, err := st.ExecContext(context.Background(), `UPDATE users SET disabled = ? WHERE id = ?`, true, f.users["supplier"].ID); err != nil {
			t.Fatal(err)
		}
		if status, _, _ := feedsFetch(t, personal); status != http.StatusNotFound {
			t.Errorf("a disabled user's feed: %d", status)
		}
	})
}

// feedsCrossCheck parses the feed with the independent ical.js, as the
// annual plan's test does, when node and ical.js are installed (always
// in CI, where STEERCO_CROSSCHECK=1).
func feedsCrossCheck(t *testing.T, raw string, events int) {
	t.Helper()
	dir := filepath.Join("..", "plan", "testdata", "icalcheck")
	node, err := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(dir, "node_modules", "ical.js", "package.json"))
	if err != nil || modErr != nil {
		if os.Getenv("STEERCO_CROSSCHECK") == "1" {
			t.Fatal("STEERCO_CROSSCHECK=1 but node or ical.js is missing")
		}
		t.Log("skipping the ical.js cross-check: node or ical.js is not installed")
		return
	}
	cmd := exec.Command(node, "icalcheck.mjs")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(raw)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("ical.js: %v %s", err, msg)
	}
	var got struct {
		Events []json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(out, &got); err != nil || len(got.Events) != events {
		t.Errorf("ical.js read %d events, want %d (%v)", len(got.Events), events, err)
	}
}
