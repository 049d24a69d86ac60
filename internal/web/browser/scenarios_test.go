package browser

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/steerco/steerco/internal/gov"
)

// langs are the UI languages, in the order the tests visit them.
var langs = []string{"fi", "sv", "en"}

// acceptLanguage is a browser's header for a user who prefers lang.
var acceptLanguage = map[string]string{
	"fi": "fi-FI,fi;q=0.9,en;q=0.5",
	"sv": "sv-FI,sv;q=0.9,en;q=0.5",
	"en": "en-GB,en;q=0.9",
}

// openForum is a forum every party takes part in, so every user sees it.
func openForum() *gov.Forum {
	for i := range env.a.Forums {
		if len(env.a.Forums[i].Parties) == 0 {
			return &env.a.Forums[i]
		}
	}
	panic("the template has no forum open to every party")
}

// agreementPath is the path of a page of the test agreement.
func agreementPath(rest string) string { return "/a/" + env.a.Slug + rest }

func TestSignInAndOut(t *testing.T) {
	t.Parallel()
	tb := newTab(t, acceptLanguage["en"])
	// A page that needs a session sends the browser to the sign-in form
	// and, after it, back to the page.
	tb.open(agreementPath(""))
	if p := tb.path(); !strings.HasPrefix(p, "/login") {
		t.Fatalf("anonymous %s went to %s, want /login", agreementPath(""), p)
	}
	tb.shot("en", "signin")
	u := env.users["customer"]
	if status := tb.signIn(u, password); status >= 400 {
		t.Errorf("after sign-in: status %d at %s", status, tb.path())
	}
	if p := tb.path(); p != agreementPath("") {
		t.Errorf("after sign-in at %s, want %s", p, agreementPath(""))
	}
	if who := eval[string](tb, `(document.querySelector(".whoami") || {}).innerText || ""`); who != u.Name {
		t.Errorf("signed in as %q, the header shows %q", u.Name, who)
	}
	tb.open("/")
	tb.shot("en", "dashboard-customer")
	if status := tb.submit(chromedp.Click(chromedp.CSS(`form[action="/logout"] button[type="submit"]`))); status != 200 {
		t.Errorf("sign out: status %d", status)
	}
	want := env.cat.T("en", "login.signedout")
	if got := eval[string](tb, "document.body.innerText"); !strings.Contains(got, want) {
		t.Errorf("after sign-out the page lacks %q", want)
	}
	if tb.open("/account"); !strings.HasPrefix(tb.path(), "/login") {
		t.Errorf("after sign-out /account shows %s", tb.path())
	}
}

func TestWrongPassword(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"fi", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t, acceptLanguage[lang])
			tb.open("/login")
			u := env.users["provider"]
			if status := tb.signIn(u, "not the password"); status != 401 {
				t.Errorf("wrong password: status %d, want 401", status)
			}
			want := env.cat.T(lang, "login.failed")
			summary := eval[string](tb, `(document.querySelector("#error-summary") || {}).innerText || ""`)
			if !strings.Contains(summary, want) {
				t.Errorf("the error summary %q lacks %q", summary, want)
			}
			if f := eval[focused](tb, focusedJS); f.ID != "error-summary" {
				t.Errorf("focus is on %+v, want the error summary", f)
			}
			if n := eval[int](tb, `document.querySelectorAll('input[aria-invalid="true"]').length`); n == 0 {
				t.Error("no field is marked aria-invalid")
			}
			if v := eval[string](tb, `document.getElementById("email").value`); v != u.Email {
				t.Errorf("the e-mail field holds %q, want %q kept", v, u.Email)
			}
			tb.shot(lang, "signin-failed")
		})
	}
}

// uiPage is a page of the UI that the language and accessibility tests
// visit: its artifact name, path, and the user who opens it.
type uiPage struct {
	name, path, as string
	status         int64
}

// languagePages are the pages the issue names: the dashboard, a forum
// and the model diagram.
func languagePages() []uiPage {
	return []uiPage{
		{name: "dashboard", path: "/", status: 200},
		{name: "forum", path: agreementPath("/forums/" + openForum().Slug), status: 200},
		{name: "model", path: agreementPath("/model"), status: 200},
	}
}

