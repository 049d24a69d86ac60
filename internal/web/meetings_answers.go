package web

import (
	"math"
	"net/http"

	"github.com/steerco/steerco/internal/meeting"
)

// Invitees' answers on the meeting page (issue 19): the viewer's own
// answer, and who is coming.

// mtgAnswers is the answers section.
type mtgAnswers struct {
	// Can: the viewer is invited and may answer now; Mine is their
	// answer ("" for none), MyDeputy the deputy invited in their place.
	Can            bool
	Mine, MyDeputy string
	Choices        []mtgOption
	Rows           []mtgAnswer
	// Coming counts those who said they attend and the deputies invited;
	// Absent those who will not come; Invited every seat-holder.
	Coming, Absent, Invited int
	// Quorum says, where the model sets one, whether the answers reach it.
	Quorum string
}

type mtgAnswer struct{ Name, Answer, Deputy string }

func (s *Server) answersView(v *mtg, d *mtgView) {
	l, m, x := v.l, v.m, v.x
	out := &mtgAnswers{Can: meeting.CanAnswer(x, l.a, v.f, m, v.answers) && l.now.Before(m.Start)}
	seats := map[string]bool{}
	for _, ms := range l.a.Memberships {
		if ms.Forum == v.f.Slug && ms.ActiveOn(m.LocalDate) {
			seats[ms.Person] = true
		}
	}
	out.Invited = len(seats)
	for _, c := range []string{meeting.AnswerAttend, meeting.AnswerAbsent, meeting.AnswerDeputy} {
		out.Choices = append(out.Choices, mtgOption{c, l.t("answers.choice." + c)})
	}
	for _, an := range v.answers {
		row := mtgAnswer{Name: l.personLabel(an.Person, an.Person), Answer: l.t("answers.answer." + an.Answer)}
		if an.Deputy != "" {
			row.Deputy = l.personLabel(an.Deputy, an.Deputy)
			out.Coming++
		}
		if an.Answer == meeting.AnswerAttend {
			out.Coming++
		} else {
			out.Absent++
		}
		out.Rows = append(out.Rows, row)
		if x.Person != nil && an.Person == x.Person.Slug {
			out.Mine, out.MyDeputy = an.Answer, row.Deputy
		}
	}
	if q := v.f.Decision.Quorum; q > 0 && out.Invited > 0 {
		needed := int(math.Ceil(q*float64(out.Invited) - 1e-9))
		id := "answers.quorum.short"
		if out.Invited-out.Absent >= needed && out.Coming >= needed {
			id = "answers.quorum.reached"
		}
		out.Quorum = l.t(id, "Needed", needed, "Coming", out.Coming)
	}
	if out.Can || len(out.Rows) > 0 {
		d.Answers = out
	}
}

// answerMeeting records the viewer's answer to the invitation.
func (s *Server) answerMeeting(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	_, err := s.meetingSvc().Answer(r.Context(), r.Agreement, s.actor(r), id, r.PostFormValue("answer"))
	if errs, ok := s.fieldErrors(r.Lang, err, func(string) string { return "answer" }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, mtgForm{}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "answers.flash.saved", "answers")
}
