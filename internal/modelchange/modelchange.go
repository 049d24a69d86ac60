// Package modelchange runs changes to an agreement's governance model that
// both parties agree (issue #15). Every change — a form for one forum or
// the whole file in a YAML editor — takes one path: the proposed model is
// parsed and validated (every problem located, nothing stored when there
// is one), diffed against the stored model and kept as a proposal; a
// representative of the other party approves it, which applies it exactly
// as `steerco model apply` would, or rejects it with a reason. An approved
// proposal is a revision of the model, kept with its diff, proposer,
// approver and the day it takes effect.
package modelchange

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

// Service runs model changes on a store.
type Service struct {
	st *store.Store
	// Now is the clock; tests pin it.
	Now func() time.Time
	// Cat words the notifications; without it none are queued (the
	// scheduler's service applies scheduled changes only).
	Cat *i18n.Catalog
}

// New makes a model change service.
func New(st *store.Store) *Service { return &Service{st: st, Now: time.Now} }

// Proposal is a stored proposal with its agreement.
type Proposal = store.ModelProposal

// Input is a proposed model and when it takes effect.
type Input struct {
	// YAML is the whole proposed model file.
	YAML []byte
	// File names the source in located errors ("model.yaml").
	File string
	// Summary says why, in the proposer's words.
	Summary string
	// EffectiveFrom is the day the change takes effect (YYYY-MM-DD);
	// empty is today.
	EffectiveFrom string
	// Base is the public address for the link in the notification.
	Base string
}

func errf(code gov.ErrorCode, id, english string, args ...any) *gov.Error {
	return &gov.Error{Code: code, Message: english, ID: id, Args: args}
}

// side is which side of the contract a party is on: the buyer (customer)
// or the seller (provider, supplier). The other party approves.
func side(a *gov.Agreement, party string) string {
	p := a.Party(party)
	if p == nil {
		return ""
	}
	if p.Kind == gov.KindCustomer {
		return "buyer"
	}
	return "seller"
}

// MayPropose tells whether x may propose a change to a's model: a
// party's representative, or an administrator.
func MayPropose(x auth.Principal, a *gov.Agreement) bool { return mayPropose(x, a) }

// MayDecide tells whether x may approve or reject proposal p: a
// representative of the other side of the contract (the UI shows the
// buttons by it; Approve and Reject check again).
func MayDecide(x auth.Principal, a *gov.Agreement, p *Proposal) bool {
	if !mayPropose(x, a) || x.Admin {
		return false
	}
	mine := x.PartyIn(a)
	return mine != p.ProposedParty && (p.ProposedParty == "" || side(a, mine) != side(a, p.ProposedParty))
}

// mayPropose: a representative of a party, or an administrator.
func mayPropose(x auth.Principal, a *gov.Agreement) bool {
	switch auth.RoleIn(x, a) {
	case auth.Admin, auth.Customer, auth.Provider, auth.Supplier:
		return true
	}
	return false
}

// ProblemsError turns a model's located problems into field errors: the
// field is "line N" (or the model path when the problem has no line), the
// message the located problem.
func ProblemsError(err error) error {
	var es model.Errors
	if !errors.As(err, &es) {
		return err
	}
	fields := make([]gov.FieldError, len(es))
	for i, e := range es {
		field := e.Path
		if e.Line > 0 {
			field = fmt.Sprintf("line %d", e.Line)
		}
		msg := e.Msg
		if e.Path != "" {
			msg = e.Path + ": " + e.Msg
		}
		if e.Line > 0 {
			msg = fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, msg)
		}
		fields[i] = gov.FieldError{Field: field, Message: msg, Args: []any{"Path", e.Path, "Line", e.Line}}
	}
	ge := gov.Invalid(fields...)
	ge.Message = fmt.Sprintf("the model has %d problem(s); nothing was stored: %s", len(es), ge.Message)
	return ge
}

func (s *Service) today(a *gov.Agreement) string {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return calendar.DateOf(s.Now().In(loc)).String()
}

