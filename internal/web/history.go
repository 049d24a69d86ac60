package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/export"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// The records of the past and their exports: an object's history from
// the audit log, the agreement's data export (zip) and a user's own
// personal data (JSON). They are one file because they read the same
// records, each only for those who may see them.

// historyTypes are the object types with a history page, each with the
// check that decides whether the user may see the object: the same rules
// as the pages that show it. An object the user may not see is not found.
var historyTypes = map[string]func(s *Server, r *Req, id string) (historyObject, bool){
	"agreement":   historyAgreement,
	"party":       historyParty,
	"person":      historyPerson,
	"membership":  historyMembership,
	"meeting":     historyMeeting,
	"action_item": historyAction,
}

// historyObject is what the page says about the object and how its
// entries are found.
type historyObject struct {
	Label, Href string
	// agreementID limits the entries to the agreement (slug ids); 0 for
	// objects with global ids (meetings, action items).
	agreementID int64
	// extra adds entries recorded on another object (an action item's
	// creation is recorded on its meeting).
	extra func() ([]store.AuditEntry, error)
	// gone marks an object no longer in the agreement: without entries
	// it is simply not found.
	gone bool
}

func (s *Server) agreementRowID(r *Req) (int64, error) {
	var id int64
	err := s.store.ReadMeetings(r.Context(), func(tx *store.Tx) error {
		var err error
		id, err = tx.AgreementID(r.Context(), r.Agreement.Slug)
		return err
	})
	return id, err
}

func historyAgreement(s *Server, r *Req, id string) (historyObject, bool) {
	a := r.Agreement
	if id != a.Slug {
		return historyObject{}, false
	}
	aid, err := s.agreementRowID(r)
	return historyObject{Label: a.Name, Href: "/a/" + a.Slug, agreementID: aid}, err == nil
}

func historyParty(s *Server, r *Req, id string) (historyObject, bool) {
	p := r.Agreement.Party(id)
	if p == nil {
		return historyObject{}, false
	}
	aid, err := s.agreementRowID(r)
	return historyObject{Label: p.Name, Href: "/a/" + r.Agreement.Slug + "/parties/" + p.Slug, agreementID: aid}, err == nil
}

// historyPerson: a directory entry the user may see. A person removed
// from the directory can no longer be checked against the rules that
// hid them; only an administrator sees their history.
func historyPerson(s *Server, r *Req, id string) (historyObject, bool) {
	a := r.Agreement
	p := a.Person(id)
	switch {
	case p != nil && !auth.CanSeePerson(r.Principal, a, p):
		return historyObject{}, false
	case p == nil && r.Role != auth.Admin:
		return historyObject{}, false
	}
	o := historyObject{Label: id, gone: p == nil}
	if p != nil {
		o.Label, o.Href = p.Name, "/a/"+a.Slug+"/directory"
	}
	var err error
	o.agreementID, err = s.agreementRowID(r)
	return o, err == nil
}

// historyMembership: a seat (PERSON/FORUM/ROLE@FROM) in a forum the user
// sees, of a person they may see.
func historyMembership(s *Server, r *Req, id string) (historyObject, bool) {
	a := r.Agreement
	person, rest, ok1 := strings.Cut(id, "/")
	forum, _, ok2 := strings.Cut(rest, "/")
	if !ok1 || !ok2 || !auth.Allowed(r.Role, auth.ViewDirectory) {
		return historyObject{}, false
	}
	f := a.Forum(forum)
	if f == nil || !auth.CanSeeForum(r.Principal, a, f) {
		return historyObject{}, false
	}
	if p := a.Person(person); p != nil && !auth.CanSeePerson(r.Principal, a, p) || p == nil && r.Role != auth.Admin {
		return historyObject{}, false
	}
	aid, err := s.agreementRowID(r)
	return historyObject{Label: id, Href: "/a/" + a.Slug + "/forums/" + f.Slug, agreementID: aid, gone: a.Person(person) == nil}, err == nil
}

// historyMeeting: a meeting of the agreement in a forum the user sees.
func historyMeeting(s *Server, r *Req, id string) (historyObject, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return historyObject{}, false
	}
	var m *gov.Meeting
	err = s.store.ReadMeetings(r.Context(), func(tx *store.Tx) error {
		m, err = tx.Meeting(r.Context(), r.Agreement.Slug, n, false)
		return err
	})
	if err != nil {
		return historyObject{}, false
	}
	f := r.Agreement.Forum(m.Forum)
	if f == nil || !auth.CanSeeForum(r.Principal, r.Agreement, f) {
		return historyObject{}, false
	}
	return historyObject{Label: m.Title + " " + m.LocalDate, Href: fmt.Sprintf("/a/%s/meetings/%d", r.Agreement.Slug, m.ID)}, true
}

