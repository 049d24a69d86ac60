package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/modelchange"
	"github.com/steerco/steerco/internal/store"
)

// Model changes agreed by both parties (issue #15): the forms and the
// YAML editor build a whole proposed model and hand it to
// internal/modelchange, which validates, diffs and stores it; the other
// party approves or rejects it on the proposal's page.

func (s *Server) modelChangeSvc() *modelchange.Service {
	svc := modelchange.New(s.store)
	svc.Now, svc.Cat = s.cfg.Now, s.cat
	return svc
}

type modelChangesData struct {
	Open       []store.ModelProposal
	Revisions  []store.ModelProposal
	Decided    []store.ModelProposal
	Forums     []*gov.Forum
	CanPropose bool
}

// modelChanges lists open proposals, the revisions (the model's history)
// and the ways to propose a change.
func (s *Server) modelChanges(w http.ResponseWriter, r *Req) {
	ps, err := s.modelChangeSvc().List(r.Context(), r.Principal, r.Agreement)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := modelChangesData{Forums: visibleForums(r), CanPropose: modelchange.MayPropose(r.Principal, r.Agreement)}
	for _, p := range ps {
		p.Diff, _ = modelchange.VisibleDiff(r.Principal, r.Agreement, p.Diff)
		switch p.State {
		case store.ProposalOpen:
			d.Open = append(d.Open, p)
		case store.ProposalApplied:
			d.Revisions = append(d.Revisions, p)
		default:
			d.Decided = append(d.Decided, p)
		}
	}
	title := s.cat.T(r.Lang, "modelchange.title")
	p := s.page(r, title, d)
	p.Section = "model"
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}, {Label: title}}
	s.render(w, r, http.StatusOK, "model_changes", p)
}

type modelEditorData struct {
	YAML, Summary, EffectiveFrom string
	Problems                     []string
	// NotWhole: the user does not see the whole model, so has no editor.
	NotWhole bool
}

// modelEditor is the YAML editor for the whole file, starting from the
// stored model.
func (s *Server) modelEditor(w http.ResponseWriter, r *Req) {
	if !modelchange.SeesWholeModel(r.Principal, r.Agreement) {
		// The file holds forums and people this user does not see.
		s.renderEditor(w, r, http.StatusOK, modelEditorData{NotWhole: true}, nil)
		return
	}
	b, err := model.Format(r.Agreement)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderEditor(w, r, http.StatusOK, modelEditorData{YAML: string(b)}, nil)
}

func (s *Server) renderEditor(w http.ResponseWriter, r *Req, status int, d modelEditorData, errs []FieldError) {
	title := s.cat.T(r.Lang, "modelchange.editor.title")
	p := s.page(r, title, d)
	p.Section, p.Errors = "model", errs
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}, {Label: s.cat.T(r.Lang, "modelchange.title"), Href: "/a/" + r.Agreement.Slug + "/model/changes"}, {Label: title}}
	s.render(w, r, status, "model_editor", p)
}

