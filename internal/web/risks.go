package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/risk"
	"github.com/steerco/steerco/internal/store"
)

// The risk register (issue 6): the list with its form, and one risk's
// page with its edit form and the form that raises it to a forum's level.
// Who may do what is checked by internal/risk.

func (s *Server) riskSvc() *risk.Service {
	svc := risk.New(s.store)
	svc.Now = s.cfg.Now
	return svc
}

type riskRow struct {
	ID                                       int64
	Href, Title, Owner, Status, Level, Forum string
	Probability, Impact, Score               int
}

type riskList struct {
	Rows     []riskRow
	Filters  []regField
	CanWrite bool
	Fields   []regField
}

func (s *Server) scaleOptions(r *Req, kind string) []cmpOption {
	var out []cmpOption
	for v := risk.ScaleMin; v <= risk.ScaleMax; v++ {
		n := strconv.Itoa(v)
		out = append(out, cmpOption{n, n + " – " + s.cat.T(r.Lang, "risks."+kind+"."+n)})
	}
	return out
}

func (s *Server) riskStatusOptions(r *Req) []cmpOption {
	var out []cmpOption
	for _, v := range risk.Statuses {
		out = append(out, cmpOption{string(v), s.cat.T(r.Lang, "risks.status."+string(v))})
	}
	return out
}

func levelOptions(a *gov.Agreement) []cmpOption {
	var out []cmpOption
	for _, l := range a.Levels {
		out = append(out, cmpOption{l.Slug, l.Name})
	}
	return out
}

func levelName(a *gov.Agreement, slug string) string {
	for _, l := range a.Levels {
		if l.Slug == slug {
			return l.Name
		}
	}
	return slug
}

func (s *Server) ownerOptions(r *Req) []cmpOption {
	out := []cmpOption{{"", s.cat.T(r.Lang, "risks.noowner")}}
	for _, p := range visiblePeople(r, r.Agreement, nil) {
		out = append(out, cmpOption{p.Slug, p.Name + " (" + partyName(r.Agreement, p.Party) + ")"})
	}
	return out
}

func (s *Server) raiseOptions(r *Req, x risk.Actor) []cmpOption {
	var out []cmpOption
	for _, f := range risk.Forums(r.Agreement, x) {
		out = append(out, cmpOption{f.Slug, levelName(r.Agreement, f.Level) + ": " + f.Name})
	}
	return out
}

// riskForm is what a risk form sent, to show it again.
type riskForm struct {
	Title, Description, Probability, Impact, Owner, Actions, Status, Forum string
}

func riskFormOf(v *risk.Risk) riskForm {
	return riskForm{Title: v.Title, Description: v.Description, Probability: strconv.Itoa(v.Probability), Impact: strconv.Itoa(v.Impact),
		Owner: v.Owner, Actions: v.Actions, Status: v.Status}
}

func (s *Server) riskFields(r *Req, in riskForm, errs []FieldError, creating bool) []regField {
	f := regForm{s: s, r: r, prefix: "r-", errs: errs}
	out := []regField{f.text("title", "risks.col.title", in.Title),
		f.area("description", "risks.field.description", in.Description),
		f.choose("probability", "risks.col.probability", in.Probability, s.withChoose(r, s.scaleOptions(r, "probability"))),
		f.choose("impact", "risks.col.impact", in.Impact, s.withChoose(r, s.scaleOptions(r, "impact"))),
		f.choose("owner", "risks.col.owner", in.Owner, s.ownerOptions(r)),
		f.area("actions", "risks.field.actions", in.Actions)}
	out[0].Required, out[2].Required, out[3].Required = true, true, true
	if creating {
		opts := append([]cmpOption{{"", s.cat.T(r.Lang, "risks.noraise")}}, s.raiseOptions(r, s.actor(r))...)
		out = append(out, f.help(f.choose("forum", "risks.field.raise", in.Forum, opts), "risks.help.raise"))
	} else {
		out = append(out, f.choose("status", "risks.col.status", in.Status, s.riskStatusOptions(r)))
	}
	return out
}

func (s *Server) riskInput(r *Req) (risk.Input, riskForm) {
	p := r.PostForm
	sent := riskForm{Title: p.Get("title"), Description: p.Get("description"), Probability: p.Get("probability"), Impact: p.Get("impact"),
		Owner: p.Get("owner"), Actions: p.Get("actions"), Status: p.Get("status"), Forum: p.Get("forum")}
	pr, _ := strconv.Atoi(sent.Probability)
	im, _ := strconv.Atoi(sent.Impact)
	return risk.Input{Title: sent.Title, Description: sent.Description, Probability: pr, Impact: im, Owner: sent.Owner,
		Actions: sent.Actions, Status: risk.Status(sent.Status)}, sent
}

func (s *Server) risks(w http.ResponseWriter, r *Req) {
	s.showRisks(w, r, http.StatusOK, riskForm{}, nil)
}

