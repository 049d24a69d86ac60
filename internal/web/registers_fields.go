package web

import (
	"strings"
	"time"
)

// Form fields of the incident, deficiency and risk registers (issue 6),
// built here and drawn by the "regfield" partial, so that every field
// gets its label, help and error the same accessible way.

// regField is one form field.
type regField struct {
	ID, Name, Label, Value, Help, Error string
	// Type is an input type, "select" or "textarea".
	Type     string
	Rows     int
	Options  []cmpOption
	Required bool
}

// Describe is the ids the field's aria-describedby names.
func (f regField) Describe() string {
	var ids []string
	if f.Help != "" {
		ids = append(ids, f.ID+"-help")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// regForm builds fields whose ids are prefix + name and whose errors come
// from errs (renamed the same way).
type regForm struct {
	s      *Server
	r      *Req
	prefix string
	errs   []FieldError
}

func (f regForm) field(name, typ, label, value string) regField {
	id := f.prefix + name
	out := regField{ID: id, Name: name, Label: f.s.cat.T(f.r.Lang, label), Value: value, Type: typ, Rows: 4}
	for _, e := range f.errs {
		if e.Field == id {
			out.Error = e.Msg
		}
	}
	return out
}

func (f regForm) text(name, label, value string) regField { return f.field(name, "text", label, value) }

func (f regForm) area(name, label, value string) regField {
	return f.field(name, "textarea", label, value)
}

func (f regForm) choose(name, label, value string, opts []cmpOption) regField {
	out := f.field(name, "select", label, value)
	out.Options = opts
	return out
}

func (f regForm) help(fl regField, id string) regField {
	fl.Help = f.s.cat.T(f.r.Lang, id)
	return fl
}

// rename maps a service's field name to the form's id.
func (f regForm) rename(field string) string { return f.prefix + field }

// localInput is the value of a datetime-local input in the agreement's
// time zone.
func localInput(r *Req, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(agreementLoc(r.Agreement)).Format("2006-01-02T15:04")
}

// parseLocal reads a datetime-local input in the agreement's time zone;
// the zero time when it does not parse (the service then says what is
// missing).
func parseLocal(r *Req, s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(s), agreementLoc(r.Agreement))
	if err != nil {
		return time.Time{}
	}
	return t
}

// withChoose puts a "choose…" option first.
func (s *Server) withChoose(r *Req, opts []cmpOption) []cmpOption {
	return append([]cmpOption{{"", s.cat.T(r.Lang, "complaints.choose")}}, opts...)
}
