package web

import (
	"errors"
	"html"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
)

// The duty ledger in the browser (issue 16): the inbox on the home page
// (what I owe, what my organisation owes, what others owe us), an
// agreement's duties, and a duty's page with its evidence. Everything is
// read and done through internal/duty.

func (s *Server) dutySvc() *duty.Service {
	svc := duty.New(s.store, s.cat)
	svc.Now = s.cfg.Now
	return svc
}

// dutyRow is one duty as a list shows it.
type dutyRow struct {
	Kind, Href, What, Title, Due, Countdown, By, To, Agreement, State, StateName string
	Late, Soon                                                                   bool
}

// partyLabel names a party reference: the party's name, or for a kind
// ("customer") the kind's word in the reader's language.
func (s *Server) partyLabel(r *Req, a *gov.Agreement, ref string) string {
	if p := a.Party(ref); p != nil {
		return p.Name
	}
	if ref == "" {
		return ""
	}
	return s.cat.T(r.Lang, "duties.party."+ref)
}

func (s *Server) dutyRow(r *Req, a *gov.Agreement, v duty.View) dutyRow {
	row := dutyRow{Kind: v.Kind, Href: v.Href(), What: s.cat.T(r.Lang, "duties.kind."+v.Kind), Title: v.Title, Due: dutyDate(r.Lang, v.Due),
		By: s.partyLabel(r, a, v.OwedBy), To: s.partyLabel(r, a, v.OwedTo), Agreement: a.Name, State: v.State,
		StateName: s.cat.T(r.Lang, "duties.state."+v.State)}
	if v.PersonName != "" {
		row.By += " (" + v.PersonName + ")"
	}
	if v.Occurrence != "" && !slices.Contains([]string{duty.Minutes, duty.MinutesApproval, duty.Materials}, v.Kind) {
		row.Title += " " + v.Occurrence
	}
	switch v.State {
	case duty.StateLate:
		row.Late, row.Countdown = true, s.cat.T(r.Lang, "pages.due.late", "Count", v.DaysLate)
		if v.DaysLate == 0 {
			row.Countdown = s.cat.T(r.Lang, "pages.due.passed", "Date", row.Due)
		}
	case duty.StateOpen:
		if v.DaysLeft <= 0 {
			row.Countdown, row.Soon = s.cat.T(r.Lang, "pages.due.today"), true
		} else {
			row.Countdown, row.Soon = s.cat.T(r.Lang, "pages.due.in", "Count", v.DaysLeft), v.DaysLeft <= 2
		}
	}
	return row
}

func dutyDate(lang, ymd string) string { return Loc{Lang: lang}.Date(ymd) }

// dutyOption is a choice of a filter.
type dutyOption struct {
	Value, Label string
	Selected     bool
}

// inboxGroup is one of the inbox's lists.
type inboxGroup struct {
	ID, Heading, Empty string
	Rows               []dutyRow
}

// inboxData is the inbox: three lists and the filters.
type inboxData struct {
	Mine, Ours, Theirs       []dutyRow
	Groups                   []inboxGroup
	Late, Open               int
	Agreements, Kinds, Party []dutyOption
	Filtered                 bool
	Multi                    bool
}

// inbox reads the signed-in user's inbox across their agreements, in one
// statement for the ledger: open duties whose period has begun, late ones
// first, then by due date.
func (s *Server) inbox(r *Req, as []*gov.Agreement) (*inboxData, error) {
	q := r.URL.Query()
	d := &inboxData{Multi: len(as) > 1}
	fa, fk, fp := q.Get("agreement"), q.Get("kind"), q.Get("party")
	d.Filtered = fa != "" || fk != "" || fp != ""
	var pick []*gov.Agreement
	for _, a := range as {
		d.Agreements = append(d.Agreements, dutyOption{Value: a.Slug, Label: a.Name, Selected: a.Slug == fa})
		if fa == "" || a.Slug == fa {
			pick = append(pick, a)
		}
	}
	for _, k := range duty.Kinds {
		d.Kinds = append(d.Kinds, dutyOption{Value: k, Label: s.cat.T(r.Lang, "duties.kind."+k), Selected: k == fk})
	}
	if !duty.KnownKind(fk) {
		fk = ""
	}
	seen := map[string]bool{}
	for _, a := range pick {
		for _, p := range a.Parties {
			if !seen[p.Slug] {
				seen[p.Slug] = true
				d.Party = append(d.Party, dutyOption{Value: p.Slug, Label: p.Name, Selected: p.Slug == fp})
			}
		}
	}
	vs, err := s.dutySvc().List(r.Context(), r.Principal, pick, duty.Filter{Owner: duty.OwnerAll, State: duty.StateOpen, Kind: fk, Party: fp})
	if err != nil {
		return nil, err
	}
	bySlug := map[string]*gov.Agreement{}
	for _, a := range pick {
		bySlug[a.Slug] = a
	}
	for _, v := range vs {
		a := bySlug[v.Agreement]
		if a == nil || !v.Mine && !v.Ours && !v.Theirs {
			continue
		}
		row := s.dutyRow(r, a, v)
		switch {
		case v.Mine:
			d.Mine = append(d.Mine, row)
		case v.Ours:
			d.Ours = append(d.Ours, row)
		default:
			d.Theirs = append(d.Theirs, row)
		}
		if v.Mine || v.Ours {
			d.Open++
			if row.Late {
				d.Late++
			}
		}
	}
	for _, g := range []struct {
		id   string
		rows []dutyRow
	}{{"mine", d.Mine}, {"ours", d.Ours}, {"theirs", d.Theirs}} {
		d.Groups = append(d.Groups, inboxGroup{ID: g.id, Heading: s.cat.T(r.Lang, "duties."+g.id), Empty: s.cat.T(r.Lang, "duties.none."+g.id), Rows: g.rows})
	}
	return d, nil
}

