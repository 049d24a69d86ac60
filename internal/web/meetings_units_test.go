package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
)

// TestMeetingsErrorMessagesExist: every message id the meeting service
// puts on its errors is in the catalogue, in each language, so no user
// ever sees an id or falls back to English unnoticed.
func TestMeetingsErrorMessagesExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../meeting/*.go")
	re := regexp.MustCompile(`"(meeterr\.[a-z.]+)"`)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			seen++
			for _, lang := range i18n.Languages {
				if cat.T(lang, m[1], "Count", 2) == m[1] {
					t.Errorf("%s: %s has no %s message", filepath.Base(f), m[1], lang)
				}
			}
		}
	}
	if seen < 40 {
		t.Errorf("found only %d message ids in internal/meeting", seen)
	}
}

// TestMeetingsErrorText: service errors show in the reader's language
// with their arguments formatted the language's way.
func TestMeetingsErrorText(t *testing.T) {
	cat, _ := i18n.Load()
	s := &Server{cat: cat}
	loc, _ := time.LoadLocation("Europe/Helsinki")
	start := time.Date(2027, 1, 5, 13, 0, 0, 0, loc)
	e := &gov.Error{Code: gov.CodeConflict, Message: "english", ID: "meeterr.held.early", Args: []any{"Start", start}}
	for lang, want := range map[string]string{
		"en": "The meeting starts Tuesday 5 Jan 2027 at 13:00;",
		"fi": "Kokous alkaa tiistai 5.1.2027 klo 13.00;",
		"sv": "Mötet börjar tisdag 2027-01-05 kl. 13:00;",
	} {
		if got := s.errorText(lang, e); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	e = &gov.Error{Code: gov.CodeInvalid, Message: "english", Fields: []gov.FieldError{{Field: "date", Message: "eng", ID: "meeterr.date.holiday",
		Args: []any{"Date", calendar.NewDate(2027, 12, 6), "Country", "FI", "Holiday", calendar.Holiday{Name: "Independence Day", LocalName: "Itsenäisyyspäivä"}}}}}
	errs, ok := s.fieldErrors("fi", e, func(f string) string { return "add-" + f })
	if !ok || len(errs) != 1 || errs[0].Field != "add-date" || errs[0].Msg != "6.12.2027 ei ole työpäivä (Itsenäisyyspäivä); valitse toinen päivä." {
		t.Errorf("field errors: %+v", errs)
	}
	e = &gov.Error{Code: gov.CodeConflict, Message: "english", ID: "meeterr.agenda.closed", Args: []any{"State", gov.MinutesSent}}
	if got := s.errorText("sv", e); !strings.Contains(got, "”Protokollet väntar på justering”") {
		t.Errorf("state in words: %q", got)
	}
	e = &gov.Error{Code: gov.CodeInvalid, Message: "english", ID: "meeterr.cancel.reason", Args: []any{"Max", 2000}}
	if got := s.errorText("sv", e); got != "Ange skälet att ställa in (högst 2\u00a0000 tecken)." {
		t.Errorf("a number: %q", got)
	}
	// An error without an id keeps its English text.
	if got := s.errorText("fi", &gov.Error{Code: gov.CodeConflict, Message: "plain"}); got != "plain" {
		t.Errorf("no id: %q", got)
	}
}

// TestMeetingsMarkdown: user markdown never brings script, style or
// event handlers onto a page, and its headings fit the page's outline.
func TestMeetingsMarkdown(t *testing.T) {
	got := string(markdownHTML("# Muistio\n\n### Kohta\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](https://example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |", 3))
	for _, bad := range []string{"<script", "onerror", "javascript:"} {
		if strings.Contains(got, bad) {
			t.Errorf("rendered markdown has %q:\n%s", bad, got)
		}
	}
	for _, want := range []string{"<h3>Muistio</h3>", "<h4>Kohta</h4>", `href="https://example.org"`, `rel="nofollow"`, "<table>"} {
		if !strings.Contains(got, want) {
			t.Errorf("rendered markdown lacks %q:\n%s", want, got)
		}
	}
	if got := string(markdownHTML("#### Deep\n\n# Top", 4)); !strings.Contains(got, "<h4>Deep</h4>") || !strings.Contains(got, "<h4>Top</h4>") {
		t.Errorf("outline: %s", got)
	}
}

// TestMeetingsPDFLayout: the minutes' PDF has the title, the facts, the
// attendees, the minutes as plain blocks and, last, the approval record.
func TestMeetingsPDFLayout(t *testing.T) {
	doc := minutesDoc{Title: "Pöytäkirja: Tuotantoryhmä, 5.1.2027", Facts: [][2]string{{"Ryhmä", "Tuotantoryhmä"}, {"Paikka", ""}},
		AttendeesLabel: "Läsnä", Attendees: []string{"Kari Väisänen – Puheenjohtaja"}, MinutesLabel: "Pöytäkirja",
		Body:   "# Muistio\n\n1. Palvelun **tila**\n2. Päätös\n   - alakohta\n\n<b>raw</b>\n\nLinkki [ohje](https://example.org).\n\n---\n\nLoppu",
		Record: "Hyväksynyt Kari Väisänen 12.1.2027 klo 13.40 (versio 1)."}
	var got []string
	for _, b := range doc.Layout() {
		got = append(got, b.Kind+"|"+b.Bullet+"|"+b.Text)
	}
	want := []string{
		"title||Pöytäkirja: Tuotantoryhmä, 5.1.2027",
		"fact||Tuotantoryhmä",
		"heading||Läsnä",
		"item|•|Kari Väisänen – Puheenjohtaja",
		"heading||Pöytäkirja",
		"heading||Muistio",
		"item|1.|Palvelun tila",
		"item|2.|Päätös",
		"item|•|alakohta",
		"para||raw", // the tags are left out, their text stays, as on the page
		"para||Linkki ohje (https://example.org).",
		"rule||",
		"para||Loppu",
		"rule||",
		"record||Hyväksynyt Kari Väisänen 12.1.2027 klo 13.40 (versio 1).",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("layout:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	pdf, err := renderPDF(doc.Layout(), doc.Title, "fi", time.Date(2027, 1, 12, 11, 40, 0, 0, time.UTC))
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") || len(pdf) < 1024 {
		t.Fatalf("renderPDF: %v, %d bytes", err, len(pdf))
	}
}

// TestMeetingsDownloadType: only harmless stored types are kept.
func TestMeetingsDownloadType(t *testing.T) {
	for in, want := range map[string]string{
		"application/pdf": "application/pdf", "text/plain; charset=utf-8": "text/plain; charset=utf-8", "text/html; charset=utf-8": "application/octet-stream",
		"image/svg+xml": "application/octet-stream", "application/javascript": "application/octet-stream", "": "application/octet-stream",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	} {
		if got := meeting.DownloadType(in); got != want {
			t.Errorf("meeting.DownloadType(%q) = %q, want %q", in, got, want)
		}
	}
}