// Propose stores a proposed model of agreement a. It refuses a model
// that does not validate (every problem, nothing stored), one for another
// agreement, and one that changes nothing.
func (s *Service) Propose(ctx context.Context, x auth.Principal, a *gov.Agreement, in Input) (*Proposal, error) {
	file := in.File
	if file == "" {
		file = "model.yaml"
	}
	// The file is checked first: its problems are the same whoever sends
	// it, and nothing about the agreement is told by them.
	next, err := model.Parse(file, in.YAML)
	if err != nil {
		return nil, ProblemsError(err)
	}
	if !mayPropose(x, a) {
		return nil, errf(gov.CodeForbidden, "modelchange.forbidden.propose", "only a party's representative proposes changes to the model")
	}
	if next.Slug != a.Slug {
		return nil, gov.Invalid(gov.FieldError{Field: "id", ID: "modelchange.id", Args: []any{"ID", a.Slug},
			Message: fmt.Sprintf("id: the proposal is for agreement %q; a change cannot rename it", a.Slug)})
	}
	today := s.today(a)
	eff := strings.TrimSpace(in.EffectiveFrom)
	if eff == "" {
		eff = today
	}
	if d, err := calendar.ParseDate(eff); err != nil {
		return nil, gov.Invalid(gov.FieldError{Field: "effective_from", ID: "modelchange.effective.invalid", Args: []any{"Value", eff},
			Message: fmt.Sprintf("%q is not a date; write YYYY-MM-DD", eff)})
	} else if d.String() < today {
		return nil, gov.Invalid(gov.FieldError{Field: "effective_from", ID: "modelchange.effective.past", Args: []any{"Date", d},
			Message: fmt.Sprintf("a change takes effect today or later, not %s", d)})
	}
	if len(in.Summary) > 2000 {
		return nil, gov.Invalid(gov.FieldError{Field: "summary", ID: "modelchange.summary.long", Message: "the reason may be at most 2000 characters"})
	}
	canon, err := model.Format(next)
	if err != nil {
		return nil, err
	}
	p := &Proposal{YAML: string(canon), Summary: strings.TrimSpace(in.Summary), EffectiveFrom: eff, ProposedBy: x.Name, ProposedEmail: x.Email,
		ProposedParty: x.PartyIn(a), ProposedAt: s.Now().UTC()}
	if x.Admin {
		p.ProposedParty = ""
	}
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		cur, err := tx.StoredModel(ctx, a.Slug)
		if err != nil {
			return err
		}
		p.Diff = model.Diff(cur, next)
		if len(p.Diff) == 0 {
			return gov.Invalid(gov.FieldError{Field: "yaml", ID: "modelchange.nochange", Message: "the proposal changes nothing"})
		}
		if _, hidden := VisibleDiff(x, cur, p.Diff); hidden > 0 {
			return errf(gov.CodeForbidden, "modelchange.forbidden.hidden", "the proposal changes forums or people you do not see; change only what you see")
		}
		base, err := model.Format(cur)
		if err != nil {
			return err
		}
		p.Base = string(base)
		if p.AgreementID, err = tx.AgreementID(ctx, a.Slug); err != nil {
			return err
		}
		if err := tx.CreateModelProposal(ctx, p); err != nil {
			return err
		}
		if err := s.notifyProposal(ctx, tx, a, p, in.Base); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: actorOf(x), Action: "model.propose", ObjectType: "model_proposal", ObjectID: fmt.Sprint(p.ID),
			AgreementID: p.AgreementID, After: map[string]any{"diff": p.Diff, "effective_from": p.EffectiveFrom, "summary": p.Summary}})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func actorOf(x auth.Principal) string {
	if x.Email == "" {
		return "operator"
	}
	return "user:" + x.Email
}

// StaleError refuses a proposal made against a model that has changed
// since; Diff is what the proposal would change in the current model.
type StaleError struct {
	Err  *gov.Error
	Diff []string
}

func (e *StaleError) Error() string { return e.Err.Error() }

// Unwrap gives the coded error, for errors.As and gov.CodeOf.
func (e *StaleError) Unwrap() error { return e.Err }