// inboxCount is the navigation's count of the user's organisation's open
// duties, fetched by the layout after the page (so a page's own reads do
// not grow by it).
func (s *Server) inboxCount(w http.ResponseWriter, r *Req) {
	as, err := s.visibleAgreements(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	vs, err := s.dutySvc().List(r.Context(), r.Principal, as, duty.Filter{Owner: duty.OwnerParty, State: duty.StateOpen})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	late := 0
	for _, v := range vs {
		if v.State == duty.StateLate {
			late++
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if len(vs) == 0 {
		return
	}
	label := s.cat.T(r.Lang, "duties.nav.count", "Count", len(vs), "Late", late)
	io.WriteString(w, `<span class="badge`)
	if late > 0 {
		io.WriteString(w, ` overdue`)
	}
	io.WriteString(w, `" title="`+html.EscapeString(label)+`"><span aria-hidden="true">`+strconv.Itoa(len(vs))+`</span><span class="visually-hidden">`+html.EscapeString(label)+`</span></span>`)
}

// dutiesPage is an agreement's duties.
type dutiesPage struct {
	Rows                 []dutyRow
	Kinds, States        []dutyOption
	From, To, Source     string
	Planned              bool
	SourceValue, KindVal string
}

// agreementDuties lists an agreement's duties the user may see, by due
// date, with the recurring ones still to come as planned.
func (s *Server) agreementDuties(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	today := duty.Today(r.Agreement, s.cfg.Now())
	f := duty.Filter{Owner: duty.OwnerAll, Kind: q.Get("kind"), State: q.Get("state"), Source: q.Get("source"), Planned: true,
		From: today.AddDays(-92), To: today.AddDays(366)}
	if v, err := calendar.ParseDate(q.Get("from")); err == nil {
		f.From = v
	}
	if v, err := calendar.ParseDate(q.Get("to")); err == nil {
		f.To = v
	}
	if !duty.KnownKind(f.Kind) {
		f.Kind = ""
	}
	if !slices.Contains([]string{duty.StateOpen, duty.StateLate, duty.StateDone, duty.StateWaived, duty.StatePlanned}, f.State) {
		f.State = ""
	}
	vs, err := s.dutySvc().List(r.Context(), r.Principal, []*gov.Agreement{r.Agreement}, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	slices.SortStableFunc(vs, func(a, b duty.View) int {
		if a.Due != b.Due {
			if a.Due < b.Due {
				return -1
			}
			return 1
		}
		return int(a.ID - b.ID)
	})
	d := &dutiesPage{From: f.From.String(), To: f.To.String(), SourceValue: f.Source, KindVal: f.Kind}
	for _, k := range duty.Kinds {
		d.Kinds = append(d.Kinds, dutyOption{Value: k, Label: s.cat.T(r.Lang, "duties.kind."+k), Selected: k == f.Kind})
	}
	for _, st := range []string{duty.StateOpen, duty.StateLate, duty.StateDone, duty.StateWaived, duty.StatePlanned} {
		d.States = append(d.States, dutyOption{Value: st, Label: s.cat.T(r.Lang, "duties.state."+st), Selected: st == f.State})
	}
	for _, v := range vs {
		d.Rows = append(d.Rows, s.dutyRow(r, r.Agreement, v))
	}
	p := s.page(r, s.cat.T(r.Lang, "duties.title"), d)
	p.Section = "duties"
	s.render(w, r, http.StatusOK, "duties", p)
}

// dutyPage is one duty with its evidence and forms.
type dutyPage struct {
	Row                  dutyRow
	Forum, Starts        string
	Evidence             []dutyEvidence
	MaySubmit, MayDecide bool
	ID                   int64
	Matter               int64
	Text, Comment        string
}

type dutyEvidence struct {
	Version                                          int
	Text, By, At, Outcome, Comment, DecidedAt, DecBy string
	Files                                            []dutyFileLink
}

type dutyFileLink struct{ Name, Href string }

func (s *Server) dutyID(r *Req) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("duty"), 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) dutyDetail(w http.ResponseWriter, r *Req) {
	id, ok := s.dutyID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	s.showDuty(w, r, http.StatusOK, id, nil)
}

func (s *Server) showDuty(w http.ResponseWriter, r *Req, status int, id int64, errs []FieldError) {
	det, err := s.dutySvc().Get(r.Context(), r.Agreement, r.Principal, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &dutyPage{Row: s.dutyRow(r, r.Agreement, det.View), Forum: det.ForumName, MaySubmit: det.MaySubmit, MayDecide: det.MayDecide,
		ID: det.ID, Matter: det.MatterID, Text: r.PostFormValue("text"), Comment: r.PostFormValue("comment")}
	if det.Starts != "" {
		d.Starts = dutyDate(r.Lang, det.Starts)
	}
	for _, e := range det.Evidence {
		ev := dutyEvidence{Version: e.Version, Text: e.Body, By: e.SubmittedBy, At: s.stamp(r, e.SubmittedAt), Comment: e.Comment, DecBy: e.DecidedBy}
		if e.Outcome != "" {
			ev.Outcome = s.cat.T(r.Lang, "duties.evidence."+e.Outcome)
		}
		if e.DecidedAt != nil {
			ev.DecidedAt = s.stamp(r, *e.DecidedAt)
		}
		for _, f := range e.Files {
			ev.Files = append(ev.Files, dutyFileLink{Name: f.Name, Href: "/a/" + r.Agreement.Slug + "/duties/" + strconv.FormatInt(id, 10) + "/files/" + strconv.FormatInt(f.ID, 10)})
		}
		d.Evidence = append(d.Evidence, ev)
	}
	p := s.page(r, s.cat.T(r.Lang, "duties.kind."+det.Kind)+": "+d.Row.Title, d)
	p.Section, p.Errors = "duties", errs
	s.render(w, r, status, "duty", p)
}

// submitEvidence takes the owing party's text and files (multipart).
func (s *Server) submitEvidence(w http.ResponseWriter, r *Req) {
	id, ok := s.dutyID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, duty.MaxEvidenceBytes+1<<20)
	var files []duty.File
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				s.showDuty(w, r, http.StatusRequestEntityTooLarge, id, []FieldError{{Field: "file", Msg: s.cat.T(r.Lang, "duties.err.files")}})
				return
			}
			s.notFound(w, r)
			return
		}
		for _, fh := range r.MultipartForm.File["file"] {
			if fh.Filename == "" || fh.Size == 0 {
				continue // the empty file input of a text-only submission
			}
			f, err := fh.Open()
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			files = append(files, duty.File{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Data: data})
		}
	} else if r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	_, err := s.dutySvc().Submit(r.Context(), r.Agreement, r.Principal, id, r.FormValue("text"), files)
	if errs, ok := s.fieldErrors(r.Lang, err, func(f string) string { return "duty-" + f }); ok {
		s.showDuty(w, r, http.StatusUnprocessableEntity, id, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "duties.flash.submitted")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/duties/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// answerEvidence is the receiving party's accept or return.
func (s *Server) answerEvidence(w http.ResponseWriter, r *Req) {
	id, ok := s.dutyID(r)
	if !ok || r.ParseForm() != nil {
		s.notFound(w, r)
		return
	}
	svc, accept := s.dutySvc(), r.PostForm.Get("answer") == "accept"
	var err error
	if accept {
		err = svc.Accept(r.Context(), r.Agreement, r.Principal, id, r.PostForm.Get("comment"))
	} else {
		err = svc.Return(r.Context(), r.Agreement, r.Principal, id, r.PostForm.Get("comment"))
	}
	if errs, ok := s.fieldErrors(r.Lang, err, func(f string) string { return "duty-" + f }); ok {
		s.showDuty(w, r, http.StatusUnprocessableEntity, id, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, map[bool]string{true: "duties.flash.accepted", false: "duties.flash.returned"}[accept])
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/duties/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// dutyFile downloads a file of evidence, always as an attachment.
func (s *Server) dutyFile(w http.ResponseWriter, r *Req) {
	id, ok := s.dutyID(r)
	fid, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if !ok || err != nil {
		s.notFound(w, r)
		return
	}
	f, err := s.dutySvc().File(r.Context(), r.Agreement, r.Principal, id, fid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(f.Data)
}

// setDigest turns the signed-in user's weekly digest on or off.
func (s *Server) setDigest(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if r.ParseForm() != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	on := r.PostForm.Get("digest") == "on"
	if err := s.dutySvc().SetDigest(r.Context(), r.User.Email, on); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, map[bool]string{true: "duties.flash.digest.on", false: "duties.flash.digest.off"}[on])
	http.Redirect(w, r.Request, "/account#digest", http.StatusSeeOther)
}