// historyAction: an action item of the agreement in a forum the user
// sees. Its creation is recorded on its meeting (action.create).
func historyAction(s *Server, r *Req, id string) (historyObject, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return historyObject{}, false
	}
	var ai *gov.ActionItem
	err = s.store.ReadMeetings(r.Context(), func(tx *store.Tx) error {
		ai, err = tx.ActionItem(r.Context(), r.Agreement.Slug, n)
		return err
	})
	if err != nil {
		return historyObject{}, false
	}
	f := r.Agreement.Forum(ai.Forum)
	if f == nil || !auth.CanSeeForum(r.Principal, r.Agreement, f) {
		return historyObject{}, false
	}
	o := historyObject{Label: ai.Title, Href: "/a/" + r.Agreement.Slug + "/actions"}
	if ai.MeetingID != 0 {
		o.extra = func() ([]store.AuditEntry, error) {
			es, err := s.store.ObjectHistory(r.Context(), 0, "meeting", fmt.Sprint(ai.MeetingID))
			var out []store.AuditEntry
			for _, e := range es {
				var after struct {
					Action int64 `json:"action"`
				}
				if e.Action == "action.create" && json.Unmarshal(e.After, &after) == nil && after.Action == ai.ID {
					out = append(out, e)
				}
			}
			return out, err
		}
	}
	return o, true
}

// historyView is the history page's data.
type historyView struct {
	Type, Label, Href string
	Entries           []historyEntry
}

// historyEntry is one audit entry, readable.
type historyEntry struct {
	ID       int64
	At       time.Time
	Actor    string
	Action   string
	Redacted bool
	Changes  []historyChange
}

// historyChange is one field that changed: its path in the JSON and the
// values before and after ("" for none).
type historyChange struct{ Field, Before, After string }

// history shows an object's audit entries, newest first.
func (s *Server) history(w http.ResponseWriter, r *Req) {
	typ, id := r.PathValue("type"), r.PathValue("id")
	find, known := historyTypes[typ]
	if !known || id == "" {
		s.notFound(w, r)
		return
	}
	o, ok := find(s, r, id)
	if !ok {
		s.notFound(w, r)
		return
	}
	entries, err := s.store.ObjectHistory(r.Context(), o.agreementID, typ, id)
	if err == nil && o.extra != nil {
		var more []store.AuditEntry
		more, err = o.extra()
		entries = append(entries, more...)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if o.gone && len(entries) == 0 {
		s.notFound(w, r)
		return
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID > entries[j].ID })
	loc, err := time.LoadLocation(r.Agreement.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	v := &historyView{Type: typ, Label: o.Label, Href: o.Href}
	// People the directory hides from the user are hidden in the history
	// too: as the actor, and wherever an entry holds their name, e-mail
	// or phone (a model apply records the whole directory).
	hidden := s.cat.T(r.Lang, "pages.forum.hiddenperson")
	rep := auth.HiddenPeople(r.Principal, r.Agreement, hidden)
	for _, e := range entries {
		he := historyEntry{ID: e.ID, At: e.At.In(loc), Actor: e.Actor, Action: e.Action, Redacted: e.Redacted,
			Changes: diffJSON(e.Before, e.After)}
		if _, ok := auth.ActorShown(r.Principal, r.Agreement, e.Actor); !ok {
			he.Actor = hidden
		}
		if rep != nil {
			for i := range he.Changes {
				c := &he.Changes[i]
				c.Before, c.After = rep.Replace(c.Before), rep.Replace(c.After)
			}
		}
		v.Entries = append(v.Entries, he)
	}
	t := func(id string, args ...any) string { return s.cat.T(r.Lang, id, args...) }
	p := s.page(r, t("history.title", "Object", o.Label), v)
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}}
	if o.Href != "" && o.Href != "/a/"+r.Agreement.Slug {
		p.Crumbs = append(p.Crumbs, Crumb{Label: o.Label, Href: o.Href})
	}
	p.Crumbs = append(p.Crumbs, Crumb{Label: t("history.crumb")})
	s.render(w, r, http.StatusOK, "history", p)
}

