package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/itsm"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// uploadExport posts a ticket export to the import form.
func (f *fixture) uploadExport(c *http.Client, fields map[string]string, file []byte) (int, string) {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", "export.csv")
	fw.Write(file)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/a/"+f.a.Slug+"/reports/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestReportsFlow drives issue 8 through HTTP: the supplier uploads an
// export (and sees its rejected rows), proposes a breach as not
// attributable, the provider accepts it, the supplier submits, the
// provider approves; the downloads answer in every format.
func TestReportsFlow(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		slug := f.a.Slug
		sup, prov, cust := f.client("supplier"), f.client("provider"), f.client("customer")
		loc, _ := time.LoadLocation("Europe/Helsinki")
		var buf bytes.Buffer
		if _, err := itsm.GenerateServiceNow(&buf, itsm.GenerateOptions{Seed: 9, Incidents: 200, From: time.Date(2026, 4, 1, 0, 0, 0, 0, loc),
			Months: 1, Groups: []string{"Alusta", "Opetusdata"}, Late: 0.2, FirstNumber: 500}); err != nil {
			t.Fatal(err)
		}
		data := append(buf.Bytes(), []byte("INC9999999,New,true\n")...)
		if code, _ := f.uploadExport(cust, map[string]string{"source": "servicenow"}, data); code != http.StatusForbidden {
			t.Errorf("the customer uploading: %d", code)
		}
		code, body := f.uploadExport(sup, map[string]string{"source": "servicenow", "strict": "on"}, data)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "the row has 3 fields") {
			t.Fatalf("strict upload with a bad row: %d\n%s", code, mainOf(body))
		}
		// Issue 14: the supplier imports its own half; Opetusdata's rows
		// are listed as rejected. Tiera, which buys from both, imports
		// the rest.
		code, body = f.uploadExport(sup, map[string]string{"source": "servicenow"}, data)
		if code != http.StatusOK || !strings.Contains(body, "tikettejä uusia 100") && !strings.Contains(body, "tickets created 100") {
			t.Fatalf("upload: %d\n%s", code, mainOf(body))
		}
		if !strings.Contains(body, "the row has 3 fields, the header 36") || !strings.Contains(body, "belongs to the service Opetusdatapalvelu of another supplier") {
			t.Errorf("the rejected rows are not listed")
		}
		code, body = f.uploadExport(prov, map[string]string{"source": "servicenow"}, data)
		if code != http.StatusOK || !strings.Contains(body, "tikettejä uusia 100") && !strings.Contains(body, "tickets created 100") {
			t.Fatalf("the provider's upload: %d\n%s", code, mainOf(body))
		}
		if code, _ := f.uploadExport(sup, map[string]string{"source": "csv"}, data); code != http.StatusUnprocessableEntity {
			t.Errorf("csv without a mapping: %d", code)
		}

		base := "/a/" + slug + "/reports/2026-04"
		if code, body := f.get(sup, base); code != http.StatusOK || !strings.Contains(body, `id="breaches"`) {
			t.Fatalf("month page: %d", code)
		}
		breaches, err := st.Breaches(context.Background(), slug, "2026-04", 0)
		if err != nil {
			t.Fatal(err)
		}
		var own, other int64
		for _, b := range breaches {
			if b.Service == "oppimisalusta" && own == 0 {
				own = b.ID
			}
			if b.Service == "opetusdata" && other == 0 {
				other = b.ID
			}
		}
		if own == 0 || other == 0 {
			t.Fatalf("breaches: %d", len(breaches))
		}
		if code, body := f.post(sup, fmt.Sprintf("%s/breaches/%d/exclude", base, own), url.Values{"reason": {""}}); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, fmt.Sprintf(`id="excl-reason-%d-error"`, own)) {
			t.Errorf("exclusion without reason: %d", code)
		}
		if code, _ := f.post(sup, fmt.Sprintf("%s/breaches/%d/exclude", base, other), url.Values{"reason": {"x"}}); code != http.StatusNotFound {
			t.Errorf("excluding another supplier's breach: %d", code)
		}
		if code, _ := f.post(sup, fmt.Sprintf("%s/breaches/%d/exclude", base, 999999), url.Values{"reason": {"x"}}); code != http.StatusNotFound {
			t.Errorf("excluding a ticket that is not there: %d", code)
		}
		if code, _ := f.post(sup, fmt.Sprintf("%s/breaches/%d/exclude", base, own), url.Values{"reason": {"Kunnan verkkokatko"}}); code != http.StatusSeeOther {
			t.Fatalf("propose: %d", code)
		}
		pending, err := st.ExclusionsPending(context.Background(), slug)
		if err != nil || len(pending) != 1 {
			t.Fatalf("pending %v %v", pending, err)
		}
		ex := pending[0].Exclusion.ID
		if code, _ := f.post(sup, fmt.Sprintf("%s/exclusions/%d/decide", base, ex), url.Values{"decision": {"accept"}}); code != http.StatusForbidden {
			t.Errorf("the supplier deciding: %d", code)
		}
		if code, _ := f.post(prov, fmt.Sprintf("%s/exclusions/%d/decide", base, ex), url.Values{"decision": {"accept"}, "note": {"ok"}}); code != http.StatusSeeOther {
			t.Fatalf("accept: %d", code)
		}
		if code, body := f.post(sup, base+"/narrative", url.Values{"text-improvements": {"Parannettu valvontaa."}, "avail-oppimisalusta": {"abc"}}); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `id="avail-oppimisalusta-error"`) || !strings.Contains(body, "Parannettu valvontaa.") {
			t.Errorf("narrative with a bad availability: %d", code)
		}
		if code, _ := f.post(sup, base+"/narrative", url.Values{"text-improvements": {"Parannettu valvontaa."}, "avail-oppimisalusta": {"99,7"}}); code != http.StatusSeeOther {
			t.Fatalf("narrative: %d", code)
		}
		if code, _ := f.post(sup, base+"/submit", nil); code != http.StatusSeeOther {
			t.Fatalf("submit: %d", code)
		}
		if code, body := f.post(prov, base+"/decide", url.Values{"decision": {"dispute"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="review-note-error"`) {
			t.Errorf("dispute without note: %d", code)
		}
		if code, _ := f.post(prov, base+"/decide", url.Values{"decision": {"approve"}}); code != http.StatusSeeOther {
			t.Fatalf("approve: %d", code)
		}
		_, body = f.get(cust, base)
		if !strings.Contains(body, "Parannettu valvontaa.") || strings.Contains(body, "/submit") {
			t.Errorf("approved report page:\n%s", mainOf(body))
		}
		for _, format := range []string{"json", "csv", "xlsx", "pdf"} {
			resp, err := cust.Get(f.srv.URL + base + "/download/" + format)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Disposition") == "" {
				t.Errorf("download %s: %d", format, resp.StatusCode)
			}
		}
		for _, path := range []string{base + "/download/docx", "/a/" + slug + "/reports/2026-13", "/a/" + slug + "/reports/april"} {
			if code, _ := f.get(cust, path); code != http.StatusNotFound {
				t.Errorf("%s: %d", path, code)
			}
		}
		if code, body := f.get(cust, "/a/"+slug+"/reports"); code != http.StatusOK || !strings.Contains(body, "Oppimisalusta") {
			t.Errorf("reports index: %d", code)
		}
	})
}

// mainOf is the page's main element, for failure messages.
func mainOf(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000]
	}
	return body
}
