package web

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// seedMinutes stores a meeting of the fixture's publishing forum with two
// items and minutes, approved or not; it returns the meeting and the
// second item.
func seedMinutes(t *testing.T, f *fixture, approved bool, secret string) (int64, int64) {
	t.Helper()
	ctx := context.Background()
	var mid, item int64
	now := time.Now().UTC().Truncate(time.Second)
	err := f.st.InTx(ctx, func(tx *store.Tx) error {
		m := &gov.Meeting{Agreement: f.a.Slug, Forum: "opetuksen-ohjausryhma", Kind: gov.KindRegular, State: gov.MinutesApproved, Title: "Ohjausryhmä",
			Start: now, End: now.Add(time.Hour), LocalDate: now.Format(time.DateOnly), MaterialsDue: now.Format(time.DateOnly),
			ICalUID: "web-" + strconv.FormatBool(approved), CreatedBy: "test", CreatedAt: now, UpdatedAt: now}
		if err := tx.InsertMeeting(ctx, m); err != nil {
			return err
		}
		for i, title := range []string{"Edellinen pöytäkirja", secret} {
			it := &gov.AgendaItem{MeetingID: m.ID, Position: i + 1, Type: "decision", Title: title, Status: gov.ItemAccepted, Source: "manual"}
			if err := tx.InsertItem(ctx, it); err != nil {
				return err
			}
			item = it.ID
		}
		body := "## 1. Edellinen pöytäkirja\n\nHyväksyttiin.\n\n## 2. " + secret + "\n\nHinta 123 €/h.\n"
		mins := &gov.Minutes{MeetingID: m.ID, Body: body, Status: gov.MinutesSubmitted, WrittenBy: "test", WrittenAt: now}
		if err := tx.InsertMinutes(ctx, mins); err != nil {
			return err
		}
		if approved {
			mins.Status, mins.ApprovedBy, mins.ApprovedAt = gov.MinutesFinal, "user:chair", &now
			if err := tx.UpdateMinutes(ctx, mins); err != nil {
				return err
			}
		}
		mid = m.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return mid, item
}

// TestPublicMinutes drives the records page and the public pages over
// HTTP: the customer marks an item secret and publishes checked minutes;
// others may not; anyone without signing in reads them, the secret item
// by its public title only; nothing unpublished is reachable.
func TestPublicMinutes(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		const secret, public = "Toimittajan X hinnoittelu", "Toimittajasopimuksen hinnat"
		mid, item := seedMinutes(t, f, true, secret)
		draft, _ := seedMinutes(t, f, false, "Luonnos")
		base := "/a/" + f.a.Slug + "/meetings/" + strconv.FormatInt(mid, 10) + "/records"
		mark := url.Values{"kind": {"item"}, "ref": {strconv.FormatInt(item, 10)}, "public_title": {public}, "secrecy_basis": {"JulkL 24 § 1 mom. 20 k."}, "secrecy_years": {"25"}}

		cust, prov, anon := f.client("customer"), f.client("provider"), f.client("")
		if status, _ := f.post(prov, base+"/secret", mark); status != http.StatusForbidden {
			t.Errorf("provider marks secret: %d", status)
		}
		if status, _ := f.post(prov, base+"/publish", nil); status != http.StatusForbidden {
			t.Errorf("provider publishes: %d", status)
		}
		if status, body := f.post(cust, base+"/secret", url.Values{"kind": {"item"}, "ref": {strconv.FormatInt(item, 10)}}); status != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "public_title-error") {
			t.Errorf("empty marking: %d", status)
		}
		if status, _ := f.post(cust, base+"/secret", mark); status != http.StatusSeeOther {
			t.Fatalf("mark secret: %d", status)
		}
		draftBase := "/a/" + f.a.Slug + "/meetings/" + strconv.FormatInt(draft, 10) + "/records"
		if status, body := f.post(cust, draftBase+"/publish", nil); status != http.StatusConflict || !strings.Contains(body, "tarkastettu") && !strings.Contains(body, "checked") && !strings.Contains(body, "justerat") {
			t.Errorf("publishing unchecked minutes: %d", status)
		}
		if status, _ := f.post(cust, base+"/publish", nil); status != http.StatusSeeOther {
			t.Fatalf("publish: %d", status)
		}
		if _, page := f.get(cust, base); !strings.Contains(page, "/public/"+f.a.Slug+"/opetuksen-ohjausryhma/"+strconv.FormatInt(mid, 10)) {
			t.Error("the records page does not link the public page")
		}

		pub := "/public/" + f.a.Slug + "/opetuksen-ohjausryhma"
		resp, err := anon.Get(f.srv.URL + pub + "/" + strconv.FormatInt(mid, 10))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("X-Robots-Tag") != "noindex, nofollow" {
			t.Errorf("public minutes: %d, X-Robots-Tag %q", resp.StatusCode, resp.Header.Get("X-Robots-Tag"))
		}
		status, page := f.get(anon, pub+"/"+strconv.FormatInt(mid, 10))
		if status != 200 || !strings.Contains(page, public) || strings.Contains(page, secret) || strings.Contains(page, "123 €") ||
			!strings.Contains(page, `<meta name="robots" content="noindex, nofollow">`) || !strings.Contains(page, `href="/accessibility"`) {
			t.Errorf("public minutes page: %d\n%s", status, page)
		}
		if status, page := f.get(anon, pub); status != 200 || !strings.Contains(page, pub+"/"+strconv.FormatInt(mid, 10)) || strings.Contains(page, pub+"/"+strconv.FormatInt(draft, 10)) {
			t.Errorf("public forum page: %d", status)
		}
		status, feed := f.get(anon, pub+"/feed.atom")
		var doc struct {
			Entries []struct {
				ID string `xml:"id"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(feed), &doc); status != 200 || err != nil || len(doc.Entries) != 1 || !strings.HasSuffix(doc.Entries[0].ID, "/"+strconv.FormatInt(mid, 10)) {
			t.Errorf("feed: %d %v\n%s", status, err, feed)
		}
		// Nothing unpublished: the draft's meeting, a forum that does not
		// publish, an unknown agreement, a meeting id of nothing.
		for _, p := range []string{pub + "/" + strconv.FormatInt(draft, 10), "/public/" + f.a.Slug + "/kehitysryhma", "/public/" + f.a.Slug + "/kehitysryhma/feed.atom",
			"/public/no-such/opetuksen-ohjausryhma", pub + "/999999", pub + "/x"} {
			if status, _ := f.get(anon, p); status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", p, status)
			}
		}
		if status, _ := f.post(cust, base+"/unpublish", nil); status != http.StatusSeeOther {
			t.Errorf("unpublish: %d", status)
		}
		if status, _ := f.get(anon, pub+"/"+strconv.FormatInt(mid, 10)); status != http.StatusNotFound {
			t.Errorf("withdrawn minutes: %d", status)
		}
	})
}

// TestRetentionPage: a material of a meeting eleven years ago (materials
// are kept ten years in the Finnish defaults) is listed for the
// customer, a legal hold stops its disposal, and once the hold is
// released it is disposed of; a supplier may not see the page.
func TestRetentionPage(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		old := time.Now().UTC().AddDate(-11, 0, 0).Truncate(time.Second)
		err := st.InTx(ctx, func(tx *store.Tx) error {
			m := &gov.Meeting{Agreement: f.a.Slug, Forum: "opetuksen-ohjausryhma", Kind: gov.KindRegular, State: gov.MinutesApproved, Title: "Vanha kokous",
				Start: old, End: old.Add(time.Hour), LocalDate: old.Format(time.DateOnly), MaterialsDue: old.Format(time.DateOnly),
				ICalUID: "old", CreatedBy: "test", CreatedAt: old, UpdatedAt: old}
			if err := tx.InsertMeeting(ctx, m); err != nil {
				return err
			}
			return tx.InsertMaterial(ctx, &gov.Material{MeetingID: m.ID, Name: "vanha-liite.pdf", ContentType: "application/pdf", UploadedBy: "test", UploadedAt: old}, []byte("%PDF-1.4 old"))
		})
		if err != nil {
			t.Fatal(err)
		}
		page := "/a/" + f.a.Slug + "/records"
		cust := f.client("customer")
		if status, body := f.get(cust, page); status != 200 || !strings.Contains(body, "vanha-liite.pdf") {
			t.Fatalf("retention page: %d", status)
		}
		if status, _ := f.get(f.client("supplier"), page); status != http.StatusForbidden {
			t.Errorf("supplier: %d", status)
		}
		if status, body := f.post(cust, page+"/holds", url.Values{"type": {"material"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "reason-error") {
			t.Errorf("hold without reason: %d", status)
		}
		if status, _ := f.post(cust, page+"/holds", url.Values{"type": {"material"}, "reason": {"Valitus vireillä"}}); status != http.StatusSeeOther {
			t.Fatalf("hold: %d", status)
		}
		if status, _ := f.post(cust, page+"/dispose", url.Values{"type": {"material"}}); status != http.StatusConflict {
			t.Errorf("dispose under hold: %d", status)
		}
		_, body := f.get(cust, page)
		if !strings.Contains(body, "Valitus vireillä") || !strings.Contains(body, "/holds/") {
			t.Fatal("the hold is not shown")
		}
		i := strings.Index(body, page+"/holds/")
		rel := body[i : i+strings.Index(body[i:], `"`)]
		if status, _ := f.post(cust, rel, nil); status != http.StatusSeeOther {
			t.Fatalf("release %s: %d", rel, status)
		}
		if status, _ := f.post(cust, page+"/dispose", url.Values{"type": {"material"}}); status != http.StatusSeeOther {
			t.Fatalf("dispose: %d", status)
		}
		if _, body := f.get(cust, page); strings.Contains(body, "vanha-liite.pdf") {
			t.Error("the disposed material is still listed")
		}
	})
}
