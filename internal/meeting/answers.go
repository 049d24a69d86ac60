package meeting

import (
	"context"
	"fmt"
	"slices"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Invitees answer in steerco (issue 19): attend, absent, or "my deputy
// attends". An absent seat-holder's deputy is invited in the order the
// model gives: the person's own deputy first, then the forum's deputy
// seats of the same party in the model's order, skipping anyone already
// standing in for someone or absent themselves. The attendance form
// starts from the answers, and so does the quorum.

// The answers.
const (
	AnswerAttend = "attend"
	AnswerAbsent = "absent"
	AnswerDeputy = "deputy"
)

// invitee reports whether x is invited to m: seated in the forum on its
// date, or invited as someone's deputy.
func invitee(x Actor, a *gov.Agreement, f *gov.Forum, m *gov.Meeting, answers []store.MeetingAnswer) bool {
	if x.Person == nil {
		return false
	}
	if x.seat(a, f, m.LocalDate) != "" {
		return true
	}
	return slices.ContainsFunc(answers, func(an store.MeetingAnswer) bool { return an.Deputy == x.Person.Slug })
}

// CanAnswer: the invitees answer before the meeting begins.
func CanAnswer(x Actor, a *gov.Agreement, f *gov.Forum, m *gov.Meeting, answers []store.MeetingAnswer) bool {
	return (m.State == gov.AgendaPublished || m.State == gov.Planned) && invitee(x, a, f, m, answers)
}

// deputyFor finds the deputy to invite for holder, in the model's order.
func deputyFor(a *gov.Agreement, f *gov.Forum, m *gov.Meeting, holder *gov.Person, answers []store.MeetingAnswer) *gov.Person {
	taken := map[string]bool{holder.Slug: true}
	for _, an := range answers {
		if an.Deputy != "" && an.Person != holder.Slug {
			taken[an.Deputy] = true
		}
		if an.Answer != AnswerAttend {
			taken[an.Person] = true
		}
	}
	var order []string
	if holder.Deputy != "" {
		order = append(order, holder.Deputy)
	}
	for _, ms := range a.Memberships {
		if ms.Forum == f.Slug && ms.Role == gov.RoleDeputy && ms.ActiveOn(m.LocalDate) {
			if p := a.Person(ms.Person); p != nil && p.Party == holder.Party {
				order = append(order, p.Slug)
			}
		}
	}
	for _, slug := range order {
		if p := a.Person(slug); p != nil && !taken[slug] {
			return p
		}
	}
	return nil
}

// Answer records the actor's answer to the meeting's invitation. Absent,
// or "my deputy attends", invites the next deputy in the model's order
// with the meeting's invitation; "my deputy attends" is refused when the
// model gives no deputy who could come.
func (s *Service) Answer(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, answer string) (*store.MeetingAnswer, error) {
	if !slices.Contains([]string{AnswerAttend, AnswerAbsent, AnswerDeputy}, answer) {
		return nil, gov.Invalid(fieldErr("answer", "answers.invalid", "answer attend, absent or deputy"))
	}
	var out *store.MeetingAnswer
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		answers, err := tx.Answers(ctx, m.ID)
		if err != nil {
			return err
		}
		if !invitee(x, a, sc.f, m, answers) {
			return forbidden("answers.forbidden", "answer this invitation: you are not invited")
		}
		if (m.State != gov.AgendaPublished && m.State != gov.Planned) || !s.Now().Before(m.Start) {
			return errf(gov.CodeConflict, "answers.closed", "the meeting is {State}; answers are given before it begins", "State", m.State)
		}
		an := &store.MeetingAnswer{MeetingID: m.ID, Person: x.Person.Slug, Answer: answer, AnsweredAt: s.Now()}
		// A deputy who cannot come passes the seat on: the holder's
		// answer is what finds the next deputy.
		holder := x.Person
		for _, other := range answers {
			if other.Deputy == x.Person.Slug && answer != AnswerAttend {
				if p := a.Person(other.Person); p != nil {
					holder = p
				}
			}
		}
		var dep *gov.Person
		if answer != AnswerAttend {
			rest := slices.DeleteFunc(slices.Clone(answers), func(o store.MeetingAnswer) bool { return o.Person == x.Person.Slug })
			rest = append(rest, *an)
			dep = deputyFor(a, sc.f, m, holder, rest)
			if dep == nil && answer == AnswerDeputy {
				return errf(gov.CodeConflict, "answers.nodeputy", "the model gives no deputy who could come in your place; answer absent")
			}
		}
		if dep != nil {
			if holder.Slug == x.Person.Slug {
				an.Deputy = dep.Slug
			} else {
				// The holder's deputy changes; this deputy is simply absent.
				for _, other := range answers {
					if other.Person == holder.Slug {
						other.Deputy = dep.Slug
						if err := tx.SetAnswer(ctx, &other); err != nil {
							return err
						}
					}
				}
			}
		}
		if err := tx.SetAnswer(ctx, an); err != nil {
			return err
		}
		if dep != nil && dep.Email != "" {
			if err := s.inviteDeputy(ctx, tx, sc, m, holder, dep); err != nil {
				return err
			}
		}
		out = an
		after := map[string]any{"person": x.Person.Name, "answer": answer}
		if dep != nil {
			after["deputy"] = dep.Name
		}
		return s.audit(ctx, tx, x, "meeting.answer", m, after)
	})
	return out, err
}

