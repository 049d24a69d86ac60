package api

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

const prodGroup = "tuotantoryhma-alustatalo" // weekly; supplier convenes and writes; provider chairs; approved at the next meeting

func meetingPath(id int64) string { return np + "/meetings/" + itoa(id) }

// upload sends a file as multipart/form-data to a national-platform
// meeting.
func (f *apiFixture) upload(role string, meetingID int64, name string, data []byte) (int, http.Header, []byte) {
	f.t.Helper()
	return f.uploadTo(role, meetingPath(meetingID), name, data)
}

// uploadTo sends a file as multipart/form-data to the meeting at path.
func (f *apiFixture) uploadTo(role, path, name string, data []byte) (int, http.Header, []byte) {
	f.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	return f.send(role, "POST", path+"/materials", mw.FormDataContentType(), &b)
}

func (f *apiFixture) meeting(role string, id int64) MeetingDetail {
	f.t.Helper()
	status, body := f.do(role, "GET", meetingPath(id), nil)
	f.want(status, 200, body, "get meeting")
	return decodeAs[MeetingDetail](f.t, body)
}

// TestProductionGroupThroughAPI runs the national-platform production
// group's week through the API, as internal/meeting's test runs it on the
// service: planned by the supplier, agenda and materials the day before,
// held, minutes written and submitted by the supplier within 3 days,
// approved by the provider's chair after the next meeting is held, with
// the refusals on the way.
func TestProductionGroupThroughAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-12-28 10:00")
		plan := np + "/forums/" + prodGroup + "/plan"

		// The provider does not convene this forum; the other supplier
		// does not even see it.
		status, body := f.do("kari", "POST", plan, map[string]any{"year": 2027})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("supplier2", "POST", plan, map[string]any{"year": 2027})
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("minna", "POST", plan, map[string]any{"year": 1999})
		f.wantError(status, body, 422, "validation_failed", "year")
		status, body = f.do("minna", "POST", plan, map[string]any{"year": 2027})
		f.want(status, 201, body, "plan")
		created := decodeAs[PlanResult](t, body).Created
		if len(created) < 50 {
			t.Fatalf("a weekly forum has about 52 meetings, got %d", len(created))
		}
		status, body = f.do("minna", "POST", plan, map[string]any{"year": 2027})
		f.want(status, 200, body, "plan again")
		if n := len(decodeAs[PlanResult](t, body).Created); n != 0 {
			t.Fatalf("planning twice created %d more", n)
		}
		m1, m2, m3 := created[0], created[1], created[2]
		if m1.Date != "2027-01-05" || m1.MaterialsDue != "2027-01-04" || m1.Start.Format("15:04 -07:00") != "13:00 +02:00" || m1.State != "planned" {
			t.Fatalf("first meeting %+v", m1)
		}

		// Agenda: the convener adds; the chair may not; bad input is named.
		status, body = f.do("minna", "POST", meetingPath(m1.ID)+"/items", map[string]any{"type": "information", "title": "Palvelun tila", "minutes": 10})
		f.want(status, 201, body, "add item")
		if it := decodeAs[AgendaItem](t, body); it.Status != "accepted" || it.Source != "manual" {
			t.Fatalf("item %+v", it)
		}
		status, body = f.do("kari", "POST", meetingPath(m1.ID)+"/items", map[string]any{"type": "information", "title": "X"})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("minna", "POST", meetingPath(m1.ID)+"/items", map[string]any{"type": "vote", "title": ""})
		f.wantError(status, body, 422, "validation_failed", "type", "title")

		// Published the day before.
		status, body = f.do("kari", "POST", meetingPath(m1.ID)+"/publish", nil)
		f.wantError(status, body, 403, "forbidden")
		f.at("2027-01-04 09:00")
		status, body = f.do("minna", "POST", meetingPath(m1.ID)+"/publish", nil)
		f.want(status, 200, body, "publish")
		if d := decodeAs[MeetingDetail](t, body); d.State != "agenda-published" || d.ICalSequence != 0 {
			t.Fatalf("published: %s seq %d", d.State, d.ICalSequence)
		}

		// Materials: on time until the end of the due day; a script in the
		// name is made harmless; late after the day.
		f.at("2027-01-04 23:30")
		status, hdr, body := f.upload("minna", m1.ID, "../../<script>tila.pdf", []byte("%PDF-1.4 status"))
		f.want(status, 201, body, "upload")
		mat := decodeAs[Material](t, body)
		if mat.Late || mat.Name != "_script_tila.pdf" || mat.Version != 1 || hdr.Get("Location") != mat.Href {
			t.Fatalf("material %+v, Location %s", mat, hdr.Get("Location"))
		}
		status, hdr, body = f.send("kari", "GET", mat.Href, "", nil)
		if status != 200 || string(body) != "%PDF-1.4 status" || hdr.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(hdr.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %v %q", status, hdr, body)
		}
		status, _, body = f.send("supplier2", "GET", mat.Href, "", nil)
		f.wantError(status, body, 404, "not_found")
		f.at("2027-01-05 08:00")
		status, _, body = f.upload("minna", m1.ID, "_script_tila.pdf", []byte("%PDF-1.4 status v2"))
		f.want(status, 201, body, "upload v2")
		if mat := decodeAs[Material](t, body); !mat.Late || mat.Version != 2 {
			t.Fatalf("late second version %+v", mat)
		}
		status, _, body = f.upload("minna", m1.ID, "empty.txt", nil)
		f.wantError(status, body, 422, "validation_failed", "file")
		if got := f.meeting("kari", m1.ID); len(got.Materials) != 2 {
			t.Fatalf("materials %+v", got.Materials)
		}

		// Held: not before it starts.
		status, body = f.do("minna", "POST", meetingPath(m1.ID)+"/held", nil)
		f.wantError(status, body, 409, "conflict")
		f.at("2027-01-05 13:45")
		status, body = f.do("minna", "POST", meetingPath(m1.ID)+"/held", nil)
		f.want(status, 200, body, "held")
		status, body = f.do("minna", "PUT", meetingPath(m1.ID)+"/attendance", map[string]any{"attendees": []map[string]any{
			{"person": "kari-vaisanen", "role": "chair", "present": true}, {"person": "minna-karjalainen", "role": "secretary", "present": true}}})
		f.want(status, 200, body, "attendance")
		if d := decodeAs[MeetingDetail](t, body); len(d.Attendance) != 2 || d.Attendance[0].Role == "" {
			t.Fatalf("attendance %+v", d.Attendance)
		}
		status, body = f.do("minna", "PUT", meetingPath(m1.ID)+"/attendance", map[string]any{"attendees": []map[string]any{{"person": "nobody", "role": "chair"}}})
		f.wantError(status, body, 422, "validation_failed", "person[0]")

		// Minutes: written by the supplier, due within 3 days.
		status, body = f.do("kari", "PUT", meetingPath(m1.ID)+"/minutes", map[string]any{"body": "# Muistio"})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("minna", "PUT", meetingPath(m1.ID)+"/minutes", map[string]any{"body": "  "})
		f.wantError(status, body, 422, "validation_failed", "body")
		status, body = f.do("minna", "PUT", meetingPath(m1.ID)+"/minutes", map[string]any{"body": "# Muistio\n\n1. Palvelun tila: ok."})
		f.want(status, 200, body, "save minutes")
		if mn := decodeAs[Minutes](t, body); mn.Version != 1 || mn.Status != "draft" {
			t.Fatalf("minutes %+v", mn)
		}
		status, body = f.do("minna", "POST", meetingPath(m1.ID)+"/minutes/submit", nil)
		f.want(status, 200, body, "submit")
		if d := decodeAs[MeetingDetail](t, body); d.State != "minutes-submitted" || d.MinutesDue != "2027-01-08" {
			t.Fatalf("after submit: %s due %s", d.State, d.MinutesDue)
		}

		// An action item, owned by the chair, who closes it.
		status, body = f.do("minna", "POST", np+"/actions", map[string]any{"meeting": m1.ID, "title": "Juurisyyanalyysi", "owner": "kari-vaisanen", "due": "2027-01-20"})
		f.want(status, 201, body, "add action")
		ai := decodeAs[ActionItem](t, body)
		status, body = f.do("minna", "POST", np+"/actions", map[string]any{"meeting": m1.ID, "title": "", "owner": "nobody", "due": "soon"})
		f.wantError(status, body, 422, "validation_failed", "title", "owner", "due")
		status, body = f.do("kari", "PATCH", np+"/actions/"+itoa(ai.ID), map[string]any{"status": "done"})
		f.want(status, 200, body, "close action")
		if got := decodeAs[ActionItem](t, body); got.Status != "done" || len(got.History) < 2 {
			t.Fatalf("closed action %+v", got)
		}
		status, body = f.do("kari", "PATCH", np+"/actions/"+itoa(ai.ID), map[string]any{"status": "finished"})
		f.wantError(status, body, 422, "validation_failed", "status")
		status, body = f.do("supplier2", "PATCH", np+"/actions/"+itoa(ai.ID), map[string]any{"status": "open"})
		f.wantError(status, body, 404, "not_found")
		for q, want := range map[string]int{
			"?status=done&forum=" + prodGroup: 1,
			"?status=open":                    0,
			"?mine=true":                      1,
			"?owner=kari-vaisanen&meeting=" + itoa(m1.ID): 1,
			"?owner=minna-karjalainen":                    0,
		} {
			status, body := f.do("kari", "GET", np+"/actions"+q, nil)
			f.want(status, 200, body, "list actions"+q)
			if l := decodeAs[List[ActionItem]](t, body); l.Total != want || (want == 1 && l.Items[0].ID != ai.ID) {
				t.Errorf("actions%s: %s", q, body)
			}
		}
		for _, q := range []string{"?status=closed", "?mine=yes", "?meeting=x"} {
			status, body := f.do("kari", "GET", np+"/actions"+q, nil)
			f.wantError(status, body, 400, "bad_request")
		}
		status, body = f.do("minna", "GET", np+"/actions/"+itoa(ai.ID), nil)
		f.want(status, 200, body, "get action")
		if got := decodeAs[ActionItem](t, body); got.Status != "done" || got.Owner != "kari-vaisanen" || len(got.History) != 2 {
			t.Fatalf("action %+v", got)
		}
		status, body = f.do("supplier2", "GET", np+"/actions/"+itoa(ai.ID), nil)
		f.wantError(status, body, 404, "not_found")

		// Approved at the next meeting: not before it is held, never by
		// the writing party.
		status, body = f.do("kari", "POST", meetingPath(m1.ID)+"/minutes/approve", nil)
		f.wantError(status, body, 409, "conflict")
		status, body = f.do("minna", "POST", meetingPath(m1.ID)+"/minutes/approve", nil)
		f.wantError(status, body, 403, "forbidden")
		f.at("2027-01-11 09:00")
		status, body = f.do("minna", "POST", meetingPath(m2.ID)+"/publish", nil)
		f.want(status, 200, body, "publish m2")
		if !hasItem(decodeAs[MeetingDetail](t, body).Items, "previous-minutes") {
			t.Error("the previous minutes did not come onto the next agenda")
		}
		f.at("2027-01-12 13:40")
		status, body = f.do("minna", "POST", meetingPath(m2.ID)+"/held", nil)
		f.want(status, 200, body, "held m2")
		if !f.meeting("kari", m1.ID).You.Approve {
			t.Error("the chair is not told they may approve")
		}
		status, body = f.do("kari", "POST", meetingPath(m1.ID)+"/minutes/approve", nil)
		f.want(status, 200, body, "approve")
		d := decodeAs[MeetingDetail](t, body)
		if d.State != "minutes-approved" || d.Minutes == nil || d.Minutes.Status != "approved" || d.Minutes.ApprovedBy != "user:"+f.users["kari"].Email {
			t.Fatalf("approved: %s %+v", d.State, d.Minutes)
		}
		// Approved minutes are immutable.
		status, body = f.do("minna", "PUT", meetingPath(m1.ID)+"/minutes", map[string]any{"body": "changed"})
		f.wantError(status, body, 409, "conflict")

		// Returned with comments, then a second version.
		status, body = f.do("minna", "PUT", meetingPath(m2.ID)+"/minutes", map[string]any{"body": "v1"})
		f.want(status, 200, body, "minutes m2")
		status, body = f.do("minna", "POST", meetingPath(m2.ID)+"/minutes/submit", nil)
		f.want(status, 200, body, "submit m2")
		status, body = f.do("kari", "POST", meetingPath(m2.ID)+"/minutes/return", map[string]any{"comment": " "})
		f.wantError(status, body, 422, "validation_failed", "comment")
		f.at("2027-01-18 09:00")
		status, body = f.do("minna", "POST", meetingPath(m3.ID)+"/publish", nil)
		f.want(status, 200, body, "publish m3")
		f.at("2027-01-19 13:40")
		status, body = f.do("minna", "POST", meetingPath(m3.ID)+"/publish", nil)
		f.wantError(status, body, 409, "conflict") // after it began
		status, body = f.do("minna", "POST", meetingPath(m3.ID)+"/held", nil)
		f.want(status, 200, body, "held m3")
		status, body = f.do("kari", "POST", meetingPath(m2.ID)+"/minutes/return", map[string]any{"comment": "Lisää päätös kohtaan 2."})
		f.want(status, 200, body, "return")
		if d := decodeAs[MeetingDetail](t, body); d.State != "minutes-drafted" || d.Minutes.Status != "returned" {
			t.Fatalf("returned: %s %+v", d.State, d.Minutes)
		}
		status, body = f.do("minna", "PUT", meetingPath(m2.ID)+"/minutes", map[string]any{"body": "v2"})
		f.want(status, 200, body, "revise")
		if v := decodeAs[Minutes](t, body).Version; v != 2 {
			t.Fatalf("the revision is version %d", v)
		}
		f.do("minna", "POST", meetingPath(m2.ID)+"/minutes/submit", nil)
		status, body = f.do("kari", "POST", meetingPath(m2.ID)+"/minutes/approve", nil)
		f.want(status, 200, body, "approve m2")
		d = decodeAs[MeetingDetail](t, body)
		if len(d.MinutesVersions) != 2 || d.MinutesVersions[0].Status != "returned" || d.MinutesVersions[0].ReturnComment == "" || d.MinutesVersions[1].Status != "approved" {
			t.Fatalf("versions %+v", d.MinutesVersions)
		}

		// A cancellation needs a reason.
		m4 := created[3]
		status, body = f.do("minna", "POST", meetingPath(m4.ID)+"/cancel", map[string]any{"reason": ""})
		f.wantError(status, body, 422, "validation_failed", "reason")
		status, body = f.do("kari", "POST", meetingPath(m4.ID)+"/cancel", map[string]any{"reason": "Ei asioita"})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("minna", "POST", meetingPath(m4.ID)+"/cancel", map[string]any{"reason": "Ei asioita"})
		f.want(status, 200, body, "cancel")
		if d := decodeAs[MeetingDetail](t, body); d.State != "cancelled" || d.CancelReason != "Ei asioita" {
			t.Fatalf("cancelled %+v", d.Meeting)
		}

		// The list and its filters.
		for q, want := range map[string]int{
			"?forum=" + prodGroup + "&state=minutes-approved":        2,
			"?forum=" + prodGroup + "&state=cancelled":               1,
			"?forum=" + prodGroup + "&from=2027-01-05&to=2027-01-12": 2,
			"?forum=" + prodGroup + "&limit=3":                       len(created),
		} {
			status, body := f.do("kari", "GET", np+"/meetings"+q, nil)
			f.want(status, 200, body, "list "+q)
			if l := decodeAs[List[Meeting]](t, body); l.Total != want {
				t.Errorf("meetings%s: %d, want %d", q, l.Total, want)
			}
		}
		for _, q := range []string{"?state=done", "?from=tomorrow", "?limit=0"} {
			status, body := f.do("kari", "GET", np+"/meetings"+q, nil)
			f.wantError(status, body, 400, "bad_request")
		}
		// The other supplier sees none of this forum's meetings.
		status, body = f.do("supplier2", "GET", np+"/meetings?limit=500", nil)
		f.want(status, 200, body, "list as the other supplier")
		if strings.Contains(string(body), prodGroup) {
			t.Error("the other supplier sees the production group's meetings")
		}
	})
}

