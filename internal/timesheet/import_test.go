package timesheet_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
	"github.com/steerco/steerco/internal/timesheet"
)

// supplierCSV is what a Finnish supplier's time system exports: a header
// in Finnish, semicolons, day-first dates, a decimal comma, and
// Windows-1252 (the ä and ö of the names and descriptions), with bad rows
// among the good.
const supplierCSV = "Päivä;Tekijä;Tunnit;Kuvaus;Tilaus\r\n" +
	"7.4.2026;antti.ruuskanen@alustatalo.example.com;1,5;Käyttöliittymän tarkistus;\r\n" +
	"8.4.2026;Antti Ruuskanen;0,25;Häiriön selvitys;\r\n" +
	"9.4.2026;antti.ruuskanen@alustatalo.example.com;0:07;Lyhyt;\r\n" +
	"31.4.2026;antti.ruuskanen@alustatalo.example.com;1;Päivä ei ole;\r\n" +
	"10.4.2026;jussi@muualla.example;2;Väärä henkilö;\r\n" +
	"10.4.2026;antti.ruuskanen@alustatalo.example.com;yksi;Tunnit sanoina;\r\n" +
	"2026-04-10;antti.ruuskanen@alustatalo.example.com;2;;\r\n" +
	"2026-04-10;antti.ruuskanen@alustatalo.example.com;1;Tilaukselle;2026-099\r\n"

func cp1252(t *testing.T, s string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImport(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		src, _ := model.Template("national-platform")
		a, err := model.Parse("np.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		svc := timesheet.New(st)
		svc.Now = func() time.Time { return time.Date(2026, 4, 20, 8, 0, 0, 0, time.UTC) }
		file := cp1252(t, supplierCSV)
		if bytes.Contains(file, []byte("ä")) {
			t.Fatal("the test file is UTF-8, not Windows-1252")
		}

		// Strict: the bad rows keep every row out.
		res, err := svc.Import(ctx, a, timesheet.System, "alustatalo", bytes.NewReader(file), true)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Strict || res.Imported != 0 || res.Rows != 8 {
			t.Fatalf("strict import: %+v", res)
		}
		if n := count(t, st, a); n != 0 {
			t.Fatalf("strict import stored %d entries", n)
		}

		res, err = svc.Import(ctx, a, timesheet.System, "alustatalo", bytes.NewReader(file), false)
		if err != nil {
			t.Fatal(err)
		}
		if res.Imported != 2 || res.Rows != 8 {
			t.Fatalf("imported %d of %d, want 2 of 8: %+v", res.Imported, res.Rows, res.Errors)
		}
		want := []struct {
			line       int
			column, id string
		}{
			{4, "Tunnit", "time.err.step"},
			{5, "Päivä", "time.import.date"},
			{6, "Tekijä", "time.import.person"},
			{7, "Tunnit", "time.import.hours"},
			{8, "Kuvaus", "time.err.description"},
			{9, "Tilaus", "time.err.order"},
		}
		if len(res.Errors) != len(want) {
			t.Fatalf("errors %+v", res.Errors)
		}
		for i, w := range want {
			e := res.Errors[i]
			if e.Line != w.line || e.Column != w.column || e.ID != w.id || e.Message == "" {
				t.Errorf("error %d: %+v, want line %d column %s %s", i, e, w.line, w.column, w.id)
			}
		}
		if !strings.Contains(res.Errors[0].Message, "steps of 15 minutes; 7 minutes") {
			t.Errorf("step message %q", res.Errors[0].Message)
		}
		var es []store.TimeEntry
		if err := st.ReadOrders(ctx, func(tx *store.Tx) error {
			aid, _ := tx.AgreementID(ctx, a.Slug)
			var err error
			es, err = tx.TimeEntries(ctx, aid, store.EntryFilter{Supplier: "alustatalo"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if es[0].Day != "2026-04-07" || es[0].Minutes != 90 || es[0].Description != "Käyttöliittymän tarkistus" || es[0].Person != "antti-ruuskanen" ||
			es[0].Source != "import" || es[0].Rate != "asiantuntija" || es[1].Minutes != 15 {
			t.Errorf("stored %+v", es)
		}
	})
}

// Comma-separated UTF-8 with a byte-order mark and ISO dates, and a file
// without the columns the import needs.
func TestImportFormats(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		src, _ := model.Template("national-platform")
		a, _ := model.Parse("np.yaml", src)
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		svc := timesheet.New(st)
		svc.Now = func() time.Time { return time.Date(2026, 4, 20, 8, 0, 0, 0, time.UTC) }
		csv := "\xef\xbb\xbfdate,email,hours,description,rate\n2026-04-14,minna.karjalainen@alustatalo.example.com,\"1,75\",\"Review, notes\",ICT-arkkitehti\n"
		res, err := svc.Import(ctx, a, timesheet.System, "alustatalo", strings.NewReader(csv), false)
		if err != nil || res.Imported != 1 || len(res.Errors) != 0 {
			t.Fatalf("%+v %v", res, err)
		}
		_, err = svc.Import(ctx, a, timesheet.System, "alustatalo", strings.NewReader("when;who\n1;2\n"), false)
		if e, ok := err.(*gov.Error); !ok || e.ID != "time.import.columns" {
			t.Fatalf("missing columns: %v", err)
		}
	})
}

func count(t *testing.T, st *store.Store, a *gov.Agreement) int {
	var n int
	if err := st.ReadOrders(context.Background(), func(tx *store.Tx) error {
		aid, _ := tx.AgreementID(context.Background(), a.Slug)
		es, err := tx.TimeEntries(context.Background(), aid, store.EntryFilter{})
		n = len(es)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return n
}
