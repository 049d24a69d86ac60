package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/sanction"
	"github.com/steerco/steerco/internal/store"
)

// Service runs the review of monthly reports and the adjudication of
// breaches. Each method is one state change: it checks permission,
// validates, writes, audits and queues notifications in one transaction.
type Service struct {
	st  *store.Store
	cat *i18n.Catalog
}

// New returns the reporting service.
func New(st *store.Store, cat *i18n.Catalog) *Service { return &Service{st: st, cat: cat} }

func forbidden() error {
	return &gov.Error{Code: gov.CodeForbidden, Message: "you may not do this in this agreement's reports", ID: "reports.err.forbidden"}
}

func conflict(msg, id string, args ...any) error {
	return &gov.Error{Code: gov.CodeConflict, Message: msg, ID: id, Args: args}
}

func invalid(field, msg, id string) error {
	return &gov.Error{Code: gov.CodeInvalid, Message: msg, Fields: []gov.FieldError{{Field: field, Message: msg, ID: id}}}
}

// MaxText bounds a narrative text or a reason.
const MaxText = 20000

// writable says whether the month's report still takes changes to its
// data (exclusions) or narrative: no report yet, a draft or a disputed
// version (which a new draft follows).
func writable(v store.ReportVersion, found bool) error {
	if !found || v.Status == store.ReportDraft || v.Status == store.ReportDisputed {
		return nil
	}
	return conflict(fmt.Sprintf("the report of %s is %s; it takes no changes", v.Month, v.Status), "reports.err.locked", "Status", v.Status)
}

func latest(ctx context.Context, tx *store.Tx, aid int64, month, part string) (store.ReportVersion, bool, error) {
	v, err := tx.LatestReportForUpdate(ctx, aid, month, part)
	if errors.Is(err, store.ErrNotFound) {
		return v, false, nil
	}
	return v, err == nil, err
}

// SaveNarrative stores the supplier's texts and availability figures in
// the month's draft, starting version 1, or a new version after a
// dispute.
//
// With report parts (issue #14) the supplier writes its own part only:
// the availability of another supplier's service is refused.
func (s *Service) SaveNarrative(ctx context.Context, x meeting.Actor, a *gov.Agreement, month string, n Narrative) error {
	part, ok := WritePart(a, x)
	if !ok {
		return forbidden()
	}
	if _, err := ParseMonth(month); err != nil {
		return invalid("month", err.Error(), "reports.err.month")
	}
	if err := InPeriod(a, month); err != nil {
		return err
	}
	for k, t := range n.Texts {
		if len(t) > MaxText {
			return invalid(k, "the text is too long", "reports.err.too_long")
		}
		if !contains(NarrativeSections, k) {
			return invalid(k, "no such section", "reports.err.section")
		}
	}
	for k, v := range n.Availability {
		if a.ServiceLevels.Service(k) == nil {
			return invalid("availability."+k, "no such service", "reports.err.service")
		}
		if !inPart(a, part, k) {
			return forbidden() // another supplier's service: not this part's
		}
		if math.IsNaN(v) || v < 0 || v > 100 {
			return invalid("availability."+k, "availability is a percentage from 0 to 100", "reports.err.availability")
		}
	}
	body, err := json.Marshal(n)
	if err != nil {
		return err
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		v, found, err := latest(ctx, tx, aid, month, part)
		if err != nil {
			return err
		}
		if err := writable(v, found); err != nil {
			return err
		}
		switch {
		case !found:
			_, err = tx.CreateReportVersion(ctx, aid, month, part, 1, string(body), x.Name())
		case v.Status == store.ReportDisputed:
			_, err = tx.CreateReportVersion(ctx, aid, month, part, v.Version+1, string(body), x.Name())
		default:
			err = tx.SaveReportNarrative(ctx, v.ID, string(body))
		}
		if err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "report.write", ObjectType: "monthly_report", ObjectID: month,
			AgreementID: aid, After: n})
	})
}

