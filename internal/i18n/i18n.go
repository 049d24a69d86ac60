// Package i18n is steerco's languages: Finnish, Swedish and English
// messages (go-i18n, with CLDR plural rules), choosing a language from
// Accept-Language, and formatting dates and numbers and sorting names
// the way each language expects (Å, Ä and Ö after Z in Swedish and
// Finnish).
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed locales/*.json
var localeFS embed.FS

// Languages are the UI languages, in the order the language menu shows.
var Languages = []string{"fi", "sv", "en"}

// Default is the language when nothing else decides.
const Default = "en"

var tags = []language.Tag{language.Finnish, language.Swedish, language.English}

// Catalog holds every message in every language.
type Catalog struct {
	bundle *goi18n.Bundle
	locs   map[string]*goi18n.Localizer
	ids    map[string][]string // language -> message ids, for the completeness test
}

// Load reads the embedded message files.
func Load() (*Catalog, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	c := &Catalog{bundle: b, locs: map[string]*goi18n.Localizer{}, ids: map[string][]string{}}
	// Messages are split into files by area (core.fi.json, forums.fi.json,
	// ...) so that features add their own; the middle part of each name is
	// its language.
	entries, err := fs.ReadDir(localeFS, "locales")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		parts := strings.Split(e.Name(), ".")
		if len(parts) != 3 || parts[2] != "json" || !Valid(parts[1]) {
			return nil, fmt.Errorf("i18n: %s: name message files AREA.LANG.json with LANG one of %v", e.Name(), Languages)
		}
		name := "locales/" + e.Name()
		data, err := fs.ReadFile(localeFS, name)
		if err != nil {
			return nil, err
		}
		mf, err := b.ParseMessageFileBytes(data, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		for _, m := range mf.Messages {
			c.ids[parts[1]] = append(c.ids[parts[1]], parts[0]+": "+m.ID)
		}
	}
	for _, lang := range Languages {
		sort.Strings(c.ids[lang])
		c.locs[lang] = goi18n.NewLocalizer(b, lang)
	}
	return c, nil
}

// IDs returns "area: id" for every message defined for lang, sorted.
func (c *Catalog) IDs(lang string) []string { return c.ids[lang] }

// T translates message id into lang. args are name/value pairs for the
// message's {{.Name}} fields; a "Count" pair also selects the plural form.
// A missing message shows as its id, so a gap is visible, never a panic;
// the completeness test keeps gaps out of releases.
func (c *Catalog) T(lang, id string, args ...any) string {
	loc, ok := c.locs[lang]
	if !ok {
		loc = c.locs[Default]
	}
	data := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		data[fmt.Sprint(args[i])] = args[i+1]
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil || s == "" {
		return id
	}
	return s
}

// Negotiate picks the UI language from an Accept-Language header.
func Negotiate(acceptLanguage string) string {
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return Default
	}
	_, i, conf := language.NewMatcher(tags).Match(prefs...)
	if conf == language.No {
		return Default
	}
	return Languages[i]
}

// Valid reports whether lang is a UI language.
func Valid(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

func tag(lang string) language.Tag {
	for i, l := range Languages {
		if l == lang {
			return tags[i]
		}
	}
	return language.English
}

// Sort sorts items by key in lang's alphabetical order: Swedish and
// Finnish put Å, Ä and Ö after Z, English folds them into A and O.
func Sort[T any](lang string, items []T, key func(T) string) {
	col := collate.New(tag(lang), collate.IgnoreCase)
	sort.SliceStable(items, func(i, j int) bool {
		return col.CompareString(key(items[i]), key(items[j])) < 0
	})
}

// Date formats a civil date (YYYY-MM-DD or a time) the language's way:
// 12.1.2027 in Finnish, 2027-01-12 in Swedish, 12 Jan 2027 in English.
func Date(lang string, t time.Time) string {
	switch lang {
	case "fi":
		return t.Format("2.1.2006")
	case "sv":
		return t.Format("2006-01-02")
	}
	return t.Format("2 Jan 2006")
}

// Number formats a number with the language's grouping and decimal
// separators (150 000 and 2,5 in Finnish and Swedish; 150,000 and 2.5 in
// English).
func Number(lang string, v any) string {
	return message.NewPrinter(tag(lang)).Sprint(v)
}

// Weekday is a day's name in lang, via the messages.
func (c *Catalog) Weekday(lang string, d time.Weekday) string {
	return c.T(lang, "weekday."+strings.ToLower(d.String()[:3]))
}

// Month is a month's name in lang, via the messages.
func (c *Catalog) Month(lang string, m time.Month) string {
	return c.T(lang, fmt.Sprintf("month.%d", int(m)))
}
