package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/csvsafe"
	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/matter"
)

// mtrRegRow is one decision in the register.
type mtrRegRow struct {
	Href, Date, Forum, Title, Method, Result, Overturned string
}

// mtrRegData is the decision register page.
type mtrRegData struct {
	Forum, Outcome, From, To, Q string
	Forums, Outcomes            []mtgOption
	Rows                        []mtrRegRow
	CSV                         string
}

// mtrRegFilter reads the register's filters from the query.
func (l *lens) mtrRegFilter(r *Req) (*mtrRegData, matter.RegisterFilter) {
	q := r.URL.Query()
	d := &mtrRegData{Forum: q.Get("forum"), Outcome: q.Get("outcome"), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		Q: strings.TrimSpace(q.Get("q")), Forums: l.mtrForumOptions(nil)}
	if l.visibleForum(d.Forum) == nil {
		d.Forum = ""
	}
	for _, o := range []decision.Outcome{decision.Passed, decision.Rejected, decision.NoQuorum} {
		d.Outcomes = append(d.Outcomes, mtgOption{string(o), l.t("mattersui.outcome." + string(o))})
	}
	switch decision.Outcome(d.Outcome) {
	case decision.Passed, decision.Rejected, decision.NoQuorum:
	default:
		d.Outcome = ""
	}
	d.CSV = mtrURL(r, "/decisions.csv")
	if r.URL.RawQuery != "" {
		d.CSV += "?" + r.URL.RawQuery
	}
	return d, matter.RegisterFilter{Forum: d.Forum, Outcome: decision.Outcome(d.Outcome), From: d.From, To: d.To, Text: d.Q, Limit: 1000}
}

// decisions is the agreement's decision register.
func (s *Server) decisions(w http.ResponseWriter, r *Req) {
	l, err := s.lensFor(r, r.Agreement)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d, flt := l.mtrRegFilter(r)
	ds, err := s.matterSvc().Register(r.Context(), r.Agreement, s.actor(r), flt)
	status := http.StatusOK
	var errs []FieldError
	if fe, ok := s.mtrFieldErrors(r.Lang, err, "register-", ""); ok {
		status, errs = http.StatusUnprocessableEntity, fe
		for i := range errs {
			if errs[i].Field == "register-date" {
				errs[i].Field = "register-from"
			}
		}
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	for i := range ds {
		dec := &ds[i]
		if dec.Result.Abstained > 0 {
			// The register's rows carry no votes; the explanation counts
			// the abstentions, not their weight.
			if full, err := s.matterSvc().GetDecision(r.Context(), r.Agreement, s.actor(r), dec.ID); err == nil {
				dec = full
			}
		}
		row := mtrRegRow{Href: mtrURL(r, "/decisions/%d", dec.ID), Date: l.dateText(dec.MeetingDate), Forum: l.mtrForumName(dec.Forum),
			Title: dec.Title, Method: l.t("mattersui.method." + string(dec.Method)), Result: l.mtrResult(dec)}
		if dec.OverturnedBy != 0 {
			row.Overturned = l.t("mattersui.overturn.by."+string(dec.OverturnEffect), "ID", dec.OverturnedBy)
		}
		d.Rows = append(d.Rows, row)
	}
	p := s.page(r, l.t("mattersui.register.title"), d)
	p.Section = "decisions"
	p.Errors = errs
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}, {Label: p.Title}}
	s.render(w, r, status, "decisions", p)
}

