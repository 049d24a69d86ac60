package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/deficiency"
	"github.com/steerco/steerco/internal/gov"
)

// Delivery deficiencies (issue 6): the register, its form, and per
// deficiency the form that records the forum's decision on who bears the
// cost. Who may do what is checked by internal/deficiency.

func (s *Server) deficiencySvc() *deficiency.Service {
	svc := deficiency.New(s.store)
	svc.Now = s.cfg.Now
	return svc
}

type defRow struct {
	ID                                       int64
	Title, Description, Failed, Cost, Bearer string
	Forum, Decision, Status                  string
	CanDecide, CanFix                        bool
	Fields                                   []regField
}

type defList struct {
	Rows        []defRow
	Status      []regField
	CanRegister bool
	Fields      []regField
}

func partyOptions(a *gov.Agreement) []cmpOption {
	out := make([]cmpOption, len(a.Parties))
	for i, p := range a.Parties {
		out[i] = cmpOption{p.Slug, p.Name}
	}
	return out
}

// forumOptions are the forums x may see.
func forumOptions(a *gov.Agreement, p auth.Principal) []cmpOption {
	var out []cmpOption
	for i := range a.Forums {
		if auth.CanSeeForum(p, a, &a.Forums[i]) {
			out = append(out, cmpOption{a.Forums[i].Slug, a.Forums[i].Name})
		}
	}
	return out
}

func forumName(a *gov.Agreement, slug string) string {
	if f := a.Forum(slug); f != nil {
		return f.Name
	}
	return slug
}

// amountText is minor units as the form shows them ("" for nothing).
func amountText(r *Req, cents int64) string {
	if cents == 0 {
		return ""
	}
	return strings.ReplaceAll(strconv.FormatFloat(float64(cents)/100, 'f', 2, 64), ".", map[bool]string{true: ".", false: ","}[r.Lang == "en"])
}

// defForm is what a deficiency form sent, to show it again.
type defForm struct {
	ID                               int64
	Title, Description, Failed, Cost string
	Bearer, Forum, Decision          string
}

func (s *Server) deficiencies(w http.ResponseWriter, r *Req) {
	s.showDeficiencies(w, r, http.StatusOK, defForm{}, nil)
}

func (s *Server) showDeficiencies(w http.ResponseWriter, r *Req, status int, sent defForm, errs []FieldError) {
	x := s.actor(r)
	st := r.URL.Query().Get("status")
	if !slices.Contains(deficiency.Statuses, deficiency.Status(st)) {
		st = ""
	}
	list, err := s.deficiencySvc().List(r.Context(), r.Agreement, x, st)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := r.Agreement
	opts := []cmpOption{{"", s.cat.T(r.Lang, "complaints.filter.all")}}
	for _, v := range deficiency.Statuses {
		opts = append(opts, cmpOption{string(v), s.cat.T(r.Lang, "deficiencies.status."+string(v))})
	}
	d := &defList{CanRegister: deficiency.MayRegister(x),
		Status: []regField{regForm{s: s, r: r, prefix: "f-"}.choose("status", "deficiencies.col.status", st, opts)}}
	if d.CanRegister {
		f := regForm{s: s, r: r, prefix: "d-", errs: errs}
		if sent.ID != 0 {
			f.errs = nil
			sent = defForm{}
		}
		d.Fields = []regField{f.text("title", "deficiencies.col.title", sent.Title),
			f.area("description", "deficiencies.field.description", sent.Description),
			f.choose("failed_party", "deficiencies.col.failed", sent.Failed, s.withChoose(r, partyOptions(a))),
			f.help(f.text("cost", "deficiencies.col.cost", sent.Cost), "deficiencies.help.cost")}
		d.Fields[0].Required, d.Fields[2].Required = true, true
	}
	canDecide := deficiency.MayDecide(x)
	for _, v := range list {
		row := defRow{ID: v.ID, Title: v.Title, Description: v.Description, Failed: partyName(a, v.FailedParty), Cost: s.money(r, v.Cost),
			Status: s.cat.T(r.Lang, "deficiencies.status."+v.Status), CanDecide: canDecide && v.Status != string(deficiency.Fixed),
			CanFix: canDecide && v.Status == string(deficiency.Decided)}
		if v.Bearer != "" {
			row.Bearer = partyName(a, v.Bearer)
		}
		if v.Forum != "" {
			row.Forum = forumName(a, v.Forum)
		}
		if v.DecisionID != 0 {
			row.Decision = s.cat.T(r.Lang, "deficiencies.decision", "ID", v.DecisionID)
		}
		if row.CanDecide {
			// The model's rule is the default: the party that failed bears it.
			in := defForm{Bearer: v.Bearer, Forum: v.Forum, Decision: idText(v.DecisionID), Cost: amountText(r, v.Cost)}
			if in.Bearer == "" {
				in.Bearer = v.FailedParty
			}
			var ferrs []FieldError
			if sent.ID == v.ID {
				in, ferrs = sent, errs
			}
			f := regForm{s: s, r: r, prefix: "d" + strconv.FormatInt(v.ID, 10) + "-", errs: ferrs}
			row.Fields = []regField{f.choose("bearer", "deficiencies.col.bearer", in.Bearer, s.withChoose(r, partyOptions(a))),
				f.text("cost", "deficiencies.col.cost", in.Cost),
				f.choose("forum", "deficiencies.col.forum", in.Forum, s.withChoose(r, forumOptions(a, r.Principal))),
				f.help(f.text("decision", "deficiencies.field.decision", in.Decision), "deficiencies.help.decision")}
		}
		d.Rows = append(d.Rows, row)
	}
	p := s.page(r, s.cat.T(r.Lang, "deficiencies.title"), d)
	p.Section, p.Errors = "deficiencies", errs
	s.render(w, r, status, "deficiencies", p)
}

