package agendapack

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/steerco/steerco/internal/minutesdoc"
)

func onePager(t *testing.T, text string) []byte {
	t.Helper()
	pdf, err := minutesdoc.Render([]minutesdoc.Block{{Kind: "title", Text: text}}, text, "en", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

// TestBuild merges the agenda and two PDF materials in agenda order with
// a bookmark per item, lists a spreadsheet with its checksum, and lists
// a broken "PDF" as not merged without failing.
func TestBuild(t *testing.T) {
	p := Pack{Labels: Labels{Title: "Agenda pack", Agenda: "Agenda", Materials: "Merged", Other: "Other files", Invalid: "Not merged",
		Size: func(n int64) string { return fmt.Sprintf("%d B", n) }},
		Items: []Item{{No: 1, Title: "Status"}, {No: 2, Title: "Quality"}},
		Materials: []Material{
			{Name: "quality.pdf", ItemNo: 2, Data: onePager(t, "QUALITYPAGE"), SHA256: "q"},
			{Name: "status.pdf", ItemNo: 1, Data: onePager(t, "STATUSPAGE"), SHA256: "s"},
			{Name: "figures.xlsx", ItemNo: 1, Data: []byte("PK..."), Size: 5, SHA256: "abc123"},
			{Name: "broken.pdf", ItemNo: 2, Data: []byte("%PDF-1.4 nothing here"), Size: 21, SHA256: "def456"},
		}, Lang: "en", Created: time.Now()}
	out, err := Build(p)
	if err != nil {
		t.Fatal(err)
	}
	n, err := pages(out)
	if err != nil || n != 3 {
		t.Fatalf("%d pages (%v), want the agenda and two materials", n, err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("no poppler-utils")
	}
	path := filepath.Join(t.TempDir(), "pack.pdf")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	txt, _ := exec.Command("pdftotext", path, "-").Output()
	s := string(txt)
	for _, want := range []string{"figures.xlsx", "abc123", "broken.pdf", "Not merged", "STATUSPAGE", "QUALITYPAGE"} {
		if !strings.Contains(s, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}
	if strings.Index(s, "STATUSPAGE") > strings.Index(s, "QUALITYPAGE") {
		t.Error("materials are not in agenda order")
	}
	// The outline has a bookmark per item with materials.
	bms, err := api.Bookmarks(bytes.NewReader(out), conf())
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, b := range bms {
		titles = append(titles, fmt.Sprintf("%s@%d", b.Title, b.PageFrom))
	}
	if got := strings.Join(titles, ", "); got != "Agenda@1, 1. Status@2, 2. Quality@3" {
		t.Errorf("bookmarks %s", got)
	}
}
