package api

import (
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

// Directory writes: the same store functions and the same rules as the
// web administration pages (internal/web/admin*.go). Every change runs in
// one store transaction whose check re-applies the permission rules to
// the fresh model and validates the whole changed model, so nothing is
// written when either fails.

// Limits of directory fields, in characters; the same as the web forms'.
const (
	maxName      = 200
	maxTitle     = 200
	maxTitles    = 20
	maxEmail     = 254
	maxPhone     = 50
	maxAttrKey   = 64
	maxAttrValue = 200
)

// errDenied is what an edit's check returns when the fresh model no
// longer allows the change (a permission lost meanwhile).
var errDenied = errors.New("not allowed")

// editor is the store.Editor of a change by r's user: allow applies the
// permission rules to the model before and after the change, then the
// whole changed model must pass the model rules.
func editor(r *Req, allow func(before, after *gov.Agreement) bool) store.Editor {
	return store.Editor{Actor: "user:" + r.User.Email, Check: func(before, after *gov.Agreement) error {
		if !allow(before, after) {
			return errDenied
		}
		return model.Validate(after)
	}}
}

// editFailed answers an edit the store refused; it reports whether it
// answered.
func (a *API) editFailed(w http.ResponseWriter, r *Req, err error) bool {
	var verrs model.Errors
	switch {
	case err == nil:
		return false
	case errors.Is(err, errDenied):
		writeError(w, errForbidden("you may not make this change"))
	case errors.Is(err, store.ErrNotFound):
		writeError(w, errNotFound("it no longer exists"))
	case errors.Is(err, store.ErrDuplicate):
		writeError(w, errConflict("it exists already"))
	case errors.As(err, &verrs):
		fields := make([]FieldError, len(verrs))
		for i, e := range verrs {
			fields[i] = FieldError{Field: e.Path, Message: e.Msg}
		}
		writeError(w, errValidation(fields...))
	default:
		a.internal(w, r, err)
	}
	return true
}

// today is the date in the agreement's time zone.
func (a *API) today(r *Req) string {
	loc, err := time.LoadLocation(r.Agreement.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return a.now().In(loc).Format(time.DateOnly)
}

// reload reads the agreement as stored after a change.
func (a *API) reload(w http.ResponseWriter, r *Req) *gov.Agreement {
	ag, err := a.store.Agreement(r.Context(), r.Agreement.Slug)
	if err != nil {
		a.internal(w, r, err)
		return nil
	}
	return ag
}

// --- parties ---------------------------------------------------------------

// PartyPatch is the body of PATCH .../parties/{party}: a new name, and
// dated attributes to set. An attribute with the key and from date of an
// existing one replaces its value; any other is added. The kind is not
// editable here: roles and rules hang on it (a model change).
type PartyPatch struct {
	Name       *string          `json:"name,omitempty"`
	Attributes []AttributeInput `json:"attributes,omitempty"`
}

// AttributeInput is one dated attribute of a party.
type AttributeInput struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	From  string `json:"from"`
}

// attrKeyRE is the form of an attribute key: the ids the model's rules
// refer to.
var attrKeyRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

func (a *API) updateParty(w http.ResponseWriter, r *Req) {
	p := r.Agreement.Party(r.PathValue("party"))
	if p == nil {
		writeError(w, errNotFound("no party "+r.PathValue("party")))
		return
	}
	var in PartyPatch
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	c := &checks{}
	name := p.Name
	if in.Name != nil {
		name = strings.TrimSpace(*in.Name)
		c.text("name", name, true, maxName)
	}
	var attrs []gov.Attribute
	for i, at := range in.Attributes {
		at.Key, at.Value, at.From = strings.TrimSpace(at.Key), strings.TrimSpace(at.Value), strings.TrimSpace(at.From)
		f := "attributes[" + itoa(i) + "]"
		c.text(f+".key", at.Key, true, maxAttrKey)
		if !c.has(f+".key") && !attrKeyRE.MatchString(at.Key) {
			c.add(f+".key", "use lower-case letters, digits, - and _, starting with a letter")
		}
		c.text(f+".value", at.Value, true, maxAttrValue)
		c.date(f+".from", at.From, true)
		attrs = append(attrs, gov.Attribute{Key: at.Key, Value: at.Value, From: at.From})
	}
	if c.failed(w) {
		return
	}
	slug := p.Slug
	allow := func(before, _ *gov.Agreement) bool {
		return auth.Can(r.Principal, before, auth.EditParties) && before.Party(slug) != nil
	}
	err := a.store.UpdateParty(r.Context(), r.Agreement.Slug, editor(r, allow), slug, name, attrs...)
	if a.editFailed(w, r, err) {
		return
	}
	if ag := a.reload(w, r); ag != nil {
		writeJSON(w, http.StatusOK, ag.Party(slug))
	}
}

// --- people ----------------------------------------------------------------

// PersonInput is the body of POST .../people. A representative adds
// people of their own organisation only: party may be left out, and any
// other party is refused; an administrator names the party.
type PersonInput struct {
	Name   string   `json:"name"`
	Party  string   `json:"party,omitempty"`
	Titles []string `json:"titles,omitempty"`
	Email  string   `json:"email,omitempty"`
	Phone  string   `json:"phone,omitempty"`
	Deputy string   `json:"deputy,omitempty"`
}

// PersonPatch is the body of PATCH .../people/{person}: the fields given
// replace the entry's; an empty string clears an optional one.
type PersonPatch struct {
	Name   *string   `json:"name,omitempty"`
	Party  *string   `json:"party,omitempty"`
	Titles *[]string `json:"titles,omitempty"`
	Email  *string   `json:"email,omitempty"`
	Phone  *string   `json:"phone,omitempty"`
	Deputy *string   `json:"deputy,omitempty"`
}

// editablePerson finds the person in the URL: 404 when r's user may not
// see them (or they do not exist), 403 when they may see but not edit.
func editablePerson(w http.ResponseWriter, r *Req) *gov.Person {
	p := r.Agreement.Person(r.PathValue("person"))
	if p == nil || !auth.CanSeePerson(r.Principal, r.Agreement, p) {
		writeError(w, errNotFound("no person "+r.PathValue("person")))
		return nil
	}
	if !auth.CanEditPerson(r.Principal, r.Agreement, p) {
		writeError(w, errForbidden("you may edit only your own organisation's people"))
		return nil
	}
	return p
}

// checkPerson checks a directory entry as it is to be stored; isNew
// tells a new entry (whose seats need no check) from a changed one. It
// answers 403 itself, returning false, when a representative names
// another organisation.
func checkPerson(w http.ResponseWriter, r *Req, p *gov.Person, isNew bool) (*checks, bool) {
	ag, pr := r.Agreement, r.Principal
	if !pr.Admin {
		if p.Party != "" && p.Party != pr.Party {
			writeError(w, errForbidden("you may add and edit only your own organisation's people"))
			return nil, false
		}
		p.Party = pr.Party
	}
	c := &checks{}
	p.Name = strings.TrimSpace(p.Name)
	c.text("name", p.Name, true, maxName)
	if pr.Admin {
		switch {
		case p.Party == "":
			c.add("party", "give the person's party")
		case ag.Party(p.Party) == nil:
			c.add("party", "no party "+p.Party+" in this agreement")
		}
	}
	var titles []string
	for _, t := range p.Titles {
		if t = strings.TrimSpace(t); t != "" {
			titles = append(titles, t)
		}
	}
	p.Titles = titles
	if len(titles) > maxTitles {
		c.add("titles", "at most "+itoa(maxTitles)+" titles")
	}
	for _, t := range titles {
		if c.has("titles") {
			break
		}
		c.text("titles", t, false, maxTitle)
	}
	p.Email, p.Phone = strings.TrimSpace(p.Email), strings.TrimSpace(p.Phone)
	c.email("email", p.Email)
	c.phone("phone", p.Phone)
	if p.Deputy != "" {
		d := ag.Person(p.Deputy)
		switch {
		case p.Deputy == p.Slug:
			c.add("deputy", "a person cannot be their own deputy")
		case d == nil || !auth.CanSeePerson(pr, ag, d):
			c.add("deputy", "no person "+p.Deputy+" in the directory")
		}
	}
	if !isNew && !c.has("party") {
		// Moving a person to a party that does not take part in a forum
		// where they still hold a seat would break the model.
		var forums []string
		for _, m := range ag.Memberships {
			if m.Person != p.Slug {
				continue
			}
			if f := ag.Forum(m.Forum); f != nil && len(f.Parties) > 0 && !slices.Contains(f.Parties, p.Party) && !slices.Contains(forums, f.Name) {
				forums = append(forums, f.Name)
			}
		}
		if len(forums) > 0 {
			c.add("party", "the party does not take part in forums where the person holds a seat: "+strings.Join(forums, ", ")+"; end those seats first")
		}
	}
	return c, true
}

func (a *API) createPerson(w http.ResponseWriter, r *Req) {
	var in PersonInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	p := gov.Person{Name: in.Name, Party: in.Party, Titles: in.Titles, Email: in.Email, Phone: in.Phone, Deputy: in.Deputy}
	c, ok := checkPerson(w, r, &p, true)
	if !ok || c.failed(w) {
		return
	}
	p.Slug = gov.Slugify(p.Name)
	slug, err := a.store.CreatePerson(r.Context(), r.Agreement.Slug, editor(r, auth.MayEditPeople(r.Principal)), p)
	if a.editFailed(w, r, err) {
		return
	}
	if ag := a.reload(w, r); ag != nil {
		w.Header().Set("Location", "/api/v1/agreements/"+ag.Slug+"/people/"+slug)
		writeJSON(w, http.StatusCreated, ag.Person(slug))
	}
}

func (a *API) updatePerson(w http.ResponseWriter, r *Req) {
	cur := editablePerson(w, r)
	if cur == nil {
		return
	}
	var in PersonPatch
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	p := *cur
	p.Titles = slices.Clone(cur.Titles)
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&p.Name, in.Name)
	set(&p.Party, in.Party)
	set(&p.Email, in.Email)
	set(&p.Phone, in.Phone)
	set(&p.Deputy, in.Deputy)
	if in.Titles != nil {
		p.Titles = *in.Titles
	}
	c, ok := checkPerson(w, r, &p, false)
	if !ok || c.failed(w) {
		return
	}
	if len(p.Titles) == 0 {
		p.Titles = nil
	}
	err := a.store.UpdatePerson(r.Context(), r.Agreement.Slug, editor(r, auth.MayEditPeople(r.Principal)), p)
	if a.editFailed(w, r, err) {
		return
	}
	if ag := a.reload(w, r); ag != nil {
		writeJSON(w, http.StatusOK, ag.Person(p.Slug))
	}
}

