package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/matter"
)

// mtrDecItem is a decision item of a meeting with its decision, its
// vote and the forms the viewer may use on it (the meeting page's
// "decisions" section).
type mtrDecItem struct {
	ID           int64
	No           int
	Title        string
	Href         string // the item's form actions start here
	Duty         bool
	Decided      bool
	Voting       bool
	DecisionHref string
	Method       string
	Proposal     string
	Result       string
	// Electorate is who may vote with their weights and, once cast,
	// their votes; Per says whether per seat or per organisation.
	Electorate []mtrVoter
	Per        string
	Tally      string
	// Voters are the votes the viewer may still cast or record.
	Voters                                  []mtgOption
	CanOpen, CanClose, CanRecord, CanDecide bool
	Choices, People                         []mtgOption
	Casting                                 bool
}

// mtrVoter is one member of the electorate.
type mtrVoter struct {
	Name, Org, Weight, Vote string
	Chair                   bool
}

// mtrDecForm is what a refused decision form sent.
type mtrDecForm struct {
	Item                                    int64
	Proposal, Voter, Choice, Statement      string
	Reached                                 bool
	Person, TermFrom, TermTo, DutyStatement string
}

// mtrMeetingDecisions lists the meeting's decision items with their
// decisions, for the meeting page; nil while the agenda is hidden.
func (s *Server) mtrMeetingDecisions(r *Req, v *mtg, hidden bool) []mtrDecItem {
	if hidden {
		return nil
	}
	l, a, x, m, f := v.l, r.Agreement, v.x, v.m, v.f
	svc := s.matterSvc()
	runs := mtrRuns(x, a, f, m.LocalDate)
	begun := !l.now.Before(m.Start)
	open := m.State == gov.Held || m.State == gov.MinutesDrafted || (m.State == gov.AgendaPublished && begun)
	voters := matter.Electorate(a, f, m.LocalDate)
	var out []mtrDecItem
	// One read for every item's decision, not one per item.
	decs, err := svc.DecisionsOn(r.Context(), a, x, m.ID)
	if err != nil {
		s.log.Error("decisions on items", "meeting", m.ID, "err", err)
		return nil
	}
	no := 0
	for _, it := range v.items {
		if it.Status != gov.ItemAccepted {
			continue
		}
		no++
		if it.Type != gov.ItemDecision {
			continue
		}
		row := mtrDecItem{ID: it.ID, No: no, Title: it.Title, Href: mtrURL(r, "/meetings/%d/items/%d", m.ID, it.ID), Duty: it.Source == "yearly-duty",
			Per: matter.Per(f), Casting: f.Decision.ChairCastingVote}
		dec := decs[it.ID]
		if dec != nil {
			row.Decided, row.Voting = !dec.Voting, dec.Voting
			row.DecisionHref = mtrURL(r, "/decisions/%d", dec.ID)
			row.Method = l.t("mattersui.method." + string(dec.Method))
			row.Proposal = dec.Proposal
			row.Result = l.mtrResult(dec)
		}
		if dec == nil || dec.Method == matter.MethodVote {
			row.Electorate, row.Voters = l.mtrElectorate(x, voters, dec, runs)
		}
		if dec != nil && dec.Method == matter.MethodVote {
			row.Tally = l.mtrTally(dec)
		}
		row.CanOpen = runs && open && dec == nil && len(voters) > 0
		row.CanRecord = runs && open && dec == nil
		row.CanClose = runs && dec != nil && dec.Voting
		row.CanDecide = dec != nil && dec.Voting && len(row.Voters) > 0
		out = append(out, row)
	}
	if len(out) > 0 {
		var choices []mtgOption
		for _, c := range []decision.Choice{decision.Yes, decision.No, decision.Abstain} {
			choices = append(choices, mtgOption{string(c), l.t("mattersui.choice." + string(c))})
		}
		people := l.mtrOwners(f)
		for i := range out {
			out[i].Choices, out[i].People = choices, people
		}
	}
	return out
}

// mtrElectorate lists the voters with their weights and votes, and the
// votes the viewer may still cast: all of them for whoever runs the
// forum (a show of hands), else the viewer's own seat or organisation.
func (l *lens) mtrElectorate(x matter.Actor, voters []matter.Voter, dec *matter.Decision, runs bool) ([]mtrVoter, []mtgOption) {
	var rows []mtrVoter
	var may []mtgOption
	for _, v := range voters {
		row := mtrVoter{Name: v.Name, Weight: l.num(v.Weight), Chair: v.Chair}
		if v.Person != "" {
			row.Name = l.personLabel(v.Person, v.Name)
		}
		if p := l.a.Party(v.Party); p != nil && v.Person != "" {
			row.Org = p.Name
		}
		voted := false
		if dec != nil {
			if i := slices.IndexFunc(dec.Votes, func(c matter.Vote) bool { return c.Voter == v.Key }); i >= 0 {
				voted = true
				row.Vote = l.t("mattersui.choice." + string(dec.Votes[i].Choice))
				if c := dec.Votes[i]; c.PersonName != "" && v.Person == "" {
					row.Vote += " (" + l.personLabel(c.Person, c.PersonName) + ")"
				}
			}
		}
		rows = append(rows, row)
		own := x.Person != nil && (x.Person.Slug == v.Person || (v.Person == "" && x.Person.Party == v.Party))
		if dec != nil && dec.Voting && !voted && (runs || own) {
			may = append(may, mtgOption{v.Key, row.Name})
		}
	}
	return rows, may
}

