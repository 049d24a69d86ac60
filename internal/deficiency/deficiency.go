// Package deficiency keeps the register of delivery deficiencies
// (leveransbrist / toimituspuute): which party failed to deliver, what
// fixing it costs and who bears the cost. The model's rule is that the
// party that failed bears it, but the bearer is what a forum decides; the
// register records that decision and links it to the decision register
// (internal/matter) when it was taken there.
//
// Every change is one method that checks permission, validates, writes
// and records the audit entry in one transaction.
package deficiency

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// Actor is who acts, as in internal/meeting.
type Actor = meeting.Actor

// Deficiency is a deficiency as stored.
type Deficiency = store.Deficiency

// Status is where a deficiency stands.
type Status string

// The statuses: open (bearer not decided), decided (a forum decided who
// bears the cost), fixed.
const (
	Open    Status = "open"
	Decided Status = "decided"
	Fixed   Status = "fixed"
)

// Statuses lists the statuses in their order.
var Statuses = []Status{Open, Decided, Fixed}

// Service runs the deficiency register on a store.
type Service struct {
	st *store.Store
	// Now is the clock; tests pin it.
	Now func() time.Time
}

// New makes a deficiency service.
func New(st *store.Store) *Service { return &Service{st: st, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// representative reports whether x acts for a party of the agreement.
func representative(x Actor) bool {
	return (x.Role == auth.Customer || x.Role == auth.Provider || x.Role == auth.Supplier) && x.P.Party != ""
}

// MayRegister reports whether x may register deficiencies: any party's
// representative (a supplier may register one of the customer's, too).
func MayRegister(x Actor) bool { return representative(x) }

// MayDecide reports whether x may record the forum's decision on who
// bears the cost: the buying side, which keeps the record of the forums
// it chairs.
func MayDecide(x Actor) bool {
	return (x.Role == auth.Customer || x.Role == auth.Provider) && x.P.Party != ""
}

// CanSee reports whether x may see d: the buying side all, a supplier
// those it failed or bears.
func CanSee(x Actor, a *gov.Agreement, d *Deficiency) bool {
	if x.P.Admin {
		return true
	}
	p := a.Party(x.P.Party)
	if p == nil || x.Role == "" {
		return false
	}
	if p.Kind == gov.KindSupplier {
		return d.FailedParty == p.Slug || d.Bearer == p.Slug
	}
	return p.Kind == gov.KindCustomer || p.Kind == gov.KindProvider
}

// ParseAmount reads an amount in the agreement's currency, as typed in
// Finnish, Swedish or English ("1 234,50", "1234.50"), into minor units.
func ParseAmount(s string) (int64, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, true
	}
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) || v > 1e12 {
		return 0, false
	}
	return int64(math.Round(v * 100)), true
}

// NewDeficiency is a deficiency as registered.
type NewDeficiency struct {
	Title, Description string
	FailedParty        string
	// Cost of fixing it, in minor units.
	Cost int64
}

// Register records a deficiency; its bearer is decided later.
func (s *Service) Register(ctx context.Context, a *gov.Agreement, x Actor, in NewDeficiency) (*Deficiency, error) {
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	var fs []gov.FieldError
	switch n := len([]rune(in.Title)); {
	case n == 0:
		fs = append(fs, fieldErr("title", "deficiencies.err.title", "a deficiency needs a title"))
	case n > 300:
		fs = append(fs, fieldErr("title", "deficiencies.err.titlelong", "the title may be at most {Max} characters", "Max", 300))
	}
	if len([]rune(in.Description)) > 20000 {
		fs = append(fs, fieldErr("description", "deficiencies.err.long", "the text may be at most {Max} characters", "Max", 20000))
	}
	if a.Party(in.FailedParty) == nil {
		fs = append(fs, fieldErr("failed_party", "deficiencies.err.party", "choose the party that failed"))
	}
	if in.Cost < 0 {
		fs = append(fs, fieldErr("cost", "deficiencies.err.cost", "the cost is an amount of zero or more"))
	}
	if len(fs) > 0 {
		return nil, gov.Invalid(fs...)
	}
	// Checked after the form, as internal/complaint does: the web route
	// lets every party's reader reach the form.
	if !MayRegister(x) {
		return nil, errf(gov.CodeForbidden, "deficiencies.err.forbidden", "you may not register delivery deficiencies: the parties' representatives do")
	}
	var out *Deficiency
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		now := s.now()
		d := &Deficiency{Agreement: a.Slug, AgreementID: aid, Title: in.Title, Description: in.Description, FailedParty: in.FailedParty,
			Cost: in.Cost, Status: string(Open), CreatedBy: x.Name(), CreatedAt: now, UpdatedAt: now}
		if err := tx.InsertDeficiency(ctx, d); err != nil {
			return err
		}
		out = d
		return s.audit(ctx, tx, x, d, "register")
	})
	return out, err
}

// Decision is what a forum decided about a deficiency.
type Decision struct {
	// Bearer is the party that bears the cost; Cost the cost as agreed.
	Bearer string
	Cost   int64
	// Forum decided it; DecisionID is the decision in the register, if
	// it was taken there (its forum then is the forum).
	Forum      string
	DecisionID int64
}

