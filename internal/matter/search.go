package matter

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Search works the same on both databases: the query's words are cut to
// stems (Terms), and a document matches when it holds every stem as a
// case-insensitive substring of its title or text — SQLite's FTS5 trigram
// index, PostgreSQL's ILIKE (internal/store/search.go). Substrings find
// Finnish and Swedish inflected and compound forms that neither engine's
// stemmers know: "sopimus" → "sopim" finds "sopimuksen" and
// "palvelusopimusta"; "avtal" finds "avtalet" and "tjänsteavtalen".
// Limits: words under three letters are ignored (a trigram needs three);
// a stem can match inside an unrelated longer word; stem changes deep in
// a word (Finnish consonant gradation: "tieto" → "tiedon") are missed.

// endings are the inflectional endings cut from a query word, longest
// first: Finnish case and plural endings (and -nen, whose words inflect
// in -se-: Leinonen, Leinosen), Swedish definite and plural endings. One
// is cut at most, and a stem keeps four letters at least.
var endings = []string{
	"arnas", "ernas", "ornas", "heten",
	"issa", "issä", "ista", "istä", "illa", "illä", "ilta", "iltä", "ille", "ineen", "ihin", "iden", "arna", "erna", "orna", "ande", "ende",
	"ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "tta", "ttä", "seen", "nen", "ien", "jen", "ten", "iin", "het", "ens", "ets",
	"na", "nä", "ta", "tä", "ja", "jä", "en", "et", "ar", "er", "or", "ns",
	"n", "t", "s", "a", "ä", "e",
}

// gradation are consonant pairs at the end of a Finnish stem whose last
// consonant changes in inflection (kk/k, tt/t, nt/nn, nk/ng...).
var gradation = []string{"kk", "pp", "tt", "nt", "nk", "ng", "mp", "lt", "rt", "nn", "ll", "rr", "mm", "ks"}

// Terms turns a query into the stems a document must hold: each word
// lower-cased, its inflectional ending and final vowel cut, and a
// consonant that changes in inflection dropped, keeping four letters at
// least. Words under three letters are left out.
func Terms(query string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(query), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) < 3 {
			continue
		}
		t := stem(w)
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func stem(w string) string {
	r := []rune(w)
	cut := func(n int) bool {
		if len(r)-n >= 4 {
			r = r[:len(r)-n]
			return true
		}
		return false
	}
	for _, e := range endings {
		if strings.HasSuffix(string(r), e) && cut(len([]rune(e))) {
			break
		}
	}
	if strings.ContainsRune("aeiouyäöå", r[len(r)-1]) {
		cut(1)
	}
	for _, g := range gradation {
		if strings.HasSuffix(string(r), g) {
			if g == "ks" {
				cut(2) // sopimuks-: the -us/-os/-ys nouns' inflected stem
			} else {
				cut(1)
			}
			break
		}
	}
	return string(r)
}

// Hit is one document a search found.
type Hit struct {
	// Kind is matter, minutes or decision.
	Kind string
	// ID is the matter's, the meeting's (for minutes) or the decision's.
	ID        int64
	Forum     string
	MeetingID int64
	Title     string
	// Snippet is the text around the first match.
	Snippet string
	At      time.Time
}

// SearchOptions narrows a search: Kinds (matter, minutes, decision;
// none: all), one forum, and how many hits (default 50).
type SearchOptions struct {
	Kinds []string
	Forum string
	Limit int
}

// Search finds the matters, minutes and decisions of the forums x may
// see that hold every word of query, the best matches first.
func (s *Service) Search(ctx context.Context, a *gov.Agreement, x Actor, query string, o SearchOptions) ([]Hit, error) {
	terms := Terms(query)
	if len(terms) == 0 {
		return nil, gov.Invalid(fieldErr("q", "matter.err.query", "search for a word of at least three letters"))
	}
	forums := visibleForums(a, x)
	if o.Forum != "" {
		forums = slices.DeleteFunc(forums, func(f string) bool { return f != o.Forum })
	}
	var out []Hit
	err := s.st.ReadMatters(ctx, func(tx *store.Tx) error {
		docs, err := tx.Search(ctx, store.SearchQuery{Agreement: a.Slug, Forums: forums, Terms: terms, Kinds: o.Kinds, Limit: o.Limit})
		// People the directory hides from the actor are hidden in search
		// results too (issue 14): their names, e-mails and phones are cut
		// from titles and snippets, and a document found only through
		// them is not a hit.
		rep := auth.HiddenPeople(x.P, a, HiddenPerson)
		for _, d := range docs {
			if rep != nil {
				d.Title, d.Body = rep.Replace(d.Title), rep.Replace(d.Body)
				if !hasTerms(d.Title+" "+d.Body, terms) {
					continue
				}
			}
			out = append(out, Hit{Kind: d.Kind, ID: d.Ref, Forum: d.Forum, MeetingID: d.MeetingID, Title: d.Title, Snippet: snippet(d.Body, terms), At: d.At})
		}
		return err
	})
	return out, err
}

// searchIDs are the ids of the documents of one kind that match text.
func (s *Service) searchIDs(ctx context.Context, tx *store.Tx, a *gov.Agreement, forums []string, text, kind string) ([]int64, error) {
	terms := Terms(text)
	if len(terms) == 0 {
		return nil, gov.Invalid(fieldErr("text", "matter.err.query", "search for a word of at least three letters"))
	}
	docs, err := tx.Search(ctx, store.SearchQuery{Agreement: a.Slug, Forums: forums, Terms: terms, Kinds: []string{kind}, Limit: 1000})
	ids := []int64{}
	for _, d := range docs {
		ids = append(ids, d.Ref)
	}
	return ids, err
}

// HiddenPerson stands in a search result for a person the directory
// hides from the reader.
const HiddenPerson = "[…]"

// hasTerms reports whether text still holds every term (ignoring case).
func hasTerms(text string, terms []string) bool {
	text = strings.ToLower(text)
	for _, t := range terms {
		if !strings.Contains(text, strings.ToLower(t)) {
			return false
		}
	}
	return true
}

// snippet cuts about 160 characters around the first term in text.
func snippet(text string, terms []string) string {
	r := []rune(text)
	lower := make([]rune, len(r))
	for i, c := range r {
		lower[i] = unicode.ToLower(c)
	}
	first := -1
	for _, t := range terms {
		if i := runeIndex(lower, []rune(t)); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	if first < 0 {
		first = 0
	}
	from, to := max(first-60, 0), min(first+100, len(r))
	out := strings.TrimSpace(string(r[from:to]))
	if from > 0 {
		out = "…" + out
	}
	if to < len(r) {
		out += "…"
	}
	return strings.Join(strings.Fields(out), " ")
}

func runeIndex(s, sub []rune) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if slices.Equal(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