func hasItem(items []AgendaItem, source string) bool {
	for _, it := range items {
		if it.Source == source {
			return true
		}
	}
	return false
}

// TestAgendaProposals: in the ecosystem group a member proposes, and the
// provider (the convener) accepts or declines with a reason.
func TestAgendaProposals(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-06-01 10:00")
		open := openForum(f)
		status, body := f.do("kari", "POST", np+"/forums/"+open+"/meetings", map[string]any{"date": "2026-09-16", "title": "Syystapaaminen", "location": "Helsinki"})
		f.want(status, 201, body, "create meeting")
		m := decodeAs[MeetingDetail](t, body)
		if m.Kind != "adhoc" || m.Title != "Syystapaaminen" || m.Start.Format("15:04") != "09:00" || !m.You.Convene {
			t.Fatalf("meeting %+v", m.Meeting)
		}
		for date, field := range map[string]string{"2026-12-25": "date", "2026-05-29": "date", "someday": "date"} {
			status, body := f.do("kari", "POST", np+"/forums/"+open+"/meetings", map[string]any{"date": date})
			f.wantError(status, body, 422, "validation_failed", field)
		}
		status, body = f.do("customer", "POST", np+"/forums/"+open+"/meetings", map[string]any{"date": "2026-09-16"})
		f.wantError(status, body, 403, "forbidden")

		items := meetingPath(m.ID) + "/items"
		status, body = f.do("minna", "POST", items, map[string]any{"type": "discussion", "title": "Rajapintojen kehitys"})
		f.want(status, 201, body, "propose")
		p1 := decodeAs[AgendaItem](t, body)
		status, body = f.do("minna", "POST", items, map[string]any{"type": "decision", "title": "Uusi mittari"})
		f.want(status, 201, body, "propose 2")
		p2 := decodeAs[AgendaItem](t, body)
		if p1.Status != "proposed" || p1.ProposedBy != "user:"+f.users["minna"].Email {
			t.Fatalf("proposal %+v", p1)
		}
		// Not a member of the forum: may not propose.
		status, body = f.do("customer", "POST", items, map[string]any{"type": "discussion", "title": "X"})
		f.wantError(status, body, 403, "forbidden")

		decide := func(id int64) string { return items + "/" + itoa(id) + "/decide" }
		status, body = f.do("minna", "POST", decide(p1.ID), map[string]any{"accept": true})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("kari", "POST", decide(p1.ID), map[string]any{})
		f.wantError(status, body, 422, "validation_failed", "accept")
		status, body = f.do("kari", "POST", decide(p1.ID), map[string]any{"accept": false})
		f.wantError(status, body, 422, "validation_failed", "reason")
		status, body = f.do("kari", "POST", decide(p1.ID), map[string]any{"accept": false, "reason": "Käsitellään kehitysryhmässä."})
		f.want(status, 200, body, "decline")
		if it := decodeAs[AgendaItem](t, body); it.Status != "declined" || it.DeclineReason == "" {
			t.Fatalf("declined %+v", it)
		}
		status, body = f.do("kari", "POST", decide(p1.ID), map[string]any{"accept": true})
		f.wantError(status, body, 409, "conflict")
		status, body = f.do("kari", "POST", decide(p2.ID), map[string]any{"accept": true})
		f.want(status, 200, body, "accept")
		status, body = f.do("kari", "POST", decide(999999), map[string]any{"accept": true})
		f.wantError(status, body, 404, "not_found")

		status, body = f.do("minna", "DELETE", items+"/"+itoa(p2.ID), nil)
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("kari", "DELETE", items+"/"+itoa(p2.ID), nil)
		f.want(status, 204, body, "remove item")
		status, body = f.do("kari", "DELETE", items+"/"+itoa(p2.ID), nil)
		f.wantError(status, body, 404, "not_found")
		if got := f.meeting("customer", m.ID); hasID(got.Items, p2.ID) || !hasID(got.Items, p1.ID) {
			t.Fatalf("items after removal %+v", got.Items)
		}
	})
}

