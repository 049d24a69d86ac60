// Package decision counts a forum's votes by its decision rule: consensus,
// or a majority of votes weighted by the model (owner cities 2, others 1;
// or a party attribute such as learner count on the day of the vote),
// with the chair's casting vote on a tie and a quorum where the model sets
// one, and says the result in words.
package decision

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/gov"
)

// Choice is how a voter voted.
type Choice string

// The choices. An abstention counts towards the quorum, not the result.
const (
	Yes     Choice = "yes"
	No      Choice = "no"
	Abstain Choice = "abstain"
)

// Vote is one voter's vote with its weight.
type Vote struct {
	// Voter identifies the seat or organisation that voted.
	Voter  string
	Choice Choice
	Weight float64
	// Chair marks the chair's vote, which decides a tie where the rule
	// gives the chair a casting vote.
	Chair bool
}

// Outcome is what a count decided.
type Outcome string

// The outcomes.
const (
	Passed   Outcome = "passed"
	Rejected Outcome = "rejected"
	NoQuorum Outcome = "no-quorum"
)

// Result is a count and its explanation.
type Result struct {
	Outcome Outcome
	// Yes, No and Abstained are weighted sums.
	Yes, No, Abstained float64
	// Present is the number of voters who voted (abstentions included);
	// Eligible is the number entitled to.
	Present, Eligible int
	QuorumNeeded      int
	// CastingVote is set when a tie was decided by the chair.
	CastingVote bool
	// Consensus is set when the forum decides by consensus.
	Consensus bool
	// Text explains the result in words, e.g. "passed 9–4 by weighted
	// majority; 3 abstained".
	Text string
}

// Count applies rule to votes cast by eligible voters. Votes must come one
// per voter (the caller refuses a second vote before it gets here).
func Count(rule gov.DecisionRule, weighted bool, eligible int, votes []Vote) Result {
	r := Result{Eligible: eligible, Present: len(votes), Consensus: rule.Method == gov.DecideConsensus}
	var chair *Vote
	for i := range votes {
		v := &votes[i]
		switch v.Choice {
		case Yes:
			r.Yes += v.Weight
		case No:
			r.No += v.Weight
		default:
			r.Abstained += v.Weight
		}
		if v.Chair {
			chair = v
		}
	}
	if rule.Quorum > 0 {
		r.QuorumNeeded = int(math.Ceil(rule.Quorum*float64(eligible) - 1e-9))
		if r.Present < r.QuorumNeeded {
			r.Outcome = NoQuorum
			r.Text = fmt.Sprintf("no quorum: %d of %d present, %d needed", r.Present, eligible, r.QuorumNeeded)
			return r
		}
	}
	if r.Consensus {
		// Consensus: the decision stands when nobody objects.
		r.Outcome = Passed
		if r.No > 0 || r.Yes == 0 {
			r.Outcome = Rejected
		}
		objections := 0
		for _, v := range votes {
			if v.Choice == No {
				objections++
			}
		}
		if r.Outcome == Passed {
			r.Text = "passed by consensus" + abstainedText(votes)
		} else if r.Yes == 0 && objections == 0 {
			r.Text = "not decided: nobody supported it"
		} else {
			r.Text = fmt.Sprintf("no consensus: %d objected", objections)
		}
		return r
	}
	how := "majority"
	if weighted {
		how = "weighted majority"
	}
	switch {
	case r.Yes > r.No:
		r.Outcome = Passed
		r.Text = fmt.Sprintf("passed %s–%s by %s", num(r.Yes), num(r.No), how)
	case r.No > r.Yes:
		r.Outcome = Rejected
		r.Text = fmt.Sprintf("rejected %s–%s by %s", num(r.Yes), num(r.No), how)
	case rule.ChairCastingVote && chair != nil && (chair.Choice == Yes || chair.Choice == No):
		r.CastingVote = true
		r.Outcome = Rejected
		if chair.Choice == Yes {
			r.Outcome = Passed
		}
		r.Text = fmt.Sprintf("tied %s–%s; %s by the chair's casting vote", num(r.Yes), num(r.No), r.Outcome)
	default:
		// A tie without a casting vote is not a majority for the proposal.
		r.Outcome = Rejected
		r.Text = fmt.Sprintf("rejected: tied %s–%s", num(r.Yes), num(r.No))
	}
	return r.withAbstained(votes)
}

func (r Result) withAbstained(votes []Vote) Result {
	r.Text += abstainedText(votes)
	return r
}

func abstainedText(votes []Vote) string {
	n := 0
	for _, v := range votes {
		if v.Choice == Abstain {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("; %d abstained", n)
}

// num writes a weight without needless decimals: 9, 2.5.
func num(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// Weight is the weight of a party's vote under a forum's vote rule on a
// date (YYYY-MM-DD): the party attribute's value where the rule weighs by
// attribute, else the first matching rule's weight, else the default.
// A forum without a vote rule gives every vote the weight 1.
func Weight(rule *gov.VoteRule, p *gov.Party, date string) float64 {
	if rule == nil {
		return 1
	}
	if rule.Attribute != "" {
		if v, ok := p.AttrNumber(rule.Attribute, date); ok && v > 0 {
			return v
		}
		return 0
	}
	for _, wr := range rule.Rules {
		if Matches(wr.Match, p, date) {
			return wr.Weight
		}
	}
	return rule.Default
}

// Matches reports whether a party meets a match condition on a date.
func Matches(m gov.PartyMatch, p *gov.Party, date string) bool {
	if m.Kind != "" && m.Kind != p.Kind {
		return false
	}
	if m.Party != "" && m.Party != p.Slug {
		return false
	}
	if m.Attribute == "" {
		return true
	}
	v, ok := p.Attr(m.Attribute, date)
	if !ok {
		return false
	}
	switch {
	case m.Is != "":
		return strings.EqualFold(v, m.Is)
	case m.Below != nil:
		f, err := strconv.ParseFloat(v, 64)
		return err == nil && f < *m.Below
	case m.AtLeast != nil:
		f, err := strconv.ParseFloat(v, 64)
		return err == nil && f >= *m.AtLeast
	}
	return false
}
