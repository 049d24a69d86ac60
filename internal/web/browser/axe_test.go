package browser

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axePages are every page of the UI, each opened by a user who may see
// it: the customer representative for most (they may edit their own
// organisation's people and the memberships), the administrator for the
// party form, nobody for the sign-in form. The 404 page is the error page.
func axePages() []uiPage {
	cust := env.users["customer"]
	person := ""
	for _, p := range env.a.People {
		if p.Party == cust.Party {
			person = p.Slug
			break
		}
	}
	return []uiPage{
		{name: "signin", path: "/login", status: 200},
		{name: "signin-error", path: "/login", status: 422}, // sent empty: the error summary
		{name: "dashboard", path: "/", as: "customer", status: 200},
		{name: "account", path: "/account", as: "customer", status: 200},
		{name: "agreements", path: "/agreements", as: "customer", status: 200},
		{name: "agreement", path: agreementPath(""), as: "customer", status: 200},
		{name: "party", path: agreementPath("/parties/" + cust.Party), as: "customer", status: 200},
		{name: "directory", path: agreementPath("/directory"), as: "customer", status: 200},
		{name: "forums", path: agreementPath("/forums"), as: "customer", status: 200},
		{name: "forum", path: agreementPath("/forums/" + openForum().Slug), as: "customer", status: 200},
		{name: "model", path: agreementPath("/model"), as: "customer", status: 200},
		{name: "plan", path: agreementPath("/plan"), as: "customer", status: 200},
		{name: "admin", path: agreementPath("/admin"), as: "customer", status: 200},
		{name: "person", path: agreementPath("/admin/people/" + person), as: "customer", status: 200},
		{name: "person-new", path: agreementPath("/admin/people/new"), as: "customer", status: 200},
		{name: "membership", path: agreementPath("/admin/memberships/new"), as: "customer", status: 200},
		{name: "party-edit", path: agreementPath("/admin/parties/" + cust.Party), as: "admin", status: 200},
		{name: "meetings", path: agreementPath("/meetings"), as: "customer", status: 200},
		{name: "actions", path: agreementPath("/actions"), as: "customer", status: 200},
		{name: "feeds", path: "/account/feeds", as: "customer", status: 200},
		{name: "outbox", path: "/outbox", as: "admin", status: 200},
		{name: "notfound", path: agreementPath("/no-such-page"), as: "customer", status: 404},
		// issue 6
		{name: "complaints", path: agreementPath("/complaints"), as: "provider", status: 200},
		{name: "complaint", path: axeComplaintPath(), as: "supplier", status: 200},
		{name: "sanctions", path: agreementPath("/sanctions"), as: "provider", status: 200},
	}
}

// TestAccessibility runs axe-core's WCAG 2.1 A and AA rules on every page
// in every language and fails on any violation.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	src := needAxe(t)
	known := messageIDs()
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tabs := map[string]*tab{}
			// Each user's tab chooses the language before signing in, so
			// that no account's saved language changes.
			tabFor := func(as string) *tab {
				if tb := tabs[as]; tb != nil {
					return tb
				}
				tb := newTab(t, "")
				tb.open("/login")
				tb.setLanguage(lang)
				if as != "" {
					if status := tb.signIn(env.users[as], password); status >= 400 {
						t.Fatalf("sign in as %s: %d", as, status)
					}
				}
				tabs[as] = tb
				return tb
			}
			var summary []string
			for _, pg := range axePages() {
				tb := tabFor(pg.as)
				var status int64
				if pg.name == "signin-error" {
					tb.open(pg.path)
					status = tb.submit(chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
				} else {
					status = tb.open(pg.path)
				}
				if status != pg.status {
					t.Errorf("%s %s (%s): status %d, want %d", lang, pg.name, pg.path, status, pg.status)
				}
				checkLanguage(t, tb, lang, pg.name, known)
				vs := tb.axeRun(src)
				tb.shot(lang, pg.name)
				summary = append(summary, fmt.Sprintf("%s:%d/%d", pg.name, status, len(vs)))
				for _, v := range vs {
					var b strings.Builder
					fmt.Fprintf(&b, "%s %s (%s): axe %s [%s] %s (%s)", lang, pg.name, pg.path, v.ID, v.Impact, v.Help, v.HelpURL)
					for _, n := range v.Nodes {
						fmt.Fprintf(&b, "\n    %s\n      %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
					}
					t.Error(b.String())
				}
			}
			t.Logf("%s page:status/violations %s", lang, strings.Join(summary, " "))
		})
	}
}

// TestAxeWorks proves the accessibility test can fail: the page's CSP
// refuses an inline script, yet axe-core, injected through DevTools,
// runs and reports the faults planted in the page.
func TestAxeWorks(t *testing.T) {
	t.Parallel()
	src := needAxe(t)
	tb := newTab(t, acceptLanguage["en"])
	tb.refusalsExpected = true
	var csp string
	tb.call(func(ctx context.Context) error {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(env.url+"/login"))
		if resp != nil {
			csp, _ = resp.Headers["Content-Security-Policy"].(string)
		}
		return err
	})
	if !strings.Contains(csp, "script-src 'self'") {
		t.Fatalf("Content-Security-Policy %q does not limit scripts to the site", csp)
	}
	if eval[bool](tb, `(() => { const s = document.createElement("script");
  s.textContent = "window.inlineRan = true"; document.body.appendChild(s); return window.inlineRan === true; })()`) {
		t.Fatal("an inline script ran despite the CSP")
	}
	eval[bool](tb, `(() => { document.querySelector("main").insertAdjacentHTML("beforeend",
  '<img src="/static/app.css"><input id="planted" type="text">'); return true; })()`)
	found := map[string]bool{}
	for _, v := range tb.axeRun(src) {
		found[v.ID] = true
	}
	for _, want := range []string{"image-alt", "label"} {
		if !found[want] {
			t.Errorf("axe did not report the planted %s fault; it found %v", want, found)
		}
	}
}
