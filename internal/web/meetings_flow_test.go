package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestMeetingsProductionGroupWeek runs the national-platform production
// group through the browser's forms, as the issue describes: the year
// planned, the agenda and materials published the day before, the
// meeting held, minutes written by the supplier and submitted within 3
// days, and approved by the provider's chair once the next meeting has
// been held; with each refusal on the way.
func TestMeetingsProductionGroupWeek(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newMtWorld(t, st)
		minna := w.person("minna-karjalainen", auth.AccountRepresentative) // Alustatalo: convenes, writes the minutes
		kari := w.person("kari-vaisanen", auth.AccountRepresentative)      // Tiera: the chair
		list := "/a/" + mtSlug + "/meetings?forum=" + mtForum

		// Planning: the forms are the convener's.
		body := w.page(minna, list)
		mtWant(t, "the convener's list", body, "Create the meetings", `name="year"`, "Add a meeting")
		body = w.page(kari, list)
		mtWant(t, "the chair's list", body, "The convener, Alustatalo Oy, plans and adds")
		mtDont(t, "the chair's list", body, "Create the meetings")
		body = w.do(kari, "/a/"+mtSlug+"/forums/"+mtForum+"/plan", url.Values{"year": {"2027"}}, http.StatusForbidden)
		mtWant(t, "the chair planning", body, "You may not plan the meetings of Tuotantoryhmä – Tiera ja Alustatalo")
		w.do(minna, "/a/"+mtSlug+"/forums/"+mtForum+"/plan", url.Values{"year": {"2031"}}, http.StatusUnprocessableEntity)
		w.do(minna, "/a/"+mtSlug+"/forums/"+mtForum+"/plan", url.Values{"year": {"2027"}}, http.StatusSeeOther)
		ms := w.meetings(mtForum)
		if len(ms) < 50 {
			t.Fatalf("a weekly forum has about 52 meetings a year, got %d", len(ms))
		}
		w.do(minna, "/a/"+mtSlug+"/forums/"+mtForum+"/plan", url.Values{"year": {"2027"}}, http.StatusSeeOther)
		if again := w.meetings(mtForum); len(again) != len(ms) {
			t.Fatalf("planning twice made %d meetings, then %d", len(ms), len(again))
		}
		m1, m2 := ms[0].ID, ms[1].ID
		body = w.page(minna, list)
		mtWant(t, "the list", body, "Tuesday 5 Jan 2027 at 13:00", "Planned", "Agenda and materials due: 4 Jan 2027", mtURL(m1, ""))

		// The agenda: the convener adds, the chair may not; bad input
		// comes back with the message next to its field.
		w.do(minna, mtURL(m1, "/items"), url.Values{"title": {"Palvelun tila"}, "type": {"information"}, "minutes": {"10"}}, http.StatusSeeOther)
		body = w.do(kari, mtURL(m1, "/items"), url.Values{"title": {"X"}, "type": {"information"}}, http.StatusForbidden)
		mtWant(t, "the chair adding an item", body, "Only the convener sets the agenda of Tuotantoryhmä – Tiera ja Alustatalo.")
		body = w.do(minna, mtURL(m1, "/items"), url.Values{"title": {" "}, "type": {"vote"}}, http.StatusUnprocessableEntity)
		mtWant(t, "a bad item", body, `id="item-title-error">An agenda item needs a title.`, `id="item-type-error">Choose information, discussion or decision.`,
			`aria-describedby="item-title-error"`, `href="#item-title"`)
		body = w.page(kari, mtURL(m1, ""))
		mtWant(t, "the chair before publication", body, "The agenda has not been published yet.")
		mtDont(t, "the chair before publication", body, "Palvelun tila")

		// Published the day before; not by the chair.
		body = w.do(kari, mtURL(m1, "/publish"), nil, http.StatusForbidden)
		mtWant(t, "the chair publishing", body, "Only the convener of Tuotantoryhmä – Tiera ja Alustatalo publishes its agenda.")
		resp, body := w.send(kari, http.MethodPost, mtURL(m1, "/publish"), nil, "application/x-www-form-urlencoded", "fi")
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Vain ryhmän Tuotantoryhmä – Tiera ja Alustatalo koollekutsuja julkaisee esityslistan.") {
			t.Errorf("the refusal in Finnish: %d\n%s", resp.StatusCode, mtMain(body))
		}
		w.at("2027-01-04 09:00")
		w.do(minna, mtURL(m1, "/publish"), nil, http.StatusSeeOther)
		body = w.page(kari, mtURL(m1, ""))
		mtWant(t, "the published meeting", body, "Agenda published", "Palvelun tila", "Laajavaikutteisten häiriöiden juurisyyt", "Standard agenda",
			`<span class="soon">today</span>`, mtURL(m1, "/invite.ics"))
		body = w.page(kari, "/outbox")
		// Notifications are in the agreement's language, Finnish here.
		mtWant(t, "the chair's messages", body, "Invitation", "Kokouskutsu: Tuotantoryhmä – Tiera ja Alustatalo", "with a calendar event", "not sent")

		// Materials: on time until the end of the day before, late after;
		// a name with markup is stored cleaned and shown escaped.
		w.at("2027-01-04 23:30")
		resp, body = w.upload(minna, m1, `<script>alert(1)</script>tila.pdf`, []byte("%PDF-1.4 status"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", resp.StatusCode, mtMain(body))
		}
		w.at("2027-01-05 08:00")
		if resp, body = w.upload(minna, m1, `<script>alert(1)</script>tila.pdf`, []byte("%PDF-1.4 status v2")); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("second version: %d\n%s", resp.StatusCode, mtMain(body))
		}
		if resp, _ = w.upload(minna, m1, "page.html", []byte("<html><script>alert(1)</script></html>")); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("html upload: %d", resp.StatusCode)
		}
		mats := w.materials(m1)
		if len(mats) != 3 {
			t.Fatalf("%d materials, want 3", len(mats))
		}
		body = w.page(kari, mtURL(m1, ""))
		mtDont(t, "the materials", body, "<script>alert", "&lt;script&gt;")
		mtWant(t, "the materials", body, mats[1].Name, "LATE", "Some material arrived after the materials deadline")
		for _, mt := range mats {
			resp, data := w.send(kari, http.MethodGet, mtURL(m1, "/materials/"+strconv.FormatInt(mt.ID, 10)), nil, "", "")
			cd := resp.Header.Get("Content-Disposition")
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(cd, "attachment;") || strings.ContainsAny(cd, "<>") ||
				resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("download %s: %d, %q", mt.Name, resp.StatusCode, cd)
			}
			want := "application/pdf"
			if mt.Name == "page.html" {
				want = "application/octet-stream"
			}
			if ct := resp.Header.Get("Content-Type"); ct != want {
				t.Errorf("download %s: Content-Type %q, want %q", mt.Name, ct, want)
			}
			if mt.Version == 2 && data != "%PDF-1.4 status v2" {
				t.Errorf("version 2 is %q", data)
			}
		}
		// A 2 GB upload is refused before its body is read; nothing is
		// written.
		if status := w.rawUpload(minna, m1, 2<<30); status != http.StatusRequestEntityTooLarge {
			t.Errorf("a 2 GB upload: %d, want 413", status)
		}
		if resp, body = w.upload(minna, m1, "empty.pdf", nil); resp.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `id="material-file-error">The file is empty.`) {
			t.Errorf("an empty file: %d\n%s", resp.StatusCode, mtMain(body))
		}
		if n := len(w.materials(m1)); n != 3 {
			t.Errorf("refused uploads left %d materials, want 3", n)
		}

		// Held: not before it starts.
		body = w.do(minna, mtURL(m1, "/held"), nil, http.StatusConflict)
		mtWant(t, "held too early", body, "The meeting starts Tuesday 5 Jan 2027 at 13:00; it cannot be recorded as held before that.")
		w.at("2027-01-05 13:45")
		body = w.page(minna, mtURL(m1, ""))
		mtWant(t, "the attendance form", body, `name="person-0"`, "Kari Väisänen (Tiera Oy)", `<option value="chair" selected>`, "Record the meeting as held")
		w.do(minna, mtURL(m1, "/held"), nil, http.StatusSeeOther)
		body = w.page(minna, "/")
		mtWant(t, "the secretary's dashboard", pagesSection(body, "My open deadlines"), "8 Jan 2027", mtURL(m1, ""), "Minutes")
		w.do(minna, mtURL(m1, "/attendance"), url.Values{"person-0": {"kari-vaisanen"}, "role-0": {"chair"}, "present-0": {"1"},
			"person-1": {"minna-karjalainen"}, "role-1": {"secretary"}, "present-1": {"1"}, "person-2": {"sanna-rautio"}, "role-2": {"member"}}, http.StatusSeeOther)
		body = w.do(minna, mtURL(m1, "/attendance"), url.Values{"person-0": {"kari-vaisanen"}, "role-0": {"boss"}}, http.StatusUnprocessableEntity)
		mtWant(t, "a bad role", body, `id="att-role-0-error">Choose chair, secretary, presenter, expert or member.`)

		// Minutes: the supplier writes, within 3 days.
		body = w.page(kari, mtURL(m1, ""))
		mtWant(t, "held", body, "Held", "Alustatalo Oy writes the minutes; they are due on 8 Jan 2027.", "in 2 working days") // 6 Jan is Epiphany
		mtDont(t, "the chair's page", body, `id="minutes-body"`)
		w.do(kari, mtURL(m1, "/minutes"), url.Values{"body": {"# Muistio"}}, http.StatusForbidden)
		body = w.do(minna, mtURL(m1, "/minutes"), url.Values{"body": {"  "}}, http.StatusUnprocessableEntity)
		mtWant(t, "empty minutes", body, `id="minutes-body-error">The minutes are empty.`)
		body = w.page(minna, mtURL(m1, ""))
		// The draft is in the agreement's language (Finnish), whoever writes it.
		mtWant(t, "the editor", body, `id="minutes-body"`, "# Pöytäkirja: Tuotantoryhmä – Tiera ja Alustatalo, 5.1.2027", "## 1. ")
		minutes := "# Muistio\n\n## 1. Palvelun tila\n\nKaikki kunnossa, **ei** poikkeamia.\n\n<script>alert(1)</script>\n\n- Päätös: jatketaan"
		w.do(minna, mtURL(m1, "/minutes"), url.Values{"body": {minutes}}, http.StatusSeeOther)
		body = w.page(kari, mtURL(m1, ""))
		mtDont(t, "a draft", body, "Kaikki kunnossa") // drafts are the writer's
		w.do(minna, mtURL(m1, "/minutes/submit"), nil, http.StatusSeeOther)
		body = w.page(kari, mtURL(m1, ""))
		mtWant(t, "submitted minutes", body, "Minutes awaiting approval", "<h4>Muistio</h4>", "<h5>1. Palvelun tila</h5>", "<strong>ei</strong>",
			"You approve these minutes at the next meeting", "delivered on 5 Jan 2027")
		mtDont(t, "submitted minutes", body, "<script>alert(1)", "Approve the minutes</button>")
		if got := w.meeting(m1); got.MinutesDue != "2027-01-08" || got.State != gov.MinutesSent {
			t.Fatalf("after submitting: %s, due %s", got.State, got.MinutesDue)
		}
		body = w.do(kari, mtURL(m1, "/minutes/approve"), nil, http.StatusConflict)
		mtWant(t, "approval too early", body, "approved at the next meeting of Tuotantoryhmä – Tiera ja Alustatalo, which has not been held yet")
		body = w.do(minna, mtURL(m1, "/minutes/approve"), nil, http.StatusForbidden)
		mtWant(t, "the writer approving", body, "You may not approve these minutes: in Tuotantoryhmä – Tiera ja Alustatalo they are approved at the next meeting.")
		w.page(kari, "/outbox")

		// An action item for the chair, who marks it done himself.
		body = w.do(minna, mtURL(m1, "/actions"), url.Values{"title": {"Juurisyyanalyysi"}, "owner": {"nobody"}, "due": {"2027-13-01"}}, http.StatusUnprocessableEntity)
		mtWant(t, "a bad action item", body, `id="action-owner-error">“nobody” is not in the contact directory.`, `id="action-due-error">“2027-13-01” is not a date`)
		w.do(minna, mtURL(m1, "/actions"), url.Values{"title": {"Juurisyyanalyysi"}, "owner": {"kari-vaisanen"}, "due": {"2027-01-11"}}, http.StatusSeeOther)

		// The next meeting: the previous minutes come onto its agenda,
		// with the open action item; once it is held, the chair approves.
		w.at("2027-01-11 09:00")
		w.do(minna, mtURL(m2, "/publish"), nil, http.StatusSeeOther)
		body = w.page(kari, mtURL(m2, ""))
		mtWant(t, "the next agenda", body, "Edellisen kokouksen pöytäkirja (2027-01-05)", "Previous minutes", mtURL(m1, ""), "Juurisyyanalyysi")
		body = w.page(kari, "/")
		mtWant(t, "the chair's dashboard", body, "Juurisyyanalyysi", "Forums whose meetings are recorded", mtURL(m2, ""))
		mtWant(t, "the chair's approvals", pagesSection(body, "Minutes to approve"), mtURL(m1, "#minutes"), "to approve at the next meeting")
		body = w.page(kari, "/a/"+mtSlug+"/actions?mine=1")
		mtWant(t, "the chair's action items", body, "Juurisyyanalyysi", "11 Jan 2027", `class="soon"`)
		var action gov.ActionItem
		st.ReadMeetings(t.Context(), func(tx *store.Tx) error {
			items, err := tx.ActionItems(t.Context(), store.ActionFilter{Agreement: mtSlug})
			if len(items) == 1 {
				action = items[0]
			}
			return err
		})
		body = w.do(kari, "/a/"+mtSlug+"/actions/"+strconv.FormatInt(action.ID, 10), url.Values{"status": {"finished"}}, http.StatusUnprocessableEntity)
		mtWant(t, "a bad status", body, "Choose open, done or cancelled.")
		w.do(kari, "/a/"+mtSlug+"/actions/"+strconv.FormatInt(action.ID, 10), url.Values{"status": {"done"}, "due": {"2027-01-11"}, "back": {mtURL(m2, "#actions")}}, http.StatusSeeOther)
		body = w.page(kari, "/a/"+mtSlug+"/actions?status=done")
		mtWant(t, "done items", body, "Juurisyyanalyysi", "status Open → Done")

		w.at("2027-01-12 13:40")
		w.do(minna, mtURL(m2, "/held"), nil, http.StatusSeeOther)
		mtWant(t, "the chair's approvals", pagesSection(w.page(kari, "/"), "Minutes to approve"), "waiting for your approval")
		body = w.page(kari, mtURL(m1, ""))
		mtWant(t, "approvable", body, "Approve the minutes</button>", "Return with comments")
		w.do(kari, mtURL(m1, "/minutes/approve"), nil, http.StatusSeeOther)
		body = w.page(minna, mtURL(m1, ""))
		mtWant(t, "approved", body, "Minutes approved", "Approved by Kari Väisänen (Tiera Oy) on 12 Jan 2027 at 13:40 (version 1).", mtURL(m1, "/minutes.pdf"))
		mtDont(t, "approved", body, `id="minutes-body"`)
		w.do(minna, mtURL(m1, "/minutes"), url.Values{"body": {"changed"}}, http.StatusConflict)

		// The PDF of the approved minutes; none before approval.
		resp, pdf := w.send(kari, http.MethodGet, mtURL(m1, "/minutes.pdf"), nil, "", "")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF-") || len(pdf) < 1024 {
			t.Errorf("minutes.pdf: %d %s, %d bytes, starts %q", resp.StatusCode, resp.Header.Get("Content-Type"), len(pdf), pdf[:min(len(pdf), 8)])
		}
		if resp, _ := w.send(kari, http.MethodGet, mtURL(m2, "/minutes.pdf"), nil, "", ""); resp.StatusCode != http.StatusConflict {
			t.Errorf("minutes.pdf of unapproved minutes: %d, want 409", resp.StatusCode)
		}

		// Returned with comments, revised, resubmitted.
		w.do(minna, mtURL(m2, "/minutes"), url.Values{"body": {"v1"}}, http.StatusSeeOther)
		w.do(minna, mtURL(m2, "/minutes/submit"), nil, http.StatusSeeOther)
		w.at("2027-01-19 13:40")
		w.do(minna, mtURL(ms[2].ID, "/publish"), nil, http.StatusConflict) // after it began
		w.at("2027-01-18 09:00")
		w.do(minna, mtURL(ms[2].ID, "/publish"), nil, http.StatusSeeOther)
		w.at("2027-01-19 13:40")
		w.do(minna, mtURL(ms[2].ID, "/held"), nil, http.StatusSeeOther)
		body = w.do(kari, mtURL(m2, "/minutes/return"), url.Values{"comment": {""}}, http.StatusUnprocessableEntity)
		mtWant(t, "return without comment", body, `id="return-comment-error">Say what must change`)
		w.do(kari, mtURL(m2, "/minutes/return"), url.Values{"comment": {"Lisää päätös kohtaan 2."}}, http.StatusSeeOther)
		body = w.page(minna, mtURL(m2, ""))
		mtWant(t, "returned", body, "were returned with comments", "Lisää päätös kohtaan 2.", "Returned with comments", "v1")
		w.do(minna, mtURL(m2, "/minutes"), url.Values{"body": {"v2"}}, http.StatusSeeOther)
		w.do(minna, mtURL(m2, "/minutes/submit"), nil, http.StatusSeeOther)
		w.do(kari, mtURL(m2, "/minutes/approve"), nil, http.StatusSeeOther)
		body = w.page(kari, mtURL(m2, ""))
		mtWant(t, "the second minutes", body, "(version 2).", "Version 2: Approved")

		// Everything is listed on the chair's dashboard and in his
		// messages.
		body = w.page(kari, "/outbox")
		mtWant(t, "the chair's messages", body, "Minutes to approve", "Approved minutes")
	})
}