// inviteDeputy sends the meeting's invitation to a deputy standing in
// for holder.
func (s *Service) inviteDeputy(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, holder, dep *gov.Person) error {
	items, err := tx.Items(ctx, m.ID)
	if err != nil {
		return err
	}
	answers, err := tx.Answers(ctx, m.ID)
	if err != nil {
		return err
	}
	to := invited(sc.a, sc.f, m, answers)
	ics := s.invitation(sc, m, to, items, answers)
	subject := s.t(sc.a, "answers.mail.deputy.subject", "Forum", sc.f.Name, "When", s.when(sc, m))
	body := s.t(sc.a, "answers.mail.deputy.body", "Forum", sc.f.Name, "When", s.when(sc, m), "Name", holder.Name)
	_, err = s.enqueue(ctx, tx, sc, m, "invitation-deputy", fmt.Sprintf("deputy:%d:%d:%s", m.ID, m.ICalSequence, holder.Slug), *dep, subject, body, ics)
	return err
}

// invited are the forum's members on the meeting's date and the deputies
// invited in someone's place.
func invited(a *gov.Agreement, f *gov.Forum, m *gov.Meeting, answers []store.MeetingAnswer) []gov.Person {
	out := members(a, f, m.LocalDate)
	for _, an := range answers {
		if p := a.Person(an.Deputy); p != nil && p.Email != "" && !slices.ContainsFunc(out, func(q gov.Person) bool { return q.Slug == p.Slug }) {
			out = append(out, *p)
		}
	}
	return out
}

// Answers reads a meeting's answers (for pages and the API).
func (s *Service) Answers(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) ([]store.MeetingAnswer, error) {
	var out []store.MeetingAnswer
	err := s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		if _, err := s.readRecord(ctx, tx, a, x, meetingID); err != nil {
			return err
		}
		var err error
		out, err = tx.Answers(ctx, meetingID)
		return err
	})
	return out, err
}

// partstat is an invitee's iCalendar participation status.
func partstat(slug string, answers []store.MeetingAnswer) string {
	for _, an := range answers {
		if an.Person == slug {
			switch an.Answer {
			case AnswerAttend:
				return "ACCEPTED"
			case AnswerAbsent:
				return "DECLINED"
			case AnswerDeputy:
				return "DELEGATED"
			}
		}
	}
	return "NEEDS-ACTION"
}
