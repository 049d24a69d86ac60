package browser

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// tab is one browser tab in a browser context of its own (fresh cookies),
// bound to a test: every helper fails the test on a browser error.
type tab struct {
	t   *testing.T
	ctx context.Context
	// headerLang is the language of the tab's Accept-Language header, which
	// signIn makes the session's language (see signIn).
	headerLang string

	mu      sync.Mutex
	console []string // CSP refusals and uncaught exceptions
	// refusalsExpected is set by a test that provokes CSP refusals.
	refusalsExpected bool
}

// newTab opens a tab. acceptLanguage, when set, replaces the browser's
// Accept-Language header for the tab.
func newTab(t *testing.T, acceptLanguage string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil { // open the tab, without a timeout
		cancel()
		t.Fatalf("open a tab: %v", err)
	}
	tb := &tab{t: t, ctx: ctx, headerLang: strings.SplitN(strings.SplitN(acceptLanguage, ",", 2)[0], "-", 2)[0]}
	// Watch the console: a Content-Security-Policy refusal (inline script
	// or style) or a script error is a bug even when the page looks fine.
	done := make(chan struct{})
	msgs := chromedp.Console(ctx)
	go func() {
		defer close(done)
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || strings.Contains(m.Text, "Refused to") {
				tb.mu.Lock()
				tb.console = append(tb.console, m.String())
				tb.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, m := range tb.console {
			if !tb.refusalsExpected || !strings.Contains(m, "Refused to") {
				t.Errorf("browser console: %s", m)
			}
		}
	})
	// Tabs run side by side: each behaves as the focused one, so that
	// focus moves (skip link, error summary) happen as for a real user.
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
	if acceptLanguage != "" {
		tb.call(func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": acceptLanguage}})
			return err
		})
	}
	return tb
}

// call runs f with a context that limits it to one step's time.
func (tb *tab) call(f func(ctx context.Context) error) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, step)
	defer cancel()
	if err := f(ctx); err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
}

// do runs actions in order.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	tb.call(func(ctx context.Context) error { return chromedp.Do(ctx, actions...) })
}

// eval evaluates a JavaScript expression and decodes its value.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	var v T
	tb.call(func(ctx context.Context) error {
		var err error
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](expr))
		return err
	})
	return v
}

// open navigates to a path of the server and returns the HTTP status of
// the page finally shown (after redirects).
func (tb *tab) open(path string) int64 {
	tb.t.Helper()
	var status int64
	tb.call(func(ctx context.Context) error {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(env.url+path))
		if resp != nil {
			status = resp.Status
		}
		return err
	})
	return status
}

// submit runs actions that load a new page (a click on a submit button,
// Enter on a link) and returns the status of the page shown.
func (tb *tab) submit(actions ...chromedp.Action[chromedp.Void]) int64 {
	tb.t.Helper()
	var status int64
	tb.call(func(ctx context.Context) error {
		resp, err := chromedp.RunResponse(ctx, actions...)
		if resp != nil {
			status = resp.Status
		}
		return err
	})
	return status
}

// path is the current page's path and query.
func (tb *tab) path() string {
	tb.t.Helper()
	loc := eval[string](tb, "location.href")
	u, err := url.Parse(loc)
	if err != nil {
		tb.t.Fatal(err)
	}
	return u.RequestURI()
}

// lang is the page's html[lang].
func (tb *tab) lang() string {
	tb.t.Helper()
	return eval[string](tb, "document.documentElement.lang")
}

// headings returns the text of the page's h1 and h2 elements.
func (tb *tab) headings() []string {
	tb.t.Helper()
	return eval[[]string](tb, `Array.from(document.querySelectorAll("h1, h2")).map(h => h.innerText.trim())`)
}

// setLanguage switches the UI language with the form in the page header.
func (tb *tab) setLanguage(lang string) {
	tb.t.Helper()
	tb.do(chromedp.SetValue(chromedp.ID("lang-select"), lang))
	if status := tb.submit(chromedp.Click(chromedp.CSS(`form.lang-form button[type="submit"]`))); status != 200 {
		tb.t.Fatalf("switch to %s: status %d at %s", lang, status, tb.path())
	}
	if got := tb.lang(); got != lang {
		tb.t.Fatalf("after switching to %s the page is in %q", lang, got)
	}
}