// decisionsCSV exports the register, filtered as the page is.
func (s *Server) decisionsCSV(w http.ResponseWriter, r *Req) {
	l, err := s.lensFor(r, r.Agreement)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	_, flt := l.mtrRegFilter(r)
	ds, err := s.matterSvc().Register(r.Context(), r.Agreement, s.actor(r), flt)
	if err != nil {
		s.mtrFail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-decisions.csv"`, r.Agreement.Slug))
	cw := csvsafe.NewWriter(w)
	cw.WriteAll(matter.RegisterRows(r.Agreement, ds))
}

// mtrDecData is the decision page.
type mtrDecData struct {
	ID                                    int64
	Href, Title, Forum, ForumHref, Date   string
	MeetingHref, Method, Proposal, Result string
	Tally, Per, Chosen, Term              string
	Voting                                bool
	Votes                                 []mtrVoteRow
	OverturnedBy                          *mtrDecLink
	OverturnNote                          string
	Overturns                             []mtrDecLink
	Higher                                []mtgOption
	Effects                               []mtgOption
	Form                                  struct{ By, Effect, Note string }
}

// mtrVoteRow is one vote on the decision page.
type mtrVoteRow struct {
	Voter, CastBy, Choice, Weight string
	Chair                         bool
}

// decisionPage shows a decision with its votes, its explanation and its
// links to the decisions that changed it or that it changed.
func (s *Server) decisionPage(w http.ResponseWriter, r *Req) {
	s.showDecision(w, r, http.StatusOK, "", "", "", nil)
}

func (s *Server) showDecision(w http.ResponseWriter, r *Req, status int, by, effect, note string, errs []FieldError) {
	id, ok := pathID(r, "decision")
	if !ok {
		s.notFound(w, r)
		return
	}
	l, err := s.lensFor(r, r.Agreement)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	a, x, svc := r.Agreement, s.actor(r), s.matterSvc()
	dec, err := svc.GetDecision(r.Context(), a, x, id)
	if err != nil {
		s.mtrFail(w, r, err)
		return
	}
	f := a.Forum(dec.Forum)
	d := &mtrDecData{ID: dec.ID, Href: mtrURL(r, "/decisions/%d", dec.ID), Title: dec.Title, Forum: f.Name, ForumHref: l.forumURL(f.Slug),
		Date: l.dateText(dec.MeetingDate), MeetingHref: mtrURL(r, "/meetings/%d", dec.MeetingID), Method: l.t("mattersui.method." + string(dec.Method)),
		Proposal: dec.Proposal, Result: l.mtrResult(dec), Voting: dec.Voting, OverturnNote: dec.OverturnNote}
	d.Form.By, d.Form.Effect, d.Form.Note = by, effect, note
	n := s.namesFor(r, l)
	if dec.Method == matter.MethodVote {
		d.Tally = l.mtrTally(dec)
		d.Per = l.t("mattersui.per." + dec.Per)
	}
	if dec.DutyPersonName != "" {
		d.Chosen = l.personLabel(dec.DutyPerson, dec.DutyPersonName)
	}
	if dec.TermFrom != "" || dec.TermTo != "" {
		d.Term = l.t("mattersui.result.termrange", "From", l.dateText(dec.TermFrom), "To", l.dateText(dec.TermTo))
	}
	for _, v := range dec.Votes {
		row := mtrVoteRow{Choice: l.t("mattersui.choice." + string(v.Choice)), Weight: l.num(v.Weight), Chair: v.Chair}
		if p := a.Party(v.Voter); p != nil {
			row.Voter = p.Name
		} else {
			row.Voter = l.personLabel(v.Person, v.PersonName)
		}
		if v.PersonName != "" {
			row.CastBy = l.personLabel(v.Person, v.PersonName)
		} else {
			row.CastBy = n.of(v.CastBy) // recorded by the chair or convener
		}
		d.Votes = append(d.Votes, row)
	}
	d.OverturnedBy, d.Overturns = l.mtrOverturnLinks(r, dec)
	if dec.OverturnedBy == 0 && !dec.Voting {
		if err := s.mtrHigherOptions(r, l, d, dec); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	p := s.page(r, l.t("mattersui.decision.title", "Title", dec.Title), d)
	p.Section = "decisions"
	p.Errors = errs
	p.Crumbs = []Crumb{{Label: a.Name, Href: "/a/" + a.Slug}, {Label: l.t("mattersui.register.title"), Href: mtrURL(r, "/decisions")}, {Label: dec.Title}}
	s.render(w, r, status, "decision", p)
}

// mtrHigherOptions are the decisions of forums above this one's, taken
// on or after it, that the viewer's forum may set against it: the
// Overturn form's choices, offered to whoever runs such a forum.
func (s *Server) mtrHigherOptions(r *Req, l *lens, d *mtrDecData, dec *matter.Decision) error {
	a, x := r.Agreement, s.actor(r)
	for i := range a.Forums {
		hf := &a.Forums[i]
		if !l.seesForum(hf) || !matter.Above(a, dec.Forum, hf.Slug) || !mtrRuns(x, a, hf, l.today.String()) {
			continue
		}
		ds, err := s.matterSvc().Register(r.Context(), a, x, matter.RegisterFilter{Forum: hf.Slug, From: dec.MeetingDate, Limit: 200})
		if err != nil {
			return err
		}
		for _, h := range ds {
			if h.Result.Outcome != decision.NoQuorum {
				d.Higher = append(d.Higher, mtgOption{strconv.FormatInt(h.ID, 10), l.t("mattersui.overturn.option", "Forum", hf.Name,
					"Date", l.dateText(h.MeetingDate), "Title", h.Title)})
			}
		}
	}
	for _, e := range []matter.Effect{matter.Overturned, matter.Changed} {
		d.Effects = append(d.Effects, mtgOption{string(e), l.t("mattersui.effect." + string(e))})
	}
	return nil
}

// overturnDecision records that a higher forum's decision changed or
// overturned this one.
func (s *Server) overturnDecision(w http.ResponseWriter, r *Req) {
	id, ok := pathID(r, "decision")
	if !ok {
		s.notFound(w, r)
		return
	}
	by, effect, note := r.PostFormValue("by"), r.PostFormValue("effect"), r.PostFormValue("note")
	higher, err := strconv.ParseInt(by, 10, 64)
	if err != nil {
		s.showDecision(w, r, http.StatusUnprocessableEntity, by, effect, note,
			[]FieldError{{Field: "overturn-by", Msg: s.cat.T(r.Lang, "mattersui.err.higher")}})
		return
	}
	err = s.matterSvc().Overturn(r.Context(), r.Agreement, s.actor(r), id, higher, matter.Effect(effect), note)
	if errs, ok := s.mtrFieldErrors(r.Lang, err, "overturn-", "overturn-by"); ok {
		s.showDecision(w, r, mtrStatus(err), by, effect, note, errs)
		return
	}
	if err != nil {
		s.mtrFail(w, r, err)
		return
	}
	s.flash(r, "mattersui.flash.overturned")
	http.Redirect(w, r.Request, mtrURL(r, "/decisions/%d", id), http.StatusSeeOther)
}
