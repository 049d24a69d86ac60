package api

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/itsm"
	"github.com/steerco/steerco/internal/report"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// uploadExport sends a ticket export as multipart/form-data.
func (f *apiFixture) uploadExport(role string, fields map[string]string, file []byte) (int, []byte) {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("file", "export.csv")
		fw.Write(file)
	}
	mw.Close()
	status, _, out := f.send(role, http.MethodPost, "/api/v1/agreements/"+f.a.Slug+"/ticket-imports", mw.FormDataContentType(), &body)
	return status, out
}

// TestReportsAPI: an import with a rejected row, the month's pack, an
// exclusion proposed and accepted, the report submitted and approved;
// every response held to the spec.
func TestReportsAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		loc, _ := time.LoadLocation("Europe/Helsinki")
		var buf bytes.Buffer
		if _, err := itsm.GenerateServiceNow(&buf, itsm.GenerateOptions{Seed: 5, Incidents: 150, From: time.Date(2026, 4, 1, 0, 0, 0, 0, loc),
			Months: 1, Groups: []string{"Alusta", "Opetusdata"}, Late: 0.2, FirstNumber: 700}); err != nil {
			t.Fatal(err)
		}
		data := append(buf.Bytes(), "INC9999999,New\n"...)
		if code, _ := f.uploadExport("customer", map[string]string{"source": "servicenow"}, data); code != http.StatusForbidden {
			t.Errorf("the customer importing: %d", code)
		}
		if code, _ := f.uploadExport("supplier", map[string]string{"source": "excel"}, data); code != http.StatusUnprocessableEntity {
			t.Errorf("unknown source: %d", code)
		}
		if code, _ := f.uploadExport("supplier", map[string]string{"source": "servicenow", "strict": "true"}, data); code != http.StatusUnprocessableEntity {
			t.Errorf("strict with a bad row: %d", code)
		}
		// Issue 14: the supplier imports its own half of the mixed file;
		// every row of Opetusdata's tickets is rejected with the reason.
		code, out := f.uploadExport("supplier", map[string]string{"source": "servicenow"}, data)
		res := decodeAs[itsm.Result](t, out)
		bad, foreign := 0, 0
		for _, rj := range res.Rejects {
			switch {
			case rj.Line == res.Rows+1:
				bad++
			case strings.Contains(rj.Reason, "belongs to the service Opetusdatapalvelu of another supplier"):
				foreign++
			}
		}
		if code != http.StatusCreated || res.Created != 75 || bad != 1 || foreign != res.Rejected-1 || foreign == 0 {
			t.Fatalf("import: %d %+v", code, res.ImportResult)
		}
		if code, _ := f.uploadExport("supplier", map[string]string{"source": "servicenow"}, []byte("just,a,header\n1,2,3\n")); code != http.StatusUnprocessableEntity {
			t.Errorf("a file without a number column: %d", code)
		}

		base := "/api/v1/agreements/" + f.a.Slug + "/reports/2026-04"
		code, out = f.do("customer", http.MethodGet, base, nil)
		p := decodeAs[report.Pack](t, out)
		if code != http.StatusOK || p.ServiceLevels.Total.Breached == 0 {
			t.Fatalf("pack: %d %+v", code, p.ServiceLevels.Total)
		}
		if code, _ := f.do("customer", http.MethodGet, "/api/v1/agreements/"+f.a.Slug+"/reports/2026-4", nil); code != http.StatusNotFound {
			t.Errorf("bad month: %d", code)
		}
		breaches, err := st.Breaches(context.Background(), f.a.Slug, "2026-04", 0)
		if err != nil {
			t.Fatal(err)
		}
		var own int64
		for _, b := range breaches {
			if b.Service == "oppimisalusta" {
				own = b.ID
				break
			}
		}
		if code, _ := f.do("supplier", http.MethodPost, base+"/exclusions", map[string]any{"ticket": own, "reason": ""}); code != http.StatusUnprocessableEntity {
			t.Errorf("exclusion without reason: %d", code)
		}
		if code, _ := f.do("supplier", http.MethodPost, base+"/exclusions", map[string]any{"ticket": own, "reason": "Kunnan verkko"}); code != http.StatusOK {
			t.Fatalf("exclusion: %d", code)
		}
		pending, err := st.ExclusionsPending(context.Background(), f.a.Slug)
		if err != nil || len(pending) != 1 {
			t.Fatalf("pending: %v %v", pending, err)
		}
		path := fmt.Sprintf("%s/exclusions/%d/decision", base, pending[0].Exclusion.ID)
		if code, _ := f.do("supplier", http.MethodPost, path, map[string]any{"approve": true}); code != http.StatusForbidden {
			t.Errorf("the supplier deciding: %d", code)
		}
		code, out = f.do("kari", http.MethodPost, path, map[string]any{"approve": true, "note": "ok"})
		if p := decodeAs[report.Pack](t, out); code != http.StatusOK || p.ServiceLevels.Total.Excluded != 1 {
			t.Fatalf("accept: %d %+v", code, p.ServiceLevels.Total)
		}
		if code, _ := f.do("supplier", http.MethodPut, base+"/narrative", map[string]any{"texts": map[string]string{"projects": "Aikataulussa."}}); code != http.StatusOK {
			t.Fatalf("narrative: %d", code)
		}
		if code, _ := f.do("supplier", http.MethodPost, base+"/submit", nil); code != http.StatusOK {
			t.Fatalf("submit: %d", code)
		}
		if code, _ := f.do("kari", http.MethodPost, base+"/decision", map[string]any{"approve": false}); code != http.StatusUnprocessableEntity {
			t.Errorf("dispute without note: %d", code)
		}
		code, out = f.do("kari", http.MethodPost, base+"/decision", map[string]any{"approve": true})
		if p := decodeAs[report.Pack](t, out); code != http.StatusOK || p.Status != store.ReportApproved || p.Projects.Text != "Aikataulussa." {
			t.Fatalf("approve: %d %s", code, p.Status)
		}
		if code, _ := f.do("kari", http.MethodPost, base+"/decision", map[string]any{"approve": true}); code != http.StatusConflict {
			t.Errorf("approving twice: %d", code)
		}
	})
}