// TestMeetingsHiddenFromOthers: a meeting of a forum limited to two
// parties does not exist for the other supplier, an outsider or an
// observer; its files neither.
func TestMeetingsHiddenFromOthers(t *testing.T) {
	w := newMtWorld(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	minna := w.person("minna-karjalainen", auth.AccountRepresentative)
	petri := w.person("petri-huttunen", auth.AccountRepresentative) // Opetusdata, the other supplier
	w.do(minna, "/a/"+mtSlug+"/forums/"+mtForum+"/plan", url.Values{"year": {"2027"}}, http.StatusSeeOther)
	m1 := w.meetings(mtForum)[0].ID
	w.upload(minna, m1, "tila.pdf", []byte("%PDF-1.4"))
	mat := w.materials(m1)[0].ID
	for name, c := range map[string]*http.Client{"the other supplier": petri, "an outsider": w.client("outsider"), "an observer": w.client("observer")} {
		for _, path := range []string{mtURL(m1, ""), mtURL(m1, "/invite.ics"), mtURL(m1, "/minutes.pdf"), mtURL(m1, "/materials/"+strconv.FormatInt(mat, 10))} {
			if status, _ := w.get(c, path); status != http.StatusNotFound {
				t.Errorf("%s GET %s: %d, want 404", name, path, status)
			}
		}
		for _, path := range []string{mtURL(m1, "/publish"), mtURL(m1, "/held"), mtURL(m1, "/minutes/approve")} {
			if status, _ := w.post(c, path, nil); status != http.StatusNotFound {
				t.Errorf("%s POST %s: %d, want 404", name, path, status)
			}
		}
		_, body := w.get(c, "/a/"+mtSlug+"/meetings?when=all")
		mtDont(t, name+"'s list", body, mtURL(m1, ""))
	}
	if status, _ := w.get(minna, mtURL(999999, "")); status != http.StatusNotFound {
		t.Errorf("no such meeting: %d", status)
	}
	if status, _ := w.get(minna, "/a/"+mtSlug+"/meetings/abc"); status != http.StatusNotFound {
		t.Errorf("a bad id: %d", status)
	}
}
