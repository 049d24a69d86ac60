package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// pagesRowNames are the names in the directory table, in order.
func pagesRowNames(body string) []string {
	var names []string
	for _, m := range regexp.MustCompile(`<tr>\s*<th scope="row">([^<]+)</th>`).FindAllStringSubmatch(body, -1) {
		names = append(names, m[1])
	}
	return names
}

func TestPagesDirectorySearchAndFilters(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		pagesPin(f)
		c := f.client("customer")
		for _, tc := range []struct {
			query string
			want  []string
		}{
			// Case- and accent-insensitive search on the name.
			{"q=vaisanen", []string{"Kari Väisänen"}},
			{"q=SUNDSTRÖM", []string{"Mikael Sundström"}},
			// E-mail and title.
			{"q=" + url.QueryEscape("@kerava.example"), []string{"Henna Kallio", "Matti Rinne"}},
			{"q=" + url.QueryEscape("tilausyhteyshenkilö"), []string{"Sanna Rautio", "Kari Väisänen"}},
			// A phone number however it is spaced.
			{"q=" + url.QueryEscape("300 0002"), []string{"Sanna Rautio"}},
			{"q=3000002", []string{"Sanna Rautio"}},
			{"party=kerava", []string{"Henna Kallio", "Matti Rinne"}},
			{"title=" + url.QueryEscape("pääkäyttäjä"), []string{"Teemu Nurmi", "Matti Rinne"}},
			{"title=" + url.QueryEscape("pääkäyttäjä") + "&party=vantaa", []string{"Teemu Nurmi"}},
			// Chairs of forums Vantaa can see; Kerava's own group and the
			// provider-supplier groups are not Vantaa's, so their chairs are
			// not chairs here.
			{"seat=chair", []string{"Janne Aaltonen", "Marja Kemppainen", "Kaisa Leinonen"}},
			{"seat=expert", []string{"Ville Hakala"}},
			{"seat=chair&q=kaisa", []string{"Kaisa Leinonen"}},
			{"q=nobody-has-this", nil},
			// A party or seat that does not exist is ignored.
			{"party=nosuch&seat=boss&q=vaisanen", []string{"Kari Väisänen"}},
		} {
			resp, body := pagesGet(f, c, pagesA+"/directory?"+tc.query, "")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", tc.query, resp.StatusCode)
			}
			if got := pagesRowNames(body); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("%s: %q, want %q", tc.query, got, tc.want)
			}
		}
		// The filter survives in the form and in the export links.
		_, body := pagesGet(f, c, pagesA+"/directory?party=kerava&q=matti", "")
		pagesWant(t, "filtered", body, `value="matti"`, `<option value="kerava" selected>`, "directory.csv?party=kerava&amp;q=matti", "1 person")
		// An overlong search is refused on the form, with the field marked.
		resp, body := pagesGet(f, c, pagesA+"/directory?q="+strings.Repeat("x", 101), "")
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("overlong search: %d", resp.StatusCode)
		}
		pagesWant(t, "overlong", body, `aria-invalid="true"`, `href="#dir-q"`, `id="dir-q-error"`, "at most 100 characters")
		if status, _ := f.get(c, pagesA+"/directory.csv?q="+strings.Repeat("x", 101)); status != http.StatusUnprocessableEntity {
			t.Errorf("overlong CSV search: %d", status)
		}
		// The member reads the directory but gets no export links.
		_, body = pagesGet(f, f.client("member"), pagesA+"/directory", "")
		pagesDontWant(t, "member directory", body, "directory.csv", "directory.vcf")
	})
}

// TestPagesDirectoryNordicOrder: Å, Ä and Ö sort after Z in Finnish and
// Swedish, and with A and O in English.
func TestPagesDirectoryNordicOrder(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		add := func(slug, name string) gov.Person {
			return gov.Person{Slug: slug, Name: name, Party: "tiera", Titles: []string{"lajittelukoe"}}
		}
		pagesAddPeople(f, add("orjan", "Örjan Östlund"), add("asa", "Åsa Åberg"), add("zacharias", "Zacharias Zetterberg"),
			add("arla", "Ärla Ärlig"), add("anders", "Anders Andersson"), add("oskar", "Oskar Olin"))
		c := f.client("provider")
		nordic := "Anders Andersson|Oskar Olin|Zacharias Zetterberg|Åsa Åberg|Ärla Ärlig|Örjan Östlund"
		for lang, want := range map[string]string{
			"fi": nordic,
			"sv": nordic,
			"en": "Åsa Åberg|Anders Andersson|Ärla Ärlig|Oskar Olin|Örjan Östlund|Zacharias Zetterberg", // by family name: Åberg, Andersson, Ärlig, Olin, Östlund
		} {
			_, body := pagesGet(f, c, pagesA+"/directory?q=lajittelukoe", lang)
			if got := strings.Join(pagesRowNames(body), "|"); got != want {
				t.Errorf("%s: %s\nwant %s", lang, got, want)
			}
		}
	})
}