func (s *Server) showRisks(w http.ResponseWriter, r *Req, status int, sent riskForm, errs []FieldError) {
	x := s.actor(r)
	q := r.URL.Query()
	flt := store.RiskFilter{Status: q.Get("status"), Level: q.Get("level")}
	if !slices.Contains(risk.Statuses, risk.Status(flt.Status)) {
		flt.Status = ""
	}
	if r.Agreement.LevelRank(flt.Level) < 0 {
		flt.Level = ""
	}
	list, err := s.riskSvc().List(r.Context(), r.Agreement, x, flt)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	all := cmpOption{"", s.cat.T(r.Lang, "complaints.filter.all")}
	ff := regForm{s: s, r: r, prefix: "f-"}
	d := &riskList{CanWrite: risk.MayWrite(x), Filters: []regField{
		ff.choose("status", "risks.col.status", flt.Status, append([]cmpOption{all}, s.riskStatusOptions(r)...)),
		ff.choose("level", "risks.col.level", flt.Level, append([]cmpOption{all}, levelOptions(r.Agreement)...))}}
	if d.CanWrite {
		d.Fields = s.riskFields(r, sent, errs, true)
	}
	for i := range list {
		v := &list[i]
		d.Rows = append(d.Rows, riskRow{ID: v.ID, Href: "/a/" + r.Agreement.Slug + "/risks/" + strconv.FormatInt(v.ID, 10), Title: v.Title,
			Owner: s.shownPerson(r, r.Agreement, v.Owner, v.OwnerName), Status: s.cat.T(r.Lang, "risks.status."+v.Status), Level: levelName(r.Agreement, v.Level),
			Forum: forumName(r.Agreement, v.Forum), Probability: v.Probability, Impact: v.Impact, Score: risk.Score(v)})
	}
	p := s.page(r, s.cat.T(r.Lang, "risks.title"), d)
	p.Section, p.Errors = "risks", errs
	s.render(w, r, status, "risks", p)
}

func (s *Server) addRisk(w http.ResponseWriter, r *Req) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	in, sent := s.riskInput(r)
	v, err := s.riskSvc().Add(r.Context(), r.Agreement, s.actor(r), in, sent.Forum)
	if errs, ok := s.fieldErrors(r.Lang, err, regForm{prefix: "r-"}.rename); ok {
		s.showRisks(w, r, http.StatusUnprocessableEntity, sent, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "risks.flash.added")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/risks/"+strconv.FormatInt(v.ID, 10), http.StatusSeeOther)
}

type riskPage struct {
	V                                       *risk.Risk
	Owner, Status, Level, Forum, Matter, By string
	Score                                   int
	CanWrite                                bool
	Fields, RaiseFields                     []regField
}

func riskID(r *Req) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("risk"), 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) riskPage(w http.ResponseWriter, r *Req) {
	s.showRisk(w, r, http.StatusOK, nil, nil)
}

func (s *Server) showRisk(w http.ResponseWriter, r *Req, status int, sent *riskForm, errs []FieldError) {
	id, ok := riskID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	x := s.actor(r)
	v, err := s.riskSvc().Get(r.Context(), r.Agreement, x, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := r.Agreement
	d := &riskPage{V: v, Owner: s.shownPerson(r, r.Agreement, v.Owner, v.OwnerName), Status: s.cat.T(r.Lang, "risks.status."+v.Status), Score: risk.Score(v),
		By: s.actorName(r, r.Agreement, v.CreatedBy), CanWrite: risk.MayWrite(x)}
	if v.Forum != "" {
		d.Level, d.Forum = levelName(a, v.Level), forumName(a, v.Forum)
	}
	if v.MatterID != 0 {
		d.Matter = s.cat.T(r.Lang, "incidents.matter", "ID", v.MatterID)
	}
	if d.CanWrite {
		in := riskFormOf(v)
		if sent != nil {
			in = *sent
		}
		d.Fields = s.riskFields(r, in, errs, false)
		f := regForm{s: s, r: r, prefix: "r-", errs: errs}
		d.RaiseFields = []regField{f.help(f.choose("forum", "risks.field.raise", in.Forum, s.withChoose(r, s.raiseOptions(r, x))), "risks.help.raise")}
	}
	p := s.page(r, s.cat.T(r.Lang, "risks.page.title", "ID", v.ID, "Title", v.Title), d)
	p.Section, p.Errors = "risks", errs
	p.Crumbs = []Crumb{{s.cat.T(r.Lang, "risks.title"), "/a/" + a.Slug + "/risks"}}
	s.render(w, r, status, "risk", p)
}

func (s *Server) updateRisk(w http.ResponseWriter, r *Req) {
	id, ok := riskID(r)
	if !ok || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	in, sent := s.riskInput(r)
	_, err := s.riskSvc().Update(r.Context(), r.Agreement, s.actor(r), id, in)
	if errs, ok := s.fieldErrors(r.Lang, err, regForm{prefix: "r-"}.rename); ok {
		s.showRisk(w, r, http.StatusUnprocessableEntity, &sent, errs)
		return
	}
	s.afterRisk(w, r, err, "risks.flash.updated")
}

func (s *Server) raiseRisk(w http.ResponseWriter, r *Req) {
	id, ok := riskID(r)
	if !ok || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	_, err := s.riskSvc().Raise(r.Context(), r.Agreement, s.actor(r), id, r.PostForm.Get("forum"))
	if errs, ok := s.fieldErrors(r.Lang, err, regForm{prefix: "r-"}.rename); ok {
		s.showRisk(w, r, http.StatusUnprocessableEntity, nil, errs)
		return
	}
	s.afterRisk(w, r, err, "risks.flash.raised")
}

func (s *Server) afterRisk(w http.ResponseWriter, r *Req, err error, flash string) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, flash)
	id, _ := riskID(r)
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/risks/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
