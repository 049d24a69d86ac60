package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/steerco/steerco/internal/model"
)

// TestTimeImportAndInvoiceBasis runs `steerco time import` on a
// Windows-1252 file with semicolons and bad rows, strict and not, and
// writes the month's invoice basis as CSV and XLSX.
func TestTimeImportAndInvoiceBasis(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		src, err := model.Template("national-platform")
		if err != nil {
			t.Fatal(err)
		}
		np := filepath.Join(dir, "np.yaml")
		if err := os.WriteFile(np, src, 0o644); err != nil {
			t.Fatal(err)
		}
		ok(t, "model", "apply", np, "--db", db)
		file, _ := charmap.Windows1252.NewEncoder().Bytes([]byte("Päivä;Sähköposti;Tunnit;Kuvaus\r\n" +
			"6.10.2026;minna.karjalainen@alustatalo.example.com;1,5;Häiriön selvitys\r\n" +
			"7.10.2026;minna.karjalainen@alustatalo.example.com;0,1;Liian lyhyt\r\n" +
			"8.10.2026;tuntematon@example.com;2;Kuka?\r\n"))
		csvFile := filepath.Join(dir, "tunnit.csv")
		if err := os.WriteFile(csvFile, file, 0o644); err != nil {
			t.Fatal(err)
		}

		r := steerco(t, "time", "import", csvFile, "--agreement", "national-platform", "--supplier", "alustatalo", "--strict", "--db", db)
		if r.code != 1 || !strings.Contains(r.stdout, "imported nothing: 2 problems in 3 rows") ||
			!strings.Contains(r.stderr, "tunnit.csv:3: Tunnit: enter time in steps of 15 minutes; 6 minutes is not one") ||
			!strings.Contains(r.stderr, `tunnit.csv:4: Sähköposti: "tuntematon@example.com" is nobody of the supplier`) {
			t.Fatalf("strict import:\n%s", r)
		}
		r = steerco(t, "time", "import", csvFile, "--agreement", "national-platform", "--supplier", "alustatalo", "--db", db)
		if r.code != 1 || r.stdout != "imported 1 of 3 rows\n" || strings.Count(r.stderr, "\n") != 2 {
			t.Fatalf("import:\n%s", r)
		}
		fails(t, 1, "time", "import", csvFile, "--agreement", "national-platform", "--supplier", "vantaa", "--db", db)
		fails(t, 2, "time", "import", "--agreement", "national-platform", "--supplier", "alustatalo", "--db", db)

		// The basis as it stands: the imported hour and a half awaits
		// approval, so nothing is invoiced yet.
		out := ok(t, "invoice", "basis", "--agreement", "national-platform", "--supplier", "alustatalo", "--month", "2026-10", "--db", db)
		if !strings.HasPrefix(out, "\xef\xbb\xbforder_id;kind;description;hours;rate;unit_price;amount;currency\r\n") ||
			!strings.Contains(out, ";total;alustatalo 2026-10;;;;0,00;EUR") {
			t.Errorf("CSV basis:\n%s", out)
		}
		xlsx := filepath.Join(dir, "basis.xlsx")
		out = ok(t, "invoice", "basis", "--agreement", "national-platform", "--supplier", "alustatalo", "--month", "2026-10", "--format", "xlsx", "--out", xlsx, "--db", db)
		if !strings.Contains(out, "wrote the draft invoice basis of alustatalo for 2026-10") || !strings.Contains(out, "deviation: the normal monthly amount is 4000.00 EUR") {
			t.Errorf("xlsx: %s", out)
		}
		f, err := excelize.OpenFile(xlsx)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.GetCellValue("2026-10", "A4"); v != "order_id" {
			t.Errorf("XLSX header A4 = %q", v)
		}
		fails(t, 2, "invoice", "basis", "--agreement", "national-platform", "--month", "2026-10", "--db", db) // two suppliers
		fails(t, 2, "invoice", "basis", "--agreement", "national-platform", "--supplier", "alustatalo", "--month", "10/2026", "--db", db)
		fails(t, 2, "invoice", "basis", "--agreement", "national-platform", "--supplier", "alustatalo", "--month", "2026-10", "--format", "xlsx", "--db", db)
	})
}
