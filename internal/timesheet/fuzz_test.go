package timesheet

import (
	"testing"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
)

// TestStrayQuoteIsARowError: a quote in the middle of a field (which once
// panicked the reader) is an error naming the line and the column.
func TestStrayQuoteIsARowError(t *testing.T) {
	a := fuzzAgreement(t)
	rows, _, err := parseCSV(a, "alustatalo", []byte("date;email;hours;description\n2026-04-14;a@b.example;1;ok\n\"a\"b;x@y.example;1;bad\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(rows[1].errs) != 1 {
		t.Fatalf("rows %+v", rows)
	}
	e := rows[1].errs[0]
	if e.Line != 3 || e.Column != "3" || e.ID != "time.import.badcsv" {
		t.Errorf("the error %+v; want line 3, column 3 (the quote that is out of place)", e)
	}
}

func fuzzAgreement(t testing.TB) *gov.Agreement {
	src, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("np.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// FuzzParseCSV: no file makes the time-entry importer panic; each row it
// refuses names its line.
func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{
		"date;email;hours;description\n\"a\"b;x;1;y\n",
		"date,email,hours,description\n2026-04-14,a@b.example,\"1,75\",\"x\n",
		"\xef\xbb\xbfdate,email,hours,description,rate\n2026-04-14,minna@x.example,\"1,75\",\"Review, notes\",ICT-arkkitehti\n",
		"date\tperson\thours\n14.4.2026\tminna\t25\n",
		"",
		"\xff\xfe\x00d\x00a",
	} {
		f.Add([]byte(s))
	}
	a := fuzzAgreement(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, _, err := parseCSV(a, "alustatalo", b)
		if err != nil {
			return
		}
		for _, r := range rows {
			for _, e := range r.errs {
				if e.Line <= 0 || e.Message == "" {
					t.Fatalf("a row error without a line or message: %+v", e)
				}
			}
		}
	})
}