func hasID(items []AgendaItem, id int64) bool {
	for _, it := range items {
		if it.ID == id {
			return true
		}
	}
	return false
}

// countingReader is a body that counts what the client read of it.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// TestMeetingBadInput: a wrong-scope token, malformed JSON, a 100 MB body,
// another tenant's ids: the right 4xx in the envelope, nothing changed.
func TestMeetingBadInput(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-06-01 10:00")
		open := openForum(f)
		status, body := f.do("admin", "POST", np+"/forums/"+open+"/meetings", map[string]any{"date": "2026-09-16"})
		f.want(status, 201, body, "create meeting")
		m := decodeAs[MeetingDetail](t, body)

		// A read token reads but does not write.
		secret, err := st.CreateToken(t.Context(), &store.Token{UserID: f.users["kari"].ID, Name: "ro", Kind: "personal", Scopes: []string{"read"}}, "test")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens["kari-ro"] = secret
		status, body = f.do("kari-ro", "GET", meetingPath(m.ID), nil)
		f.want(status, 200, body, "read with a read token")
		for _, w := range []struct{ method, path string }{
			{"POST", meetingPath(m.ID) + "/publish"},
			{"POST", np + "/forums/" + open + "/plan"},
			{"PUT", meetingPath(m.ID) + "/minutes"},
			{"PATCH", np + "/people/kari-vaisanen"},
		} {
			status, body := f.do("kari-ro", w.method, w.path, map[string]any{})
			f.wantError(status, body, 403, "insufficient_scope")
		}
		if got := f.meeting("kari", m.ID); got.State != "planned" {
			t.Fatalf("a read token changed the meeting: %s", got.State)
		}

		// Malformed JSON, unknown fields, wrong types, the wrong media type.
		for raw, code := range map[string]string{
			`{"title": "x", "type": "information"`:                 "bad_request",
			`{"title": "x", "type": "information", "owner": "me"}`: "validation_failed",
			`{"title": 5, "type": "information"}`:                  "validation_failed",
			``:                                                     "bad_request",
			`[]`:                                                   "bad_request",
		} {
			status, body := f.do("admin", "POST", meetingPath(m.ID)+"/items", []byte(raw))
			want := map[string]int{"bad_request": 400, "validation_failed": 422}[code]
			f.wantError(status, body, want, code)
		}
		status, _, body = f.send("admin", "POST", meetingPath(m.ID)+"/items", "text/plain", strings.NewReader("hello"))
		f.wantError(status, body, 415, "unsupported_media_type")
		status, _, body = f.send("admin", "POST", meetingPath(m.ID)+"/materials", "application/json", strings.NewReader("{}"))
		f.wantError(status, body, 415, "unsupported_media_type")
		var mp bytes.Buffer
		mw := multipart.NewWriter(&mp)
		mw.WriteField("item", "1")
		mw.Close()
		status, _, body = f.send("admin", "POST", meetingPath(m.ID)+"/materials", mw.FormDataContentType(), &mp)
		f.wantError(status, body, 422, "validation_failed", "file")
		if got := f.meeting("admin", m.ID); len(got.Items) != len(f.a.Forum(open).StandardAgenda) || len(got.Materials) != 0 {
			t.Fatalf("refused requests changed the meeting: %d items, %d materials", len(got.Items), len(got.Materials))
		}

		// 100 MB: refused from its Content-Length before it is read, both
		// as JSON and as an upload.
		for _, tc := range []struct{ path, ct string }{
			{meetingPath(m.ID) + "/minutes", "application/json"},
			{meetingPath(m.ID) + "/materials", "multipart/form-data; boundary=x"},
		} {
			body := &countingReader{r: io.LimitReader(zeros{}, 100<<20)}
			req, _ := http.NewRequest("PUT", f.srv.URL+tc.path, body)
			if strings.HasSuffix(tc.path, "materials") {
				req.Method = "POST"
			}
			req.ContentLength = 100 << 20
			req.Header.Set("Content-Type", tc.ct)
			req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("%s: %v", tc.path, err)
			}
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			f.validate(req, resp, out)
			if resp.StatusCode != 413 || !strings.Contains(string(out), `"too_large"`) {
				t.Errorf("100 MB to %s: %d %s", tc.path, resp.StatusCode, out)
			}
			// What the client could push into the socket buffers before
			// the answer, not the 100 MB.
			if n := body.n.Load(); n > 16<<20 {
				t.Errorf("100 MB to %s: the server let %d bytes through", tc.path, n)
			}
		}
		// A file just over the limit, within the request's slack for the
		// multipart framing, is cut off as it is read.
		status, _, body = f.upload("admin", m.ID, "big.bin", make([]byte, meeting.MaxMaterial+1))
		f.wantError(status, body, 413, "too_large")

		// Another tenant's meeting: not found through this agreement, and
		// its agreement not found for a party of this one only.
		f.at("2026-06-01 10:00")
		muni := "/api/v1/agreements/municipal-3-level"
		var other string
		status, body = f.do("admin", "GET", muni+"/forums", nil)
		f.want(status, 200, body, "municipal forums")
		other = decodeAs[List[struct {
			ID string `json:"id"`
		}]](t, body).Items[0].ID
		status, body = f.do("admin", "POST", muni+"/forums/"+other+"/meetings", map[string]any{"date": "2026-09-16"})
		f.want(status, 201, body, "municipal meeting")
		om := decodeAs[MeetingDetail](t, body)
		status, _, body = f.uploadTo("admin", muni+"/meetings/"+itoa(om.ID), "muni.pdf", []byte("%PDF-1.4 muni"))
		f.want(status, 201, body, "municipal material")
		omat := decodeAs[Material](t, body)
		for _, try := range []struct{ role, method, path string }{
			{"kari", "GET", meetingPath(om.ID)},
			{"admin", "GET", meetingPath(om.ID)},
			{"kari", "POST", meetingPath(om.ID) + "/publish"},
			{"admin", "POST", meetingPath(om.ID) + "/cancel"},
			{"kari", "GET", muni + "/meetings/" + itoa(om.ID)},
			{"admin", "GET", meetingPath(m.ID) + "/materials/" + itoa(omat.ID)},
			{"admin", "GET", meetingPath(m.ID) + "/materials/abc"},
			{"admin", "GET", np + "/meetings/abc"},
			{"admin", "GET", np + "/meetings/0"},
		} {
			var b any
			if try.method == "POST" {
				b = map[string]any{"reason": "x"}
			}
			status, body := f.do(try.role, try.method, try.path, b)
			f.wantError(status, body, 404, "not_found")
		}
		status, body = f.do("admin", "GET", muni+"/meetings/"+itoa(om.ID), nil)
		f.want(status, 200, body, "municipal meeting")
		if got := decodeAs[MeetingDetail](t, body); got.State != "planned" {
			t.Fatalf("the other tenant's meeting changed: %s", got.State)
		}
		status, body = f.do("admin", "POST", muni+"/actions", map[string]any{"meeting": om.ID, "title": "T", "owner": f.a.People[0].Slug, "due": "2026-10-01"})
		f.wantError(status, body, 422, "validation_failed", "owner") // a national-platform person
		status, body = f.do("admin", "POST", np+"/actions", map[string]any{"meeting": om.ID, "title": "T", "owner": f.a.People[0].Slug, "due": "2026-10-01"})
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("admin", "PATCH", np+"/actions/"+fmt.Sprint(999999), map[string]any{"status": "done"})
		f.wantError(status, body, 404, "not_found")
	})
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
