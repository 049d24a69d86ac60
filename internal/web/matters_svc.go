package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/matter"
)

// matterSvc is the matter service on the server's store and clock; like
// meetingSvc it holds no state, so one is built per use.
func (s *Server) matterSvc() *matter.Service {
	svc := matter.New(s.store)
	svc.Now = s.cfg.Now
	return svc
}

// mtrURL is a path inside the request's agreement.
func mtrURL(r *Req, format string, args ...any) string {
	return "/a/" + r.Agreement.Slug + fmt.Sprintf(format, args...)
}

// mtrLocalise turns the matter service's own argument types (statuses,
// kinds, outcomes, effects) into words before govText formats the rest,
// so that its refusals read in the reader's language.
func (s *Server) mtrLocalise(lang string, err error) error {
	var e *gov.Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	c.Args = s.mtrArgs(lang, e.Args)
	c.Fields = make([]gov.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		f.Args = s.mtrArgs(lang, f.Args)
		c.Fields[i] = f
	}
	return &c
}

func (s *Server) mtrArgs(lang string, args []any) []any {
	out := make([]any, len(args))
	for i, v := range args {
		switch x := v.(type) {
		case matter.Status:
			v = s.cat.T(lang, "mattersui.status."+string(x))
		case matter.Kind:
			v = s.cat.T(lang, "mattersui.kind."+string(x))
		case matter.Effect:
			v = s.cat.T(lang, "mattersui.effect."+string(x))
		}
		out[i] = v
	}
	return out
}

// mtrFail answers a refusal of the matter service, translated.
func (s *Server) mtrFail(w http.ResponseWriter, r *Req, err error) {
	s.fail(w, r, s.mtrLocalise(r.Lang, err))
}

// mtrFieldErrors is fieldErrors for the matter service's errors, with
// each field renamed to the form's id by prefix; a refusal that is no
// validation error but concerns the form (a conflict or a refusal of
// this user) is shown on the form too, tied to field, so that the user sees it where they typed.
func (s *Server) mtrFieldErrors(lang string, err error, prefix, field string) ([]FieldError, bool) {
	err = s.mtrLocalise(lang, err)
	if errs, ok := s.fieldErrors(lang, err, func(f string) string { return prefix + f }); ok {
		return errs, true
	}
	var e *gov.Error
	if field != "" && errors.As(err, &e) && (e.Code == gov.CodeConflict || e.Code == gov.CodeForbidden) {
		return []FieldError{{Field: field, Msg: s.errorText(lang, e)}}, true
	}
	return nil, false
}

// mtrStatus is the HTTP status of a refusal shown on its form.
func mtrStatus(err error) int {
	switch gov.CodeOf(err) {
	case gov.CodeConflict:
		return http.StatusConflict
	case gov.CodeForbidden:
		return http.StatusForbidden
	}
	return http.StatusUnprocessableEntity
}

// mtrResult says a decision's result in the reader's language: what
// was decided, the weighted tally and how many abstained, as the
// service's English text does.
func (l *lens) mtrResult(d *matter.Decision) string {
	r := d.Result
	if d.Voting {
		return l.t("mattersui.result.voting")
	}
	abstained := 0
	for _, v := range d.Votes {
		if v.Choice == decision.Abstain {
			abstained++
		}
	}
	yes, no := l.num(r.Yes), l.num(r.No)
	how := l.t("mattersui.result.majority")
	if d.Weighted {
		how = l.t("mattersui.result.weighted")
	}
	var text string
	switch {
	case d.Method == matter.MethodDuty:
		text = l.t("mattersui.result.duty")
		if d.DutyPersonName != "" {
			text = l.t("mattersui.result.dutyperson", "Name", l.personLabel(d.DutyPerson, d.DutyPersonName))
		}
		if d.TermFrom != "" || d.TermTo != "" {
			text += " " + l.t("mattersui.result.term", "From", l.dateText(d.TermFrom), "To", l.dateText(d.TermTo))
		}
		return text
	case r.Outcome == decision.NoQuorum:
		return l.t("mattersui.result.noquorum", "Present", r.Present, "Eligible", r.Eligible, "Needed", r.QuorumNeeded)
	case d.Method == matter.MethodConsensus && r.Outcome == decision.Passed:
		return l.t("mattersui.result.consensus")
	case d.Method == matter.MethodConsensus:
		return l.t("mattersui.result.noconsensus")
	case r.Consensus && r.Outcome == decision.Passed:
		text = l.t("mattersui.result.consensus")
	case r.Consensus:
		text = l.t("mattersui.result.noconsensus")
	case r.CastingVote:
		text = l.t("mattersui.result.casting."+string(r.Outcome), "Yes", yes, "No", no)
	case r.Yes == r.No:
		text = l.t("mattersui.result.tied", "Yes", yes, "No", no)
	default:
		text = l.t("mattersui.result."+string(r.Outcome), "Yes", yes, "No", no, "How", how)
	}
	if abstained > 0 {
		text += "; " + l.t("mattersui.result.abstained", "Count", abstained)
	}
	return text
}

// num writes a weight the language's way (9, 2,5).
func (l *lens) num(f float64) string { return i18n.Number(l.lang, f) }

// mtrForumOptions are the forums the viewer sees, for filters and forms.
func (l *lens) mtrForumOptions(keep func(*gov.Forum) bool) []mtgOption {
	var out []mtgOption
	for i := range l.a.Forums {
		if f := &l.a.Forums[i]; l.seesForum(f) && (keep == nil || keep(f)) {
			out = append(out, mtgOption{f.Slug, f.Name})
		}
	}
	return out
}

// mtrForumName names a forum the viewer may see, else its slug.
func (l *lens) mtrForumName(slug string) string {
	if f := l.visibleForum(slug); f != nil {
		return f.Name
	}
	return slug
}
