package api

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// personToken makes an account and a token for a directory person, as a
// representative of their organisation, under the person's id.
func (f *apiFixture) personToken(slug string) {
	f.t.Helper()
	p := f.a.Person(slug)
	u := &store.User{Email: p.Email, Name: p.Name, Party: p.Party, Role: auth.AccountRepresentative}
	ctx := context.Background()
	if err := f.st.CreateUser(ctx, u, "test"); err != nil {
		f.t.Fatal(err)
	}
	secret, err := f.st.CreateToken(ctx, &store.Token{UserID: u.ID, Name: "test", Kind: "personal", Scopes: []string{"write"}}, "test")
	if err != nil {
		f.t.Fatal(err)
	}
	f.tokens[slug] = secret
}

// says checks that an error's message holds every string.
func (f *apiFixture) says(body []byte, wants ...string) {
	f.t.Helper()
	msg := decodeAs[map[string]*Error](f.t, body)["error"].Message
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			f.t.Errorf("message %q does not say %q", msg, w)
		}
	}
}

// TestMattersThroughAPI is the demo path through the API: a
// disagreement raised in the development group, not agreed there,
// escalated to the steering group, onto its next agenda, and decided by
// a weighted vote tied and broken by the chair's casting vote; with the
// refusals (a vote without a seat, a second vote, a vote after closing,
// an escalation out of the chain or downwards), the register as JSON and
// CSV, the overturn link and the seats.
func TestMattersThroughAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-02-02 09:00")
		for _, p := range []string{"markku-hiltunen", "kaisa-leinonen", "janne-aaltonen", "teemu-nurmi"} {
			f.personToken(p)
		}
		status, body := f.do("markku-hiltunen", "POST", np+"/forums/kehitysryhma/plan", PlanInput{Year: 2026})
		f.want(status, 201, body, "plan the development group")
		var dev Meeting
		for _, m := range decodeAs[PlanResult](t, body).Created {
			if m.Date == "2026-02-11" {
				dev = m
			}
		}

		// Raise: bad input, then the matter.
		status, body = f.do("kaisa-leinonen", "POST", np+"/matters", MatterInput{Forum: "kehitysryhma", Kind: "rumour", Title: ""})
		f.wantError(status, body, 422, "validation_failed", "title", "kind")
		status, body = f.do("observer", "POST", np+"/matters", MatterInput{Forum: "kehitysryhma", Kind: "question", Title: "x"})
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("kaisa-leinonen", "POST", np+"/matters", MatterInput{Forum: "kehitysryhma", Kind: "disagreement",
			Title: "Arviointityökalun käyttöönotto kaikille kunnille", Description: "Kunnat ovat eri mieltä palvelusopimuksen piiristä."})
		f.want(status, 201, body, "raise")
		m := decodeAs[Matter](t, body)
		if m.Status != "open" || m.Owner != "kaisa-leinonen" || m.Origin != "kehitysryhma" {
			t.Fatalf("raised %+v", m)
		}
		mp := np + "/matters/" + itoa(m.ID)
		status, body = f.do("kaisa-leinonen", "PATCH", mp, map[string]any{"description": "Kunnat ovat eri mieltä siitä, kuuluuko arviointityökalu palvelusopimuksen piiriin."})
		f.want(status, 200, body, "edit")
		status, body = f.do("teemu-nurmi", "PATCH", mp, map[string]any{"title": "x"})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("kaisa-leinonen", "GET", np+"/matters?kind=disagreement&owner=kaisa-leinonen&q=sopimuksen", nil)
		f.want(status, 200, body, "list")
		if l := decodeAs[List[Matter]](t, body); l.Total != 1 || l.Items[0].ID != m.ID {
			t.Fatalf("list %+v", l)
		}
		status, body = f.do("kaisa-leinonen", "GET", np+"/search?q=palvelusopimus&kinds=matter", nil)
		f.want(status, 200, body, "search")
		if l := decodeAs[List[SearchHit]](t, body); l.Total != 1 || !strings.Contains(l.Items[0].Snippet, "palvelusopimuksen") {
			t.Fatalf("search %+v", l)
		}
		status, body = f.do("kaisa-leinonen", "GET", np+"/search?q=ab", nil)
		f.wantError(status, body, 422, "validation_failed", "q")

		// On the development group's agenda; no consensus there.
		status, body = f.do("markku-hiltunen", "POST", mp+"/agenda", AgendaInput{Meeting: dev.ID, Type: "decision"})
		f.want(status, 201, body, "agenda")
		devItem := decodeAs[AgendaItem](t, body).ID
		status, body = f.do("markku-hiltunen", "POST", meetingPath(dev.ID)+"/publish", nil)
		f.want(status, 200, body, "publish")
		f.at("2026-02-11 14:00")
		status, body = f.do("janne-aaltonen", "POST", meetingPath(dev.ID)+"/items/"+itoa(devItem)+"/consensus", ConsensusInput{Statement: "Ei yksimielisyyttä."})
		f.want(status, 201, body, "no consensus")
		if d := decodeAs[DecisionRecord](t, body); d.Result.Outcome != "rejected" || d.Result.Text != "no consensus" {
			t.Fatalf("consensus %+v", d)
		}
		lower := decodeAs[DecisionRecord](t, body).ID

		// Escalation: skipping a level and downwards refused.
		status, body = f.do("kaisa-leinonen", "POST", mp+"/escalate", EscalateInput{Reason: "x", To: "opetuksen-ohjausryhma"})
		f.wantError(status, body, 409, "conflict")
		f.says(body, "one level at a time")
		status, body = f.do("kaisa-leinonen", "POST", mp+"/escalate", EscalateInput{Reason: "x", To: "tuotantoryhma-alustatalo"})
		f.wantError(status, body, 409, "conflict")
		f.says(body, "is not on the escalation chain of Kehitysryhmä")
		status, body = f.do("kaisa-leinonen", "POST", mp+"/escalate", EscalateInput{Reason: " "})
		f.wantError(status, body, 422, "validation_failed", "reason")
		status, body = f.do("kaisa-leinonen", "POST", mp+"/escalate", EscalateInput{Reason: "Kehitysryhmä ei päässyt yhteisymmärrykseen.", To: "ohjausryhma"})
		f.want(status, 200, body, "escalate")
		if e := decodeAs[Escalation](t, body); e.To != "ohjausryhma" || e.Meeting != 0 || e.Matter.WaitingSince == nil {
			t.Fatalf("escalation %+v", e)
		}
		status, body = f.do("markku-hiltunen", "POST", np+"/forums/ohjausryhma/plan", PlanInput{Year: 2026})
		f.want(status, 201, body, "plan the steering group")
		var steer Meeting
		for _, mt := range decodeAs[PlanResult](t, body).Created {
			if mt.Date == "2026-03-10" {
				steer = mt
			}
		}
		var item int64
		for _, it := range f.meeting("markku-hiltunen", steer.ID).Items {
			if it.Source == "escalation" {
				item = it.ID
			}
		}
		if item == 0 {
			t.Fatal("the escalated matter is not on the steering group's agenda")
		}
		status, body = f.do("markku-hiltunen", "POST", meetingPath(steer.ID)+"/publish", nil)
		f.want(status, 200, body, "publish")
		status, body = f.do("kaisa-leinonen", "POST", mp+"/escalate", EscalateInput{Reason: "takaisin", To: "kehitysryhma"})
		f.wantError(status, body, 409, "conflict")
		f.says(body, "Kehitysryhmä is below Ratkaisun ohjausryhmä: a matter is escalated upwards only")

		// The vote.
		f.at("2026-03-10 12:30")
		ip := meetingPath(steer.ID) + "/items/" + itoa(item)
		status, body = f.do("kaisa-leinonen", "POST", ip+"/votes", VoteInput{Voter: "espoo", Choice: "yes"})
		f.wantError(status, body, 409, "conflict")
		f.says(body, "no vote is open")
		status, body = f.do("kaisa-leinonen", "POST", ip+"/vote/open", OpenVoteInput{Proposal: "Arviointityökalu otetaan käyttöön."})
		f.want(status, 201, body, "open")
		if d := decodeAs[DecisionRecord](t, body); d.Status != "voting" || d.Per != "party" || !d.Weighted || d.Result.Eligible != 10 {
			t.Fatalf("opened %+v", d)
		}
		status, body = f.do("kaisa-leinonen", "POST", ip+"/vote/open", nil)
		f.wantError(status, body, 409, "conflict")
		f.says(body, "already open")
		status, body = f.do("kaisa-leinonen", "POST", ip+"/votes", VoteInput{Voter: "kaisa-leinonen", Choice: "yes"})
		f.want(status, 201, body, "the chair's vote")
		if v := decodeAs[Vote](t, body); v.Voter != "espoo" || v.Weight != 2 || !v.Chair || v.Person != "kaisa-leinonen" {
			t.Fatalf("vote %+v", v)
		}
		for voter, c := range map[string]string{"vantaa": "yes", "kuopio": "yes", "jarvenpaa": "yes", "tampere": "no", "oulu": "no",
			"helsinki": "no", "lohja": "no", "turku": "abstain"} {
			status, body = f.do("kaisa-leinonen", "POST", ip+"/votes", VoteInput{Voter: voter, Choice: c})
			f.want(status, 201, body, "vote "+voter)
		}
		status, body = f.do("teemu-nurmi", "POST", ip+"/votes", VoteInput{Voter: "teemu-nurmi", Choice: "no"})
		f.wantError(status, body, 403, "forbidden")
		f.says(body, "Teemu Nurmi holds no seat in Ratkaisun ohjausryhmä")
		status, body = f.do("kaisa-leinonen", "POST", ip+"/votes", VoteInput{Voter: "vantaa", Choice: "no"})
		f.wantError(status, body, 409, "conflict")
		f.says(body, "Vantaan kaupunki has already voted")
		status, body = f.do("kaisa-leinonen", "POST", ip+"/votes", VoteInput{Voter: "kerava", Choice: "maybe"})
		f.wantError(status, body, 422, "validation_failed", "choice")
		status, body = f.do("teemu-nurmi", "POST", ip+"/vote/close", nil)
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("kaisa-leinonen", "POST", ip+"/vote/close", nil)
		f.want(status, 200, body, "close")
		d := decodeAs[DecisionRecord](t, body)
		want := "tied 6–6; passed by the chair's casting vote; 1 abstained"
		if d.Result.Text != want || !d.Result.CastingVote || d.Result.Outcome != "passed" || len(d.Votes) != 9 || d.Result.Yes != 6 || d.Result.No != 6 {
			t.Fatalf("result %+v", d.Result)
		}
		status, body = f.do("kaisa-leinonen", "POST", ip+"/votes", VoteInput{Voter: "kerava", Choice: "yes"})
		f.wantError(status, body, 409, "conflict")
		f.says(body, "closed", want)

		// The matter's path and history.
		status, body = f.do("kaisa-leinonen", "GET", mp+"/path", nil)
		f.want(status, 200, body, "path")
		path := decodeAs[List[MatterStep]](t, body).Items
		if len(path) != 2 || path[0].Forum != "kehitysryhma" || path[0].LeftAt == nil || path[1].Forum != "ohjausryhma" || path[1].Decision != d.ID ||
			path[1].Outcome != want || path[1].Meeting != steer.ID {
			t.Fatalf("path %+v", path)
		}
		status, body = f.do("kaisa-leinonen", "GET", mp+"/history", nil)
		f.want(status, 200, body, "history")
		if h := decodeAs[List[MatterEvent]](t, body); h.Total != 7 || h.Items[0].Action != "raise" || h.Items[6].Action != "decide" {
			t.Fatalf("history %+v", h)
		}
		status, body = f.do("kaisa-leinonen", "GET", mp, nil)
		f.want(status, 200, body, "get")
		if decodeAs[Matter](t, body).Status != "decided" {
			t.Fatalf("matter %s", body)
		}
		status, body = f.do("kaisa-leinonen", "POST", mp+"/status", StatusInput{Status: "closed", Note: "Päätetty."})
		f.want(status, 200, body, "close the matter")
		status, body = f.do("kaisa-leinonen", "POST", mp+"/status", StatusInput{Status: "decided"})
		f.wantError(status, body, 409, "conflict")

		// The yearly duty.
		var duty int64
		for _, it := range f.meeting("markku-hiltunen", steer.ID).Items {
			if it.Source == "yearly-duty" {
				duty = it.ID
			}
		}
		status, body = f.do("kaisa-leinonen", "POST", meetingPath(steer.ID)+"/items/"+itoa(duty)+"/duty", DutyInput{Person: "kaisa-leinonen", TermFrom: "2026-01-01", TermTo: "2026-12-31"})
		f.want(status, 201, body, "duty")
		if dd := decodeAs[DecisionRecord](t, body); dd.Method != "duty" || dd.DutyPerson != "kaisa-leinonen" || dd.TermTo != "2026-12-31" {
			t.Fatalf("duty %+v", dd)
		}

		// Overturn: only upwards; linked both ways.
		status, body = f.do("markku-hiltunen", "POST", np+"/decisions/"+itoa(d.ID)+"/overturn", OverturnInput{By: lower, Effect: "overturned"})
		f.wantError(status, body, 409, "conflict")
		f.says(body, "is not above")
		status, body = f.do("kaisa-leinonen", "POST", np+"/decisions/"+itoa(lower)+"/overturn", OverturnInput{By: d.ID, Effect: "changed", Note: "Ohjausryhmä ratkaisi."})
		f.want(status, 200, body, "overturn")
		if l := decodeAs[DecisionRecord](t, body); l.OverturnedBy != d.ID || l.OverturnEffect != "changed" {
			t.Fatalf("lower %+v", l)
		}
		status, body = f.do("kaisa-leinonen", "GET", np+"/decisions/"+itoa(d.ID), nil)
		f.want(status, 200, body, "decision")
		if h := decodeAs[DecisionRecord](t, body); len(h.Overturns) != 1 || h.Overturns[0] != lower {
			t.Fatalf("higher %+v", h)
		}
		status, body = f.do("supplier", "GET", np+"/decisions/"+itoa(d.ID), nil)
		f.wantError(status, body, 404, "not_found")

		// The register: JSON, CSV by Accept and by path, filters.
		status, body = f.do("kaisa-leinonen", "GET", np+"/decisions?forum=ohjausryhma&outcome=passed&q=arviointityökalu", nil)
		f.want(status, 200, body, "register")
		if l := decodeAs[List[DecisionRecord]](t, body); l.Total != 1 || l.Items[0].ID != d.ID {
			t.Fatalf("register %+v", l)
		}
		status, body = f.do("kaisa-leinonen", "GET", np+"/decisions?outcome=maybe", nil)
		f.wantError(status, body, 400, "bad_request")
		status, body = f.do("kaisa-leinonen", "GET", np+"/decisions?from=yesterday", nil)
		f.wantError(status, body, 422, "validation_failed", "date")
		for _, viaPath := range []bool{false, true} {
			req, _ := http.NewRequest("GET", f.srv.URL+np+"/decisions?from=2026-02-01&to=2026-03-31", nil)
			if viaPath {
				req, _ = http.NewRequest("GET", f.srv.URL+np+"/decisions.csv?from=2026-02-01&to=2026-03-31", nil)
			} else {
				req.Header.Set("Accept", "text/csv")
			}
			req.Header.Set("Authorization", "Bearer "+f.tokens["kaisa-leinonen"])
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(resp.Body).ReadAll()
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || len(rows) != 4 ||
				rows[0][0] != "id" || rows[1][2] != "Ratkaisun ohjausryhmä" {
				t.Fatalf("csv (path %v): %d %v %v", viaPath, resp.StatusCode, err, rows)
			}
		}
		status, _, body = f.send("kaisa-leinonen", "GET", np+"/decisions.csv?forum=kehitysryhma", "", nil)
		f.want(status, 200, body, "csv validated against the spec")

		// Seats.
		status, body = f.do("kaisa-leinonen", "GET", np+"/forums/ohjausryhma/seats?date=2026-03-10", nil)
		f.want(status, 200, body, "seats")
		if s := decodeAs[Seats](t, body); len(s.Parties) == 0 || len(s.Warnings) != 0 {
			t.Fatalf("seats %+v", s)
		}
		status, body = f.do("kaisa-leinonen", "GET", np+"/forums/ohjausryhma/seats?date=soon", nil)
		f.wantError(status, body, 400, "bad_request")
	})
}