// Approve applies an open proposal on behalf of the other party: a
// representative whose party is on the other side of the contract from
// the proposer's. A proposal whose base is no longer the stored model is
// refused as stale, with its diff against the current model. A proposal
// that takes effect later is scheduled and applied on that day.
func (s *Service) Approve(ctx context.Context, x auth.Principal, a *gov.Agreement, id int64) (*Proposal, error) {
	var p *Proposal
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = s.open(ctx, tx, x, a, id); err != nil {
			return err
		}
		if err := s.otherParty(x, a, p); err != nil {
			return err
		}
		cur, err := tx.StoredModel(ctx, a.Slug)
		if err != nil {
			return err
		}
		next, err := model.Parse("proposal.yaml", []byte(p.YAML))
		if err != nil {
			return ProblemsError(err)
		}
		if base, err := model.Format(cur); err != nil {
			return err
		} else if string(base) != p.Base {
			d := model.Diff(cur, next)
			return &StaleError{Err: errf(gov.CodeConflict, "modelchange.stale",
				"the model has changed since this proposal was made; it is stale. Against the current model it would change: "+strings.Join(d, "; ")), Diff: d}
		}
		now := s.Now().UTC()
		p.DecidedBy, p.DecidedEmail, p.DecidedParty, p.DecidedAt = x.Name, x.Email, x.PartyIn(a), &now
		p.State = store.ProposalScheduled
		if p.EffectiveFrom <= s.today(a) {
			if _, err := tx.ApplyAgreement(ctx, next, actorOf(x)); err != nil {
				return err
			}
			p.State = store.ProposalApplied
		}
		if err := tx.DecideModelProposal(ctx, p); err != nil {
			return err
		}
		if err := s.notifyDecision(ctx, tx, a, p); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: actorOf(x), Action: "model.approve", ObjectType: "model_proposal", ObjectID: fmt.Sprint(p.ID),
			AgreementID: p.AgreementID, After: map[string]any{"state": p.State, "revision": p.Revision, "effective_from": p.EffectiveFrom}})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Reject closes an open proposal with a reason: the other party rejects
// it, or the proposing party withdraws it.
func (s *Service) Reject(ctx context.Context, x auth.Principal, a *gov.Agreement, id int64, reason string) (*Proposal, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 2000 {
		return nil, gov.Invalid(gov.FieldError{Field: "reason", ID: "modelchange.reason.required", Message: "give the reason (at most 2000 characters)"})
	}
	var p *Proposal
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = s.open(ctx, tx, x, a, id); err != nil {
			return err
		}
		if x.PartyIn(a) != p.ProposedParty || p.ProposedParty == "" {
			if err := s.otherParty(x, a, p); err != nil {
				return err
			}
		}
		now := s.Now().UTC()
		p.State, p.Reason = store.ProposalRejected, reason
		p.DecidedBy, p.DecidedEmail, p.DecidedParty, p.DecidedAt = x.Name, x.Email, x.PartyIn(a), &now
		if err := tx.DecideModelProposal(ctx, p); err != nil {
			return err
		}
		if err := s.notifyDecision(ctx, tx, a, p); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: actorOf(x), Action: "model.reject", ObjectType: "model_proposal", ObjectID: fmt.Sprint(p.ID),
			AgreementID: p.AgreementID, After: map[string]any{"reason": reason}})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// open loads an open proposal the actor may decide on.
func (s *Service) open(ctx context.Context, tx *store.Tx, x auth.Principal, a *gov.Agreement, id int64) (*Proposal, error) {
	if auth.RoleIn(x, a) == "" {
		return nil, errf(gov.CodeNotFound, "modelchange.none", fmt.Sprintf("no proposal %d", id), "ID", id)
	}
	aid, err := tx.AgreementID(ctx, a.Slug)
	if err != nil {
		return nil, err
	}
	p, err := tx.ModelProposal(ctx, aid, id, true)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errf(gov.CodeNotFound, "modelchange.none", fmt.Sprintf("no proposal %d", id), "ID", id)
	} else if err != nil {
		return nil, err
	}
	if p.State != store.ProposalOpen {
		return nil, errf(gov.CodeConflict, "modelchange.already", fmt.Sprintf("proposal %d is already %s", id, p.State), "ID", id, "State", p.State)
	}
	if !mayPropose(x, a) || x.Admin {
		return nil, errf(gov.CodeForbidden, "modelchange.forbidden.decide", "a representative of the other party approves or rejects a proposal")
	}
	return p, nil
}

