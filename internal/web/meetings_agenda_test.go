package web

import (
	"bytes"
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

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestMeetingsProposalsAndCancel: in the ecosystem group the provider
// convenes and members propose items until 10 working days before; the
// convener accepts or declines (with a reason) and may cancel (with a
// reason); invitations are iCalendar files any parser reads.
func TestMeetingsProposalsAndCancel(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newMtWorld(t, st)
		const eco = "ekosysteemiryhma"
		kari := w.person("kari-vaisanen", auth.AccountRepresentative)      // Tiera convenes
		minna := w.person("minna-karjalainen", auth.AccountRepresentative) // a member's seat
		w.at("2027-02-01 10:00")

		// A meeting on a holiday is refused next to the date field, in
		// the reader's language.
		body := w.page(kari, "/a/"+mtSlug+"/meetings?forum="+eco)
		mtWant(t, "the convener's forms", body, "Add a meeting", `id="add-date"`, `value="180"`)
		resp, body := w.send(kari, http.MethodPost, "/a/"+mtSlug+"/forums/"+eco+"/meetings",
			strings.NewReader(url.Values{"date": {"2027-12-06"}, "time": {"10:00"}}.Encode()), "application/x-www-form-urlencoded", "sv")
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a holiday: %d", resp.StatusCode)
		}
		mtWant(t, "a holiday", body, `id="add-date-error">2027-12-06 är ingen arbetsdag (Itsenäisyyspäivä); välj en annan dag.`,
			`aria-describedby="add-date-error"`, `value="2027-12-06"`)
		status, _ := w.post(minna, "/a/"+mtSlug+"/forums/"+eco+"/meetings", url.Values{"date": {"2027-03-16"}})
		if status != http.StatusForbidden {
			t.Errorf("a member adding a meeting: %d, want 403", status)
		}
		resp, _ = w.send(kari, http.MethodPost, "/a/"+mtSlug+"/forums/"+eco+"/meetings",
			strings.NewReader(url.Values{"date": {"2027-03-16"}, "time": {"10:00"}, "minutes": {"120"}, "title": {"Ekosysteemiryhmä, kevät"}, "location": {"Teams"}}.Encode()),
			"application/x-www-form-urlencoded", "")
		loc := resp.Header.Get("Location")
		id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/a/"+mtSlug+"/meetings/"), 10, 64)
		if resp.StatusCode != http.StatusSeeOther || err != nil {
			t.Fatalf("add a meeting: %d, Location %q", resp.StatusCode, loc)
		}
		body = w.page(kari, mtURL(id, ""))
		mtWant(t, "the new meeting", body, "Ekosysteemiryhmä, kevät", "Teams", "Added by the convener", "Tuesday 16 Mar 2027 at 10:00–12:00",
			"Agenda proposals due", "2 Mar 2027")

		// Members propose; the convener decides.
		body = w.page(minna, mtURL(id, ""))
		mtWant(t, "the member's page", body, "Propose an item", "The convener accepts or declines your proposal.")
		w.do(minna, mtURL(id, "/items"), url.Values{"title": {"Tekoälyn käyttö opetuksessa"}, "type": {"discussion"}}, http.StatusSeeOther)
		w.do(minna, mtURL(id, "/items"), url.Values{"title": {"Kahvinkeitin"}, "type": {"decision"}}, http.StatusSeeOther)
		body = w.page(kari, mtURL(id, ""))
		mtWant(t, "the convener's proposals", body, "Proposed items", "Tekoälyn käyttö opetuksessa", "Minna Karjalainen (Alustatalo Oy)", "Accept", "Decline")
		items := mtItems(t, st, id)
		var ai, kahvi int64
		for _, it := range items {
			switch it.Title {
			case "Tekoälyn käyttö opetuksessa":
				ai = it.ID
			case "Kahvinkeitin":
				kahvi = it.ID
			}
		}
		w.do(minna, mtURL(id, "/items/"+strconv.FormatInt(ai, 10)+"/decide"), url.Values{"decision": {"accept"}}, http.StatusForbidden)
		w.do(kari, mtURL(id, "/items/"+strconv.FormatInt(ai, 10)+"/decide"), url.Values{"decision": {"accept"}}, http.StatusSeeOther)
		field := "decline-reason-" + strconv.FormatInt(kahvi, 10)
		body = w.do(kari, mtURL(id, "/items/"+strconv.FormatInt(kahvi, 10)+"/decide"), url.Values{"decision": {"decline"}}, http.StatusUnprocessableEntity)
		mtWant(t, "a decline without reason", body, `id="`+field+`-error">Give the reason for declining`, `href="#`+field+`"`)
		w.do(kari, mtURL(id, "/items/"+strconv.FormatInt(kahvi, 10)+"/decide"), url.Values{"decision": {"decline"}, "reason": {"Ei tämän ryhmän asia"}}, http.StatusSeeOther)
		w.do(kari, mtURL(id, "/items/"+strconv.FormatInt(kahvi, 10)+"/decide"), url.Values{"decision": {"accept"}}, http.StatusConflict)
		body = w.page(minna, mtURL(id, ""))
		mtWant(t, "the member's proposals", body, "declined: <span lang=\"fi\">Ei tämän ryhmän asia</span>", "on the agenda")
		// The convener removes an item.
		w.do(kari, mtURL(id, "/items"), url.Values{"title": {"Poistettava"}, "type": {"information"}}, http.StatusSeeOther)
		for _, it := range mtItems(t, st, id) {
			if it.Title == "Poistettava" {
				w.do(minna, mtURL(id, "/items/"+strconv.FormatInt(it.ID, 10)+"/delete"), nil, http.StatusForbidden)
				w.do(kari, mtURL(id, "/items/"+strconv.FormatInt(it.ID, 10)+"/delete"), nil, http.StatusSeeOther)
			}
		}
		if strings.Contains(w.page(kari, mtURL(id, "")), "Poistettava") {
			t.Error("the removed item is still on the agenda")
		}
		// Proposals close 10 working days before.
		w.at("2027-03-03 09:00")
		body = w.page(minna, mtURL(id, ""))
		mtWant(t, "closed proposals", body, "Proposals for this meeting are closed.")
		body = w.do(minna, mtURL(id, "/items"), url.Values{"title": {"Myöhässä"}, "type": {"discussion"}}, http.StatusConflict)
		mtWant(t, "a late proposal", body, "Proposals for this meeting closed on 2 Mar 2027.")

		// Published: the invitation parses.
		w.do(kari, mtURL(id, "/publish"), nil, http.StatusSeeOther)
		ics := mtICS(t, w, minna, id, "REQUEST")
		mtICALJS(t, ics, "2027-03-16T08:00:00.000Z")

		// Cancelled, with a reason; the calendar event becomes a
		// cancellation with the same UID.
		body = w.do(kari, mtURL(id, "/cancel"), url.Values{"reason": {" "}}, http.StatusUnprocessableEntity)
		mtWant(t, "a cancel without reason", body, `id="cancel-reason-error">Give the reason for cancelling`)
		w.do(minna, mtURL(id, "/cancel"), url.Values{"reason": {"Siirretään syksyyn"}}, http.StatusForbidden)
		w.do(kari, mtURL(id, "/cancel"), url.Values{"reason": {"Siirretään syksyyn"}}, http.StatusSeeOther)
		w.do(kari, mtURL(id, "/cancel"), url.Values{"reason": {"Uudestaan"}}, http.StatusConflict)
		body = w.page(minna, mtURL(id, ""))
		mtWant(t, "the cancelled meeting", body, "Cancelled", "The meeting was cancelled.", "Siirretään syksyyn")
		mtDont(t, "the cancelled meeting", body, "Upload</button>", "Publish the")
		cancel := mtICS(t, w, minna, id, "CANCEL")
		uid := regexp.MustCompile(`UID:(\S+)`)
		if a, b := uid.FindStringSubmatch(ics), uid.FindStringSubmatch(cancel); a == nil || b == nil || a[1] != b[1] {
			t.Errorf("the cancellation's UID differs: %v, %v", a, b)
		}
		body = w.page(minna, "/outbox")
		mtWant(t, "the member's messages", body, "Cancellation", "Invitation")
	})
}

