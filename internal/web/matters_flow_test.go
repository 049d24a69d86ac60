package web

import (
	"context"
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestMattersEscalatedDisagreement is the demo path through the
// UI's forms: a disagreement raised in the development group, put on its
// agenda, not agreed there, escalated to the steering group, put on its
// next agenda by itself, and decided there by a vote weighted 2 for
// owner cities, tied and broken by the chair's casting vote; with the
// refusals on the way shown as translated messages, the path, the
// register and its CSV.
func TestMattersEscalatedDisagreement(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newMtWorld(t, st)
		w.at("2026-02-02 09:00")
		rep := auth.AccountRepresentative
		convener := w.person("markku-hiltunen", rep) // Tiera convenes both groups
		kaisa := w.person("kaisa-leinonen", rep)     // Espoo: chairs the steering group
		janne := w.person("janne-aaltonen", rep)     // Tampere: chairs the development group
		teemu := w.person("teemu-nurmi", rep)        // a development group member without a steering seat
		observer := w.client("observer")
		w.do(convener, "/a/"+mtSlug+"/forums/kehitysryhma/plan", url.Values{"year": {"2026"}}, http.StatusSeeOther)
		dev := w.meetingOnDate("kehitysryhma", "2026-02-11")

		// Raising: bad input comes back on the form, nothing written.
		body := w.do(kaisa, "/a/"+mtSlug+"/matters", url.Values{"forum": {"kehitysryhma"}, "kind": {"rumour"}, "title": {" "}}, http.StatusUnprocessableEntity)
		mtWant(t, "a bad matter", html.UnescapeString(body), `id="matter-title-error">A matter needs a title.`, `id="matter-kind-error">`, `href="#matter-title"`)
		body = w.do(kaisa, "/a/"+mtSlug+"/matters", url.Values{"kind": {"question"}, "title": {"x"}}, http.StatusUnprocessableEntity)
		mtWant(t, "a matter without a forum", body, `id="matter-forum-error">Choose a forum.`)
		mtWant(t, "the list after refusals", w.page(kaisa, "/a/"+mtSlug+"/matters"), "No matters match.")
		// A forum the observer may not see does not exist for them.
		w.do(observer, "/a/"+mtSlug+"/matters", url.Values{"forum": {"kehitysryhma"}, "kind": {"question"}, "title": {"x"}}, http.StatusNotFound)
		loc := w.redirect(kaisa, "/a/"+mtSlug+"/matters", url.Values{"forum": {"kehitysryhma"}, "kind": {"disagreement"},
			"title":       {"Arviointityökalun käyttöönotto kaikille kunnille"},
			"description": {"Kunnat ovat eri mieltä siitä, kuuluuko arviointityökalu palvelusopimuksen piiriin."}})
		mid := w.idFrom(loc, "/a/"+mtSlug+"/matters/")
		matterURL := "/a/" + mtSlug + "/matters/" + strconv.FormatInt(mid, 10)
		body = w.page(kaisa, matterURL)
		mtWant(t, "the new matter", body, "Arviointityökalun käyttöönotto", "Disagreement", "Open", "Kehitysryhmä", "Kaisa Leinonen",
			"Escalate to Ratkaisun ohjausryhmä")

		// Edited by who raised it, not by another member; a status it
		// cannot take is refused on the form.
		mtWant(t, "the edit form", w.page(kaisa, matterURL+"/edit"), `id="matter-title"`, "Arviointityökalun käyttöönotto")
		edit := url.Values{"kind": {"disagreement"}, "title": {"Arviointityökalun käyttöönotto kaikille kunnille"},
			"description": {"Kunnat ovat eri mieltä siitä, kuuluuko arviointityökalu palvelusopimuksen piiriin."}, "owner": {"kaisa-leinonen"}}
		w.do(teemu, matterURL, edit, http.StatusForbidden)
		edit.Set("owner", "minna-karjalainen") // Alustatalo is no party of the development group
		body = w.do(kaisa, matterURL, edit, http.StatusUnprocessableEntity)
		mtWant(t, "a foreign owner", body, `id="matter-owner-error">The owner must be a person of a party of Kehitysryhmä.`)
		edit.Set("owner", "kaisa-leinonen")
		w.do(kaisa, matterURL, edit, http.StatusSeeOther)
		body = w.do(kaisa, matterURL+"/status", url.Values{"status": {"decided"}}, http.StatusConflict)
		mtWant(t, "a status set by hand", body, `id="status-status-error"`)

		// Listed, filtered and found by an inflected form.
		list := w.page(kaisa, "/a/"+mtSlug+"/matters?kind=disagreement&status=open&forum=kehitysryhma&owner=kaisa-leinonen")
		mtWant(t, "the filtered list", list, matterURL)
		mtDont(t, "a list of risks", w.page(kaisa, "/a/"+mtSlug+"/matters?kind=risk"), matterURL+`"`)
		found := w.page(kaisa, "/a/"+mtSlug+"/matters?q=palvelusopimuksen")
		mtWant(t, "the search", found, "1 hit", "palvelusopimuksen piiriin", matterURL)
		found = w.page(kaisa, "/a/"+mtSlug+"/matters?q=sopimus")
		mtWant(t, "the search for the base form", found, matterURL)
		status, short := w.get(kaisa, "/a/"+mtSlug+"/matters?q=ab")
		if status != http.StatusUnprocessableEntity || !strings.Contains(short, `id="matters-q-error"`) {
			t.Errorf("a two-letter search: %d", status)
		}

		// On the development group's agenda (its convener), published.
		w.do(kaisa, matterURL+"/agenda", url.Values{"meeting": {id(dev.ID)}, "type": {"decision"}}, http.StatusForbidden)
		w.do(convener, matterURL+"/agenda", url.Values{"meeting": {id(dev.ID)}, "type": {"decision"}}, http.StatusSeeOther)
		w.do(convener, mtURL(dev.ID, "/publish"), nil, http.StatusSeeOther)

		// The development group meets and cannot agree.
		w.at("2026-02-11 14:00")
		devItem := w.itemFrom(dev.ID, "matter")
		body = w.page(janne, mtURL(dev.ID, ""))
		mtWant(t, "the development meeting", body, `id="decisions"`, "Open the vote", "Record a decision without a vote")
		body = w.do(janne, mtURL(dev.ID, "/items/"+id(devItem)+"/consensus"), url.Values{"statement": {" "}}, http.StatusUnprocessableEntity)
		mtWant(t, "an empty statement", body, `id="consensus-statement-`+id(devItem)+`-error"`)
		w.do(janne, mtURL(dev.ID, "/items/"+id(devItem)+"/consensus"), url.Values{"statement": {"Kunnat eivät päässeet yhteisymmärrykseen."}, "reached": {"no"}}, http.StatusSeeOther)
		mtWant(t, "the development meeting after", w.page(janne, mtURL(dev.ID, "")), "no consensus")

		// Escalation: out of the chain and without a reason refused.
		body = w.do(kaisa, matterURL+"/escalate", url.Values{"reason": {"x"}, "to": {"opetuksen-ohjausryhma"}}, http.StatusConflict)
		mtWant(t, "skipping a level", html.UnescapeString(body), "A matter climbs one level at a time")
		body = w.do(kaisa, matterURL+"/escalate", url.Values{"reason": {" "}, "to": {"ohjausryhma"}}, http.StatusUnprocessableEntity)
		mtWant(t, "no reason", body, `id="escalate-reason-error"`)
		w.do(kaisa, matterURL+"/escalate", url.Values{"reason": {"Kehitysryhmä ei päässyt yhteisymmärrykseen."}, "to": {"ohjausryhma"}}, http.StatusSeeOther)
		body = w.page(kaisa, matterURL)
		mtWant(t, "the escalated matter", body, "Escalated", "Waiting for the next meeting of Ratkaisun ohjausryhmä")

		// The steering group's year is planned; its first meeting takes
		// the matter.
		w.do(convener, "/a/"+mtSlug+"/forums/ohjausryhma/plan", url.Values{"year": {"2026"}}, http.StatusSeeOther)
		steer := w.meetingOnDate("ohjausryhma", "2026-03-10")
		item := w.itemFrom(steer.ID, "escalation")
		body = w.page(kaisa, matterURL)
		mtDont(t, "the matter after planning", body, "Waiting for the next meeting")
		mtWant(t, "the matter's path", html.UnescapeString(body), "Kehitysryhmä", "Ratkaisun ohjausryhmä", "no consensus; escalated to Ratkaisun ohjausryhmä",
			"Kehitysryhmä ei päässyt yhteisymmärrykseen.", mtURL(steer.ID, ""))
		w.do(convener, mtURL(steer.ID, "/publish"), nil, http.StatusSeeOther)

		// The steering group votes per organisation, 2 for owner cities.
		w.at("2026-03-10 12:30")
		vote := mtURL(steer.ID, "/items/"+id(item))
		body = html.UnescapeString(w.page(kaisa, mtURL(steer.ID, "")))
		mtWant(t, "the steering meeting", body, "Who votes: one vote per organisation with a seat", "On a tie the chair's vote decides.", "Espoon kaupunki", "Open the vote")
		w.do(kaisa, vote+"/vote/open", url.Values{"proposal": {"Arviointityökalu otetaan käyttöön kaikille kunnille."}}, http.StatusSeeOther)
		body = w.do(kaisa, vote+"/vote/open", nil, http.StatusConflict)
		mtWant(t, "a second vote", html.UnescapeString(body), "A vote on “Arviointityökalun käyttöönotto kaikille kunnille” is already open")
		cast := func(c *http.Client, voter, choice string, want int) string {
			return w.do(c, vote+"/vote", url.Values{"voter": {voter}, "choice": {choice}}, want)
		}
		cast(kaisa, "espoo", "yes", http.StatusSeeOther)
		for voter, c := range map[string]string{"vantaa": "yes", "kuopio": "yes", "jarvenpaa": "yes", "tampere": "no", "oulu": "no", "helsinki": "no", "lohja": "no", "turku": "abstain"} {
			cast(kaisa, voter, c, http.StatusSeeOther)
		}
		body = cast(kaisa, "teemu-nurmi", "yes", http.StatusForbidden)
		mtWant(t, "a vote without a seat", body, "Teemu Nurmi", `id="vote-voter-`+id(item)+`-error"`)
		cast(teemu, "teemu-nurmi", "no", http.StatusForbidden)
		body = cast(kaisa, "vantaa", "no", http.StatusConflict)
		mtWant(t, "a second vote", body, "Vantaan kaupunki has already voted")
		cast(kaisa, "kerava", "maybe", http.StatusUnprocessableEntity)
		body = html.UnescapeString(w.page(kaisa, mtURL(steer.ID, "")))
		mtWant(t, "the vote so far", body, "Weighted tally: yes 6, no 6, abstained 2 (9 of 10 voted)")
		w.do(kaisa, vote+"/vote/close", nil, http.StatusSeeOther)
		result := "tied 6–6; passed by the chair's casting vote; 1 abstained"
		mtWant(t, "the result", html.UnescapeString(w.page(kaisa, mtURL(steer.ID, ""))), result)
		body = cast(kaisa, "kerava", "yes", http.StatusConflict)
		mtWant(t, "a vote after closing", html.UnescapeString(body), "Voting on “Arviointityökalun käyttöönotto kaikille kunnille” has closed: "+result,
			`id="vote-voter-`+id(item)+`" tabindex="-1"`)
		resp, fi := w.send(kaisa, http.MethodGet, mtURL(steer.ID, ""), nil, "", "fi")
		if resp.StatusCode != http.StatusOK || !strings.Contains(html.UnescapeString(fi), "äänet tasan 6–6; hyväksytty puheenjohtajan äänellä; 1 äänesti tyhjää") {
			t.Errorf("the result in Finnish: %d\n%s", resp.StatusCode, mtMain(fi))
		}

		// The matter: decided, its whole path.
		body = html.UnescapeString(w.page(kaisa, matterURL))
		mtWant(t, "the decided matter", body, "Decided", result, "Decision recorded", "Escalated")

		// The yearly duty: the chair and the term.
		duty := w.itemFrom(steer.ID, "yearly-duty")
		body = w.do(kaisa, mtURL(steer.ID, "/items/"+id(duty)+"/duty"), url.Values{"person": {"kaisa-leinonen"}, "term_from": {"2026-13-01"}}, http.StatusUnprocessableEntity)
		mtWant(t, "a bad term", body, `id="duty-term-`+id(duty)+`-error"`)
		w.do(kaisa, mtURL(steer.ID, "/items/"+id(duty)+"/duty"), url.Values{"person": {"kaisa-leinonen"}, "term_from": {"2026-01-01"}, "term_to": {"2026-12-31"}}, http.StatusSeeOther)
		mtWant(t, "the duty", w.page(kaisa, mtURL(steer.ID, "")), "chosen: Kaisa Leinonen")

		// The register, filtered, its CSV and the decision's page.
		reg := html.UnescapeString(w.page(kaisa, "/a/"+mtSlug+"/decisions?forum=ohjausryhma&outcome=passed&q=arviointityökalu"))
		mtWant(t, "the register", reg, "1 decision", result)
		dec := w.idFrom(regexpHref(reg, "/a/"+mtSlug+"/decisions/"), "/a/"+mtSlug+"/decisions/")
		status, bad := w.get(kaisa, "/a/"+mtSlug+"/decisions?from=yesterday")
		if status != http.StatusUnprocessableEntity || !strings.Contains(bad, `id="register-from-error"`) {
			t.Errorf("a bad date: %d", status)
		}
		resp, data := w.send(kaisa, http.MethodGet, "/a/"+mtSlug+"/decisions.csv?from=2026-02-01&to=2026-03-31", nil, "", "")
		rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
		if err != nil || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || len(rows) != 4 || rows[0][0] != "id" {
			t.Fatalf("csv %v %q: %v", err, resp.Header.Get("Content-Type"), rows)
		}
		body = html.UnescapeString(w.page(kaisa, "/a/"+mtSlug+"/decisions/"+id(dec)))
		mtWant(t, "the decision", body, result, "Espoon kaupunki", "chair", "Arviointityökalu otetaan käyttöön kaikille kunnille.", "one vote per organisation")
		status, _ = w.get(w.client("supplier"), "/a/"+mtSlug+"/decisions/999999")
		if status != http.StatusNotFound {
			t.Errorf("a decision that does not exist: %d", status)
		}

		// Overturning: only a higher forum's decision; the lower one is
		// the development group's.
		lower := w.idFrom(regexpHref(html.UnescapeString(w.page(kaisa, "/a/"+mtSlug+"/decisions?forum=kehitysryhma")), "/a/"+mtSlug+"/decisions/"), "/a/"+mtSlug+"/decisions/")
		body = w.do(convener, "/a/"+mtSlug+"/decisions/"+id(dec)+"/overturn", url.Values{"by": {id(lower)}, "effect": {"overturned"}}, http.StatusConflict)
		mtWant(t, "overturning upwards", html.UnescapeString(body), `id="overturn-by" tabindex="-1">Kehitysryhmä is not above Ratkaisun ohjausryhmä`)
		w.do(kaisa, "/a/"+mtSlug+"/decisions/"+id(dec)+"/overturn", url.Values{"by": {id(lower)}, "effect": {"overturned"}}, http.StatusForbidden)
		w.do(kaisa, "/a/"+mtSlug+"/decisions/"+id(lower)+"/overturn", url.Values{"by": {id(dec)}, "effect": {"changed"}, "note": {"Ohjausryhmä ratkaisi."}}, http.StatusSeeOther)
		mtWant(t, "the lower decision", w.page(kaisa, "/a/"+mtSlug+"/decisions/"+id(lower)), "Changed by decision "+id(dec), "/decisions/"+id(dec))
		mtWant(t, "the higher decision", w.page(kaisa, "/a/"+mtSlug+"/decisions/"+id(dec)), "Changes the lower forum", "/decisions/"+id(lower))

		// Seats on the forum page: the rules hold in the template.
		body = w.page(kaisa, "/a/"+mtSlug+"/forums/ohjausryhma")
		mtWant(t, "the seats", body, "Seats by the rules", "Espoon kaupunki", "The memberships keep to the seat rules.")
	})
}