// TestLanguageSwitch switches the language with the header form while
// signed in, and checks the pages in each language.
func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	tb := newTab(t, "")
	if status := tb.signIn(env.users["provider"], password); status >= 400 {
		t.Fatalf("sign in: %d", status)
	}
	known := messageIDs()
	heads := map[string]map[string]string{} // page → lang → headings
	for _, lang := range langs {
		tb.setLanguage(lang)
		for _, pg := range languagePages() {
			if status := tb.open(pg.path); status != pg.status {
				t.Errorf("%s %s: status %d, want %d", lang, pg.path, status, pg.status)
			}
			checkLanguage(t, tb, lang, pg.name, known)
			if heads[pg.name] == nil {
				heads[pg.name] = map[string]string{}
			}
			heads[pg.name][lang] = strings.Join(tb.headings(), " | ")
			tb.shot(lang, pg.name)
		}
	}
	// The headings are translated: each language's differ from the others'.
	for name, byLang := range heads {
		for i, a := range langs {
			for _, b := range langs[i+1:] {
				if byLang[a] == byLang[b] {
					t.Errorf("%s: the headings are the same in %s and %s: %q", name, a, b, byLang[a])
				}
			}
		}
	}
}

// checkLanguage checks that the page is in lang: html[lang], the skip
// link's text, one h1, and no message id shown raw.
func checkLanguage(t *testing.T, tb *tab, lang, name string, known map[string]bool) {
	t.Helper()
	if got := tb.lang(); got != lang {
		t.Errorf("%s %s: html[lang] is %q", lang, name, got)
	}
	if got, want := eval[string](tb, `(document.querySelector("a.skip-link") || {}).textContent || ""`), env.cat.T(lang, "nav.skip"); strings.TrimSpace(got) != want {
		t.Errorf("%s %s: the skip link says %q, want %q", lang, name, got, want)
	}
	if n := eval[int](tb, `document.querySelectorAll("h1").length`); n != 1 {
		t.Errorf("%s %s: %d h1 elements, want 1", lang, name, n)
	}
	if raw := tb.rawIDs(known); len(raw) > 0 {
		t.Errorf("%s %s: untranslated message ids shown: %s", lang, name, strings.Join(slices.Compact(raw), ", "))
	}
}

// TestAcceptLanguage opens a fresh browser whose Accept-Language prefers
// each language in turn: the sign-in form and, after signing in, the
// pages come in that language.
func TestAcceptLanguage(t *testing.T) {
	t.Parallel()
	known := messageIDs()
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t, acceptLanguage[lang])
			tb.open("/login")
			checkLanguage(t, tb, lang, "signin", known)
			want := env.cat.T(lang, "login.submit")
			if got := eval[string](tb, `document.querySelector('form[action="/login"] button[type="submit"]').innerText`); strings.TrimSpace(got) != want {
				t.Errorf("the sign-in button says %q, want %q", got, want)
			}
			tb.shot(lang, "signin")
			// This account never chooses a language (no other test signs
			// in as it), so the browser's preference decides.
			if status := tb.signIn(env.users["language"], password); status >= 400 {
				t.Fatalf("sign in: %d", status)
			}
			for _, pg := range languagePages() {
				if status := tb.open(pg.path); status != pg.status {
					t.Errorf("%s: status %d, want %d", pg.path, status, pg.status)
				}
				checkLanguage(t, tb, lang, pg.name, known)
			}
		})
	}
}