// Bounds of a readable diff: values are cut, deep or long documents
// summarised, so that a model apply does not make a page of megabytes.
const (
	diffMaxValue  = 200
	diffMaxFields = 100
	diffMaxDepth  = 6
)

// diffJSON lists the fields that differ between before and after, by
// their path ("titles[1]", "object.email"). A directory edit records
// after as {"object": ..., "change": ...}: its object is compared with
// before, and the change summary shown as it is.
func diffJSON(before, after json.RawMessage) []historyChange {
	var b, a any
	if len(before) > 0 {
		json.Unmarshal(before, &b)
	}
	if len(after) > 0 {
		json.Unmarshal(after, &a)
	}
	if m, isMap := a.(map[string]any); isMap && len(m) == 2 {
		if obj, ok := m["object"]; ok {
			if ch, ok := m["change"]; ok {
				// The change summary follows the object's fields.
				return append(diffValues(b, obj), diffValues(nil, map[string]any{"change": ch})...)
			}
		}
	}
	return diffValues(b, a)
}

func diffValues(before, after any) []historyChange {
	bf, af := map[string]string{}, map[string]string{}
	flatten("", before, bf, 0)
	flatten("", after, af, 0)
	var keys []string
	for k := range bf {
		keys = append(keys, k)
	}
	for k := range af {
		if _, dup := bf[k]; !dup {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []historyChange
	for _, k := range keys {
		if bf[k] == af[k] {
			continue
		}
		if len(out) == diffMaxFields {
			out = append(out, historyChange{Field: "…", Before: "", After: fmt.Sprintf("+%d", len(keys)-diffMaxFields)})
			break
		}
		out = append(out, historyChange{Field: k, Before: bf[k], After: af[k]})
	}
	return out
}

// flatten writes v's scalar values into out under their paths.
func flatten(path string, v any, out map[string]string, depth int) {
	if depth > diffMaxDepth {
		b, _ := json.Marshal(v)
		out[path] = cut(string(b))
		return
	}
	switch x := v.(type) {
	case nil:
		if path != "" {
			out[path] = "null"
		}
	case map[string]any:
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			flatten(p, e, out, depth+1)
		}
	case []any:
		if len(x) == 0 {
			out[path] = "[]"
		}
		for i, e := range x {
			flatten(fmt.Sprintf("%s[%d]", path, i), e, out, depth+1)
		}
	case string:
		out[orValue(path)] = cut(x)
	default:
		b, _ := json.Marshal(x)
		out[orValue(path)] = string(b)
	}
}

// orValue names a document that is a single value.
func orValue(path string) string {
	if path == "" {
		return "value"
	}
	return path
}

func cut(s string) string {
	if len([]rune(s)) <= diffMaxValue {
		return s
	}
	return string([]rune(s)[:diffMaxValue]) + "…"
}

// exportRoles may download an agreement's full export: administrators,
// and the customer's representatives, to whom the extract belongs. The
// route's action must allow no more than these (see routes.go).
var exportRoles = []auth.Role{auth.Admin, auth.Customer}

// agreementExport sends the agreement's data export as a zip. The zip is
// written to a temporary file first, then sent: the export reads one
// snapshot in a transaction, which on SQLite holds the only database
// connection, and must not wait on a slow download. The file keeps
// memory use flat however large the materials are.
func (s *Server) agreementExport(w http.ResponseWriter, r *Req) {
	if !slices.Contains(exportRoles, r.Role) {
		s.forbidden(w, r)
		return
	}
	f, err := os.CreateTemp("", "steerco-export-*.zip")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if _, err := export.Agreement(r.Context(), s.store, r.Agreement.Slug, f); err != nil {
		s.serverError(w, r, err)
		return
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.log.Info("agreement export", "agreement", r.Agreement.Slug, "user_id", r.User.ID, "bytes", size)
	name := fmt.Sprintf("%s-export-%s.zip", r.Agreement.Slug, s.cfg.Now().UTC().Format("20060102"))
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.Header().Set("Cache-Control", "no-store")
	io.Copy(w, f)
}

// accountExport sends the signed-in user their own personal data as JSON
// (what `steerco privacy export` gives an operator for anyone).
func (s *Server) accountExport(w http.ResponseWriter, r *Req) {
	var buf bytes.Buffer
	err := export.Person(r.Context(), s.store, r.User.Email, &buf)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	attachFile(w, "application/json; charset=utf-8", "steerco-personal-data.json", buf.Bytes())
}
