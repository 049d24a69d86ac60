package web

import (
	"net/http"
	"strconv"

	"github.com/steerco/steerco/internal/sanction"
	"github.com/steerco/steerco/internal/store"
)

// Sanctions (issue 6): the ledger per month and the proposals the
// customer approves or disputes. internal/sanction checks who may.

func (s *Server) sanctionSvc() *sanction.Service {
	svc := sanction.New(s.store)
	svc.Now = s.cfg.Now
	return svc
}

type sncRow struct {
	ID                                         int64
	Month, Source, SourceHref, Party           string
	Reason, Amount, Status, Decided, DecReason string
	Open                                       bool
	// Forum decides it (issue 16): Meetings are where it may be recorded
	// as decided, by those who MayRecord; DecisionHref its register entry.
	Forum        string
	MayRecord    bool
	Meetings     []sncMeeting
	DecisionHref string
}

// sncMeeting is a meeting to choose when recording a forum's decision.
type sncMeeting struct {
	ID    int64
	Label string
}

type sncMonth struct {
	Month, Proposed, Approved, Disputed string
	Count                               int
}

type sncPage struct {
	Rows      []sncRow
	Ledger    []sncMonth
	CanDecide bool
	// Failed is the sanction whose form came back with errors.
	Failed int64
	Reason string
}

func (s *Server) sanctions(w http.ResponseWriter, r *Req) {
	s.showSanctions(w, r, http.StatusOK, 0, nil)
}

func (s *Server) showSanctions(w http.ResponseWriter, r *Req, status int, failed int64, errs []FieldError) {
	x := s.actor(r)
	list, err := s.sanctionSvc().List(r.Context(), r.Agreement, x, store.SanctionFilter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &sncPage{CanDecide: sanction.MayDecide(x, r.Agreement), Failed: failed, Reason: r.PostFormValue("reason")}
	for _, m := range sanction.Ledger(list) {
		d.Ledger = append(d.Ledger, sncMonth{Month: m.Month, Count: m.Count, Proposed: s.money(r, m.Proposed),
			Approved: s.money(r, m.Approved), Disputed: s.money(r, m.Disputed)})
	}
	meetings := map[string][]sncMeeting{}
	for _, sc := range list {
		row := sncRow{ID: sc.ID, Month: sc.Month, Source: s.cat.T(r.Lang, "sanctions.source."+sc.Source), Party: partyName(r.Agreement, sc.Party),
			Reason: sc.Reason, Amount: s.money(r, sc.Amount), Status: s.cat.T(r.Lang, "sanctions.status."+sc.Status),
			DecReason: sc.DecidedReason, Open: sc.Status == store.SanctionProposed && sanction.MayDecideOn(x, r.Agreement, &sc)}
		if sc.Source == store.SanctionFromComplaint {
			row.SourceHref = "/a/" + r.Agreement.Slug + "/complaints/" + sc.SourceRef
		}
		if sc.DecidedAt != nil {
			row.Decided = s.stamp(r, *sc.DecidedAt)
		}
		if f := r.Agreement.Forum(sc.Forum); f != nil {
			row.Forum = f.Name
			if sc.DecisionID != 0 {
				row.DecisionHref = "/a/" + r.Agreement.Slug + "/decisions/" + strconv.FormatInt(sc.DecisionID, 10)
			}
			if row.Open && sanction.MayRecord(x, r.Agreement, f, &sc) {
				if meetings[f.Slug] == nil {
					ms, err := s.sanctionSvc().DecisionMeetings(r.Context(), r.Agreement, f.Slug)
					if err != nil {
						s.fail(w, r, err)
						return
					}
					meetings[f.Slug] = []sncMeeting{}
					for _, m := range ms {
						meetings[f.Slug] = append(meetings[f.Slug], sncMeeting{ID: m.ID, Label: s.stamp(r, m.Start)})
					}
				}
				row.MayRecord, row.Meetings = true, meetings[f.Slug]
			}
		}
		d.Rows = append(d.Rows, row)
	}
	p := s.page(r, s.cat.T(r.Lang, "sanctions.title"), d)
	p.Section, p.Errors = "sanctions", errs
	s.render(w, r, status, "sanctions", p)
}

func (s *Server) decideSanction(w http.ResponseWriter, r *Req) {
	id, err := strconv.ParseInt(r.PathValue("sanction"), 10, 64)
	if err != nil || id <= 0 || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	d := sanction.Decision(r.PostForm.Get("decision"))
	if mid := r.PostForm.Get("meeting"); mid != "" {
		m, perr := strconv.ParseInt(mid, 10, 64)
		if perr != nil {
			m = -1 // refused by the service as no meeting of the forum
		}
		_, err = s.sanctionSvc().DecideInMeeting(r.Context(), r.Agreement, s.actor(r), id, m, d, r.PostForm.Get("reason"))
	} else {
		_, err = s.sanctionSvc().Decide(r.Context(), r.Agreement, s.actor(r), id, d, r.PostForm.Get("reason"))
	}
	if errs, ok := s.fieldErrors(r.Lang, err, func(f string) string { return "s-" + f + "-" + strconv.FormatInt(id, 10) }); ok {
		s.showSanctions(w, r, http.StatusUnprocessableEntity, id, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "sanctions.flash."+string(d))
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/sanctions", http.StatusSeeOther)
}
