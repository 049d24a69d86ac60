package meeting

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/minutesdoc"
	"github.com/steerco/steerco/internal/pades"
	"github.com/steerco/steerco/internal/store"
)

// Checked and signed minutes (pöytäkirjan tarkastus, justering av
// protokoll): where the model's minutes rule has checking, the approved
// minutes are signed by the meeting's chair and the checkers chosen at
// the meeting within a window of working days; a checker may reject them
// with a comment, which sends them back to the writer for a new version.
// When all have signed, the minutes PDF is printed in the agreement's
// language with the signers and the audit trail's head hash, sealed with
// the instance's PAdES signature and stored: that PDF is the record.

// Signature statuses.
const (
	sigPending  = "pending"
	sigSigned   = "signed"
	sigRejected = "rejected"
	sigVoid     = "void" // another signer rejected the version
)

// MeetingChair is the person chairing meeting m: the attendee recorded as
// chair, else the person holding the forum's chair seat on its date (the
// chair elected for the year, or at the meeting, as the model says).
func MeetingChair(a *gov.Agreement, f *gov.Forum, m *gov.Meeting, attendees []gov.Attendee) *gov.Person {
	for _, at := range attendees {
		if at.Role == string(gov.RoleChair) && at.Present {
			if p := a.Person(at.Person); p != nil {
				return p
			}
		}
	}
	for _, ms := range a.Memberships {
		if ms.Forum == f.Slug && ms.Role == gov.RoleChair && ms.ActiveOn(m.LocalDate) {
			if p := a.Person(ms.Person); p != nil {
				return p
			}
		}
	}
	return nil
}

// ChooseCheckers records the checkers chosen at the meeting (the convener
// or the minute-taker): people present at it, as many as the model says
// at most, before the minutes are approved.
func (s *Service) ChooseCheckers(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, people []string) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		ck := sc.f.Minutes.Checking
		if ck == nil || ck.Checkers == 0 {
			return errf(gov.CodeConflict, "signing.nocheckers", "the model of {Forum} names no checkers", "Forum", sc.f.Name)
		}
		if !CanRecord(x, a, sc.f) {
			return forbidden("signing.forbidden.choose", "choose the checkers of {Forum}", "Forum", sc.f.Name)
		}
		switch m.State {
		case gov.Held, gov.MinutesDrafted, gov.MinutesSent:
		default:
			return errf(gov.CodeConflict, "signing.choose.state", "the meeting is {State}; checkers are chosen after it is held and before the minutes are approved", "State", m.State)
		}
		att, err := tx.Attendance(ctx, m.ID)
		if err != nil {
			return err
		}
		var fs []gov.FieldError
		var cs []store.MinutesChecker
		seen := map[string]bool{}
		for i, slug := range people {
			p := a.Person(slug)
			present := slices.ContainsFunc(att, func(at gov.Attendee) bool { return at.Person == slug && at.Present })
			switch {
			case p == nil:
				fs = append(fs, fieldErr(fmt.Sprintf("people[%d]", i), "meeterr.noperson", `no person "{Person}" in the directory`, "Person", slug))
			case !present:
				fs = append(fs, fieldErr(fmt.Sprintf("people[%d]", i), "signing.choose.absent", "{Name} was not present at the meeting", "Name", p.Name))
			case seen[slug]:
				fs = append(fs, fieldErr(fmt.Sprintf("people[%d]", i), "meeterr.attendance.twice", "{Name} is listed twice", "Name", p.Name))
			default:
				seen[slug] = true
				cs = append(cs, store.MinutesChecker{Person: p.Slug, Name: p.Name, ChosenBy: x.Name(), ChosenAt: s.Now()})
			}
		}
		if len(people) == 0 || len(people) > ck.Checkers {
			fs = append(fs, fieldErr("people", "signing.choose.count", "choose from 1 to {Count} checkers", "Count", ck.Checkers))
		}
		if len(fs) > 0 {
			return gov.Invalid(fs...)
		}
		if err := tx.SetCheckers(ctx, m.ID, cs); err != nil {
			return err
		}
		names := make([]string, len(cs))
		for i, c := range cs {
			names[i] = c.Name
		}
		return s.audit(ctx, tx, x, "minutes.checkers", m, map[string]any{"checkers": names})
	})
}

// signersReady refuses submitting minutes that could not be signed: the
// chair unknown, or no checkers chosen, where the model wants them.
func signersReady(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting) error {
	ck := sc.f.Minutes.Checking
	if ck == nil {
		return nil
	}
	if ck.Chair {
		att, err := tx.Attendance(ctx, m.ID)
		if err != nil {
			return err
		}
		if MeetingChair(sc.a, sc.f, m, att) == nil {
			return errf(gov.CodeConflict, "signing.nochair", "record who chaired the meeting: the chair signs the minutes")
		}
	}
	if ck.Checkers > 0 {
		cs, err := tx.Checkers(ctx, m.ID)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return errf(gov.CodeConflict, "signing.choosefirst", "choose the checkers chosen at the meeting before submitting the minutes")
		}
	}
	return nil
}