// mtrTally is a vote's weighted tally so far, or its final one.
func (l *lens) mtrTally(d *matter.Decision) string {
	var yes, no, abstain float64
	for _, v := range d.Votes {
		switch v.Choice {
		case decision.Yes:
			yes += v.Weight
		case decision.No:
			no += v.Weight
		default:
			abstain += v.Weight
		}
	}
	return l.t("mattersui.vote.tally", "Yes", l.num(yes), "No", l.num(no), "Abstain", l.num(abstain), "Count", len(d.Votes), "Eligible", d.Result.Eligible)
}

// mtrItemIDs reads the meeting and item of a decision form's URL.
func mtrItemIDs(r *Req) (int64, int64, bool) {
	m, ok1 := pathID(r, "meeting")
	it, ok2 := pathID(r, "item")
	return m, it, ok1 && ok2
}

// mtrDecided ends a decision form: back to the meeting's decisions, or
// the meeting page again with the error on the item's form.
func (s *Server) mtrDecided(w http.ResponseWriter, r *Req, err error, form mtrDecForm, prefix, field, flash string) {
	if errs, ok := s.mtrFieldErrors(r.Lang, err, prefix, field); ok {
		s.showMeeting(w, r, mtrStatus(err), mtgForm{Decision: form}, errs)
		return
	}
	if err != nil {
		s.mtrFail(w, r, err)
		return
	}
	id, _ := pathID(r, "meeting")
	s.toMeeting(w, r, id, flash, "decisions")
}

func itemSuffix(id int64) string { return "-" + strconv.FormatInt(id, 10) }

// openVote opens a vote on a decision item.
func (s *Server) openVote(w http.ResponseWriter, r *Req) {
	mid, iid, ok := mtrItemIDs(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	form := mtrDecForm{Item: iid, Proposal: r.PostFormValue("proposal")}
	_, err := s.matterSvc().OpenVote(r.Context(), r.Agreement, s.actor(r), mid, iid, form.Proposal)
	s.mtrDecided(w, r, mtrItemField(err, iid), form, "vote-", "vote-proposal"+itemSuffix(iid), "mattersui.flash.voteopened")
}

// castVote records a vote.
func (s *Server) castVote(w http.ResponseWriter, r *Req) {
	mid, iid, ok := mtrItemIDs(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	form := mtrDecForm{Item: iid, Voter: r.PostFormValue("voter"), Choice: r.PostFormValue("choice")}
	_, err := s.matterSvc().CastVote(r.Context(), r.Agreement, s.actor(r), mid, iid, form.Voter, decision.Choice(form.Choice))
	s.mtrDecided(w, r, mtrItemField(err, iid), form, "vote-", "vote-voter"+itemSuffix(iid), "mattersui.flash.voted")
}

// closeVote closes a vote and counts it.
func (s *Server) closeVote(w http.ResponseWriter, r *Req) {
	mid, iid, ok := mtrItemIDs(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	_, err := s.matterSvc().CloseVote(r.Context(), r.Agreement, s.actor(r), mid, iid)
	s.mtrDecided(w, r, err, mtrDecForm{Item: iid}, "vote-", "vote-voter"+itemSuffix(iid), "mattersui.flash.voteclosed")
}

// recordConsensus records a decision reached, or not, without a vote.
func (s *Server) recordConsensus(w http.ResponseWriter, r *Req) {
	mid, iid, ok := mtrItemIDs(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	form := mtrDecForm{Item: iid, Statement: r.PostFormValue("statement"), Reached: r.PostFormValue("reached") != "no"}
	_, err := s.matterSvc().RecordConsensus(r.Context(), r.Agreement, s.actor(r), mid, iid, matter.Consensus{Statement: form.Statement, Reached: form.Reached})
	s.mtrDecided(w, r, mtrItemField(err, iid), form, "consensus-", "consensus-statement"+itemSuffix(iid), "mattersui.flash.recorded")
}

// recordDuty records a yearly duty's outcome: the chair and the term.
func (s *Server) recordDuty(w http.ResponseWriter, r *Req) {
	mid, iid, ok := mtrItemIDs(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	form := mtrDecForm{Item: iid, Person: r.PostFormValue("person"), TermFrom: r.PostFormValue("term_from"), TermTo: r.PostFormValue("term_to"),
		DutyStatement: r.PostFormValue("statement")}
	_, err := s.matterSvc().RecordDuty(r.Context(), r.Agreement, s.actor(r), mid, iid, matter.Duty{Person: form.Person, TermFrom: form.TermFrom,
		TermTo: form.TermTo, Statement: form.DutyStatement})
	s.mtrDecided(w, r, mtrItemField(err, iid), form, "duty-", "duty-person"+itemSuffix(iid), "mattersui.flash.recorded")
}

// mtrItemField suffixes a validation error's fields with the item's id,
// as the item's form names its fields.
func mtrItemField(err error, item int64) error {
	e, ok := err.(*gov.Error)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make([]gov.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		f.Field += itemSuffix(item)
		c.Fields[i] = f
	}
	return &c
}
