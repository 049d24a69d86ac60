package decision

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
)

var majority = gov.DecisionRule{Method: gov.DecideMajority}
var casting = gov.DecisionRule{Method: gov.DecideMajority, ChairCastingVote: true}

func votes(spec ...any) []Vote {
	var vs []Vote
	for i := 0; i+1 < len(spec); i += 2 {
		vs = append(vs, Vote{Voter: fmt.Sprint(i), Choice: spec[i].(Choice), Weight: spec[i+1].(float64)})
	}
	return vs
}

func TestCount(t *testing.T) {
	chairYes := append(votes(No, 2.0, Yes, 1.0), Vote{Voter: "chair", Choice: Yes, Weight: 1, Chair: true})
	chairNo := append(votes(Yes, 1.0), Vote{Voter: "chair", Choice: No, Weight: 1, Chair: true})
	cases := []struct {
		name     string
		rule     gov.DecisionRule
		weighted bool
		eligible int
		votes    []Vote
		want     Outcome
		text     string
	}{
		{"weighted majority with abstentions", majority, true, 16,
			append(votes(Yes, 2.0, Yes, 2.0, Yes, 2.0, Yes, 2.0, Yes, 1.0, No, 2.0, No, 1.0, No, 1.0), votes(Abstain, 1.0, Abstain, 2.0, Abstain, 1.0)...),
			Passed, "passed 9–4 by weighted majority; 3 abstained"},
		{"rejected", majority, false, 5, votes(Yes, 1.0, No, 1.0, No, 1.0), Rejected, "rejected 1–2 by majority"},
		{"tie, chair decides yes", casting, true, 4, chairYes, Passed, "tied 2–2; passed by the chair's casting vote"},
		{"tie, chair decides no", casting, false, 2, chairNo, Rejected, "tied 1–1; rejected by the chair's casting vote"},
		{"tie without casting vote", majority, false, 2, votes(Yes, 1.0, No, 1.0), Rejected, "rejected: tied 1–1"},
		{"tie, chair abstained", casting, false, 3, append(votes(Yes, 1.0, No, 1.0), Vote{Choice: Abstain, Weight: 1, Chair: true}), Rejected, "rejected: tied 1–1; 1 abstained"},
		{"no quorum", gov.DecisionRule{Method: gov.DecideMajority, Quorum: 0.5}, false, 10, votes(Yes, 1.0, Yes, 1.0, Yes, 1.0, No, 1.0), NoQuorum, "no quorum: 4 of 10 present, 5 needed"},
		{"quorum met by abstentions", gov.DecisionRule{Method: gov.DecideMajority, Quorum: 0.5}, false, 4, votes(Yes, 1.0, Abstain, 1.0), Passed, "passed 1–0 by majority; 1 abstained"},
		{"consensus", gov.DecisionRule{Method: gov.DecideConsensus}, false, 3, votes(Yes, 1.0, Yes, 1.0, Abstain, 1.0), Passed, "passed by consensus; 1 abstained"},
		{"consensus broken", gov.DecisionRule{Method: gov.DecideConsensus}, false, 3, votes(Yes, 1.0, Yes, 1.0, No, 1.0), Rejected, "no consensus: 1 objected"},
		{"fractional weights", majority, true, 2, votes(Yes, 2.5, No, 2.0), Passed, "passed 2.5–2 by weighted majority"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Count(tc.rule, tc.weighted, tc.eligible, tc.votes)
			if r.Outcome != tc.want || r.Text != tc.text {
				t.Errorf("got %s %q, want %s %q", r.Outcome, r.Text, tc.want, tc.text)
			}
		})
	}
}

// genVotes draws a ballot: each voter a choice and a positive weight, at
// most one of them the chair.
func genVotes(t *rapid.T) []Vote {
	n := rapid.IntRange(0, 30).Draw(t, "n")
	chair := rapid.IntRange(-1, n-1).Draw(t, "chair")
	vs := make([]Vote, n)
	for i := range vs {
		vs[i] = Vote{
			Voter:  fmt.Sprint(i),
			Choice: rapid.SampledFrom([]Choice{Yes, No, Abstain}).Draw(t, "choice"),
			Weight: float64(rapid.IntRange(1, 100000).Draw(t, "weight")) / 4, // exact in binary
			Chair:  i == chair,
		}
	}
	return vs
}

func genRule(t *rapid.T) gov.DecisionRule {
	return gov.DecisionRule{Method: gov.DecideMajority, ChairCastingVote: rapid.Bool().Draw(t, "casting"),
		Quorum: float64(rapid.IntRange(0, 4).Draw(t, "quorum")) / 4}
}