// TestMeetingsExtraMeeting: a member of the supplier steering group
// calls an extra meeting with the model's 14 days' notice.
func TestMeetingsExtraMeeting(t *testing.T) {
	w := newMtWorld(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	const steering = "ohjausryhma-alustatalo"
	sanna := w.person("sanna-rautio", auth.AccountRepresentative) // Tiera, a member's seat; Alustatalo convenes
	w.at("2027-03-01 09:00")
	body := w.page(sanna, "/a/"+mtSlug+"/meetings?forum="+steering)
	mtWant(t, "the member's forms", body, "Call an extra meeting", "Any member may convene an extra meeting with 14 days&#39; notice.", `id="extra-date"`)
	mtDont(t, "the member's forms", body, "Create the meetings")
	body = w.do(sanna, "/a/"+mtSlug+"/forums/"+steering+"/meetings", url.Values{"extra": {"1"}, "date": {"2027-03-10"}}, http.StatusUnprocessableEntity)
	mtWant(t, "short notice", body, `id="extra-date-error">An extra meeting needs 14 days&#39; notice: the earliest date is 15 Mar 2027.`)
	w.do(sanna, "/a/"+mtSlug+"/forums/"+steering+"/meetings", url.Values{"extra": {"1"}, "date": {"2027-03-16"}, "time": {"14:00"}}, http.StatusSeeOther)
	ms := w.meetings(steering)
	if len(ms) != 1 || ms[0].Kind != gov.KindExtra {
		t.Fatalf("meetings %+v", ms)
	}
	// Without the extra flag, she would be adding a meeting: refused.
	w.do(sanna, "/a/"+mtSlug+"/forums/"+steering+"/meetings", url.Values{"date": {"2027-03-23"}}, http.StatusForbidden)
}

func mtItems(t *testing.T, st *store.Store, id int64) []gov.AgendaItem {
	t.Helper()
	var items []gov.AgendaItem
	err := st.ReadMeetings(context.Background(), func(tx *store.Tx) error {
		var err error
		items, err = tx.Items(context.Background(), id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// mtICS downloads a meeting's iCalendar file and checks its form: CRLF
// line ends, lines of at most 75 octets, the method.
func mtICS(t *testing.T, w *mtWorld, c *http.Client, id int64, method string) string {
	t.Helper()
	resp, ics := w.send(c, http.MethodGet, mtURL(id, "/invite.ics"), nil, "", "")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") ||
		!strings.Contains(resp.Header.Get("Content-Type"), "method="+method) {
		t.Fatalf("invite.ics: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !strings.HasSuffix(ics, "\r\n") || strings.Contains(strings.ReplaceAll(ics, "\r\n", ""), "\n") {
		t.Error("invite.ics has lines not ended by CRLF")
	}
	for _, line := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("a line of %d octets: %q", len(line), line)
		}
	}
	unfolded := strings.ReplaceAll(ics, "\r\n ", "")
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "METHOD:" + method + "\r\n", "BEGIN:VEVENT\r\n", "DTSTAMP:", "ORGANIZER;", "UID:", "BEGIN:VTIMEZONE\r\n"} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("invite.ics lacks %q", want)
		}
	}
	return ics
}

// mtICALJS parses an invitation with the independent npm parser ical.js
// (internal/plan's checker) and wants the event to start at start (UTC).
// It skips without node and ical.js, unless STEERCO_CROSSCHECK=1.
func mtICALJS(t *testing.T, ics, start string) {
	t.Helper()
	dir := filepath.Join("..", "plan", "testdata", "icalcheck")
	node, err := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(dir, "node_modules", "ical.js", "package.json"))
	if err != nil || modErr != nil {
		if os.Getenv("STEERCO_CROSSCHECK") == "1" {
			t.Fatal("STEERCO_CROSSCHECK=1 but node or ical.js is missing")
		}
		t.Log("skipping the ical.js check: node or ical.js is missing")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "icalcheck.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TZ=America/Los_Angeles")
	cmd.Stdin = strings.NewReader(ics)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ical.js cannot read the invitation: %v\n%s\n%s", err, stderr.String(), ics)
	}
	var got struct {
		Events []struct {
			UID, Start string
		} `json:"events"`
	}
	if err := json.Unmarshal(out, &got); err != nil || len(got.Events) != 1 || got.Events[0].Start != start {
		t.Errorf("ical.js reads %s (%v), want one event at %s", out, err, start)
	}
}

