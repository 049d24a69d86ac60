package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store/storetest"
)

// planCell returns the calendar cell of day d in the month table whose
// caption is caption.
func planCell(t *testing.T, body, caption string, d int) string {
	t.Helper()
	i := strings.Index(body, "<caption>"+caption+"</caption>")
	if i < 0 {
		t.Fatalf("no month table %q", caption)
	}
	table := body[i:]
	table = table[:strings.Index(table, "</table>")]
	for _, cell := range strings.Split(table, "<td ")[1:] {
		if strings.Contains(cell, `<span class="daynum"`) && strings.Contains(cell, ">"+strconv.Itoa(d)+"</span>") {
			return cell[:strings.Index(cell, "</td>")]
		}
	}
	t.Fatalf("%s: no cell for day %d", caption, d)
	return ""
}

func TestAnnualPlan(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	f := newFixture(t, st)
	a := f.a
	base := "/a/" + a.Slug + "/plan"
	meetings, err := plan.Year(a, 2027)
	if err != nil {
		t.Fatal(err)
	}

	for _, user := range []string{"admin", "customer", "supplier", "supplier2", "observer"} {
		t.Run(user, func(t *testing.T) {
			status, body := f.get(f.client(user), base+"?year=2027")
			if status != http.StatusOK {
				t.Fatalf("GET plan: %d", status)
			}
			for _, m := range []string{"January", "February", "March", "April", "May", "June", "July",
				"August", "September", "October", "November", "December"} {
				if !strings.Contains(body, "<caption>"+m+" 2027</caption>") {
					t.Errorf("no month table for %s 2027", m)
				}
			}
			// 6 December is Finland's Independence Day: a holiday, named.
			cell := planCell(t, body, "December 2027", 6)
			if !strings.Contains(cell, "holiday") || !strings.Contains(cell, "Independence Day") {
				t.Errorf("6 December not marked as a holiday: %s", cell)
			}
			if work := planCell(t, body, "December 2027", 7); strings.Contains(work, "offday") {
				t.Errorf("7 December (a Tuesday) marked as not a working day: %s", work)
			}
			if !strings.Contains(body, `rel="prev"`) || !strings.Contains(body, "?year=2028") {
				t.Error("no year navigation")
			}
			// Each visible forum's meetings are linked; hidden ones are not there.
			p := principal(f.users[user])
			for i := range a.Forums {
				fo := &a.Forums[i]
				held := false
				for _, m := range meetings {
					held = held || m.Forum == fo.Slug
				}
				link := `href="/a/` + a.Slug + `/forums/` + fo.Slug + `"`
				visible := auth.CanSeeForum(p, a, fo)
				if got := strings.Contains(body, link); got != (visible && held) {
					t.Errorf("forum %s (visible %v, meets %v): linked %v", fo.Slug, visible, held, got)
				}
				if !visible && strings.Contains(body, fo.Name) {
					t.Errorf("forum %s, hidden from %s, is named on the plan", fo.Slug, user)
				}
			}
		})
	}

	t.Run("finnish", func(t *testing.T) {
		c := f.client("customer")
		if status, _ := f.post(c, "/lang", url.Values{"lang": {"fi"}, "next": {base}}); status != http.StatusSeeOther {
			t.Fatalf("switch to Finnish: %d", status)
		}
		_, body := f.get(c, base+"?year=2027")
		cell := planCell(t, body, "Joulukuu 2027", 6)
		if !strings.Contains(cell, "Itsenäisyyspäivä") {
			t.Errorf("6.12. without its Finnish name: %s", cell)
		}
		if !strings.Contains(body, "Vuosikello 2027") || !strings.Contains(body, `<span aria-hidden="true">ma</span>`) {
			t.Error("the plan is not in Finnish")
		}
	})

	t.Run("bad year", func(t *testing.T) {
		c := f.client("member")
		for _, y := range []string{"abc", "1999", "2101", "20270", "-5", "<script>"} {
			status, body := f.get(c, base+"?year="+url.QueryEscape(y))
			if status != http.StatusBadRequest {
				t.Errorf("year %q: %d, want 400", y, status)
			}
			if !strings.Contains(body, "from 2000 to 2100") || !strings.Contains(body, `class="error-summary"`) {
				t.Errorf("year %q: no clear message", y)
			}
			if strings.Contains(body, "<script>") {
				t.Errorf("year %q echoed unescaped", y)
			}
			// The current year is shown all the same.
			if !strings.Contains(body, "<caption>December ") {
				t.Errorf("year %q: no calendar shown", y)
			}
		}
		if status, _ := f.get(c, base); status != http.StatusOK {
			t.Errorf("no year: %d", status)
		}
	})
}