// Submit freezes the month's draft (its data computed now, with every
// breach) and sends it to review.
//
// With report parts (issue #14) the supplier submits its own part.
func (s *Service) Submit(ctx context.Context, x meeting.Actor, a *gov.Agreement, month string) error {
	part, ok := WritePart(a, x)
	if !ok {
		return forbidden()
	}
	if _, err := ParseMonth(month); err != nil {
		return invalid("month", err.Error(), "reports.err.month")
	}
	if err := InPeriod(a, month); err != nil {
		return err
	}
	// Computed before the write transaction: on SQLite the pack's reads
	// cannot run inside it. A change between the two is caught below by
	// the version's state.
	p, err := Build(ctx, s.st, a, month, Options{Live: true, Part: part})
	if err != nil {
		return err
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		v, found, err := latest(ctx, tx, aid, month, part)
		if err != nil {
			return err
		}
		if found && v.Status != store.ReportDraft && v.Status != store.ReportDisputed {
			return conflict("the report is "+v.Status, "reports.err.locked", "Status", v.Status)
		}
		if !found || v.Status == store.ReportDisputed {
			narr := "{}"
			if found {
				narr = v.Narrative
			}
			next := v.Version + 1
			id, err := tx.CreateReportVersion(ctx, aid, month, part, next, narr, x.Name())
			if err != nil {
				return err
			}
			v = store.ReportVersion{ID: id, Version: next, Narrative: narr}
		}
		p.Version, p.Status = v.Version, store.ReportSubmitted
		data, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if err := tx.SubmitReport(ctx, v.ID, string(data), x.Name()); err != nil {
			return err
		}
		if err := tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "report.submit", ObjectType: "monthly_report", ObjectID: month,
			AgreementID: aid, After: map[string]any{"version": v.Version}}); err != nil {
			return err
		}
		if err := submittedDuties(ctx, tx, a, aid, month, x.Name()); err != nil {
			return err
		}
		return s.notify(ctx, tx, a, aid, month, part, v.Version, "submitted", "")
	})
}

// Decide records the customer's approval or dispute of the submitted
// version. A dispute needs a note. On approval the report is published
// to the reviewing forum's members, and the breaches that stay
// attributable are proposed as sanctions (one per service, priority and
// month; proposing again changes nothing).
//
// part is the supplier whose part is decided ("" for the whole report);
// only the party that buys directly from that supplier decides it (issue
// #14), and a part the reviewer may not even read is not found.
func (s *Service) Decide(ctx context.Context, x meeting.Actor, a *gov.Agreement, month, part string, approve bool, note string) error {
	if (part != "" || Parts(a) != nil) && !CanRead(a, x, part) {
		return &gov.Error{Code: gov.CodeNotFound, Message: "no such report part", ID: "reports.err.no_part"}
	}
	if !CanReview(a, x, part) {
		return forbidden()
	}
	note, err := checkNote(note, !approve, "say why the report is disputed")
	if err != nil {
		return err
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		v, found, err := latest(ctx, tx, aid, month, part)
		if err != nil {
			return err
		}
		if !found || v.Status != store.ReportSubmitted {
			return conflict("the report is not waiting for review", "reports.err.not_submitted")
		}
		if err := tx.DecideReport(ctx, v.ID, approve, x.Name(), note); err != nil {
			return err
		}
		action, what := "report.dispute", "disputed"
		if approve {
			action, what = "report.approve", "approved"
		}
		if err := tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: action, ObjectType: "monthly_report", ObjectID: month,
			AgreementID: aid, After: map[string]any{"version": v.Version, "note": note}}); err != nil {
			return err
		}
		if err := decidedDuties(ctx, tx, a, aid, month, approve, x.Name()); err != nil {
			return err
		}
		if approve {
			var p Pack
			if err := json.Unmarshal([]byte(v.Data), &p); err != nil {
				return err
			}
			if err := proposeSanctions(ctx, tx, a, aid, &p); err != nil {
				return err
			}
		}
		return s.notify(ctx, tx, a, aid, month, part, v.Version, what, note)
	})
}

