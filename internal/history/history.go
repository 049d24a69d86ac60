// Package history reads an object's audit trail for its readers: which
// object types have a history, whether the reader may see the object
// (the same rules as the pages that show it; an object the reader may not
// see is not found), and each entry as who, when, what and the fields
// that changed, with people the directory hides from the reader hidden.
// The web's history page and the API's history route both call it.
package history

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Service reads histories from a store.
type Service struct{ st *store.Store }

// New returns a history service on st.
func New(st *store.Store) *Service { return &Service{st: st} }

// Types lists the object types that have a history.
func Types() []string {
	out := make([]string, 0, len(resolvers))
	for t := range resolvers {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// query is one reader's request.
type query struct {
	ctx  context.Context
	a    *gov.Agreement
	p    auth.Principal
	role auth.Role
}

// Object is the object whose history is read: its label and page.
type Object struct {
	Type, ID, Label, Href string
}

// Entry is one audit entry, readable.
type Entry struct {
	ID int64
	At time.Time
	// Actor is who acted as the reader may see them; Hidden is true
	// when the directory hides them from the reader (Actor is then "").
	Actor string
	// ActorName is the actor's name in the directory, when they are in it.
	ActorName string
	Hidden    bool
	Action    string
	Redacted  bool
	Changes   []Change
}

// Change is one field that changed: its path in the JSON and the values
// before and after ("" for none).
type Change struct{ Field, Before, After string }

// notFound is the answer for an object the reader may not see, or that
// is not there: the two are not told apart.
func notFound(typ, id string) error {
	return &gov.Error{Code: gov.CodeNotFound, Message: fmt.Sprintf("no %s %q", typ, id), ID: "error.notfound"}
}

// Of reads the history of the object typ/id of a for p (whose role in a
// is role), newest first. hidden replaces the names, e-mail addresses
// and phone numbers of people the directory hides from p wherever an
// entry holds them by value.
func (s *Service) Of(ctx context.Context, a *gov.Agreement, p auth.Principal, role auth.Role, typ, id, hidden string) (*Object, []Entry, error) {
	find, known := resolvers[typ]
	if !known || id == "" {
		return nil, nil, notFound(typ, id)
	}
	q := &query{ctx: ctx, a: a, p: p, role: role}
	o, ok := find(s, q, id)
	if !ok {
		return nil, nil, notFound(typ, id)
	}
	entries, err := s.st.ObjectHistory(ctx, o.agreementID, typ, id)
	if err == nil && o.extra != nil {
		var more []store.AuditEntry
		more, err = o.extra()
		entries = append(entries, more...)
	}
	if err != nil {
		return nil, nil, err
	}
	if o.gone && len(entries) == 0 {
		return nil, nil, notFound(typ, id)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID > entries[j].ID })
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	rep := auth.HiddenPeople(p, a, hidden)
	var out []Entry
	for _, e := range entries {
		he := Entry{ID: e.ID, At: e.At.In(loc), Actor: e.Actor, Action: e.Action, Redacted: e.Redacted, Changes: diffJSON(e.Before, e.After)}
		if _, ok := auth.ActorShown(p, a, e.Actor); !ok {
			he.Actor, he.Hidden = "", true
		} else if email, isUser := strings.CutPrefix(e.Actor, "user:"); isUser {
			for i := range a.People {
				if a.People[i].Email != "" && strings.EqualFold(a.People[i].Email, email) {
					he.ActorName = a.People[i].Name
					break
				}
			}
		}
		if rep != nil {
			for i := range he.Changes {
				c := &he.Changes[i]
				c.Before, c.After = rep.Replace(c.Before), rep.Replace(c.After)
			}
		}
		out = append(out, he)
	}
	return &Object{Type: typ, ID: id, Label: o.Label, Href: o.Href}, out, nil
}

// historyTypes are the object types with a history page, each with the
// check that decides whether the user may see the object: the same rules
// as the pages that show it. An object the user may not see is not found.
var resolvers = map[string]func(s *Service, q *query, id string) (object, bool){
	"agreement":   ofAgreement,
	"party":       ofParty,
	"person":      ofPerson,
	"membership":  ofMembership,
	"meeting":     ofMeeting,
	"action_item": ofAction,
}

// object is what the page says about the object and how its
// entries are found.
type object struct {
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

func (s *Service) agreementRowID(q *query) (int64, error) {
	var id int64
	err := s.st.ReadMeetings(q.ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.AgreementID(q.ctx, q.a.Slug)
		return err
	})
	return id, err
}

func ofAgreement(s *Service, q *query, id string) (object, bool) {
	a := q.a
	if id != a.Slug {
		return object{}, false
	}
	aid, err := s.agreementRowID(q)
	return object{Label: a.Name, Href: "/a/" + a.Slug, agreementID: aid}, err == nil
}

func ofParty(s *Service, q *query, id string) (object, bool) {
	p := q.a.Party(id)
	if p == nil {
		return object{}, false
	}
	aid, err := s.agreementRowID(q)
	return object{Label: p.Name, Href: "/a/" + q.a.Slug + "/parties/" + p.Slug, agreementID: aid}, err == nil
}

// ofPerson: a directory entry the user may see. A person removed
// from the directory can no longer be checked against the rules that
// hid them; only an administrator sees their history.
func ofPerson(s *Service, q *query, id string) (object, bool) {
	a := q.a
	p := a.Person(id)
	switch {
	case p != nil && !auth.CanSeePerson(q.p, a, p):
		return object{}, false
	case p == nil && q.role != auth.Admin:
		return object{}, false
	}
	o := object{Label: id, gone: p == nil}
	if p != nil {
		o.Label, o.Href = p.Name, "/a/"+a.Slug+"/directory"
	}
	var err error
	o.agreementID, err = s.agreementRowID(q)
	return o, err == nil
}

// ofMembership: a seat (PERSON/FORUM/ROLE@FROM) in a forum the user
// sees, of a person they may see.
func ofMembership(s *Service, q *query, id string) (object, bool) {
	a := q.a
	person, rest, ok1 := strings.Cut(id, "/")
	forum, _, ok2 := strings.Cut(rest, "/")
	if !ok1 || !ok2 || !auth.Allowed(q.role, auth.ViewDirectory) {
		return object{}, false
	}
	f := a.Forum(forum)
	if f == nil || !auth.CanSeeForum(q.p, a, f) {
		return object{}, false
	}
	if p := a.Person(person); p != nil && !auth.CanSeePerson(q.p, a, p) || p == nil && q.role != auth.Admin {
		return object{}, false
	}
	aid, err := s.agreementRowID(q)
	return object{Label: id, Href: "/a/" + a.Slug + "/forums/" + f.Slug, agreementID: aid, gone: a.Person(person) == nil}, err == nil
}

// ofMeeting: a meeting of the agreement in a forum the user sees.
func ofMeeting(s *Service, q *query, id string) (object, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return object{}, false
	}
	var m *gov.Meeting
	err = s.st.ReadMeetings(q.ctx, func(tx *store.Tx) error {
		m, err = tx.Meeting(q.ctx, q.a.Slug, n, false)
		return err
	})
	if err != nil {
		return object{}, false
	}
	f := q.a.Forum(m.Forum)
	if f == nil || !auth.CanSeeForum(q.p, q.a, f) {
		return object{}, false
	}
	return object{Label: m.Title + " " + m.LocalDate, Href: fmt.Sprintf("/a/%s/meetings/%d", q.a.Slug, m.ID)}, true
}

