package matter

import (
	"context"
	"slices"

	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// CastVote records a vote on an open vote. voter is the person voting
// (per seat, or for their organisation when the forum votes per party) or,
// per party, the organisation's party slug. A voter casts their own vote;
// the forum's convener or chair records the others' (a show of hands).
// Refused: a person without a seat on the meeting's date (naming the
// forum's rule), a second vote by the same seat or organisation, and a
// vote when none is open or after it closed.
func (s *Service) CastVote(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64, voter string, choice decision.Choice) (*Vote, error) {
	if choice != decision.Yes && choice != decision.No && choice != decision.Abstain {
		return nil, gov.Invalid(fieldErr("choice", "matter.err.choice", "vote yes, no or abstain"))
	}
	var v *Vote
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		c, err := loadItem(ctx, tx, a, x, meetingID, itemID)
		if err != nil {
			return err
		}
		d, err := openVote(ctx, tx, a, c)
		if err != nil {
			return err
		}
		date := c.m.LocalDate
		voters := Electorate(a, c.f, date)
		key, person, err := resolveVoter(a, c.f, date, voter, voters)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(voters, func(v Voter) bool { return v.Key == key })
		self := x.Person != nil && (x.Person.Slug == person ||
			(person == "" && x.Person.Party == key && decision.HoldsSeat(seatOf(x, a, c.f, date))))
		if !self && !canRun(x, a, c.f, date) {
			return forbidden("matter.err.forbidden.cast", "record votes for others in {Forum}: its chair or convener does", "Forum", c.f.Name)
		}
		votes, err := tx.Votes(ctx, d.ID)
		if err != nil {
			return err
		}
		if j := slices.IndexFunc(votes, func(r store.Vote) bool { return r.Voter == key }); j >= 0 {
			if d.Per == "party" {
				return errf(gov.CodeConflict, "matter.err.voted.party", "{Party} has already voted ({Name} cast its vote)",
					"Party", voters[i].Name, "Name", votes[j].PersonName)
			}
			return errf(gov.CodeConflict, "matter.err.voted", "{Name} has already voted", "Name", voters[i].Name)
		}
		row := &store.Vote{DecisionID: d.ID, Voter: key, Party: voters[i].Party, Choice: string(choice), Weight: voters[i].Weight,
			Chair: voters[i].Chair, CastBy: x.Name(), CastAt: s.now()}
		if person == "" && self {
			person = x.Person.Slug
		}
		if p := a.Person(person); p != nil {
			row.Person, row.PersonName = p.Slug, p.Name
		}
		if err := tx.InsertVote(ctx, row); err != nil {
			return err
		}
		vote := voteFromRow(*row)
		v = &vote
		return s.auditDecision(ctx, tx, x, "vote.cast", d, map[string]any{"voter": key, "choice": choice, "weight": row.Weight})
	})
	return v, err
}

// resolveVoter finds the vote a voter casts: their seat's or their
// organisation's key, and the person casting it (when a person).
func resolveVoter(a *gov.Agreement, f *gov.Forum, date, voter string, voters []Voter) (key, person string, err error) {
	per := Per(f)
	if p := a.Party(voter); p != nil && per == "party" {
		if !slices.ContainsFunc(voters, func(v Voter) bool { return v.Key == p.Slug }) {
			return "", "", errf(gov.CodeForbidden, "matter.err.noseat.org", "{Name} holds no seat in {Forum} on {Date}: in {Forum} each organisation with a seat has one vote",
				"Name", p.Name, "Forum", f.Name, "Date", date)
		}
		return p.Slug, "", nil
	}
	if a.Party(voter) != nil {
		return "", "", gov.Invalid(fieldErr("voter", "matter.err.voterperson", "in {Forum} each seated person votes: name the person", "Forum", f.Name))
	}
	p := a.Person(voter)
	if p == nil {
		return "", "", gov.Invalid(fieldErr("voter", "matter.err.novoter", `"{Voter}" is neither a person nor an organisation of the agreement`, "Voter", voter))
	}
	seated := false
	for _, m := range a.Memberships {
		if m.Person == p.Slug && m.Forum == f.Slug && m.ActiveOn(date) && decision.HoldsSeat(m.Role) {
			seated = true
		}
	}
	if !seated {
		if per == "party" {
			return "", "", errf(gov.CodeForbidden, "matter.err.noseat.party",
				"{Name} holds no seat in {Forum} on {Date}: in {Forum} each organisation with a seat has one vote, cast by its seated chair, vice chair or members",
				"Name", p.Name, "Forum", f.Name, "Date", date)
		}
		return "", "", errf(gov.CodeForbidden, "matter.err.noseat.seat",
			"{Name} holds no seat in {Forum} on {Date}: in {Forum} each seated chair, vice chair and member votes; secretaries, deputies and experts do not",
			"Name", p.Name, "Forum", f.Name, "Date", date)
	}
	key = p.Slug
	if per == "party" {
		key = p.Party
	}
	if !slices.ContainsFunc(voters, func(v Voter) bool { return v.Key == key }) {
		return "", "", errf(gov.CodeForbidden, "matter.err.noweight", "{Party} has no vote under the vote rule of {Forum}",
			"Party", a.Party(p.Party).Name, "Forum", f.Name)
	}
	return key, p.Slug, nil
}