// AttributableBreaches are the rows of an approved pack whose breaches
// stay after the accepted exclusions.
func AttributableBreaches(p *Pack) []SLARow {
	var out []SLARow
	for _, r := range p.ServiceLevels.Rows {
		if r.Breached-r.Excluded > 0 {
			out = append(out, r)
		}
	}
	return out
}

// proposeSanctions proposes a sanction (issue #6) per service and
// priority with attributable breaches.
func proposeSanctions(ctx context.Context, tx *store.Tx, a *gov.Agreement, aid int64, p *Pack) error {
	for _, r := range AttributableBreaches(p) {
		n := r.Breached - r.Excluded
		svc := a.ServiceLevels.Service(r.Service)
		if svc == nil || svc.Supplier == "" {
			continue // no party answers for it
		}
		amount := sanction.BreachAmount(a, svc.SanctionPerBreach, n)
		_, _, err := sanction.Propose(ctx, tx, a, store.SanctionProposal{AgreementID: aid, Month: p.Month, Source: "sla",
			SourceRef: fmt.Sprintf("sla:%s:%d:%s", r.Service, r.Priority, p.Month), Party: svc.Supplier, Amount: amount,
			Reason: fmt.Sprintf("%s, priority %d, %s: %d breaches of the service level not excluded", svc.Name, r.Priority, p.Month, n)}, time.Now())
		if err != nil {
			return fmt.Errorf("propose sanction: %w", err)
		}
	}
	return nil
}

// notify tells the reviewing forum's members what happened to the
// report, in the agreement's language.
func (s *Service) notify(ctx context.Context, tx *store.Tx, a *gov.Agreement, aid int64, month, part string, version int, what, note string) error {
	f := reviewForum(a, part)
	if f == nil || s.cat == nil {
		return nil
	}
	lang := a.Language
	today := time.Now().Format("2006-01-02")
	subject := s.cat.T(lang, "reports.mail."+what+".subject", "Month", month, "Agreement", a.Name)
	body := s.cat.T(lang, "reports.mail."+what+".body", "Month", month, "Agreement", a.Name, "Version", version, "Forum", f.Name, "Note", note)
	for _, m := range a.Memberships {
		if m.Forum != f.Slug || !m.ActiveOn(today) {
			continue
		}
		p := a.Person(m.Person)
		if p == nil || p.Email == "" {
			continue
		}
		if _, err := tx.Enqueue(ctx, &store.Message{AgreementID: aid, Kind: "report." + what,
			DedupeKey: fmt.Sprintf("report:%d:%s%s:%d:%s:%s", aid, month, partKey(part), version, what, strings.ToLower(p.Email)),
			Recipient: p.Email, Subject: subject, Body: body, CreatedAt: time.Now()}); err != nil {
			return err
		}
	}
	return nil
}