// proposeYAML proposes the editor's whole file.
func (s *Server) proposeYAML(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, model.MaxFileSize+64<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusRequestEntityTooLarge, "error.badrequest")
		return
	}
	d := modelEditorData{YAML: r.PostForm.Get("yaml"), Summary: r.PostForm.Get("summary"), EffectiveFrom: r.PostForm.Get("effective_from")}
	p, err := s.modelChangeSvc().Propose(r.Context(), r.Principal, r.Agreement, modelchange.Input{YAML: []byte(d.YAML), Summary: d.Summary, EffectiveFrom: d.EffectiveFrom, Base: s.baseURL(r)})
	if err != nil {
		var e *gov.Error
		if errors.As(err, &e) && e.Code == gov.CodeInvalid {
			var errs []FieldError
			for _, f := range e.Fields {
				field := "yaml"
				if f.Field == "effective_from" || f.Field == "summary" {
					field = f.Field
				}
				msg := s.govText(r.Lang, f.ID, f.Args, f.Message)
				errs = append(errs, FieldError{Field: field, Msg: msg})
				if field == "yaml" {
					d.Problems = append(d.Problems, msg)
				}
			}
			s.renderEditor(w, r, http.StatusUnprocessableEntity, d, errs)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "modelchange.proposed")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/model/proposals/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

type forumChangeData struct {
	Forum                                *gov.Forum
	Frequency, Months, Weekday, Time     string
	Duration, MaterialsDays, MinutesDays string
	Active                               bool
	Summary, EffectiveFrom               string
	Frequencies                          []gov.Frequency
	Weekdays                             []string
}

var formWeekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday"}

// forumChangeForm is the form for what parties change in practice about
// one forum: cadence, time, the materials and minutes deadlines, and
// whether it is active.
func (s *Server) forumChangeForm(w http.ResponseWriter, r *Req) {
	f := r.Agreement.Forum(r.PathValue("forum"))
	if f == nil || !auth.CanSeeForum(r.Principal, r.Agreement, f) {
		s.notFound(w, r)
		return
	}
	c := f.Cadence
	d := forumChangeData{Forum: f, Frequency: string(c.Frequency), Weekday: c.Weekday, Time: c.Time, Active: !f.Inactive}
	var ms []string
	for _, m := range c.Months {
		ms = append(ms, strconv.Itoa(m))
	}
	d.Months = strings.Join(ms, ", ")
	if c.DurationMinutes > 0 {
		d.Duration = strconv.Itoa(c.DurationMinutes)
	}
	if !f.Materials.DayBefore {
		d.MaterialsDays = strconv.Itoa(f.Materials.WorkingDaysBefore)
	} else {
		d.MaterialsDays = "1"
	}
	d.MinutesDays = strconv.Itoa(f.Minutes.WithinDays)
	s.renderForumChange(w, r, http.StatusOK, d, nil)
}

func (s *Server) renderForumChange(w http.ResponseWriter, r *Req, status int, d forumChangeData, errs []FieldError) {
	d.Frequencies, d.Weekdays = gov.Frequencies, formWeekdays
	title := s.cat.T(r.Lang, "modelchange.forum.title", "Forum", d.Forum.Name)
	p := s.page(r, title, d)
	p.Section, p.Errors = "model", errs
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}, {Label: s.cat.T(r.Lang, "modelchange.title"), Href: "/a/" + r.Agreement.Slug + "/model/changes"}, {Label: title}}
	s.render(w, r, status, "model_forum_change", p)
}

