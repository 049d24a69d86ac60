package browser

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/steerco/steerco/internal/web"
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
	return append([]uiPage{
		{name: "signin", path: "/login", status: 200},
		{name: "signin-error", path: "/login", status: 422},          // sent empty: the error summary
		{name: "accessibility", path: "/accessibility", status: 200}, // issue 21, signed out
		{name: "accessibility-signed-in", path: "/accessibility", as: "customer", status: 200},
		{name: "public-forum", path: "/public/" + env.a.Slug + "/opetuksen-ohjausryhma", status: 200}, // issue 21, signed out
		{name: "records-retention", path: agreementPath("/records"), as: "customer", status: 200},
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
		// issue 6: incidents, deficiencies, risks
		{name: "incident", path: axeIncidentPath(), as: "supplier", status: 200},
		{name: "incidents", path: agreementPath("/incidents"), as: "provider", status: 200},
		{name: "deficiencies", path: agreementPath("/deficiencies"), as: "provider", status: 200},
		{name: "risk", path: axeRiskPath(), as: "provider", status: 200},
		{name: "risks", path: agreementPath("/risks"), as: "provider", status: 200},
		// Orders, time reporting and the invoice basis (issue 7), as the
		// provider, who names ordering contacts and reports its own
		// hours; browser_orders_test.go checks the pages of a month with
		// orders and hours in them.
		{name: "orders", path: agreementPath("/orders"), as: "provider", status: 200},
		{name: "order-contacts", path: agreementPath("/orders/contacts"), as: "provider", status: 200},
		{name: "order-new", path: agreementPath("/orders/new"), as: "provider", status: 200},
		{name: "time", path: agreementPath("/time"), as: "provider", status: 200},
		{name: "time-import", path: agreementPath("/time/import"), as: "provider", status: 200},
		{name: "invoice", path: agreementPath("/invoice"), as: "provider", status: 200},
		// issue 8
		{name: "reports", path: reportsPath(""), as: "supplier", status: 200},
		{name: "report-month", path: reportsPath("/2026-03"), as: "supplier", status: 200},
		{name: "report-month-review", path: reportsPath("/2026-02"), as: "provider", status: 200},
	}, matterAxePages()...) // issue 5: matters and decisions
}

// TestAccessibility runs axe-core's WCAG 2.1 A and AA rules on every page
// in every language and fails on any violation the accessibility
// statement (web.AccessibilityProblems) does not list, and on a listed
// axe problem that axe no longer finds: the statement's list of known
// problems stays true both ways.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	src := needAxe(t)
	known := messageIDs()
	var foundMu sync.Mutex
	found := map[string]bool{} // rule|page of listed problems axe found
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		for _, p := range web.AccessibilityProblems {
			if p.Rule == "" {
				continue
			}
			hit := false
			for k := range found {
				if rule, page, _ := strings.Cut(k, "|"); rule == p.Rule && (p.Page == "" || p.Page == page) {
					hit = true
				}
			}
			if !hit {
				t.Errorf("the accessibility statement lists axe rule %s (page %q) as a known problem, but axe no longer finds it: remove it from web.AccessibilityProblems", p.Rule, p.Page)
			}
		}
	})
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
					if web.AccessibilityListed(v.ID, pg.name) {
						foundMu.Lock()
						found[v.ID+"|"+pg.name] = true
						foundMu.Unlock()
						t.Logf("%s %s: axe %s, listed in the accessibility statement", lang, pg.name, v.ID)
						continue
					}
					var b strings.Builder
					fmt.Fprintf(&b, "%s %s (%s): axe %s [%s] %s (%s)", lang, pg.name, pg.path, v.ID, v.Impact, v.Help, v.HelpURL)
					for _, n := range v.Nodes {
						fmt.Fprintf(&b, "\n    %s\n      %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
					}
					t.Error(b.String() + "\n    (not listed in the accessibility statement: fix it, or list it in web.AccessibilityProblems)")
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
