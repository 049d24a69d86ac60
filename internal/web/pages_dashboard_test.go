package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// pagesSection is the part of a page from one heading to the next.
func pagesSection(body, heading string) string {
	i := strings.Index(body, heading)
	if i < 0 {
		return ""
	}
	rest := body[i+len(heading):]
	if j := strings.Index(rest, "<h2"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func TestPagesDashboard(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		pagesPin(f) // Wednesday 3 March 2027

		// A member whose e-mail is in the directory sees the next meetings
		// of the forums where she holds a seat, with her seat.
		mervi := pagesUser(f, "Mervi.Laaksonen@vantaa.example.fi", "vantaa", auth.AccountMember)
		status, body := f.get(mervi, "/")
		if status != http.StatusOK {
			t.Fatalf("dashboard: %d", status)
		}
		meetings := pagesSection(body, "My next meetings")
		pagesWant(t, "member's meetings", meetings, "forums where you hold a seat", "Tuesday 9 Mar 2027 at 12:00", "Ratkaisun ohjausryhmä",
			"Wednesday 10 Mar 2027 at 13:00", "Kehitysryhmä", "Thursday 11 Mar 2027 at 13:00", "Tieran opetuksen ja kasvatuksen ohjausryhmä",
			"Vice chair", "Ratkaisun ekosysteemiryhmä")
		if strings.Index(meetings, "9 Mar 2027") > strings.Index(meetings, "10 Mar 2027") {
			t.Errorf("meetings not in date order")
		}
		pagesDontWant(t, "member's meetings", meetings, "Tuotantoryhmä", "Asiakaskohtainen")
		// Vantaa prepares nothing and keeps no minutes.
		pagesWant(t, "member's deadlines", body, "Your organisation has no deadlines in the next 90 days.", "Nothing is overdue.")

		// The supplier: no seat of its own (its user is in no directory),
		// so the forums it can see, and its deadlines counted in working
		// days on the Finnish calendar.
		_, body = pagesGet(f, f.client("supplier"), "/", "")
		meetings = pagesSection(body, "My next meetings")
		pagesWant(t, "supplier's meetings", meetings, "not in the contact directory", "Tuesday 9 Mar 2027 at 13:00",
			"Tuotantoryhmä – Tiera ja Alustatalo", "Ohjausryhmä – Tiera ja Alustatalo")
		pagesDontWant(t, "supplier's meetings", meetings, "Opetusdata", "Kehitysryhmä")
		deadlines := pagesSection(body, "My open deadlines")
		// Minutes of Tuesday's production group are due Friday 5 March:
		// Thursday and Friday are left; materials for 9 March are due
		// Monday 8 March: three working days.
		pagesWant(t, "supplier's deadlines", deadlines, "5 Mar 2027", "in 2 working days", "8 Mar 2027", "in 3 working days",
			"Agenda and materials", "Minutes", "Tuotantoryhmä – Tiera ja Alustatalo", "Ohjausryhmä – Tiera ja Alustatalo")
		pagesDontWant(t, "supplier's deadlines", deadlines, "Opetusdata")
		overdue := pagesSection(body, "Overdue")
		// Minutes of 23 February were due 26 February: three working days ago.
		pagesWant(t, "supplier's overdue", overdue, "From the annual plan", "26 Feb 2027", "3 working days late", "Tuesday 23 Feb 2027 at 13:00")
		pagesDontWant(t, "supplier's overdue", overdue, "5 Mar 2027", "Opetusdata", "Jan 2027")
		pagesWant(t, "supplier's action items", body, "Action items appear here once meetings")

		// The provider keeps the minutes of the national groups.
		_, body = pagesGet(f, f.client("provider"), "/", "")
		pagesWant(t, "provider's deadlines", pagesSection(body, "My open deadlines"), "Ratkaisun ohjausryhmä", "Kehitysryhmä")

		// In Swedish, with Swedish dates and working days.
		_, body = pagesGet(f, f.client("supplier"), "/", "sv")
		pagesWant(t, "Swedish dashboard", body, `<html lang="sv">`, "Mina nästa möten", "Mina öppna tidsfrister", "om 2 arbetsdagar",
			"2027-03-05", "försenat 3 arbetsdagar", "tisdag 2027-03-09 kl. 13:00")
	})
}