// proposeForumChange turns the forum form into a whole proposed model.
func (s *Server) proposeForumChange(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	a := store.Normalize(r.Agreement) // a copy to change
	f := a.Forum(r.PathValue("forum"))
	if f == nil || !auth.CanSeeForum(r.Principal, r.Agreement, f) {
		s.notFound(w, r)
		return
	}
	v := r.PostForm.Get
	d := forumChangeData{Forum: r.Agreement.Forum(f.Slug), Frequency: v("frequency"), Months: v("months"), Weekday: v("weekday"), Time: strings.TrimSpace(v("time")),
		Duration: strings.TrimSpace(v("duration_minutes")), MaterialsDays: strings.TrimSpace(v("materials_days")), MinutesDays: strings.TrimSpace(v("minutes_days")),
		Active: v("active") == "1", Summary: v("summary"), EffectiveFrom: v("effective_from")}
	var errs []FieldError
	num := func(field, val string, min, max int) int {
		if val == "" {
			return 0
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < min || n > max {
			errs = append(errs, FieldError{Field: field, Msg: s.cat.T(r.Lang, "modelchange.form.number", "Min", min, "Max", max)})
		}
		return n
	}
	f.Cadence.Frequency = gov.Frequency(d.Frequency)
	f.Cadence.Weekday, f.Cadence.Time = d.Weekday, d.Time
	f.Cadence.DurationMinutes = num("duration_minutes", d.Duration, 5, 24*60)
	f.Cadence.Months = nil
	switch f.Cadence.Frequency {
	case gov.Quarterly, gov.HalfYearly, gov.Yearly, gov.PerYear:
		for _, m := range strings.FieldsFunc(d.Months, func(r rune) bool { return r == ',' || r == ' ' }) {
			f.Cadence.Months = append(f.Cadence.Months, num("months", m, 1, 12))
		}
	}
	if md := num("materials_days", d.MaterialsDays, 1, 30); md > 0 {
		f.Materials = gov.MaterialsRule{WorkingDaysBefore: md}
	}
	if f.Minutes.WithinWorkingDays == 0 {
		f.Minutes.WithinDays = num("minutes_days", d.MinutesDays, 1, 60)
	}
	f.Inactive = !d.Active
	if len(errs) > 0 {
		s.renderForumChange(w, r, http.StatusUnprocessableEntity, d, errs)
		return
	}
	src, err := model.Format(a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p, err := s.modelChangeSvc().Propose(r.Context(), r.Principal, r.Agreement, modelchange.Input{YAML: src, Summary: d.Summary, EffectiveFrom: d.EffectiveFrom, Base: s.baseURL(r)})
	if err != nil {
		var e *gov.Error
		if errors.As(err, &e) && e.Code == gov.CodeInvalid {
			for _, fe := range e.Fields {
				errs = append(errs, FieldError{Field: formField(fe), Msg: s.govText(r.Lang, fe.ID, fe.Args, fe.Message)})
			}
			s.renderForumChange(w, r, http.StatusUnprocessableEntity, d, errs)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "modelchange.proposed")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/model/proposals/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

// formField puts a model problem on the forum form's field it concerns.
func formField(fe gov.FieldError) string {
	path := fe.Field
	for i := 0; i+1 < len(fe.Args); i += 2 {
		if fe.Args[i] == "Path" {
			path, _ = fe.Args[i+1].(string)
		}
	}
	for suffix, field := range map[string]string{".cadence.frequency": "frequency", ".cadence.months": "months", ".cadence.weekday": "weekday",
		".cadence.time": "time", ".cadence.duration_minutes": "duration_minutes", ".materials": "materials_days", ".minutes": "minutes_days"} {
		if strings.Contains(path, suffix) {
			return field
		}
	}
	if fe.Field == "effective_from" || fe.Field == "summary" {
		return fe.Field
	}
	return "frequency"
}

type proposalData struct {
	P         *store.ModelProposal
	Party     string
	Decider   string
	CanDecide bool
	StaleDiff []string
	// Hidden counts the diff's lines about forums or people the reader
	// does not see.
	Hidden int
}

// proposalPage shows a proposal with its diff, and the other party's
// approve and reject buttons.
func (s *Server) proposalPage(w http.ResponseWriter, r *Req) {
	s.renderProposal(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderProposal(w http.ResponseWriter, r *Req, status int, stale []string, errs []FieldError) {
	id, err := strconv.ParseInt(r.PathValue("proposal"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	p, err := s.modelChangeSvc().Get(r.Context(), r.Principal, r.Agreement, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := proposalData{P: p, CanDecide: p.State == store.ProposalOpen && modelchange.MayDecide(r.Principal, r.Agreement, p)}
	p.Diff, d.Hidden = modelchange.VisibleDiff(r.Principal, r.Agreement, p.Diff)
	d.StaleDiff, _ = modelchange.VisibleDiff(r.Principal, r.Agreement, stale)
	if pt := r.Agreement.Party(p.ProposedParty); pt != nil {
		d.Party = pt.Name
	}
	if pt := r.Agreement.Party(p.DecidedParty); pt != nil {
		d.Decider = pt.Name
	}
	title := s.cat.T(r.Lang, "modelchange.proposal.title", "ID", p.ID)
	pg := s.page(r, title, d)
	pg.Section, pg.Errors = "model", errs
	pg.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}, {Label: s.cat.T(r.Lang, "modelchange.title"), Href: "/a/" + r.Agreement.Slug + "/model/changes"}, {Label: title}}
	s.render(w, r, status, "model_proposal", pg)
}

// decideProposal approves or rejects.
func (s *Server) decideProposal(approve bool) handlerFunc {
	return func(w http.ResponseWriter, r *Req) {
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		if err := r.ParseForm(); err != nil {
			s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
			return
		}
		id, err := strconv.ParseInt(r.PathValue("proposal"), 10, 64)
		if err != nil {
			s.notFound(w, r)
			return
		}
		svc := s.modelChangeSvc()
		var p *store.ModelProposal
		if approve {
			p, err = svc.Approve(r.Context(), r.Principal, r.Agreement, id)
		} else {
			p, err = svc.Reject(r.Context(), r.Principal, r.Agreement, id, r.PostForm.Get("reason"))
		}
		var stale *modelchange.StaleError
		var e *gov.Error
		switch {
		case errors.As(err, &stale):
			s.renderProposal(w, r, http.StatusConflict, stale.Diff, []FieldError{{Field: "approve", Msg: s.errorText(r.Lang, stale.Err)}})
			return
		case errors.As(err, &e) && gov.CodeOf(err) != gov.CodeNotFound:
			field := "approve"
			if !approve {
				field = "reason"
			}
			status := map[gov.ErrorCode]int{gov.CodeForbidden: http.StatusForbidden, gov.CodeConflict: http.StatusConflict}[e.Code]
			if status == 0 {
				status = http.StatusUnprocessableEntity
			}
			s.renderProposal(w, r, status, nil, []FieldError{{Field: field, Msg: s.errorText(r.Lang, e)}})
			return
		case err != nil:
			s.fail(w, r, err)
			return
		}
		switch p.State {
		case store.ProposalApplied:
			s.flash(r, "modelchange.applied")
		case store.ProposalScheduled:
			s.flash(r, "modelchange.scheduled")
		default:
			s.flash(r, "modelchange.rejected")
		}
		http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/model/proposals/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	}
}