// CloseVote closes an open vote and counts it by the forum's decision
// rule (decision.Count: weights on the meeting's date, the chair's
// casting vote on a tie where the rule gives one, the quorum where set),
// stores the result with its explanation in words, and records it on the
// matters linked to the item: decided there (or, without a quorum, not).
func (s *Service) CloseVote(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64) (*Decision, error) {
	var d *Decision
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		c, err := loadItem(ctx, tx, a, x, meetingID, itemID)
		if err != nil {
			return err
		}
		if !canRun(x, a, c.f, c.m.LocalDate) {
			return forbidden("matter.err.forbidden.vote", "open or close votes in {Forum}: its convener or chair does", "Forum", c.f.Name)
		}
		if d, err = openVote(ctx, tx, a, c); err != nil {
			return err
		}
		rows, err := tx.Votes(ctx, d.ID)
		if err != nil {
			return err
		}
		votes := make([]decision.Vote, len(rows))
		for i, r := range rows {
			votes[i] = decision.Vote{Voter: r.Voter, Choice: decision.Choice(r.Choice), Weight: r.Weight, Chair: r.Chair}
			d.Votes = append(d.Votes, voteFromRow(r))
		}
		d.Result = decision.Count(c.f.Decision, d.Weighted, d.Result.Eligible, votes)
		return s.decide(ctx, tx, x, c, d, "decision.close")
	})
	return d, err
}

// decide stores a decision as taken and records it on the matters linked
// to its item: a passed or rejected decision decides them in this forum.
func (s *Service) decide(ctx context.Context, tx *store.Tx, x Actor, c *item, d *Decision, action string) error {
	now := s.now()
	d.Voting, d.DecidedBy, d.DecidedAt = false, x.Name(), &now
	if d.ID == 0 {
		row := d.row()
		if err := tx.InsertDecision(ctx, row); err != nil {
			return err
		}
		d.ID = row.ID
	} else if err := tx.UpdateDecision(ctx, d.row()); err != nil {
		return err
	}
	if err := s.auditDecision(ctx, tx, x, action, d, map[string]any{"item": d.ItemID, "outcome": d.Result.Outcome, "text": d.Result.Text}); err != nil {
		return err
	}
	links, err := tx.MatterLinks(ctx, 0, c.it.ID)
	if err != nil {
		return err
	}
	// No consensus (and no quorum) leaves the matter open here: that is
	// when it is escalated.
	decided := d.Result.Outcome == decision.Passed || (d.Result.Outcome == decision.Rejected && !d.Result.Consensus)
	for _, l := range links {
		row, err := tx.Matter(ctx, d.Agreement, l.MatterID, true)
		if err != nil {
			return err
		}
		m := fromRow(row)
		if m.Forum != d.Forum {
			continue // the matter has moved on since it was put on this agenda
		}
		if err := s.stepOutcome(ctx, tx, m.ID, d.Result.Text, d.ID, false); err != nil {
			return err
		}
		e := &Event{MatterID: m.ID, Action: "decide", Note: d.Result.Text, MeetingID: d.MeetingID, ItemID: d.ItemID, DecisionID: d.ID}
		if decided && m.Status != Decided && m.Status != Closed {
			e.Changes = []Change{{Field: "status", From: string(m.Status), To: string(Decided)}}
			m.Status, m.UpdatedAt, m.WaitingSince = Decided, now, nil
			if err := tx.UpdateMatter(ctx, m.row()); err != nil {
				return err
			}
		}
		aid, err := tx.AgreementID(ctx, d.Agreement)
		if err != nil {
			return err
		}
		if err := s.history(ctx, tx, x, aid, e); err != nil {
			return err
		}
	}
	return nil
}
