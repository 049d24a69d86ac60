package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store/storetest"
)

// TestAccessibilityStatement reads the statement without signing in, in
// each language, and checks the contents the Web Accessibility Directive
// requires: the conformance status, the content that is not accessible
// and why, the feedback channel, both countries' enforcement bodies and
// the date.
func TestAccessibilityStatement(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	f := newFixture(t, st)
	srv, err := New(context.Background(), Config{AccessibilityContact: "saavutettavuus@example.org"}, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	withContact := httptest.NewServer(srv.Handler())
	defer withContact.Close()

	get := func(base, lang string) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, base+"/accessibility", nil)
		req.Header.Set("Accept-Language", lang)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s /accessibility: %d", lang, resp.StatusCode)
		}
		return string(b)
	}
	want := map[string][]string{
		"fi": {`<html lang="fi"`, "Saavutettavuusseloste", "täyttää WCAG 2.1 -tason AA saavutettavuusvaatimukset osittain", "Ei-saavutettava sisältö",
			"Lupa- ja valvontavirasto", "Etelä-Suomen aluehallintovirasto", "306/2019", "DIGG", "8.12.2026", "Vastaamme 14 päivän kuluessa"},
		"sv": {`<html lang="sv"`, "Tillgänglighetsredogörelse", "delvis förenlig", "Innehåll som inte är tillgängligt",
			"Myndigheten för digital förvaltning (DIGG)", "2018:1937", "digg.se/tdosanmalan", "Regionförvaltningsverket i Södra Finland", "2026-12-08"},
		"en": {`<html lang="en"`, "Accessibility statement", "partially meets", "Content that is not accessible",
			"Agency for Digital Government (DIGG)", "Regional State Administrative Agency for Southern Finland", "306/2019"},
	}
	for lang, parts := range want {
		body := get(withContact.URL, lang)
		for _, p := range append(parts, `id="conformance"`, `id="known-problems"`, `id="enforcement-fi"`, `id="enforcement-se"`,
			`href="mailto:saavutettavuus@example.org"`, `href="/accessibility"`) {
			if !strings.Contains(body, p) {
				t.Errorf("%s statement lacks %q", lang, p)
			}
		}
		for _, pr := range AccessibilityProblems {
			if !strings.Contains(body, `data-problem="`+pr.ID+`"`) {
				t.Errorf("%s statement does not list problem %s", lang, pr.ID)
			}
		}
		if strings.Contains(body, "a11y.") {
			t.Errorf("%s statement shows an untranslated message id", lang)
		}
	}
	// Without a configured address the page says whom to ask instead of
	// showing an empty channel.
	if body := get(f.srv.URL, "en"); !strings.Contains(body, "has not named a feedback address") {
		t.Error("statement without a contact does not say so")
	}
}