// otherParty refuses the proposing party (and its side of the contract).
func (s *Service) otherParty(x auth.Principal, a *gov.Agreement, p *Proposal) error {
	if mine := x.PartyIn(a); mine == p.ProposedParty || (p.ProposedParty != "" && side(a, mine) == side(a, p.ProposedParty)) {
		return errf(gov.CodeForbidden, "modelchange.otherparty", "the other party approves: a proposal is approved by a representative of the other party, not by the party that proposed it")
	}
	return nil
}

// Get finds one proposal of the agreement for a reader of it.
func (s *Service) Get(ctx context.Context, x auth.Principal, a *gov.Agreement, id int64) (*Proposal, error) {
	var p *Proposal
	err := s.st.ReadTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		if p, err = tx.ModelProposal(ctx, aid, id, false); errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "modelchange.none", fmt.Sprintf("no proposal %d", id), "ID", id)
		}
		return err
	})
	if err == nil && auth.RoleIn(x, a) == "" {
		return nil, errf(gov.CodeNotFound, "modelchange.none", fmt.Sprintf("no proposal %d", id), "ID", id)
	}
	return p, err
}

// List gives the agreement's proposals, newest first: with states, only
// those (store.ProposalApplied lists the revisions).
func (s *Service) List(ctx context.Context, x auth.Principal, a *gov.Agreement, states ...string) ([]Proposal, error) {
	if auth.RoleIn(x, a) == "" {
		return nil, errf(gov.CodeNotFound, "modelchange.noagreement", "no agreement "+a.Slug)
	}
	var out []Proposal
	err := s.st.ReadTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		out, err = tx.ModelProposals(ctx, aid, states...)
		return err
	})
	return out, err
}