// TestMeetingsUploadLimit: a file over the limit sent without a
// Content-Length (chunked) is cut off at the limit and refused with 413;
// nothing is stored.
func TestMeetingsUploadLimit(t *testing.T) {
	w := newMtWorld(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	minna := w.person("minna-karjalainen", auth.AccountRepresentative)
	w.do(minna, "/a/"+mtSlug+"/forums/"+mtForum+"/plan", url.Values{"year": {"2027"}}, http.StatusSeeOther)
	m1 := w.meetings(mtForum)[0].ID
	head := "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
	body := io.MultiReader(strings.NewReader(head), io.LimitReader(zeros{}, 26<<20), strings.NewReader("\r\n--x--\r\n"))
	req, _ := http.NewRequest(http.MethodPost, w.srv.URL+mtURL(m1, "/materials"), body)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	if req.ContentLength != 0 {
		t.Fatalf("the request has a Content-Length %d; it must be sent chunked", req.ContentLength)
	}
	resp, err := minna.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "The file is too large: the limit is 25 MB. Nothing was saved.") {
		t.Errorf("a 26 MB upload: %d\n%s", resp.StatusCode, mtMain(string(page)))
	}
	if n := len(w.materials(m1)); n != 0 {
		t.Errorf("%d materials stored after a refused upload", n)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