// deletePerson removes a directory entry. It refuses, with 409, while the
// person holds a seat or stands in as someone's deputy: ending a seat is a
// decision of its own, and a deputy silently dropped would leave someone
// without one.
func (a *API) deletePerson(w http.ResponseWriter, r *Req) {
	cur := editablePerson(w, r)
	if cur == nil {
		return
	}
	err := a.store.DeletePerson(r.Context(), r.Agreement.Slug, editor(r, auth.MayEditPeople(r.Principal)), cur.Slug, a.today(r))
	var inUse *store.InUseError
	if errors.As(err, &inUse) {
		e := errConflict(inUseText(r, cur, inUse))
		e.Code = "in_use"
		writeError(w, e)
		return
	}
	if a.editFailed(w, r, err) {
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// inUseText explains why a person cannot be removed yet. Forums and
// people the caller may not see are counted but not named.
func inUseText(r *Req, p *gov.Person, e *store.InUseError) string {
	ag := r.Agreement
	var msgs []string
	if len(e.Seats) > 0 {
		var forums []string
		hidden := 0
		for _, m := range e.Seats {
			f := ag.Forum(m.Forum)
			switch {
			case f == nil || !auth.CanSeeForum(r.Principal, ag, f):
				hidden++
			case !slices.Contains(forums, f.Name):
				forums = append(forums, f.Name)
			}
		}
		if hidden > 0 {
			forums = append(forums, itoa(hidden)+" other forum(s)")
		}
		msgs = append(msgs, p.Name+" holds a seat in "+strings.Join(forums, ", ")+"; end the seats first.")
	}
	if len(e.DeputyFor) > 0 {
		var names []string
		for _, slug := range e.DeputyFor {
			if q := ag.Person(slug); q != nil && auth.CanSeePerson(r.Principal, ag, q) {
				names = append(names, q.Name)
			} else {
				names = append(names, "someone")
			}
		}
		msgs = append(msgs, p.Name+" is the deputy of "+strings.Join(names, ", ")+"; name another deputy first.")
	}
	return strings.Join(msgs, " ")
}

// --- memberships -----------------------------------------------------------

// maySeat allows a change of seat m when r's user may edit memberships
// and see both the forum and the person in the fresh model.
func maySeat(pr auth.Principal, m gov.Membership) func(before, after *gov.Agreement) bool {
	return func(before, _ *gov.Agreement) bool {
		f, p := before.Forum(m.Forum), before.Person(m.Person)
		return auth.Can(pr, before, auth.EditMemberships) && f != nil && p != nil &&
			auth.CanSeeForum(pr, before, f) && auth.CanSeePerson(pr, before, p)
	}
}

func (a *API) createMembership(w http.ResponseWriter, r *Req) {
	var in gov.Membership
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	ag, pr := r.Agreement, r.Principal
	c := &checks{}
	p, f := ag.Person(in.Person), ag.Forum(in.Forum)
	switch {
	case in.Person == "":
		c.add("person", "give the person's id")
	case p == nil || !auth.CanSeePerson(pr, ag, p):
		c.add("person", "no person "+in.Person+" in the directory")
	}
	switch {
	case in.Forum == "":
		c.add("forum", "give the forum's id")
	case f == nil || !auth.CanSeeForum(pr, ag, f):
		c.add("forum", "no forum "+in.Forum)
	}
	if !slices.Contains(gov.SeatRoles, in.Role) {
		c.add("role", "choose chair, vice-chair, secretary, member, deputy or expert")
	}
	c.date("from", in.From, true)
	c.date("to", in.To, false)
	if !c.has("from") && !c.has("to") && in.To != "" && in.To < in.From {
		c.add("to", "the last day is before the first")
	}
	if !c.has("person") && !c.has("forum") && len(f.Parties) > 0 && !slices.Contains(f.Parties, p.Party) {
		c.add("forum", p.Party+" does not take part in "+f.Name)
	}
	if c.failed(w) {
		return
	}
	err := a.store.AddMembership(r.Context(), ag.Slug, editor(r, maySeat(pr, in)), in)
	if errors.Is(err, store.ErrDuplicate) {
		writeError(w, errConflict("the person already holds this seat from "+in.From))
		return
	}
	if a.editFailed(w, r, err) {
		return
	}
	writeJSON(w, http.StatusCreated, in)
}

// endMembership sets a seat's last day: the body names the seat by its
// person, forum, role and first day, and gives the last day in "to".
func (a *API) endMembership(w http.ResponseWriter, r *Req) {
	var in gov.Membership
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	ag := r.Agreement
	key := gov.Membership{Person: in.Person, Forum: in.Forum, Role: in.Role, From: in.From}
	var cur *gov.Membership
	for i, m := range ag.Memberships {
		if m.Person == key.Person && m.Forum == key.Forum && m.Role == key.Role && m.From == key.From {
			cur = &ag.Memberships[i]
		}
	}
	// A seat the caller may not see does not exist for them.
	if cur == nil || !maySeat(r.Principal, key)(ag, ag) {
		writeError(w, errNotFound("no such seat: "+key.Person+" as "+string(key.Role)+" of "+key.Forum+" from "+key.From))
		return
	}
	c := &checks{}
	c.date("to", in.To, true)
	if !c.has("to") && in.To < key.From {
		c.add("to", "the last day is before the seat's first day "+key.From)
	}
	if c.failed(w) {
		return
	}
	err := a.store.EndMembership(r.Context(), ag.Slug, editor(r, maySeat(r.Principal, key)), key, in.To)
	if a.editFailed(w, r, err) {
		return
	}
	key.To = in.To
	writeJSON(w, http.StatusOK, key)
}