// TestMattersSeatWarning: memberships beyond the seat rules show a
// warning on the forum page.
func TestMattersSeatWarning(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newMtWorld(t, st)
		w.at("2026-02-02 09:00")
		a := *w.a
		a.Memberships = append([]gov.Membership{}, a.Memberships...)
		for i := range a.People {
			if a.People[i].Party == "espoo" && a.People[i].Slug != "kaisa-leinonen" {
				a.Memberships = append(a.Memberships, gov.Membership{Person: a.People[i].Slug, Forum: "ohjausryhma", Role: gov.RoleMember, From: "2026-01-01"})
				break
			}
		}
		if _, err := st.ApplyAgreement(context.Background(), &a, "test"); err != nil {
			t.Fatal(err)
		}
		body := w.page(w.person("kaisa-leinonen", auth.AccountRepresentative), "/a/"+mtSlug+"/forums/ohjausryhma")
		mtWant(t, "the seat warning", body, "The memberships break the seat rules", "Espoon kaupunki holds 2 seats in Ratkaisun ohjausryhmä; the rules allow 1.")
	})
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// redirect posts a form, wants a redirect and returns where to.
func (w *mtWorld) redirect(c *http.Client, path string, form url.Values) string {
	w.t.Helper()
	resp, body := w.send(c, http.MethodPost, path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", "")
	if resp.StatusCode != http.StatusSeeOther {
		w.t.Fatalf("POST %s: %d\n%s", path, resp.StatusCode, mtMain(body))
	}
	return resp.Header.Get("Location")
}

// idFrom reads the id after prefix in a path.
func (w *mtWorld) idFrom(path, prefix string) int64 {
	w.t.Helper()
	rest, ok := strings.CutPrefix(path, prefix)
	if i := strings.IndexAny(rest, "/#?\""); i >= 0 {
		rest = rest[:i]
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	if !ok || err != nil {
		w.t.Fatalf("no id in %q after %q", path, prefix)
	}
	return n
}

// regexpHref is the first link in body starting with prefix, or "".
func regexpHref(body, prefix string) string {
	i := strings.Index(body, `href="`+prefix)
	if i < 0 {
		return ""
	}
	rest := body[i+len(`href="`):]
	return rest[:strings.IndexByte(rest, '"')]
}

// meetingOnDate finds a forum's meeting on a local date.
func (w *mtWorld) meetingOnDate(forum, date string) *gov.Meeting {
	w.t.Helper()
	for _, m := range w.meetings(forum) {
		if m.LocalDate == date {
			return &m
		}
	}
	w.t.Fatalf("%s has no meeting on %s", forum, date)
	return nil
}

// itemFrom finds a meeting's agenda item by its source.
func (w *mtWorld) itemFrom(meetingID int64, source string) int64 {
	w.t.Helper()
	var its []gov.AgendaItem
	if err := w.st.ReadMeetings(context.Background(), func(tx *store.Tx) (err error) {
		its, err = tx.Items(context.Background(), meetingID)
		return err
	}); err != nil {
		w.t.Fatal(err)
	}
	for _, it := range its {
		if it.Source == source {
			return it.ID
		}
	}
	w.t.Fatalf("meeting %d has no %s item", meetingID, source)
	return 0
}
