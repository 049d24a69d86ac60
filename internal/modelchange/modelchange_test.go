package modelchange

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

const tactical = "taktinen-ohjausryhma"

func setup(t *testing.T, st *store.Store) (*Service, *gov.Agreement, string) {
	t.Helper()
	src, err := model.Template("municipal-3-level")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("m3.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyAgreement(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	a, err = st.Agreement(context.Background(), a.Slug)
	if err != nil {
		t.Fatal(err)
	}
	svc := New(st)
	svc.Now = func() time.Time { return time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC) }
	return svc, a, string(src)
}

var (
	customer  = auth.Principal{UserID: 1, Email: "c@x.fi", Name: "Carita Customer", Party: "esimerkkila", Account: auth.AccountRepresentative}
	customer2 = auth.Principal{UserID: 4, Email: "c2@x.fi", Name: "Cecilia Customer", Party: "esimerkkila", Account: auth.AccountRepresentative}
	supplier  = auth.Principal{UserID: 2, Email: "s@x.fi", Name: "Sami Supplier", Party: "esimerkki-it", Account: auth.AccountRepresentative}
	member    = auth.Principal{UserID: 3, Email: "m@x.fi", Name: "Mikko Member", Party: "esimerkki-it", Account: auth.AccountMember}
	outsider  = auth.Principal{UserID: 5, Email: "o@x.fi", Name: "Olli Outsider", Party: "elsewhere", Account: auth.AccountRepresentative}
)

// monthly is the model with the tactical forum meeting monthly.
func monthly(t *testing.T, src string) []byte {
	t.Helper()
	old := "frequency: quarterly # asiakirja jättää kokousvälin sovittavaksi; neljännesvuosittain on tavallinen oletus seurantatasolle\n      months: [3, 6, 9, 12] # esimerkkikuukaudet: kolmen kuukauden välein, heinäkuun loma-aika vältetään\n"
	if !strings.Contains(src, old) {
		t.Fatal("the template's tactical cadence changed")
	}
	return []byte(strings.Replace(src, old, "frequency: monthly\n", 1))
}

func code(t *testing.T, err error, want gov.ErrorCode) {
	t.Helper()
	if gov.CodeOf(err) != want {
		t.Fatalf("got %v (code %q), want %q", err, gov.CodeOf(err), want)
	}
}

// TestProposeApprove: the customer proposes the tactical forum monthly;
// the customer cannot approve it ("the other party approves"), a member
// or an outsider cannot either; the supplier's representative does, the
// model changes and the plan has twelve tactical meetings; the revision
// keeps diff, proposer and approver.
func TestProposeApprove(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, a, src := setup(t, st)
		_, err := svc.Propose(ctx, member, a, Input{YAML: monthly(t, src)})
		code(t, err, gov.CodeForbidden)
		p, err := svc.Propose(ctx, customer, a, Input{YAML: monthly(t, src), Summary: "monthly follow-up"})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Diff) != 2 || !strings.Contains(strings.Join(p.Diff, "\n"), "forums[taktinen-ohjausryhma].cadence.frequency: \"quarterly\" → \"monthly\"") {
			t.Fatalf("diff %q", p.Diff)
		}
		_, err = svc.Approve(ctx, customer2, a, p.ID)
		code(t, err, gov.CodeForbidden)
		if !strings.Contains(err.Error(), "the other party approves") {
			t.Fatalf("refusal %q", err)
		}
		_, err = svc.Approve(ctx, member, a, p.ID)
		code(t, err, gov.CodeForbidden)
		_, err = svc.Approve(ctx, outsider, a, p.ID)
		code(t, err, gov.CodeNotFound)
		got, err := svc.Approve(ctx, supplier, a, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != store.ProposalApplied || got.Revision != 1 || got.DecidedBy != "Sami Supplier" || got.ProposedBy != "Carita Customer" {
			t.Fatalf("revision %+v", got)
		}
		a2, err := st.Agreement(ctx, a.Slug)
		if err != nil {
			t.Fatal(err)
		}
		ms, _ := plan.Year(a2, 2027)
		n := 0
		for _, m := range ms {
			if m.Forum == tactical {
				n++
			}
		}
		if n != 12 {
			t.Fatalf("%d tactical meetings in 2027, want 12", n)
		}
		_, err = svc.Approve(ctx, supplier, a2, p.ID)
		code(t, err, gov.CodeConflict)
		revs, err := svc.List(ctx, customer, a2, store.ProposalApplied)
		if err != nil || len(revs) != 1 || revs[0].ID != p.ID || len(revs[0].Diff) != 2 {
			t.Fatalf("revisions %v %v", revs, err)
		}
	})
}

