package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/steerco/steerco/internal/account"
	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// The new-agreement wizard (issue 15), for administrators: start from a
// template or an uploaded model file, say what differs (name and id, the
// parties and the organisations behind them, period, country, language,
// the first people to invite), see the result and its annual plan, apply.
// Applying is modelchange.Create: exactly `steerco model apply` of the
// file the wizard built.

type wizardParty struct {
	Index                   int
	Kind                    string
	OldID, ID, Name, Org    string
	InviteName, InviteEmail string
}

type wizardData struct {
	Templates []string
	Template  string
	// Source is an uploaded file's text (instead of a template).
	Source             string
	ID, Name, From, To string
	Country, Language  string
	KeepPeople         bool
	Parties            []wizardParty
	Problems           []string
	Preview            *wizardPreview
	Started            bool
}

type wizardPreview struct {
	YAML     string
	Summary  string
	Year     int
	Meetings []wizardMeeting
	Forums   []wizardForumCount
}

type wizardMeeting struct {
	Date, Time, Forum string
}

type wizardForumCount struct {
	Name  string
	Count int
}

// base is the model the wizard starts from: the template or the file.
func (d *wizardData) base() (*gov.Agreement, error) {
	if d.Source != "" {
		return model.Parse("upload.yaml", []byte(d.Source))
	}
	src, err := model.Template(d.Template)
	if err != nil {
		return nil, err
	}
	return model.Parse(d.Template+".yaml", src)
}

// newAgreement is the wizard's first step, or its form for a template.
func (s *Server) newAgreement(w http.ResponseWriter, r *Req) {
	d := wizardData{Templates: model.Templates(), Template: r.URL.Query().Get("template")}
	if d.Template == "" {
		s.renderWizard(w, r, http.StatusOK, d, nil)
		return
	}
	a, err := d.base()
	if err != nil {
		s.notFound(w, r)
		return
	}
	d.fill(a)
	s.renderWizard(w, r, http.StatusOK, d, nil)
}

// fill prefills the form from the base model.
func (d *wizardData) fill(a *gov.Agreement) {
	d.Started = true
	d.ID, d.Name, d.From, d.To, d.Country, d.Language = a.Slug, a.Name, a.Period.From, a.Period.To, a.Country, a.Language
	d.Parties = nil
	for i, p := range a.Parties {
		d.Parties = append(d.Parties, wizardParty{Index: i, Kind: string(p.Kind), OldID: p.Slug, ID: p.Slug, Name: p.Name, Org: p.Slug})
	}
}

// uploadAgreement starts the wizard from an uploaded model file.
func (s *Server) uploadAgreement(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, model.MaxFileSize+64<<10)
	d := wizardData{Templates: model.Templates()}
	file, _, err := r.FormFile("file")
	if err != nil {
		s.renderWizard(w, r, http.StatusUnprocessableEntity, d, []FieldError{{Field: "file", Msg: s.cat.T(r.Lang, "wizard.file.missing")}})
		return
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, model.MaxFileSize+1))
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	d.Source = string(b)
	a, err := d.base()
	if err != nil {
		d.Problems = problemTexts(err)
		s.renderWizard(w, r, http.StatusUnprocessableEntity, d, []FieldError{{Field: "file", Msg: s.cat.T(r.Lang, "wizard.file.invalid", "Count", len(d.Problems))}})
		return
	}
	d.fill(a)
	s.renderWizard(w, r, http.StatusOK, d, nil)
}

func problemTexts(err error) []string {
	var es model.Errors
	if errors.As(err, &es) {
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.Error()
		}
		return out
	}
	return []string{err.Error()}
}

func (s *Server) renderWizard(w http.ResponseWriter, r *Req, status int, d wizardData, errs []FieldError) {
	title := s.cat.T(r.Lang, "wizard.title")
	p := s.page(r, title, d)
	p.Section, p.Errors = "agreements", errs
	p.Crumbs = []Crumb{{Label: s.cat.T(r.Lang, "nav.agreements"), Href: "/agreements"}, {Label: title}}
	s.render(w, r, status, "wizard", p)
}