// costField reads a cost; an amount that does not parse is refused on
// the form without asking the service.
func (s *Server) costField(r *Req, prefix string) (int64, []FieldError) {
	v, ok := deficiency.ParseAmount(r.PostForm.Get("cost"))
	if !ok {
		return 0, []FieldError{{Field: prefix + "cost", Msg: s.cat.T(r.Lang, "deficiencies.err.cost")}}
	}
	return v, nil
}

func (s *Server) registerDeficiency(w http.ResponseWriter, r *Req) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	p := r.PostForm
	sent := defForm{Title: p.Get("title"), Description: p.Get("description"), Failed: p.Get("failed_party"), Cost: p.Get("cost")}
	cost, errs := s.costField(r, "d-")
	if errs != nil {
		s.showDeficiencies(w, r, http.StatusUnprocessableEntity, sent, errs)
		return
	}
	_, err := s.deficiencySvc().Register(r.Context(), r.Agreement, s.actor(r),
		deficiency.NewDeficiency{Title: sent.Title, Description: sent.Description, FailedParty: sent.Failed, Cost: cost})
	if errs, ok := s.fieldErrors(r.Lang, err, regForm{prefix: "d-"}.rename); ok {
		s.showDeficiencies(w, r, http.StatusUnprocessableEntity, sent, errs)
		return
	}
	s.afterDeficiency(w, r, err, "deficiencies.flash.registered")
}

func deficiencyID(r *Req) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("deficiency"), 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) decideDeficiency(w http.ResponseWriter, r *Req) {
	id, ok := deficiencyID(r)
	if !ok || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	p := r.PostForm
	prefix := "d" + strconv.FormatInt(id, 10) + "-"
	sent := defForm{ID: id, Bearer: p.Get("bearer"), Forum: p.Get("forum"), Decision: p.Get("decision"), Cost: p.Get("cost")}
	cost, errs := s.costField(r, prefix)
	if errs != nil {
		s.showDeficiencies(w, r, http.StatusUnprocessableEntity, sent, errs)
		return
	}
	_, err := s.deficiencySvc().Decide(r.Context(), r.Agreement, s.actor(r), id,
		deficiency.Decision{Bearer: sent.Bearer, Cost: cost, Forum: sent.Forum, DecisionID: formID(sent.Decision)})
	if errs, ok := s.fieldErrors(r.Lang, err, regForm{prefix: prefix}.rename); ok {
		s.showDeficiencies(w, r, http.StatusUnprocessableEntity, sent, errs)
		return
	}
	s.afterDeficiency(w, r, err, "deficiencies.flash.decided")
}

func (s *Server) fixDeficiency(w http.ResponseWriter, r *Req) {
	id, ok := deficiencyID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	_, err := s.deficiencySvc().MarkFixed(r.Context(), r.Agreement, s.actor(r), id)
	s.afterDeficiency(w, r, err, "deficiencies.flash.fixed")
}

func (s *Server) afterDeficiency(w http.ResponseWriter, r *Req, err error, flash string) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, flash)
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/deficiencies", http.StatusSeeOther)
}