// openSignatures asks the chair and the checkers to sign approved
// minutes, within the model's window counted from today.
func (s *Service) openSignatures(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, mn *gov.Minutes, att []gov.Attendee) error {
	ck := sc.f.Minutes.Checking
	due := sc.cal.AddWorkingDays(sc.today(s.Now()), ck.WithinWorkingDays).String()
	var sigs []store.MinutesSignature
	if ck.Chair {
		if p := MeetingChair(sc.a, sc.f, m, att); p != nil {
			sigs = append(sigs, store.MinutesSignature{Person: p.Slug, Name: p.Name, Email: p.Email, Role: "chair"})
		}
	}
	cs, err := tx.Checkers(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if slices.ContainsFunc(sigs, func(sg store.MinutesSignature) bool { return sg.Person == c.Person }) {
			continue // the chair chosen as a checker signs once
		}
		p := sc.a.Person(c.Person)
		email := ""
		if p != nil {
			email = p.Email
		}
		sigs = append(sigs, store.MinutesSignature{Person: c.Person, Name: c.Name, Email: email, Role: "checker"})
	}
	subject := s.t(sc.a, "signing.mail.sign.subject", "Forum", sc.f.Name, "Date", m.LocalDate)
	body := s.t(sc.a, "signing.mail.sign.body", "Forum", sc.f.Name, "Date", m.LocalDate, "Due", due)
	for i := range sigs {
		sg := &sigs[i]
		sg.MeetingID, sg.Version, sg.Status, sg.Due = m.ID, mn.Version, sigPending, due
		if err := tx.InsertSignature(ctx, sg); err != nil {
			return err
		}
		if sg.Email != "" {
			if _, err := s.enqueue(ctx, tx, sc, m, "minutes-sign", fmt.Sprintf("sign:%d:%d", m.ID, mn.Version), gov.Person{Name: sg.Name, Email: sg.Email}, subject, body, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// mySignature finds the actor's pending signature of the approved
// version, refusing someone who is not a signer (403), a second signature
// (409) and a signature after the window (409, naming the deadline).
func (s *Service) mySignature(ctx context.Context, tx *store.Tx, sc *scope, x Actor, m *gov.Meeting) (*store.MinutesSignature, []store.MinutesSignature, *gov.Minutes, error) {
	if sc.f.Minutes.Checking == nil {
		return nil, nil, nil, errf(gov.CodeConflict, "signing.none", "the minutes of {Forum} are not signed: the model names no checkers", "Forum", sc.f.Name)
	}
	if m.State != gov.MinutesApproved {
		return nil, nil, nil, errf(gov.CodeConflict, "signing.state", "the meeting is {State}; minutes are signed once approved", "State", m.State)
	}
	mn, err := tx.LatestMinutes(ctx, m.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	all, err := tx.Signatures(ctx, m.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	var cur []store.MinutesSignature
	for _, sg := range all {
		if sg.Version == mn.Version {
			cur = append(cur, sg)
		}
	}
	var mine *store.MinutesSignature
	for i := range cur {
		if x.Person != nil && cur[i].Person == x.Person.Slug {
			mine = &cur[i]
		}
	}
	switch {
	case mine == nil:
		return nil, nil, nil, forbidden("signing.forbidden.sign", "sign these minutes: you are not their chair or a checker")
	case mine.Status == sigSigned:
		return nil, nil, nil, errf(gov.CodeConflict, "signing.twice", "you signed these minutes on {At}", "At", mine.SignedAt.In(sc.loc))
	case mine.Status != sigPending:
		return nil, nil, nil, errf(gov.CodeConflict, "signing.closed", "this version of the minutes is no longer open for signing")
	case sc.today(s.Now()).String() > mine.Due:
		d, _ := calendar.ParseDate(mine.Due)
		return nil, nil, nil, errf(gov.CodeConflict, "signing.late", "the signing window closed on {Due}", "Due", d)
	}
	return mine, cur, mn, nil
}

// SignMinutes signs the approved minutes (the chair or a checker); the
// last signature seals them.
func (s *Service) SignMinutes(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		mine, cur, mn, err := s.mySignature(ctx, tx, sc, x, m)
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		mine.Status, mine.SignedAt = sigSigned, &now
		if err := tx.UpdateSignature(ctx, mine); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, x, "minutes.sign", m, map[string]any{"version": mn.Version, "signer": mine.Name, "role": mine.Role}); err != nil {
			return err
		}
		for _, sg := range cur {
			if sg.Person != mine.Person && sg.Status != sigSigned {
				return nil // others still to sign
			}
		}
		for i := range cur {
			if cur[i].Person == mine.Person {
				cur[i] = *mine
			}
		}
		return s.seal(ctx, tx, sc, x, m, mn, cur)
	})
}

// RejectMinutes rejects the approved minutes with a comment (the chair or
// a checker): they go back to the writer, who writes a new version.
func (s *Service) RejectMinutes(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, comment string) error {
	comment = strings.TrimSpace(comment)
	if comment == "" || len(comment) > 20000 {
		return gov.Invalid(fieldErr("comment", "meeterr.return.comment", "say what must change (at most 20 000 characters)", "Max", 20000))
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		mine, cur, mn, err := s.mySignature(ctx, tx, sc, x, m)
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		mine.Status, mine.Comment, mine.SignedAt = sigRejected, comment, &now
		if err := tx.UpdateSignature(ctx, mine); err != nil {
			return err
		}
		for i := range cur {
			if cur[i].Person != mine.Person && cur[i].Status == sigPending {
				cur[i].Status = sigVoid
				if err := tx.UpdateSignature(ctx, &cur[i]); err != nil {
					return err
				}
			}
		}
		// The one way back from approved minutes, so not in the state
		// machine that saving and returning go through.
		// The approved version stays as it was approved (approved minutes
		// never change); the rejection is on the signature, and the
		// writer's next save starts a new version.
		m.State, m.UpdatedAt = gov.MinutesDrafted, now
		mn.ReturnComment = comment // for the notice only
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		if err := s.notifyReturned(ctx, tx, sc, m, mn); err != nil {
			return err
		}
		return s.audit(ctx, tx, x, "minutes.reject", m, map[string]any{"version": mn.Version, "signer": mine.Name, "comment": comment})
	})
}

// seal prints the signed minutes with their signers and the audit head,
// signs the PDF with the instance's certificate and stores it.
func (s *Service) seal(ctx context.Context, tx *store.Tx, sc *scope, x Actor, m *gov.Meeting, mn *gov.Minutes, sigs []store.MinutesSignature) error {
	r, err := s.readRecord(ctx, tx, sc.a, x, m.ID)
	if err != nil {
		return err
	}
	head, err := tx.AuditHeadHash(ctx)
	if err != nil {
		return err
	}
	doc := s.minutesDocument(r, mn, sigs, head)
	now := s.Now().UTC()
	pdf, err := minutesdoc.Render(doc.Layout(), doc.Title, sc.a.Language, now)
	if err != nil {
		return err
	}
	signed := false
	if s.Signer != nil {
		pdf, err = s.Signer.Sign(pdf, pades.Info{Name: s.Signer.Cert.Subject.CommonName,
			Reason: s.t(sc.a, "signing.pdf.reason", "Forum", sc.f.Name, "Date", m.LocalDate), Location: "steerco", Time: now})
		if err != nil {
			return fmt.Errorf("seal minutes: %w", err)
		}
		signed = true
	}
	seal := &store.MinutesSeal{MeetingID: m.ID, Version: mn.Version, PDF: pdf, AuditHead: head, Signed: signed, SealedAt: now}
	if err := tx.InsertSeal(ctx, seal); err != nil {
		return err
	}
	return s.audit(ctx, tx, x, "minutes.seal", m, map[string]any{"version": mn.Version, "sha256": seal.SHA256, "audit_head": head, "pades": signed})
}

// Signing is the state of a meeting's minutes signatures, for the pages
// and the API.
type Signing struct {
	// Checking is the model's rule; nil when the forum's minutes are not
	// signed.
	Checking   *gov.Checking
	Checkers   []store.MinutesChecker
	Signatures []store.MinutesSignature // every version
	Sealed     *store.MinutesSeal       // without its PDF bytes' use; nil until sealed
}

// SigningOf reads a meeting's checkers, signatures and seal.
func (s *Service) SigningOf(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) (*Signing, error) {
	var out *Signing
	err := s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		m, err := tx.Meeting(ctx, a.Slug, meetingID, false)
		if errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "meeterr.nomeeting", "no meeting {ID}", "ID", meetingID)
		} else if err != nil {
			return err
		}
		sc, err := s.scope(a, x, m.Forum)
		if err != nil {
			return errf(gov.CodeNotFound, "meeterr.nomeeting", "no meeting {ID}", "ID", meetingID)
		}
		out = &Signing{Checking: sc.f.Minutes.Checking}
		if out.Checkers, err = tx.Checkers(ctx, m.ID); err != nil {
			return err
		}
		if out.Signatures, err = tx.Signatures(ctx, m.ID); err != nil {
			return err
		}
		seal, err := tx.MinutesSeal(ctx, m.ID)
		if err == nil {
			out.Sealed = seal
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return nil
	})
	return out, err
}