// wizardForm reads the wizard's form.
func wizardForm(r *Req) wizardData {
	v := r.PostForm.Get
	d := wizardData{Template: v("template"), Source: v("source"), ID: strings.TrimSpace(v("id")), Name: strings.TrimSpace(v("name")),
		From: strings.TrimSpace(v("from")), To: strings.TrimSpace(v("to")), Country: v("country"), Language: v("language"),
		KeepPeople: v("keep_people") == "1", Started: true, Templates: model.Templates()}
	n, _ := strconv.Atoi(v("parties"))
	for i := 0; i < n && i < 50; i++ {
		k := func(f string) string { return strings.TrimSpace(v(fmt.Sprintf("party_%d_%s", i, f))) }
		d.Parties = append(d.Parties, wizardParty{Index: i, Kind: k("kind"), OldID: k("old"), ID: k("id"), Name: k("name"), Org: k("org"),
			InviteName: k("invite_name"), InviteEmail: k("invite_email")})
	}
	return d
}

// build makes the model file the wizard describes.
func (d *wizardData) build() ([]byte, error) {
	a, err := d.base()
	if err != nil {
		return nil, err
	}
	a.Slug, a.Name, a.Period.From, a.Period.To, a.Country, a.Language = d.ID, d.Name, d.From, d.To, d.Country, d.Language
	if !d.KeepPeople {
		// A template's people are examples; the real ones are invited.
		a.People, a.Memberships = nil, nil
	}
	for _, p := range d.Parties {
		if pp := a.Party(p.OldID); pp != nil {
			pp.Name = p.Name
		}
	}
	src, err := model.Format(a)
	if err != nil {
		return nil, err
	}
	// Party ids are referenced all over the model (responsibilities, the
	// forums' parties, seat rules, people): rename every value that is
	// exactly an old id, never a key.
	renames := map[string]string{}
	for _, p := range d.Parties {
		if p.OldID != "" && p.ID != p.OldID {
			renames[p.OldID] = p.ID
		}
	}
	if len(renames) == 0 {
		return src, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c)
			}
		case yaml.MappingNode:
			for i := 1; i < len(n.Content); i += 2 {
				walk(n.Content[i])
			}
		case yaml.ScalarNode:
			if to, ok := renames[n.Value]; ok {
				n.Value = to
			}
		}
	}
	walk(&doc)
	return yaml.Marshal(&doc)
}

// wizardField puts a model problem on the wizard's field.
func wizardField(path string, d *wizardData) string {
	switch {
	case path == "id" || path == "name" || path == "country" || path == "language":
		return path
	case path == "period.from":
		return "from"
	case path == "period.to":
		return "to"
	case strings.HasPrefix(path, "parties["):
		for _, p := range d.Parties {
			if strings.HasPrefix(path, fmt.Sprintf("parties[%d]", p.Index)) || strings.HasPrefix(path, "parties["+p.ID+"]") {
				if strings.HasSuffix(path, ".name") {
					return fmt.Sprintf("party_%d_name", p.Index)
				}
				return fmt.Sprintf("party_%d_id", p.Index)
			}
		}
	}
	return "source"
}