// TestProposeBadInput: a model that does not validate shows every problem
// and stores nothing; a proposal that changes nothing or renames the
// agreement is refused; two racing proposals: the second is stale.
func TestProposeBadInput(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, a, src := setup(t, st)
		bad := strings.Replace(strings.Replace(src, "working_days_before: 3", "working_days_before: three", 1), "country: FI", "country: FI\ncolour: blue", 1)
		_, err := svc.Propose(ctx, customer, a, Input{YAML: []byte(bad)})
		code(t, err, gov.CodeInvalid)
		var e *gov.Error
		if !errors.As(err, &e) || len(e.Fields) != 2 || !strings.HasPrefix(e.Fields[0].Field, "line ") {
			t.Fatalf("problems %v", err)
		}
		_, err = svc.Propose(ctx, customer, a, Input{YAML: []byte(src)})
		code(t, err, gov.CodeInvalid)
		_, err = svc.Propose(ctx, customer, a, Input{YAML: []byte(strings.Replace(src, "id: municipal-3-level", "id: other", 1))})
		code(t, err, gov.CodeInvalid)
		if ps, _ := svc.List(ctx, customer, a); len(ps) != 0 {
			t.Fatalf("%d proposals stored", len(ps))
		}
		first, err := svc.Propose(ctx, customer, a, Input{YAML: monthly(t, src)})
		if err != nil {
			t.Fatal(err)
		}
		second, err := svc.Propose(ctx, supplier, a, Input{YAML: []byte(strings.Replace(src, "working_days_before: 3", "working_days_before: 4", 1))})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Approve(ctx, supplier, a, first.ID); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Approve(ctx, customer, a, second.ID)
		var stale *StaleError
		if !errors.As(err, &stale) || gov.CodeOf(err) != gov.CodeConflict || len(stale.Diff) == 0 {
			t.Fatalf("second approval: %v", err)
		}
		// Against the current model the second proposal also undoes the
		// first's change: the diff shows it.
		if !strings.Contains(strings.Join(stale.Diff, "\n"), `"monthly" → "quarterly"`) {
			t.Fatalf("stale diff %q", stale.Diff)
		}
		if _, err := svc.Reject(ctx, customer, a, second.ID, ""); gov.CodeOf(err) != gov.CodeInvalid {
			t.Fatalf("reject without a reason: %v", err)
		}
		r, err := svc.Reject(ctx, customer, a, second.ID, "stale")
		if err != nil || r.State != store.ProposalRejected {
			t.Fatalf("reject: %v %v", r, err)
		}
	})
}

// TestScheduledChange: a change approved to take effect later is applied
// on its day by ApplyDue.
func TestScheduledChange(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, a, src := setup(t, st)
		p, err := svc.Propose(ctx, customer, a, Input{YAML: monthly(t, src), EffectiveFrom: "2027-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Propose(ctx, customer, a, Input{YAML: monthly(t, src), EffectiveFrom: "2026-01-01"}); gov.CodeOf(err) != gov.CodeInvalid {
			t.Fatalf("a past effective date: %v", err)
		}
		got, err := svc.Approve(ctx, supplier, a, p.ID)
		if err != nil || got.State != store.ProposalScheduled {
			t.Fatalf("approve: %+v %v", got, err)
		}
		if n, err := svc.ApplyDue(ctx); err != nil || n != 0 {
			t.Fatalf("before the day: %d %v", n, err)
		}
		svc.Now = func() time.Time { return time.Date(2027, 1, 1, 6, 0, 0, 0, time.UTC) }
		if n, err := svc.ApplyDue(ctx); err != nil || n != 1 {
			t.Fatalf("on the day: %d %v", n, err)
		}
		a2, _ := st.Agreement(ctx, a.Slug)
		if a2.Forum(tactical).Cadence.Frequency != gov.Monthly {
			t.Fatal("not applied")
		}
	})
}
