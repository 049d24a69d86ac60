package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
	recordsvc "github.com/steerco/steerco/internal/records"
	"github.com/steerco/steerco/internal/store"
)

// The records page of a meeting (issue 21): the records metadata of its
// agenda, materials and minutes, the secrecy of single items and
// materials, and the publication of its checked minutes. Anyone who may
// see the meeting sees the page; the customer's representatives and the
// administrators manage it (recordsvc.MayManage), and internal/records
// checks that again.

// recordsItem is an agenda item or material with its marking.
type recordsItem struct {
	Kind, Ref, Title string
	Mark             *store.SecrecyMark
}

// recordsMeetingView is the page's data.
type recordsMeetingView struct {
	Href, MeetingHref string
	Items             []recordsItem
	Materials         []recordsItem
	Can               bool
	// Minutes: the latest version's status, whether it is checked, and
	// the publication.
	MinutesStatus string
	Checked       bool
	Publishes     bool
	PublishedAt   *time.Time
	PublicHref    string
	Form          recordsvc.SecrecyInput
}

func (s *Server) recordsMeeting(w http.ResponseWriter, r *Req) {
	s.showRecordsMeeting(w, r, http.StatusOK, recordsvc.SecrecyInput{}, nil)
}

func (s *Server) showRecordsMeeting(w http.ResponseWriter, r *Req, status int, form recordsvc.SecrecyInput, errs []FieldError) {
	v, err := s.loadMeeting(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	svc := recordsvc.New(s.store)
	marks, err := svc.Marks(r.Context(), v.m.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pub, err := svc.Published(r.Context(), r.Agreement, v.m.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	base := "/a/" + r.Agreement.Slug + "/meetings/" + strconv.FormatInt(v.m.ID, 10)
	d := &recordsMeetingView{Href: base + "/records", MeetingHref: base, Can: recordsvc.MayManage(v.x), Publishes: r.Agreement.Publishes(v.m.Forum),
		PublishedAt: pub, Form: form}
	if d.Publishes {
		d.PublicHref = "/public/" + r.Agreement.Slug + "/" + v.m.Forum + "/" + strconv.FormatInt(v.m.ID, 10)
	}
	for _, it := range v.items {
		ri := recordsItem{Kind: "item", Ref: strconv.FormatInt(it.ID, 10), Title: it.Title}
		if mk, ok := marks["item:"+ri.Ref]; ok {
			ri.Mark = &mk
		}
		d.Items = append(d.Items, ri)
	}
	seen := map[string]bool{}
	for _, m := range v.mats {
		if seen[m.Name] {
			continue
		}
		seen[m.Name] = true
		ri := recordsItem{Kind: "material", Ref: m.Name, Title: m.Name}
		if mk, ok := marks["material:"+m.Name]; ok {
			ri.Mark = &mk
		}
		d.Materials = append(d.Materials, ri)
	}
	if m := v.latest(); m != nil {
		d.MinutesStatus, d.Checked = string(m.Status), recordsvc.Checked(m)
	}
	p := s.page(r, s.cat.T(r.Lang, "records.meeting.title", "Meeting", v.m.Title, "Date", Loc{s.cat, r.Lang}.Date(v.m.LocalDate)), d)
	p.Section = "meetings"
	p.Errors = errs
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug},
		{Label: v.m.Title, Href: base}, {Label: s.cat.T(r.Lang, "records.meeting.crumb")}}
	s.render(w, r, status, "records_meeting", p)
}

// recordsDone redirects back to the records page with a message.
func (s *Server) recordsDone(w http.ResponseWriter, r *Req, msg string) {
	s.flash(r, msg)
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/meetings/"+r.PathValue("meeting")+"/records", http.StatusSeeOther)
}

// recordsFail shows a refused form on the page, or the error page.
func (s *Server) recordsFail(w http.ResponseWriter, r *Req, form recordsvc.SecrecyInput, err error) {
	var e *gov.Error
	if errors.As(err, &e) && e.Code == gov.CodeInvalid && len(e.Fields) > 0 {
		var errs []FieldError
		for _, f := range e.Fields {
			msg := f.Message
			if f.ID != "" {
				msg = s.cat.T(r.Lang, f.ID, f.Args...)
			}
			errs = append(errs, FieldError{Field: f.Field, Msg: msg})
		}
		s.showRecordsMeeting(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	s.fail(w, r, err)
}

func (s *Server) markSecret(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	years, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("secrecy_years")))
	in := recordsvc.SecrecyInput{Kind: r.PostFormValue("kind"), Ref: r.PostFormValue("ref"), PublicTitle: r.PostFormValue("public_title"),
		Basis: r.PostFormValue("secrecy_basis"), Years: years}
	if err := recordsvc.New(s.store).MarkSecret(r.Context(), r.Agreement, s.actor(r), id, in); err != nil {
		s.recordsFail(w, r, in, err)
		return
	}
	s.recordsDone(w, r, "records.flash.secret")
}

func (s *Server) clearSecret(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := recordsvc.New(s.store).ClearSecret(r.Context(), r.Agreement, s.actor(r), id, r.PostFormValue("kind"), r.PostFormValue("ref")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordsDone(w, r, "records.flash.public")
}

func (s *Server) publishMinutes(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := recordsvc.New(s.store).Publish(r.Context(), r.Agreement, s.actor(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordsDone(w, r, "records.flash.published")
}

func (s *Server) unpublishMinutes(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := recordsvc.New(s.store).Unpublish(r.Context(), r.Agreement, s.actor(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordsDone(w, r, "records.flash.unpublished")
}
