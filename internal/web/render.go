package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

//go:embed templates
var templateFS embed.FS

// pages holds one parsed template set per page: the layout, the shared
// partials and the page's own file, which defines "content".
type pages struct{ byName map[string]*template.Template }

var funcs = template.FuncMap{
	"join":     strings.Join,
	"contains": func(list []string, s string) bool { return contains(list, s) },
	"add":      func(a, b int) int { return a + b },
	"seq": func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	},
	"safeURL": func(s string) template.URL { return template.URL(s) },
	// concatItems lists a meeting's items and materials in one table (issue 21).
	"concatItems": func(a, b []recordsItem) []recordsItem { return append(append([]recordsItem{}, a...), b...) },
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func loadPages() (*pages, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web templates: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	ps := &pages{byName: map[string]*template.Template{}}
	for _, n := range names {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("web template %s: %w", n, err)
		}
		ps.byName[strings.TrimSuffix(strings.TrimPrefix(n, "templates/pages/"), ".html")] = t
	}
	return ps, nil
}

// Loc translates and formats for one request's language.
type Loc struct {
	cat  *i18n.Catalog
	Lang string
}

// T translates a message id; args are name/value pairs.
func (l Loc) T(id string, args ...any) string { return l.cat.T(l.Lang, id, args...) }

// Date formats a date given as time.Time, calendar.Date or YYYY-MM-DD.
func (l Loc) Date(v any) string {
	switch d := v.(type) {
	case time.Time:
		return i18n.Date(l.Lang, d)
	case calendar.Date:
		return i18n.Date(l.Lang, d.Time(time.UTC))
	case *calendar.Date:
		if d == nil {
			return ""
		}
		return i18n.Date(l.Lang, d.Time(time.UTC))
	case string:
		if t, err := time.Parse(time.DateOnly, d); err == nil {
			return i18n.Date(l.Lang, t)
		}
		return d
	}
	return fmt.Sprint(v)
}

// Time formats a clock time.
func (l Loc) Time(t time.Time) string { return t.Format("15:04") }

// Num formats a number with the language's separators.
func (l Loc) Num(v any) string { return i18n.Number(l.Lang, v) }

// Weekday names a day of the week.
func (l Loc) Weekday(d time.Weekday) string { return l.cat.Weekday(l.Lang, d) }

// Month names a month.
func (l Loc) Month(m time.Month) string { return l.cat.Month(l.Lang, m) }

// Crumb is one step of the breadcrumb trail.
type Crumb struct{ Label, Href string }

// Page is what every template gets.
type Page struct {
	L         Loc
	Title     string
	User      *store.User
	Role      auth.Role
	Agreement *gov.Agreement
	// Section marks the active navigation entry.
	Section string
	Crumbs  []Crumb
	Flash   string
	// Errors are form errors, shown in a summary linked to the fields.
	Errors []FieldError
	Path   string
	Langs  []string
	// Data is the page's own content.
	Data any
	// Robots, when set, is the page's robots meta tag (public minutes).
	Robots string
}

// inboxView is what the inbox partial renders: the page's translator
// and the inbox.
type inboxView struct {
	L     Loc
	Inbox *inboxData
}

// WithInbox hands the inbox partial its data (issue 16).
func (p Page) WithInbox(d *inboxData) inboxView { return inboxView{L: p.L, Inbox: d} }

// FieldError is a form error tied to the field it concerns, so the error
// summary can link to the field and the field can name its error.
type FieldError struct{ Field, Msg string }

// ErrorFor returns the message for a field, or "".
func (p Page) ErrorFor(field string) string {
	for _, e := range p.Errors {
		if e.Field == field {
			return e.Msg
		}
	}
	return ""
}

// page starts the data for a page in the request's language.
func (s *Server) page(r *Req, title string, data any) *Page {
	p := &Page{L: Loc{s.cat, r.Lang}, Title: title, User: r.User, Role: r.Role, Agreement: r.Agreement,
		Path: r.URL.RequestURI(), Langs: i18n.Languages, Data: data}
	if id := s.sessions.PopString(r.Context(), sessFlash); id != "" {
		p.Flash = s.cat.T(r.Lang, id)
	}
	return p
}

// render writes a page. It renders into a buffer first so that a template
// error becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *Req, status int, name string, p *Page) {
	t, ok := s.pages.byName[name]
	if !ok {
		s.serverError(w, r, fmt.Errorf("no page template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.serverError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderError shows an error page with a translated message.
func (s *Server) renderError(w http.ResponseWriter, r *Req, status int, msgID string, args ...any) {
	title := "error.title"
	if status == http.StatusNotFound {
		title = "error.notfound.title"
	}
	p := s.page(r, s.cat.T(r.Lang, title), s.cat.T(r.Lang, msgID, args...))
	t := s.pages.byName["error"]
	var buf bytes.Buffer
	if t == nil || t.ExecuteTemplate(&buf, "layout", p) != nil {
		http.Error(w, s.cat.T(r.Lang, msgID, args...), status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) notFound(w http.ResponseWriter, r *Req) {
	s.renderError(w, r, http.StatusNotFound, "error.notfound")
}

func (s *Server) forbidden(w http.ResponseWriter, r *Req) {
	s.renderError(w, r, http.StatusForbidden, "error.forbidden")
}

// fail answers a coded application error (gov.Error) with its status and
// its message; any other error is a server error. This is the one place
// codes become HTTP statuses for the UI.
func (s *Server) fail(w http.ResponseWriter, r *Req, err error) {
	var e *gov.Error
	if !errors.As(err, &e) {
		s.serverError(w, r, err)
		return
	}
	status := map[gov.ErrorCode]int{gov.CodeNotFound: http.StatusNotFound, gov.CodeForbidden: http.StatusForbidden,
		gov.CodeInvalid: http.StatusUnprocessableEntity, gov.CodeConflict: http.StatusConflict, gov.CodeTooLarge: http.StatusRequestEntityTooLarge}[e.Code]
	if status == 0 {
		status = http.StatusBadRequest
	}
	p := s.page(r, s.cat.T(r.Lang, "error.title"), s.errorText(r.Lang, e))
	t := s.pages.byName["error"]
	var buf bytes.Buffer
	if t == nil || t.ExecuteTemplate(&buf, "layout", p) != nil {
		http.Error(w, s.errorText(r.Lang, e), status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// serverError logs the cause once and shows the user a plain message.
func (s *Server) serverError(w http.ResponseWriter, r *Req, err error) {
	path := r.URL.Path
	if strings.Contains(r.Pattern, "{token}") {
		path = r.Pattern // the path holds a secret (feeds, surveys)
	}
	s.log.Error("request failed", "method", r.Method, "path", path, "err", err)
	s.renderError(w, r, http.StatusInternalServerError, "error.internal")
}