// previewAgreement checks the wizard's model and shows it with its
// annual plan; with apply set, it creates the agreement and sends the
// invitations.
func (s *Server) previewAgreement(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, model.MaxFileSize+128<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	d := wizardForm(r)
	if d.Template == "" && d.Source == "" {
		s.renderWizard(w, r, http.StatusUnprocessableEntity, wizardData{Templates: model.Templates()}, []FieldError{{Field: "file", Msg: s.cat.T(r.Lang, "wizard.file.missing")}})
		return
	}
	var errs []FieldError
	orgs := map[string]string{}
	for _, p := range d.Parties {
		if p.Org != "" {
			if !store.ValidOrganisationSlug(p.Org) {
				errs = append(errs, FieldError{Field: fmt.Sprintf("party_%d_org", p.Index), Msg: s.cat.T(r.Lang, "wizard.org.invalid")})
			}
			orgs[p.ID] = p.Org
		}
		if (p.InviteName == "") != (p.InviteEmail == "") {
			errs = append(errs, FieldError{Field: fmt.Sprintf("party_%d_invite_email", p.Index), Msg: s.cat.T(r.Lang, "wizard.invite.both")})
		}
	}
	src, err := d.build()
	var a *gov.Agreement
	if err == nil {
		a, err = model.Parse("agreement.yaml", src)
	}
	if err != nil {
		var es model.Errors
		if !errors.As(err, &es) {
			s.serverError(w, r, err)
			return
		}
		for _, e := range es {
			f := wizardField(e.Path, &d)
			if f == "source" {
				d.Problems = append(d.Problems, e.Error())
			}
			errs = append(errs, FieldError{Field: f, Msg: e.Path + ": " + e.Msg})
		}
	}
	if len(errs) > 0 {
		s.renderWizard(w, r, http.StatusUnprocessableEntity, d, errs)
		return
	}
	if r.PostForm.Get("apply") != "1" {
		d.Preview = s.preview(r, a, src)
		s.renderWizard(w, r, http.StatusOK, d, nil)
		return
	}
	created, err := s.modelChangeSvc().Create(r.Context(), r.Principal, "agreement.yaml", src, orgs)
	if err != nil {
		var e *gov.Error
		if errors.As(err, &e) && (e.Code == gov.CodeConflict || e.Code == gov.CodeInvalid) {
			s.renderWizard(w, r, http.StatusConflict, d, []FieldError{{Field: "id", Msg: s.errorText(r.Lang, e)}})
			return
		}
		s.fail(w, r, err)
		return
	}
	// The first people, each their party's representative.
	x := r.Principal
	for _, p := range d.Parties {
		if p.InviteEmail == "" {
			continue
		}
		if _, err := s.accountSvc().Invite(r.Context(), x, created, account.NewInvitation{Email: p.InviteEmail, Name: p.InviteName, Party: p.ID,
			Role: auth.AccountRepresentative}, s.baseURL(r)); err != nil {
			// The agreement stands; the administrator invites again from
			// its directory, where the refusal is shown on the form.
			s.log.Warn("wizard invitation", "agreement", created.Slug, "email", p.InviteEmail, "err", err)
		}
	}
	s.flash(r, "wizard.created")
	http.Redirect(w, r.Request, "/a/"+created.Slug, http.StatusSeeOther)
}

// preview is what the wizard shows before applying: a summary and the
// annual plan of the first planned year.
func (s *Server) preview(r *Req, a *gov.Agreement, src []byte) *wizardPreview {
	pv := &wizardPreview{YAML: string(src), Summary: model.Diff(nil, a)[0]}
	pv.Year = s.cfg.Now().Year()
	if y, err := strconv.Atoi(a.Period.From[:4]); err == nil && y > pv.Year {
		pv.Year = y
	}
	ms, err := plan.Year(a, pv.Year)
	if err != nil {
		return pv
	}
	counts := map[string]int{}
	for _, m := range ms {
		counts[m.ForumName]++
		pv.Meetings = append(pv.Meetings, wizardMeeting{Date: m.Date.String(), Time: m.Start.Format("15:04"), Forum: m.ForumName})
	}
	for _, f := range a.Forums {
		pv.Forums = append(pv.Forums, wizardForumCount{f.Name, counts[f.Name]})
	}
	return pv
}

// wizardInput is one text field of the wizard with its error.
type wizardInput struct {
	Name, Label, Value, Help, Error string
}

func init() {
	// The wizard's template helpers, registered here rather than in
	// render.go's shared map.
	funcs["wizardField"] = func(p *Page, name, label, value, help string) wizardInput {
		return wizardInput{Name: name, Label: label, Value: value, Help: help, Error: p.ErrorFor(name)}
	}
	funcs["list"] = func(xs ...string) []string { return xs }
}
