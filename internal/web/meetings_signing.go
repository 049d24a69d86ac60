package web

import (
	"net/http"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
)

// Checked and signed minutes on the meeting page (issue 19): choosing
// the checkers, signing or rejecting, the signatures, and the sealed PDF.

// mtgSigning is the signing section of the meeting page.
type mtgSigning struct {
	// Rule says who signs within how many working days.
	Rule     string
	Checkers []string
	// Choose: the viewer records the checkers; Options are the people
	// present, Chosen those chosen; Max how many at most.
	Choose  bool
	Options []mtgOption
	Chosen  map[string]bool
	Max     int
	// Rows are the signatures of the current version.
	Rows []mtgSignature
	// Sign: the viewer's signature is pending.
	Sign   bool
	Due    string
	Sealed bool
	Signed bool // sealed with the instance's PAdES signature
	SHA256 string
}

type mtgSignature struct {
	Name, Role, Status, At, Comment string
}

// signingView fills the page's signing section.
func (s *Server) signingView(r *Req, v *mtg, d *mtgView) {
	ck := v.f.Minutes.Checking
	if ck == nil {
		return
	}
	l, m, x := v.l, v.m, v.x
	sg, err := s.meetingSvc().SigningOf(r.Context(), r.Agreement, x, m.ID)
	if err != nil {
		s.log.Error("signing of meeting", "meeting", m.ID, "err", err)
		return
	}
	out := &mtgSigning{Max: ck.Checkers, Chosen: map[string]bool{}}
	switch {
	case ck.Chair && ck.Checkers > 0:
		out.Rule = l.t("signing.rule.both", "Count", ck.Checkers, "Days", ck.WithinWorkingDays)
	case ck.Chair:
		out.Rule = l.t("signing.rule.chair", "Days", ck.WithinWorkingDays)
	default:
		out.Rule = l.t("signing.rule.checkers", "Count", ck.Checkers, "Days", ck.WithinWorkingDays)
	}
	for _, c := range sg.Checkers {
		out.Checkers = append(out.Checkers, l.personLabel(c.Person, c.Name))
		out.Chosen[c.Person] = true
	}
	out.Choose = ck.Checkers > 0 && meeting.CanRecord(x, r.Agreement, v.f) &&
		(m.State == gov.Held || m.State == gov.MinutesDrafted || m.State == gov.MinutesSent)
	if out.Choose {
		for _, at := range v.att {
			if at.Present {
				out.Options = append(out.Options, mtgOption{at.Person, l.personLabel(at.Person, at.Name)})
			}
		}
	}
	version := 0
	if cur := v.latest(); cur != nil {
		version = cur.Version
	}
	if sg.Sealed != nil {
		version = sg.Sealed.Version
		out.Sealed, out.Signed, out.SHA256 = true, sg.Sealed.Signed, sg.Sealed.SHA256
	}
	for _, sig := range sg.Signatures {
		if sig.Version != version {
			continue
		}
		row := mtgSignature{Name: l.personLabel(sig.Person, sig.Name), Role: l.t("minutesdraft.checker." + sig.Role),
			Status: l.t("signing.status." + sig.Status), Comment: sig.Comment}
		if sig.SignedAt != nil {
			row.At = l.stampTime(*sig.SignedAt)
		}
		out.Rows = append(out.Rows, row)
		if sig.Status == "pending" && x.Person != nil && sig.Person == x.Person.Slug && m.State == gov.MinutesApproved {
			out.Sign, out.Due = true, l.dateText(sig.Due)
		}
	}
	d.Signing = out
}

// chooseCheckers records the checkers chosen at the meeting.
func (s *Server) chooseCheckers(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	err := s.meetingSvc().ChooseCheckers(r.Context(), r.Agreement, s.actor(r), id, r.PostForm["checker"])
	if errs, ok := s.fieldErrors(r.Lang, err, func(string) string { return "checkers" }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, mtgForm{}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "signing.flash.checkers", "signing")
}

// signMinutes signs the approved minutes (the chair or a checker).
func (s *Server) signMinutes(w http.ResponseWriter, r *Req) {
	s.meetingStep(w, r, "signing.flash.signed", "signing", func(svc *meeting.Service, id int64) error {
		return svc.SignMinutes(r.Context(), r.Agreement, s.actor(r), id)
	})
}

// rejectMinutes rejects the approved minutes with a comment.
func (s *Server) rejectMinutes(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	comment := strings.TrimSpace(r.PostFormValue("comment"))
	err := s.meetingSvc().RejectMinutes(r.Context(), r.Agreement, s.actor(r), id, comment)
	if errs, ok := s.fieldErrors(r.Lang, err, func(string) string { return "reject-comment" }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, mtgForm{RejectComment: comment}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "signing.flash.rejected", "minutes")
}