// signIn fills in and sends the sign-in form as u and returns the status
// of the page that follows.
func (tb *tab) signIn(u user, pw string) int64 {
	tb.t.Helper()
	if !strings.HasPrefix(tb.path(), "/login") {
		tb.open("/login")
	}
	tb.do(
		chromedp.SendKeys(chromedp.ID("email"), u.Email),
		chromedp.SendKeys(chromedp.ID("password"), pw),
	)
	status := tb.submit(chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	// The accounts are shared by tests running in parallel, and choosing
	// a language saves it on the account, which then beats the browser's
	// preference; so a signed-in tab takes its header's language for its
	// session. TestAcceptLanguage's own account is left alone: it tests
	// the browser's preference itself.
	if status < 400 && tb.headerLang != "" && u.Email != env.users["language"].Email {
		tb.useLanguage(tb.headerLang)
	}
	return status
}

// shots records the screenshots taken, so that a page seen by several
// tests is saved once.
var shots sync.Map

// shot saves a full-page PNG screenshot as LANG-NAME.png, once per run.
func (tb *tab) shot(lang, name string) {
	tb.t.Helper()
	file := filepath.Join(artifacts(tb.t), lang+"-"+name+".png")
	if _, done := shots.LoadOrStore(file, true); done {
		return
	}
	var png []byte
	tb.call(func(ctx context.Context) error {
		var err error
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		return err
	})
	if err := os.WriteFile(file, png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// focused describes document.activeElement.
type focused struct {
	Tag, ID, Class, Href, Text string
	Body                       bool
}

const focusedJS = `(() => { const e = document.activeElement;
  return e ? {Tag: e.tagName.toLowerCase(), ID: e.id || "", Class: e.className || "", Href: e.href || "", Text: (e.innerText || e.value || "").trim().slice(0, 80), Body: e === document.body} : {Body: true}; })()`

// press sends one key (Tab, Enter...) and returns what has focus after it.
func (tb *tab) press(key string) focused {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(key))
	return eval[focused](tb, focusedJS)
}

// tabTo presses Tab until match accepts the focused element, at most max
// times; it reports whether it got there.
func (tb *tab) tabTo(max int, match func(focused) bool) bool {
	tb.t.Helper()
	for range max {
		if match(tb.press(kb.Tab)) {
			return true
		}
	}
	return false
}

// rawIDs lists visible strings that look like message ids
// ("agreement.overview"): a message missing from the catalog shows as its
// id. known holds the catalog's ids; a string counts when it is one of them,
// or has their form and begins with one of their areas ("agreement.",
// "nav."), which tells an id from a host name such as "tiera.example.fi".
func (tb *tab) rawIDs(known map[string]bool) []string {
	tb.t.Helper()
	texts := eval[[]string](tb, `(() => {
  const out = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) out.push(n.textContent);
  for (const e of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]"))
    for (const a of ["aria-label", "title", "placeholder", "alt"]) if (e.hasAttribute(a)) out.push(e.getAttribute(a));
  out.push(document.title);
  return out; })()`)
	idLike := regexp.MustCompile(`^([a-z][a-z0-9_]*)(\.[a-z0-9_-]+)+$`)
	areas := map[string]bool{}
	for id := range known {
		area, _, _ := strings.Cut(id, ".")
		areas[area] = true
	}
	var bad []string
	for _, s := range texts {
		for _, w := range strings.Fields(s) {
			w = strings.Trim(w, ",;:()–\"'")
			if m := idLike.FindStringSubmatch(w); known[w] || m != nil && areas[m[1]] {
				bad = append(bad, w)
			}
		}
	}
	return bad
}

// messageIDs is the set of every message id of the catalog.
func messageIDs() map[string]bool {
	ids := map[string]bool{}
	for _, l := range []string{"fi", "sv", "en"} {
		for _, s := range env.cat.IDs(l) {
			_, id, _ := strings.Cut(s, ": ")
			ids[id] = true
		}
	}
	return ids
}

// axeViolation is one failed axe-core rule with the elements that fail it.
type axeViolation struct {
	ID, Impact, Help, HelpURL string
	Nodes                     []struct {
		Target  string
		HTML    string
		Summary string
	}
}

// axeRun injects axe-core (through DevTools, which the page's CSP does
// not govern) and runs the WCAG 2.0/2.1 A and AA rules on the page.
func (tb *tab) axeRun(src string) []axeViolation {
	tb.t.Helper()
	if !eval[bool](tb, `typeof window.axe === "object"`) {
		eval[bool](tb, src+"\n;true")
	}
	var raw []byte
	tb.call(func(ctx context.Context) error {
		var err error
		raw, err = chromedp.Run(ctx, chromedp.Evaluate[[]byte](`axe.run(document, {
  runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  resultTypes: ["violations"]
}).then(r => r.violations.map(v => ({ID: v.id, Impact: v.impact || "", Help: v.help, HelpURL: v.helpUrl,
  Nodes: v.nodes.map(n => ({Target: [].concat(n.target).flat(Infinity).join(" "), HTML: n.html, Summary: n.failureSummary || ""}))})))`,
			chromedp.EvalAwaitPromise))
		return err
	})
	var vs []axeViolation
	if err := json.Unmarshal(raw, &vs); err != nil {
		tb.t.Fatalf("axe result: %v", err)
	}
	return vs
}
