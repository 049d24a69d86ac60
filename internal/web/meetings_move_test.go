package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestMeetingsMoveAndPendingProposals: on the page the convener moves a
// meeting (a holiday refused next to the date, by name), publishing over
// a pending proposal lists it and asks, publishing anyway works, the
// proposer answers the invitation, and an item with a decision offers no
// delete while another asks for confirmation.
func TestMeetingsMoveAndPendingProposals(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newMtWorld(t, st)
		const eco = "ekosysteemiryhma"
		kari := w.person("kari-vaisanen", auth.AccountRepresentative)
		minna := w.person("minna-karjalainen", auth.AccountRepresentative)
		other := w.person("petri-huttunen", auth.AccountRepresentative)
		w.at("2027-02-01 10:00")
		resp, _ := w.send(kari, http.MethodPost, "/a/"+mtSlug+"/forums/"+eco+"/meetings",
			strings.NewReader(url.Values{"date": {"2027-03-16"}, "time": {"10:00"}}.Encode()), "application/x-www-form-urlencoded", "")
		id, err := strconv.ParseInt(strings.TrimPrefix(resp.Header.Get("Location"), "/a/"+mtSlug+"/meetings/"), 10, 64)
		if err != nil {
			t.Fatalf("add a meeting: %d", resp.StatusCode)
		}
		w.do(minna, mtURL(id, "/items"), url.Values{"title": {"Ehdotus yhteisestä kehityksestä"}, "type": {"discussion"}}, http.StatusSeeOther)

		// Moving onto Good Friday is refused next to the date.
		body := w.do(kari, mtURL(id, "/move"), url.Values{"date": {"2027-03-26"}, "time": {"10:00"}}, http.StatusUnprocessableEntity)
		mtWant(t, "a holiday", body, `id="move-date-error"`, "Good Friday")
		w.do(other, mtURL(id, "/move"), url.Values{"date": {"2027-03-17"}}, http.StatusForbidden) // sees the forum, does not convene
		w.do(minna, mtURL(id, "/move"), url.Values{"date": {"2027-03-17"}}, http.StatusForbidden)
		w.do(kari, mtURL(id, "/move"), url.Values{"date": {"2027-03-17"}, "time": {"13:00"}, "online_url": {"https://meet.example.org/eco"}}, http.StatusSeeOther)
		if m := w.meeting(id); m.LocalDate != "2027-03-17" || m.OnlineURL != "https://meet.example.org/eco" {
			t.Fatalf("moved: %+v", m)
		}

		// Publishing asks about the pending proposal.
		body = w.do(kari, mtURL(id, "/publish"), nil, http.StatusConflict)
		mtWant(t, "pending proposals", body, `id="pending-proposals"`, "Ehdotus yhteisestä kehityksestä", `name="anyway"`)
		w.do(kari, mtURL(id, "/publish"), url.Values{"anyway": {"1"}}, http.StatusSeeOther)
		if m := w.meeting(id); m.State != "agenda-published" {
			t.Fatalf("state %s", m.State)
		}

		// Minna (a member) answers: her seat's answer is on the page.
		w.do(minna, mtURL(id, "/answer"), url.Values{"answer": {"attend"}}, http.StatusSeeOther)
		body = w.page(kari, mtURL(id, ""))
		mtWant(t, "answers", body, `id="answers"`, "Attends")

		// Deleting asks for confirmation; an item with a decision has none.
		mtWant(t, "delete confirmation", body, `class="confirm"`, "cannot be undone")
		var items []int64
		_ = st.InTx(context.Background(), func(tx *store.Tx) error {
			its, _ := tx.Items(context.Background(), id)
			for _, it := range its {
				if it.Status == "accepted" {
					items = append(items, it.ID)
				}
			}
			return nil
		})
		if len(items) < 2 {
			t.Fatalf("items %v", items)
		}
		w.do(kari, mtURL(id, "/items/"+strconv.FormatInt(items[1], 10)+"/move"), url.Values{"dir": {"up"}}, http.StatusSeeOther)
		w.do(minna, mtURL(id, "/items/"+strconv.FormatInt(items[1], 10)+"/move"), url.Values{"dir": {"up"}}, http.StatusForbidden)
	})
}
