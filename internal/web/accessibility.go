package web

import (
	"net/http"
	"strings"
)

// The accessibility statement (EU Web Accessibility Directive 2016/2102;
// Finland: laki digitaalisten palvelujen tarjoamisesta 306/2019; Sweden:
// lag (2018:1937) om tillgänglighet till digital offentlig service and
// DIGG's rules). The directive asks for: the conformance status, the
// content that is not accessible and why, a feedback channel, the
// enforcement body, and the date the statement was prepared and reviewed.

// AccessibilityStatementDate is when the statement was prepared and last
// reviewed (YYYY-MM-DD). Raise it whenever the list of problems changes.
const AccessibilityStatementDate = "2026-12-08"

// AccessibilityProblem is one known accessibility problem the statement
// lists. Problems found by axe name its rule; the browser accessibility
// test fails on a violation that no entry lists (Rule, and Page unless
// "" = any page), and on an axe entry axe no longer finds, so the list
// stays true in both directions.
type AccessibilityProblem struct {
	// ID names the problem's messages: a11y.problem.ID.what and .why.
	ID string
	// Rule is the axe-core rule id when axe detects the problem; "" for
	// problems axe cannot see (PDF files, uploaded documents).
	Rule string
	// Page is the axe test's page name where the problem occurs; "" for
	// every page.
	Page string
	// Criteria are the WCAG 2.1 success criteria not met.
	Criteria []string
}

// AccessibilityProblems is the statement's list of content that is not
// accessible. Keep it true: the browser test compares its axe entries
// with what axe finds.
var AccessibilityProblems = []AccessibilityProblem{
	// The PDF files steerco writes (minutes, agenda packs, monthly
	// reports) are drawn with fpdf, which cannot write tagged PDF; every
	// one of them has an HTML page with the same content.
	{ID: "pdf", Criteria: []string{"1.3.1", "1.3.2", "2.4.2"}},
	// Files the parties upload (meeting materials, complaint attachments)
	// are third-party content the service neither makes nor can fix.
	{ID: "uploads", Criteria: []string{"1.1.1", "1.3.1"}},
	// The archive packages (E-ARK) are for archives' systems, not for
	// reading in a browser; their PDF documents are untagged as above.
	{ID: "archive", Criteria: []string{"1.3.1"}},
}

// AccessibilityListed reports whether the statement lists axe rule on
// the axe test's page.
func AccessibilityListed(rule, page string) bool {
	for _, p := range AccessibilityProblems {
		if p.Rule != "" && p.Rule == rule && (p.Page == "" || p.Page == page) {
			return true
		}
	}
	return false
}

// accessibilityView is the statement page's data.
type accessibilityView struct {
	Date    string
	Contact string
	// ContactMail is true when Contact is an e-mail address (a mailto
	// link) rather than a web address.
	ContactMail bool
	BaseURL     string
	Problems    []AccessibilityProblem
}

// accessibility shows the statement to anyone, signed in or not.
func (s *Server) accessibility(w http.ResponseWriter, r *Req) {
	v := accessibilityView{Date: AccessibilityStatementDate, Contact: strings.TrimSpace(s.cfg.AccessibilityContact),
		BaseURL: s.cfg.BaseURL, Problems: AccessibilityProblems}
	v.ContactMail = strings.Contains(v.Contact, "@") && !strings.Contains(v.Contact, "/")
	p := s.page(r, s.cat.T(r.Lang, "a11y.title"), v)
	p.Section = "accessibility"
	s.render(w, r, http.StatusOK, "accessibility", p)
}