// TestCountProperties: for any weights, abstentions and ties, the result
// is the weighted majority of yes over no; a tie goes the chair's way
// only under a casting-vote rule; quorum is counted on voters present.
func TestCountProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		vs := genVotes(t)
		rule := genRule(t)
		eligible := len(vs) + rapid.IntRange(0, 10).Draw(t, "absent")
		r := Count(rule, true, eligible, vs)

		var yes, no, abst float64
		var chair *Vote
		for i, v := range vs {
			switch v.Choice {
			case Yes:
				yes += v.Weight
			case No:
				no += v.Weight
			default:
				abst += v.Weight
			}
			if v.Chair {
				chair = &vs[i]
			}
		}
		if r.Yes != yes || r.No != no || r.Abstained != abst || r.Present != len(vs) {
			t.Fatalf("sums %v/%v/%v present %d; want %v/%v/%v %d", r.Yes, r.No, r.Abstained, r.Present, yes, no, abst, len(vs))
		}
		needed := 0
		for float64(needed) < rule.Quorum*float64(eligible)-1e-9 {
			needed++
		}
		if len(vs) < needed {
			if r.Outcome != NoQuorum {
				t.Fatalf("%d of %d present, %d needed: %s", len(vs), eligible, needed, r.Outcome)
			}
			return
		}
		want := Rejected
		switch {
		case yes > no:
			want = Passed
		case yes == no && rule.ChairCastingVote && chair != nil && chair.Choice == Yes:
			want = Passed
		}
		if r.Outcome != want {
			t.Fatalf("yes %v no %v casting %v chair %+v: got %s want %s (%s)", yes, no, rule.ChairCastingVote, chair, r.Outcome, want, r.Text)
		}
		if r.CastingVote != (yes == no && rule.ChairCastingVote && chair != nil && chair.Choice != Abstain) {
			t.Fatalf("casting vote flag %v", r.CastingVote)
		}
	})
}

// TestCountInvariants: the order of the votes and a common scale of the
// weights never change the outcome; an extra abstention never changes it
// either, once there is a quorum; turning a no into a yes never turns a
// passed decision into a rejected one.
func TestCountInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		vs := genVotes(t)
		rule := genRule(t)
		rule.Quorum = 0
		base := Count(rule, true, len(vs), vs)

		perm := rapid.Permutation(vs).Draw(t, "perm")
		if got := Count(rule, true, len(vs), perm); got.Outcome != base.Outcome {
			t.Fatalf("order changed the outcome: %s vs %s", got.Outcome, base.Outcome)
		}
		k := float64(rapid.IntRange(1, 64).Draw(t, "scale"))
		scaled := make([]Vote, len(vs))
		for i, v := range vs {
			v.Weight *= k
			scaled[i] = v
		}
		if got := Count(rule, true, len(vs), scaled); got.Outcome != base.Outcome {
			t.Fatalf("scaling by %v changed the outcome", k)
		}
		more := append(append([]Vote(nil), vs...), Vote{Voter: "x", Choice: Abstain, Weight: 7})
		if got := Count(rule, true, len(more), more); got.Outcome != base.Outcome {
			t.Fatalf("an abstention changed the outcome")
		}
		for i := range vs {
			if vs[i].Choice == No {
				flipped := append([]Vote(nil), vs...)
				flipped[i].Choice = Yes
				if base.Outcome == Passed && Count(rule, true, len(vs), flipped).Outcome != Passed {
					t.Fatalf("more support rejected a passed decision")
				}
				break
			}
		}
	})
}

// TestWeightsFromTheModel: national-platform's steering group gives owner
// cities 2 votes and other municipalities 1; the provider has none.
func TestWeightsFromTheModel(t *testing.T) {
	src, _ := model.Template("national-platform")
	a, err := model.Parse("np.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	var rule *gov.VoteRule
	for _, f := range a.Forums {
		if f.Votes != nil && f.Decision.ChairCastingVote {
			rule = f.Votes
			break
		}
	}
	if rule == nil {
		t.Fatal("no weighted forum with a casting vote")
	}
	seen := map[float64]bool{}
	for i := range a.Parties {
		p := &a.Parties[i]
		w := Weight(rule, p, "2027-03-01")
		owner, _ := p.Attr("owner", "2027-03-01")
		switch {
		case p.Kind == gov.KindCustomer && owner == "true" && w != 2:
			t.Errorf("owner %s weighs %v", p.Slug, w)
		case p.Kind == gov.KindCustomer && owner != "true" && w != 1:
			t.Errorf("municipality %s weighs %v", p.Slug, w)
		}
		seen[w] = true
	}
	if !seen[2] || !seen[1] {
		t.Errorf("weights seen: %v", seen)
	}
	// By attribute: learner counts on the day.
	p := &gov.Party{Slug: "x", Kind: gov.KindCustomer, Attributes: []gov.Attribute{{Key: "learners", Value: "1200", From: "2025-09-20"}, {Key: "learners", Value: "1300", From: "2026-09-20"}}}
	byAttr := &gov.VoteRule{Per: "party", Attribute: "learners"}
	if Weight(byAttr, p, "2026-01-01") != 1200 || Weight(byAttr, p, "2026-10-01") != 1300 || Weight(byAttr, p, "2025-01-01") != 0 {
		t.Error("attribute weights do not follow the dates")
	}
}
