package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// Issue 6 through the forms: an incident reported by the supplier
// notifies Tiera's production-group members; a deficiency gets the
// forum's decision on its cost; a risk is raised to a forum's level. With
// the refusals on the way, and nothing written by a refused form.
func TestRegistersThroughForms(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newMtWorld(t, st)
		w.at("2026-04-15 10:00")
		minna := w.person("minna-karjalainen", auth.AccountRepresentative) // Alustatalo, supplier
		petri := w.person("petri-huttunen", auth.AccountRepresentative)    // Opetusdata, another supplier
		kari := w.person("kari-vaisanen", auth.AccountRepresentative)      // Tiera, provider
		base := "/a/" + mtSlug

		// Incidents.
		body := w.page(minna, base+"/incidents")
		mtWant(t, "the incident register", body, "Report an incident", `name="occurred_at"`, "No incident reports.")
		body = w.do(minna, base+"/incidents", url.Values{"party": {"alustatalo"}, "severity": {""}, "title": {""},
			"occurred_at": {"2026-04-15T09:00"}}, http.StatusUnprocessableEntity)
		mtWant(t, "a report without severity and title", body, "Choose a severity.", "An incident report needs a title.",
			`id="i-title-error"`, `aria-invalid="true"`)
		form := url.Values{"party": {"alustatalo"}, "severity": {"serious"}, "title": {"Kirjautuminen ei toimi"},
			"occurred_at": {"2026-04-15T08:30"}, "impact": {"Kaikki kunnat"}}
		w.do(minna, base+"/incidents", form, http.StatusSeeOther)
		msgs, err := st.Outbox(context.Background(), true, 10)
		if err != nil || len(msgs) != 2 || msgs[0].Kind != "incident.immediate" || !strings.HasPrefix(msgs[0].Subject, "KIIREELLINEN") {
			t.Fatalf("notices: %+v, %v", msgs, err)
		}
		body = w.page(kari, base+"/incidents/1")
		mtWant(t, "the incident page", body, "Kirjautuminen ei toimi", "Kaikki kunnat", "Immediately", "Add to the timeline", "2026-04")
		w.do(kari, base+"/incidents/1/timeline", url.Values{"at": {"2026-04-15T09:40"}, "note": {"Palvelu palautettu"}}, http.StatusSeeOther)
		body = w.do(kari, base+"/incidents/1/timeline", url.Values{"at": {""}, "note": {""}}, http.StatusUnprocessableEntity)
		mtWant(t, "an empty timeline entry", body, "Say what happened.", "Say when it happened.")
		if status, _ := w.get(petri, base+"/incidents/1"); status != http.StatusNotFound {
			t.Fatalf("another supplier opens the incident: %d", status)
		}
		body = w.page(kari, base+"/incidents/1")
		mtWant(t, "the timeline", body, "Palvelu palautettu")

		// Deficiencies.
		body = w.do(minna, base+"/deficiencies", url.Values{"title": {"Aineisto myöhässä"}, "failed_party": {"tiera"}, "cost": {"abc"}},
			http.StatusUnprocessableEntity)
		mtWant(t, "a bad cost", body, "The cost is an amount of zero or more")
		w.do(minna, base+"/deficiencies", url.Values{"title": {"Aineisto myöhässä"}, "failed_party": {"alustatalo"}, "cost": {"1 250,50"}},
			http.StatusSeeOther)
		w.do(minna, base+"/deficiencies/1/decide", url.Values{"bearer": {"alustatalo"}, "forum": {mtForum}}, http.StatusForbidden)
		body = w.page(kari, base+"/deficiencies")
		mtWant(t, "the deficiency register", body, "Aineisto myöhässä", "1,250.5", "Record the decision")
		body = w.do(kari, base+"/deficiencies/1/decide", url.Values{"bearer": {"alustatalo"}, "forum": {""}, "decision": {"99"}, "cost": {"1250.50"}},
			http.StatusUnprocessableEntity)
		mtWant(t, "an unknown decision", body, "No decision 99 in the register.")
		w.do(kari, base+"/deficiencies/1/decide", url.Values{"bearer": {"alustatalo"}, "forum": {mtForum}, "cost": {"1250.50"}}, http.StatusSeeOther)
		w.do(kari, base+"/deficiencies/1/fixed", nil, http.StatusSeeOther)
		body = w.page(minna, base+"/deficiencies")
		mtWant(t, "the decided deficiency", body, "Fixed", "Tuotantoryhmä")

		// Risks.
		body = w.do(kari, base+"/risks", url.Values{"title": {""}, "probability": {"9"}, "impact": {"0"}}, http.StatusUnprocessableEntity)
		mtWant(t, "a bad risk", body, "A risk needs a title.", "Choose a value from 1 to 5.")
		w.do(kari, base+"/risks", url.Values{"title": {"Avainhenkilöriski"}, "probability": {"3"}, "impact": {"4"}, "owner": {"kari-vaisanen"},
			"forum": {mtForum}}, http.StatusSeeOther)
		body = w.page(kari, base+"/risks")
		mtWant(t, "the risk register", body, "Avainhenkilöriski", `<td class="risk-score">12</td>`, "Kari Väisänen")
		if status, _ := w.get(petri, base+"/risks/1"); status != http.StatusNotFound {
			t.Fatalf("another supplier opens a risk raised to a bilateral forum: %d", status)
		}
		body = w.do(kari, base+"/risks/1/raise", url.Values{"forum": {"no-such-forum"}}, http.StatusUnprocessableEntity)
		mtWant(t, "raising to no forum", body, "Choose a forum of the level the risk is raised to.")
		w.do(kari, base+"/risks/1/raise", url.Values{"forum": {"ohjausryhma-alustatalo"}}, http.StatusSeeOther)
		var kinds []string
		err = st.InTx(context.Background(), func(tx *store.Tx) error {
			ms, err := tx.Matters(context.Background(), mtSlug, store.MatterFilter{Forums: []string{mtForum, "ohjausryhma-alustatalo"}})
			for _, m := range ms {
				kinds = append(kinds, m.Forum+":"+m.Kind)
			}
			return err
		})
		if err != nil || strings.Join(kinds, ",") != "tuotantoryhma-alustatalo:risk,ohjausryhma-alustatalo:risk" &&
			strings.Join(kinds, ",") != "ohjausryhma-alustatalo:risk,tuotantoryhma-alustatalo:risk" {
			t.Fatalf("matters: %v, %v", kinds, err)
		}
		w.do(kari, base+"/risks/1", url.Values{"title": {"Avainhenkilöriski"}, "probability": {"2"}, "impact": {"4"}, "status": {"closed"}},
			http.StatusSeeOther)
		body = w.page(kari, base+"/risks/1")
		mtWant(t, "the closed risk", body, "Closed", "Taktinen taso")
		mtDont(t, "the closed risk", body, "Raise the risk")
	})
}