// ProposeExclusion: the supplier holds a breach not attributable to it,
// with a reason. A supplier may propose only for its own services.
func (s *Service) ProposeExclusion(ctx context.Context, x meeting.Actor, a *gov.Agreement, ticketID int64, reason string) error {
	if !auth.Allowed(x.Role, auth.WriteReport) {
		return forbidden()
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return invalid("reason", "give the reason the breach is not attributable to the supplier", "reports.err.reason_required")
	}
	if len(reason) > MaxText {
		return invalid("reason", "the reason is too long", "reports.err.too_long")
	}
	t, err := s.st.TicketByID(ctx, a.Slug, ticketID)
	if errors.Is(err, store.ErrNotFound) {
		return &gov.Error{Code: gov.CodeNotFound, Message: "no such ticket", ID: "reports.err.no_ticket"}
	} else if err != nil {
		return err
	}
	part := PartOfService(a, t.Service)
	if svc := a.ServiceLevels.Service(t.Service); x.Role == auth.Supplier && (svc == nil || svc.Supplier != x.P.Party) {
		// Another supplier's ticket: not found, as if it did not exist
		// (issue #14); a ticket of no service answers to no supplier.
		return &gov.Error{Code: gov.CodeNotFound, Message: "no such ticket", ID: "reports.err.no_ticket"}
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		v, found, err := latest(ctx, tx, aid, t.ResolvedMonth, part)
		if err != nil {
			return err
		}
		if err := writable(v, found); err != nil {
			return err
		}
		id, err := tx.ProposeExclusion(ctx, aid, ticketID, reason, x.Name(), x.P.Party)
		if errors.Is(err, store.ErrExclusionState) {
			return conflict(err.Error(), "reports.err.exclusion_state")
		} else if err != nil {
			return err
		}
		if err := exclusionDuty(ctx, tx, a, aid, id, t.Number, t.ResolvedMonth, x.P.Party); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "sla_exclusion.propose", ObjectType: "sla_exclusion",
			ObjectID: fmt.Sprint(id), AgreementID: aid, After: map[string]any{"ticket": t.Number, "reason": reason}})
	})
}

// DecideExclusion: the customer accepts or rejects a proposed exclusion;
// a rejection needs a note.
func (s *Service) DecideExclusion(ctx context.Context, x meeting.Actor, a *gov.Agreement, exclusionID int64, accept bool, note string) error {
	if !auth.Allowed(x.Role, auth.ReviewReport) {
		return forbidden()
	}
	note, err := checkNote(note, !accept, "say why the exclusion is rejected")
	if err != nil {
		return err
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		var month, service string
		if err := tx.QueryRowContext(ctx, `SELECT t.resolved_month, t.service FROM sla_exclusions e JOIN tickets t ON t.id = e.ticket_id
			WHERE e.id = ? AND e.agreement_id = ?`, exclusionID, aid).Scan(&month, &service); err != nil {
			return &gov.Error{Code: gov.CodeNotFound, Message: "no such exclusion", ID: "reports.err.no_exclusion"}
		}
		// Only the direct buyer of the service's supplier decides
		// (issue #14); one who may not read that part does not find it.
		part := PartOfService(a, service)
		if (part != "" || Parts(a) != nil) && !CanRead(a, x, part) {
			return &gov.Error{Code: gov.CodeNotFound, Message: "no such exclusion", ID: "reports.err.no_exclusion"}
		}
		if !CanReview(a, x, part) {
			return forbidden()
		}
		v, found, err := latest(ctx, tx, aid, month, part)
		if err != nil {
			return err
		}
		if err := writable(v, found); err != nil {
			return err
		}
		if _, err := tx.DecideExclusion(ctx, aid, exclusionID, accept, x.Name(), note); errors.Is(err, store.ErrExclusionState) {
			return conflict(err.Error(), "reports.err.exclusion_state")
		} else if err != nil {
			return err
		}
		if err := duty.Done(ctx, tx, aid, duty.ExclusionDecision, fmt.Sprintf("exclusion:%d", exclusionID), "", x.Name()); err != nil {
			return err
		}
		action := "sla_exclusion.reject"
		if accept {
			action = "sla_exclusion.accept"
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: action, ObjectType: "sla_exclusion", ObjectID: fmt.Sprint(exclusionID),
			AgreementID: aid, After: map[string]any{"note": note}})
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// checkNote trims a reviewer's note and checks it: required (with why as
// the message) when the reviewer says no, never longer than MaxText.
func checkNote(note string, required bool, why string) (string, error) {
	note = strings.TrimSpace(note)
	if required && note == "" {
		return "", invalid("note", why, "reports.err.note_required")
	}
	if len(note) > MaxText {
		return "", invalid("note", "the note is too long", "reports.err.too_long")
	}
	return note, nil
}

// partKey marks a part in a message's dedupe key ("" for the whole
// report, so the keys of reports written before parts stay the same).
func partKey(part string) string {
	if part == "" {
		return ""
	}
	return "/" + part
}