// TestAdminEdit changes a person's phone number on their edit form as the
// administrator and checks it is saved and shown.
func TestAdminEdit(t *testing.T) {
	t.Parallel()
	tb := newTab(t, acceptLanguage["fi"])
	if status := tb.signIn(env.users["admin"], password); status >= 400 {
		t.Fatalf("sign in: %d", status)
	}
	// A person no other test signs in as or looks at.
	var person gov.Person
	for _, p := range env.a.People {
		if pa := env.a.Party(p.Party); pa != nil && pa.Kind == gov.KindOther {
			person = p
			break
		}
	}
	const phone = "+358 40 765 4321"
	form := agreementPath("/admin/people/" + person.Slug)
	if status := tb.open(form); status != 200 {
		t.Fatalf("%s: status %d", form, status)
	}
	tb.shot("fi", "person-edit")
	field := chromedp.CSS(`input[name="phone"]`)
	tb.do(chromedp.Clear(field), chromedp.SendKeys(field, phone))
	status := tb.submit(chromedp.Click(chromedp.CSS(`form:has(input[name="phone"]) button[type="submit"]`)))
	if status != 200 {
		t.Fatalf("save: status %d at %s", status, tb.path())
	}
	tb.shot("fi", "person-saved")
	a, err := env.st.Agreement(context.Background(), env.a.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Person(person.Slug); got == nil || got.Phone != phone {
		t.Fatalf("stored person %s: %+v, want phone %q", person.Slug, got, phone)
	}
	// The form shows the new number, and so does the directory.
	tb.open(form)
	if got := eval[string](tb, `document.querySelector('input[name="phone"]').value`); got != phone {
		t.Errorf("the edit form shows phone %q, want %q", got, phone)
	}
	tb.open(agreementPath("/directory"))
	if !strings.Contains(eval[string](tb, "document.body.innerText"), phone) {
		t.Errorf("the directory does not show %s's new phone %s", person.Name, phone)
	}
}

// forumPage matches the path of a forum's page.
var forumPage = regexp.MustCompile(`^/a/[^/]+/forums/[^/?#]+$`)

// forumList and agreementPage match the steps towards a forum page.
var (
	forumList     = regexp.MustCompile(`^/a/[^/]+/forums$`)
	agreementPage = regexp.MustCompile(`^/a/[^/]+$`)
)

// TestKeyboardOnly signs in and reaches a forum page with Tab and Enter
// alone (and typing into the two fields), starting with the skip link.
func TestKeyboardOnly(t *testing.T) {
	t.Parallel()
	tb := newTab(t, acceptLanguage["en"])
	tb.open("/login")
	if f := tb.press(kb.Tab); !strings.Contains(f.Class, "skip-link") {
		t.Fatalf("the first focusable element is %+v, want the skip link", f)
	}
	if f := tb.press(kb.Enter); f.ID != "main" {
		t.Fatalf("the skip link moved focus to %+v, want main", f)
	}
	u := env.users["customer"]
	if !tb.tabTo(10, func(f focused) bool { return f.ID == "email" }) {
		t.Fatal("Tab from main does not reach the e-mail field")
	}
	tb.do(chromedp.KeyEvent(u.Email))
	if !tb.tabTo(3, func(f focused) bool { return f.ID == "password" }) {
		t.Fatal("Tab does not reach the password field")
	}
	tb.do(chromedp.KeyEvent(password))
	if status := tb.submit(chromedp.KeyEvent(kb.Enter)); status != 200 {
		t.Fatalf("Enter in the password field: status %d at %s", status, tb.path())
	}
	// Follow links by keyboard, each time the one closest to a forum.
	rank := func(href string) int {
		p := strings.TrimPrefix(href, env.url)
		switch {
		case forumPage.MatchString(p):
			return 4
		case forumList.MatchString(p):
			return 3
		case agreementPage.MatchString(p):
			return 2
		case p == "/agreements":
			return 1
		}
		return 0
	}
	for hop := 0; hop < 4 && !forumPage.MatchString(tb.path()); hop++ {
		best := keyboardBest(tb, rank)
		if best == "" {
			t.Fatalf("no link towards a forum reachable by Tab on %s", tb.path())
		}
		if eval[focused](tb, focusedJS).Href != best && !tb.tabTo(300, func(f focused) bool { return f.Href == best }) {
			t.Fatalf("Tab does not come back to %s", best)
		}
		if status := tb.submit(chromedp.KeyEvent(kb.Enter)); status != 200 {
			t.Fatalf("Enter on %s: status %d", best, status)
		}
		t.Logf("by keyboard to %s", tb.path())
	}
	if p := tb.path(); !forumPage.MatchString(p) {
		t.Fatalf("after four hops by keyboard at %s, not on a forum page", p)
	}
	tb.shot("en", "forum-keyboard")
}

// keyboardBest tabs once around the page and returns the link with the
// highest rank: the first of that rank, or "" when none ranks.
func keyboardBest(tb *tab, rank func(string) int) string {
	tb.t.Helper()
	best, bestRank := "", 0
	seen := map[string]int{}
	for range 300 {
		f := tb.press(kb.Tab)
		if f.Body {
			continue
		}
		key := f.Tag + "#" + f.ID + "@" + f.Href + ":" + f.Text
		if seen[key]++; seen[key] > 1 && best != "" {
			break // once around
		}
		if r := rank(f.Href); r > bestRank {
			best, bestRank = f.Href, r
			if r == 4 {
				break
			}
		}
		if seen[key] > 2 {
			break
		}
	}
	return best
}