// Decide records who bears the cost of fixing a deficiency, as a forum
// decided. The default the model states — the party that failed bears
// it — is what the form proposes; a forum may decide otherwise.
func (s *Service) Decide(ctx context.Context, a *gov.Agreement, x Actor, id int64, in Decision) (*Deficiency, error) {
	var out *Deficiency
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		if !MayDecide(x) {
			return errf(gov.CodeForbidden, "deficiencies.err.forbidden.decide", "you may not record who bears the cost: the customer's representatives do")
		}
		var fs []gov.FieldError
		if a.Party(in.Bearer) == nil {
			fs = append(fs, fieldErr("bearer", "deficiencies.err.bearer", "choose the party that bears the cost"))
		}
		if in.Cost < 0 {
			fs = append(fs, fieldErr("cost", "deficiencies.err.cost", "the cost is an amount of zero or more"))
		}
		if in.DecisionID != 0 {
			dec, err := tx.Decision(ctx, a.Slug, in.DecisionID, false)
			switch {
			case errors.Is(err, store.ErrNotFound):
				fs = append(fs, fieldErr("decision", "deficiencies.err.decision", "no decision {ID} in the register", "ID", in.DecisionID))
			case err != nil:
				return err
			case in.Forum != "" && dec.Forum != in.Forum:
				fs = append(fs, fieldErr("decision", "deficiencies.err.decisionforum", "decision {ID} was taken in another forum", "ID", in.DecisionID))
			default:
				if f := a.Forum(dec.Forum); f == nil || !auth.CanSeeForum(x.P, a, f) {
					fs = append(fs, fieldErr("decision", "deficiencies.err.decision", "no decision {ID} in the register", "ID", in.DecisionID))
				} else {
					in.Forum = dec.Forum
				}
			}
		}
		if f := a.Forum(in.Forum); f == nil || !auth.CanSeeForum(x.P, a, f) {
			if !slices.ContainsFunc(fs, func(e gov.FieldError) bool { return e.Field == "decision" }) {
				fs = append(fs, fieldErr("forum", "deficiencies.err.forum", "choose the forum that decided"))
			}
		}
		if len(fs) > 0 {
			return gov.Invalid(fs...)
		}
		d.Bearer, d.Cost, d.Forum, d.DecisionID = in.Bearer, in.Cost, in.Forum, in.DecisionID
		if d.Status == string(Open) {
			d.Status = string(Decided)
		}
		d.UpdatedAt = s.now()
		if err := tx.UpdateDeficiency(ctx, d); err != nil {
			return err
		}
		out = d
		return s.audit(ctx, tx, x, d, "decide")
	})
	return out, err
}

// MarkFixed records that a decided deficiency was fixed.
func (s *Service) MarkFixed(ctx context.Context, a *gov.Agreement, x Actor, id int64) (*Deficiency, error) {
	var out *Deficiency
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		if !MayDecide(x) {
			return errf(gov.CodeForbidden, "deficiencies.err.forbidden.fixed", "you may not mark deficiencies fixed: the customer's representatives do")
		}
		if d.Status != string(Decided) {
			return errf(gov.CodeConflict, "deficiencies.err.notdecided", "decide who bears the cost before marking the deficiency fixed")
		}
		d.Status, d.UpdatedAt = string(Fixed), s.now()
		if err := tx.UpdateDeficiency(ctx, d); err != nil {
			return err
		}
		out = d
		return s.audit(ctx, tx, x, d, "fixed")
	})
	return out, err
}

// Get reads a deficiency x may see.
func (s *Service) Get(ctx context.Context, a *gov.Agreement, x Actor, id int64) (*Deficiency, error) {
	var out *Deficiency
	err := s.st.InTx(ctx, func(tx *store.Tx) (err error) {
		out, err = s.load(ctx, tx, a, x, id)
		return err
	})
	return out, err
}

// List lists the deficiencies x may see, of one status ("" for all).
func (s *Service) List(ctx context.Context, a *gov.Agreement, x Actor, status string) ([]Deficiency, error) {
	var out []Deficiency
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		all, err := tx.Deficiencies(ctx, a.Slug, status)
		for i := range all {
			if CanSee(x, a, &all[i]) {
				out = append(out, all[i])
			}
		}
		return err
	})
	return out, err
}

func (s *Service) load(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, id int64) (*Deficiency, error) {
	d, err := tx.Deficiency(ctx, a.Slug, id, true)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !CanSee(x, a, d)) {
		return nil, errf(gov.CodeNotFound, "deficiencies.err.notfound", "no delivery deficiency {ID}", "ID", id)
	}
	return d, err
}

func (s *Service) audit(ctx context.Context, tx *store.Tx, x Actor, d *Deficiency, action string) error {
	return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "deficiency." + action, ObjectType: "deficiency",
		ObjectID: strconv.FormatInt(d.ID, 10), AgreementID: d.AgreementID, After: map[string]any{"title": d.Title,
			"failed_party": d.FailedParty, "cost": d.Cost, "bearer": d.Bearer, "forum": d.Forum, "decision": d.DecisionID, "status": d.Status}})
}

func errf(code gov.ErrorCode, id, english string, args ...any) *gov.Error {
	return &gov.Error{Code: code, Message: fill(english, args), ID: id, Args: args}
}

func fieldErr(field, id, english string, args ...any) gov.FieldError {
	return gov.FieldError{Field: field, Message: fill(english, args), ID: id, Args: args}
}

func fill(s string, args []any) string {
	for i := 0; i+1 < len(args); i += 2 {
		s = strings.ReplaceAll(s, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return s
}