func TestPagesDirectoryCSV(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		pagesPin(f)
		pagesAddPeople(f, gov.Person{Slug: "evil", Name: "=HYPERLINK(\"http://x\")", Party: "alustatalo", Email: "evil@alustatalo.example.com"})
		resp, body := pagesGet(f, f.client("supplier"), pagesA+"/directory.csv", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("csv: %d", resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="national-platform-directory.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if !strings.HasPrefix(body, "\uFEFF") {
			t.Fatalf("no byte order mark")
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(recs[0], ",") != "Name,Organisation,Titles,E-mail,Phone,Deputy,Seats" {
			t.Errorf("header %q", recs[0])
		}
		// Exactly the people the directory page shows, in the same order.
		_, page := pagesGet(f, f.client("supplier"), pagesA+"/directory", "")
		rows := pagesRowNames(page)
		if len(recs)-1 != len(rows) {
			t.Fatalf("%d CSV rows, %d on the page", len(recs)-1, len(rows))
		}
		byName := map[string][]string{}
		for i, r := range recs[1:] {
			want := rows[i]
			if strings.HasPrefix(r[0], "'=") {
				want = "'" + strings.ReplaceAll(want, "&#34;", `"`)
			}
			if r[0] != want {
				t.Errorf("row %d: %q, want %q", i, r[0], want)
			}
			byName[r[0]] = r
		}
		kari := byName["Kari Väisänen"]
		if kari == nil || kari[1] != "Tiera Oy" || kari[4] != "+358 40 300 0003" || kari[5] != "Markku Hiltunen" ||
			!strings.Contains(kari[6], "Tuotantoryhmä – Tiera ja Alustatalo (Chair)") || strings.Contains(kari[6], "Opetusdata") {
			t.Errorf("Kari: %q", kari)
		}
		if byName[`'=HYPERLINK("http://x")`] == nil {
			t.Errorf("a formula is not neutralised")
		}
		if byName["Noora Lindberg"] != nil {
			t.Errorf("the other supplier's person is exported")
		}
		// The same filters as the page.
		_, body = pagesGet(f, f.client("supplier"), pagesA+"/directory.csv?party=kerava", "")
		recs, _ = csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
		if len(recs) != 3 || recs[1][0] != "Henna Kallio" || recs[2][0] != "Matti Rinne" {
			t.Errorf("filtered CSV: %q", recs)
		}
	})
}

func TestPagesDirectoryVCard(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		pagesPin(f)
		pagesAddPeople(f, gov.Person{Slug: "escape", Name: "Eeva Erikoinen", Party: "alustatalo",
			Titles: []string{"Chief, Data; Ops", strings.Repeat("pitkä nimike ", 10)}, Phone: "+358 (0)9 123"})
		c := f.client("supplier")
		resp, body := pagesGet(f, c, pagesA+"/directory.vcf", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("vcf: %d", resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/vcard; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="national-platform-directory.vcf"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if strings.Contains(strings.ReplaceAll(body, "\r\n", ""), "\n") || !strings.HasSuffix(body, "END:VCARD\r\n") {
			t.Errorf("lines do not all end in CRLF")
		}
		for _, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
			if len(line) > 75 {
				t.Errorf("line longer than 75 octets: %q", line)
			}
		}
		_, page := pagesGet(f, c, pagesA+"/directory", "")
		if n, want := strings.Count(body, "BEGIN:VCARD\r\n"), len(pagesRowNames(page)); n != want || n != strings.Count(body, "END:VCARD\r\n") {
			t.Errorf("%d cards, want %d", n, want)
		}
		pagesWant(t, "vcard", body, "VERSION:4.0\r\n", "FN:Kari Väisänen\r\n", "N:Väisänen;Kari;;;\r\n", "ORG:Tiera Oy\r\n",
			"TITLE:palvelupäällikkö\r\n", "EMAIL;TYPE=work:kari.vaisanen@tiera.example.fi\r\n",
			"TEL;VALUE=uri;TYPE=work,voice:tel:+358-40-300-0003\r\n", `TITLE:Chief\, Data\; Ops`, "TEL;VALUE=uri;TYPE=work,voice:tel:+358-9-123\r\n")
		pagesDontWant(t, "vcard", body, "Noora Lindberg")
		// A UID is stable, so an address book updates the card on re-import.
		_, again := pagesGet(f, c, pagesA+"/directory.vcf", "")
		if again != body {
			t.Errorf("two exports differ")
		}
	})
}

// The directory sorts by family name: "Zacharias Andersson" comes before
// "Anders Zetterberg".
func TestPagesDirectorySurnameOrder(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	add := func(slug, name string) gov.Person {
		return gov.Person{Slug: slug, Name: name, Party: "tiera", Titles: []string{"sukunimikoe"}}
	}
	pagesAddPeople(f, add("anders-z", "Anders Zetterberg"), add("zacharias-a", "Zacharias Andersson"), add("mono", "Madonna"))
	_, body := pagesGet(f, f.client("provider"), pagesA+"/directory?q=sukunimikoe", "en")
	if got, want := strings.Join(pagesRowNames(body), "|"), "Zacharias Andersson|Madonna|Anders Zetterberg"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
