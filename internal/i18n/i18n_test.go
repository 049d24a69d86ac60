package i18n

import (
	"strings"
	"testing"
	"time"
)

// TestEveryMessageInEveryLanguage fails when a message exists in one
// language but not in another, naming the file area and id.
func TestEveryMessageInEveryLanguage(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]map[string]bool{}
	for _, lang := range Languages {
		for _, id := range c.IDs(lang) {
			if all[id] == nil {
				all[id] = map[string]bool{}
			}
			all[id][lang] = true
		}
	}
	for id, langs := range all {
		for _, lang := range Languages {
			if !langs[lang] {
				t.Errorf("message %q is missing in %s", id, lang)
			}
		}
	}
	if len(all) < 50 {
		t.Errorf("only %d messages loaded", len(all))
	}
}

func TestTranslate(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T("fi", "login.limited", "Minutes", 15); !strings.Contains(got, "15 minuutin") {
		t.Errorf("fi: %q", got)
	}
	if got := c.T("xx", "login.title"); got != "Sign in" {
		t.Errorf("unknown language falls back to English, got %q", got)
	}
	if got := c.T("sv", "no.such.message"); got != "no.such.message" {
		t.Errorf("missing message shows its id, got %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	for h, want := range map[string]string{
		"":                        "en",
		"fi-FI,fi;q=0.9,en;q=0.8": "fi",
		"sv-SE":                   "sv",
		"sv-FI,sv;q=0.9":          "sv",
		"de-DE,de;q=0.9":          "en",
		"de;q=0.9,sv;q=0.5":       "sv",
		"garbage;;;q=x":           "en",
		"en-GB,en;q=0.9,fi;q=0.1": "en",
	} {
		if got := Negotiate(h); got != want {
			t.Errorf("Negotiate(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestSortNordic(t *testing.T) {
	names := []string{"Örebro", "Åbo", "Zeta", "Ähtäri", "Alpha", "Oulu"}
	for lang, want := range map[string]string{
		"sv": "Alpha Oulu Zeta Åbo Ähtäri Örebro",
		"fi": "Alpha Oulu Zeta Åbo Ähtäri Örebro",
	} {
		got := append([]string(nil), names...)
		Sort(lang, got, func(s string) string { return s })
		if strings.Join(got, " ") != want {
			t.Errorf("%s: %v, want %s", lang, got, want)
		}
	}
	got := append([]string(nil), names...)
	Sort("en", got, func(s string) string { return s })
	if got[0] != "Åbo" && got[0] != "Alpha" {
		t.Errorf("en puts Å with A: %v", got)
	}
}

func TestFormats(t *testing.T) {
	d := time.Date(2027, 1, 12, 0, 0, 0, 0, time.UTC)
	if Date("fi", d) != "12.1.2027" || Date("sv", d) != "2027-01-12" || Date("en", d) != "12 Jan 2027" {
		t.Errorf("dates: %s %s %s", Date("fi", d), Date("sv", d), Date("en", d))
	}
	if got := Number("en", 150000); got != "150,000" {
		t.Errorf("en number %q", got)
	}
	if got := Number("fi", 150000); !strings.Contains(got, "150") || strings.Contains(got, ",") {
		t.Errorf("fi number %q", got)
	}
}