// ApplyDue applies the approved proposals whose day has come (the
// scheduler runs it); a proposal gone stale meanwhile is rejected with
// that reason. It returns how many were applied.
func (s *Service) ApplyDue(ctx context.Context) (int, error) {
	today := calendar.DateOf(s.Now()).String()
	var due []Proposal
	if err := s.st.ReadTx(ctx, func(tx *store.Tx) error {
		var err error
		due, err = tx.DueModelProposals(ctx, today)
		return err
	}); err != nil {
		return 0, err
	}
	n := 0
	for _, d := range due {
		err := s.st.InTx(ctx, func(tx *store.Tx) error {
			next, err := model.Parse("proposal.yaml", []byte(d.YAML))
			if err != nil {
				return err
			}
			cur, err := tx.StoredModel(ctx, next.Slug)
			if err != nil {
				return err
			}
			// Another instance may have applied it meanwhile: read it
			// again under its lock.
			locked, err := tx.ModelProposal(ctx, d.AgreementID, d.ID, true)
			if err != nil || locked.State != store.ProposalScheduled {
				return err
			}
			p := *locked
			if base, _ := model.Format(cur); string(base) != p.Base {
				p.State, p.Reason = store.ProposalRejected, "stale: the model changed before the day it was to take effect"
			} else {
				if _, err := tx.ApplyAgreement(ctx, next, "system"); err != nil {
					return err
				}
				p.State = store.ProposalApplied
				n++
			}
			if err := tx.DecideModelProposal(ctx, &p); err != nil {
				return err
			}
			return tx.Audit(ctx, store.Entry{Actor: "system", Action: "model.effective", ObjectType: "model_proposal", ObjectID: fmt.Sprint(p.ID),
				AgreementID: p.AgreementID, After: map[string]any{"state": p.State, "revision": p.Revision}})
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// SeesWholeModel tells whether x sees every forum and person of a, and so
// may read and edit the whole model file: an administrator, or a party
// of a two-party agreement. In a multi-supplier agreement a supplier does
// not see another supplier's bilateral forums, so the file is not theirs
// to read; they change the forums they see through the forms.
func SeesWholeModel(x auth.Principal, a *gov.Agreement) bool {
	if x.Admin {
		return true
	}
	for i := range a.Forums {
		if !auth.CanSeeForum(x, a, &a.Forums[i]) {
			return false
		}
	}
	for i := range a.People {
		if !auth.CanSeePerson(x, a, &a.People[i]) {
			return false
		}
	}
	return true
}

// VisibleLine tells whether x may see one diff line: a line about a forum
// or a person x cannot see is hidden, and one about memberships is shown
// only to those who see the whole model.
func VisibleLine(x auth.Principal, a *gov.Agreement, line string) bool {
	if SeesWholeModel(x, a) {
		return true
	}
	path := strings.TrimLeft(line, "+-~ ")
	slug := func(prefix string) (string, bool) {
		rest, ok := strings.CutPrefix(path, prefix)
		if !ok {
			return "", false
		}
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return "", false
		}
		return rest[:end], true
	}
	if s, ok := slug("forums["); ok {
		f := a.Forum(s)
		return f != nil && auth.CanSeeForum(x, a, f)
	}
	if s, ok := slug("people["); ok {
		p := a.Person(s)
		return p != nil && auth.CanSeePerson(x, a, p)
	}
	return !strings.HasPrefix(path, "memberships") && !strings.HasPrefix(path, "people") && !strings.HasPrefix(path, "forums")
}

// VisibleDiff is the part of a diff x may see, and how many lines were
// left out.
func VisibleDiff(x auth.Principal, a *gov.Agreement, lines []string) ([]string, int) {
	var out []string
	for _, l := range lines {
		if VisibleLine(x, a, l) {
			out = append(out, l)
		}
	}
	return out, len(lines) - len(out)
}

// notifyProposal tells the other side's representatives that a proposal
// waits for their approval, in the agreement's language.
func (s *Service) notifyProposal(ctx context.Context, tx *store.Tx, a *gov.Agreement, p *Proposal, base string) error {
	if s.Cat == nil {
		return nil
	}
	reps, err := tx.Representatives(ctx, p.AgreementID)
	if err != nil {
		return err
	}
	link := fmt.Sprintf("%s/a/%s/model/proposals/%d", strings.TrimRight(base, "/"), a.Slug, p.ID)
	for _, r := range reps {
		if r.Party == p.ProposedParty || (p.ProposedParty != "" && side(a, r.Party) == side(a, p.ProposedParty)) {
			continue
		}
		if _, err := tx.Enqueue(ctx, &store.Message{AgreementID: p.AgreementID, Kind: "model-proposal",
			DedupeKey: fmt.Sprintf("model-proposal:%d:%s", p.ID, strings.ToLower(r.Email)), Recipient: r.Email,
			Subject: s.Cat.T(a.Language, "modelchange.mail.subject", "Agreement", a.Name),
			Body: s.Cat.T(a.Language, "modelchange.mail.body", "Name", r.Name, "Proposer", p.ProposedBy, "Agreement", a.Name,
				"Diff", strings.Join(p.Diff, "\n"), "Link", link, "Summary", p.Summary), CreatedAt: s.Now().UTC()}); err != nil {
			return err
		}
	}
	return nil
}

// notifyDecision tells the proposer what became of their proposal.
func (s *Service) notifyDecision(ctx context.Context, tx *store.Tx, a *gov.Agreement, p *Proposal) error {
	if s.Cat == nil || p.ProposedEmail == "" {
		return nil
	}
	_, err := tx.Enqueue(ctx, &store.Message{AgreementID: p.AgreementID, Kind: "model-decision",
		DedupeKey: fmt.Sprintf("model-decision:%d", p.ID), Recipient: p.ProposedEmail,
		Subject: s.Cat.T(a.Language, "modelchange.mail.decided", "Agreement", a.Name, "State", s.Cat.T(a.Language, "modelchange.state."+p.State)),
		Body: s.Cat.T(a.Language, "modelchange.mail.decidedbody", "Name", p.ProposedBy, "Decider", p.DecidedBy, "ID", p.ID,
			"State", s.Cat.T(a.Language, "modelchange.state."+p.State), "Reason", p.Reason), CreatedAt: s.Now().UTC()})
	return err
}