// ofAction: an action item of the agreement in a forum the user
// sees. Its creation is recorded on its meeting (action.create).
func ofAction(s *Service, q *query, id string) (object, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return object{}, false
	}
	var ai *gov.ActionItem
	err = s.st.ReadMeetings(q.ctx, func(tx *store.Tx) error {
		ai, err = tx.ActionItem(q.ctx, q.a.Slug, n)
		return err
	})
	if err != nil {
		return object{}, false
	}
	f := q.a.Forum(ai.Forum)
	if f == nil || !auth.CanSeeForum(q.p, q.a, f) {
		return object{}, false
	}
	o := object{Label: ai.Title, Href: "/a/" + q.a.Slug + "/actions"}
	if ai.MeetingID != 0 {
		o.extra = func() ([]store.AuditEntry, error) {
			es, err := s.st.ObjectHistory(q.ctx, 0, "meeting", fmt.Sprint(ai.MeetingID))
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
func diffJSON(before, after json.RawMessage) []Change {
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

func diffValues(before, after any) []Change {
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
	var out []Change
	for _, k := range keys {
		if bf[k] == af[k] {
			continue
		}
		if len(out) == diffMaxFields {
			out = append(out, Change{Field: "…", Before: "", After: fmt.Sprintf("+%d", len(keys)-diffMaxFields)})
			break
		}
		out = append(out, Change{Field: k, Before: bf[k], After: af[k]})
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