func TestPagesForumInWords(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		pagesPin(f)
		c := f.client("supplier")
		_, body := pagesGet(f, c, pagesA+"/forums/tuotantoryhma-alustatalo", "")
		pagesWant(t, "production group", body, "Weekly", "Tuesday at 13:00, 30 minutes", "the working day before the meeting",
			"Within 3 days, approved at the next meeting", "By consensus.", "Convenes", "Alustatalo Oy", "Chairs", "Tiera Oy",
			`href="/a/national-platform/forums/ohjausryhma-alustatalo"`, "Kari Väisänen", "Chair", "Minna Karjalainen", "Secretary",
			"Standard agenda", "Laajavaikutteisten häiriöiden juurisyyt", "Discussion",
			"Tuesday 9 Mar 2027 at 13:00–13:30", "8 Mar 2027", "12 Mar 2027")
		if strings.Index(body, "Kari Väisänen") > strings.Index(body, "Minna Karjalainen") {
			t.Errorf("the chair is not listed first")
		}
		_, body = pagesGet(f, c, pagesA+"/forums/ohjausryhma-alustatalo", "")
		pagesWant(t, "bilateral steering group", body, "4 times a year", "the second Tuesday of the month at 14:00",
			"in March, June, September, December", "5 working days before the meeting", "Within 5 working days, approved by the other party",
			"Any member may convene an extra meeting with 14 days&#39; notice.", "Matters come from", "Invited expert", "Riikka Manninen")

		admin := f.client("admin")
		_, body = pagesGet(f, admin, pagesA+"/forums/ohjausryhma", "")
		pagesWant(t, "steering group", body, "Customers (IPR owner: yes): 1 seat each",
			"Customers (Residents below 150,000): 7 seats in total (they agree on their representatives for a year at a time)",
			"Votes are counted per party.", "Customers (IPR owner: yes): 2 votes", "Customers: 1 vote",
			"Consensus is sought; failing that, by a majority of votes.",
			"Chairs", "Customers – one of: Espoon kaupunki", "At the first meeting of the year: Päättää puheenjohtajan")
		_, body = pagesGet(f, admin, pagesA+"/forums/opetuksen-ohjausryhma", "")
		pagesWant(t, "strategic group", body, "On a tie the chair&#39;s vote decides.", "no higher forum")
		_, body = pagesGet(f, admin, pagesA+"/forums/ekosysteemiryhma", "")
		pagesWant(t, "ecosystem group", body, "Members may propose agenda items until 10 working days before the meeting.",
			"Agenda proposals due", "Every party of the agreement takes part.")

		// A person the viewer may not see shows as their organisation.
		_, body = pagesGet(f, f.client("observer"), pagesA+"/forums/ekosysteemiryhma", "")
		pagesWant(t, "observer's members", body, "(name not shown)", "Oulun kaupunki")
		pagesDontWant(t, "observer's members", body, "Marja Kemppainen")

		// In Finnish and Swedish.
		_, body = pagesGet(f, c, pagesA+"/forums/tuotantoryhma-alustatalo", "fi")
		pagesWant(t, "Finnish forum", body, `<html lang="fi">`, "Viikoittain", "tiistai klo 13.00, 30 min", "kokousta edeltävänä työpäivänä",
			"3 päivän kuluessa, hyväksytään seuraavassa kokouksessa", "Puheenjohtaja", "Sihteeri", "Seuraavat kokoukset", "9.3.2027")
		_, body = pagesGet(f, c, pagesA+"/forums/ohjausryhma-alustatalo", "sv")
		pagesWant(t, "Swedish forum", body, `<html lang="sv">`, "4 gånger om året", "månadens andra tisdag kl. 14:00",
			"5 arbetsdagar före mötet", "Inom 5 arbetsdagar, justeras av den andra parten", "Ordförande", "Adjungerad expert", "Nästa möten")
		_, body = pagesGet(f, c, pagesA+"/forums", "sv")
		pagesWant(t, "Swedish forum list", body, "Forum", "Nästa möte", "Varje vecka")
	})
}
