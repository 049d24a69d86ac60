package complaint

import (
	"context"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/sanction"
	"github.com/steerco/steerco/internal/store"
)

// Acknowledge records the supplier's acknowledgement of receipt.
func (s *Service) Acknowledge(ctx context.Context, a *gov.Agreement, x Actor, id int64) (*store.Complaint, error) {
	var c *store.Complaint
	err := s.st.InTx(ctx, func(tx *store.Tx) (err error) {
		if c, err = s.load(ctx, tx, a, x, id, true); err != nil {
			return err
		}
		if !supplierOf(x, c) {
			return forbidden("complaints.err.forbidden.ack", "acknowledge this complaint: the supplier's representatives do")
		}
		if c.Status != string(Filed) {
			return errf(gov.CodeConflict, "complaints.err.acked", "the complaint has already been acknowledged")
		}
		now := s.now()
		late := lateOn(a, c.AckDue, now)
		c.Status, c.AcknowledgedAt, c.AcknowledgedBy, c.UpdatedAt = string(Acknowledged), &now, x.Name(), now
		if err := tx.UpdateComplaint(ctx, c); err != nil {
			return err
		}
		if err := duty.Done(ctx, tx, c.AgreementID, duty.ComplaintAck, source(c), "", x.Name()); err != nil {
			return err
		}
		return s.record(ctx, tx, x, c, "acknowledge", "", map[string]any{"late": late})
	})
	return c, err
}

// lateOn reports whether now is after the due date's end in the
// agreement's time zone: the due day itself counts in full.
func lateOn(a *gov.Agreement, due string, now interface{ Unix() int64 }) bool {
	d, err := calendar.ParseDate(due)
	if err != nil {
		return false
	}
	return d.AddDays(1).Time(location(a)).Unix() <= now.Unix()
}

// CheckSections returns a field error for every section left empty,
// naming it; sections must match the model's in number.
func CheckSections(a *gov.Agreement, got []string) error {
	names, _ := Sections(a)
	var fs []gov.FieldError
	for i, n := range names {
		if i >= len(got) || strings.TrimSpace(got[i]) == "" {
			fs = append(fs, fieldErr("section-"+strconv.Itoa(i+1), "complaints.err.section", "the section {Section} is missing", "Section", sectionName(n, i)))
		} else if len([]rune(got[i])) > 20000 {
			fs = append(fs, fieldErr("section-"+strconv.Itoa(i+1), "complaints.err.sectionlong", "the section {Section} may be at most {Max} characters",
				"Section", sectionName(n, i), "Max", 20000))
		}
	}
	if len(got) > len(names) {
		fs = append(fs, fieldErr("sections", "complaints.err.sectioncount", "the response has {Want} sections", "Want", len(names)))
	}
	if len(fs) > 0 {
		return gov.Invalid(fs...)
	}
	return nil
}

// sectionName is how a section is named in an error: the model's heading,
// or the default section's number.
func sectionName(n string, i int) string {
	for _, d := range DefaultSections {
		if n == d {
			return strconv.Itoa(i+1) + " (" + n + ")"
		}
	}
	return n
}

// Respond records the supplier's written response, which must have every
// section. A response after the due date is late; with the model's
// sanction_on_late a sanction is proposed for it at once.
func (s *Service) Respond(ctx context.Context, a *gov.Agreement, x Actor, id int64, sections []string) (*store.ComplaintResponse, error) {
	var resp *store.ComplaintResponse
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.load(ctx, tx, a, x, id, true)
		if err != nil {
			return err
		}
		if !supplierOf(x, c) {
			return forbidden("complaints.err.forbidden.respond", "respond to this complaint: the supplier's representatives do")
		}
		switch Status(c.Status) {
		case Acknowledged, Returned:
		case Filed:
			return errf(gov.CodeConflict, "complaints.err.notacked", "acknowledge the complaint before responding")
		default:
			return errf(gov.CodeConflict, "complaints.err.responded", "the complaint has a response waiting for the customer or accepted")
		}
		if err := CheckSections(a, sections); err != nil {
			return err
		}
		for i := range sections {
			sections[i] = strings.TrimSpace(sections[i])
		}
		now := s.now()
		resp = &store.ComplaintResponse{ComplaintID: c.ID, Sections: sections, SubmittedBy: x.Name(), SubmittedAt: now,
			Late: lateOn(a, c.RespondDue, now)}
		if err := tx.InsertComplaintResponse(ctx, resp); err != nil {
			return err
		}
		c.Status, c.UpdatedAt = string(Responded), now
		if err := tx.UpdateComplaint(ctx, c); err != nil {
			return err
		}
		if err := duty.Done(ctx, tx, c.AgreementID, duty.ComplaintResponse, source(c), "", x.Name()); err != nil {
			return err
		}
		// The filing party answers the response: accept or return it.
		if err := duty.Reopen(ctx, tx, store.Duty{AgreementID: c.AgreementID, Kind: duty.ComplaintDecision, Source: source(c), Title: c.Title,
			Link: link(a, c), OwedBy: c.FiledParty, OwedTo: c.Supplier, Forum: Rules(a).HandledIn,
			Due: duty.DueAfter(a, Today(a, now), DecideWorkingDays)}); err != nil {
			return err
		}
		after := map[string]any{"version": resp.Version, "late": resp.Late}
		if resp.Late {
			id, _, err := s.propose(ctx, tx, a, c, "late response (due "+c.RespondDue+", submitted "+Today(a, now).String()+")")
			if err != nil {
				return err
			}
			after["sanction"] = id
		}
		return s.record(ctx, tx, x, c, "respond", "", after)
	})
	return resp, err
}

// propose proposes the complaint's sanction when the model makes a late,
// missing or inadequate response eligible; once per complaint (the source
// ref is the complaint's id, whichever path proposes it). created tells
// whether this call proposed it.
func (s *Service) propose(ctx context.Context, tx *store.Tx, a *gov.Agreement, c *store.Complaint, why string) (id int64, created bool, err error) {
	r := Rules(a)
	if !r.SanctionOnLate {
		return 0, false, nil
	}
	return sanction.Propose(ctx, tx, a, store.SanctionProposal{AgreementID: c.AgreementID, Month: c.RespondDue[:7],
		Source: store.SanctionFromComplaint, SourceRef: strconv.FormatInt(c.ID, 10), Party: c.Supplier,
		Reason: "Complaint #" + strconv.FormatInt(c.ID, 10) + " (" + c.Title + "): " + why, Amount: sanction.ComplaintAmount(a)}, s.now())
}

// DecideWorkingDays is how many working days the filing party has to
// accept or return a response; the models name no deadline for it.
const DecideWorkingDays = 5

// Outcome is the customer's answer to a response.
type Outcome string

// The outcomes: accept closes the complaint, return asks for a new
// response and makes the complaint eligible for a sanction.
const (
	Accept Outcome = "accepted"
	Return Outcome = "returned"
)

// Decide records the filing party's acceptance or return of the latest
// response; a return needs a reason.
func (s *Service) Decide(ctx context.Context, a *gov.Agreement, x Actor, id int64, o Outcome, reason string) (*store.Complaint, error) {
	reason = strings.TrimSpace(reason)
	if o != Accept && o != Return {
		return nil, gov.Invalid(fieldErr("outcome", "complaints.err.outcome", "accept the response or return it"))
	}
	if o == Return && reason == "" {
		return nil, gov.Invalid(fieldErr("reason", "complaints.err.reason", "say why the response is returned"))
	}
	var c *store.Complaint
	err := s.st.InTx(ctx, func(tx *store.Tx) (err error) {
		if c, err = s.load(ctx, tx, a, x, id, true); err != nil {
			return err
		}
		if !buyerOf(x, c) {
			return forbidden("complaints.err.forbidden.decide", "accept or return this response: the party that filed the complaint does")
		}
		if c.Status != string(Responded) {
			return errf(gov.CodeConflict, "complaints.err.noresponse", "there is no response waiting for an answer")
		}
		rs, err := tx.ComplaintResponses(ctx, c.ID)
		if err != nil || len(rs) == 0 {
			return err
		}
		now := s.now()
		last := &rs[len(rs)-1]
		last.Outcome, last.OutcomeReason, last.DecidedBy, last.DecidedAt = string(o), reason, x.Name(), &now
		if err := tx.DecideComplaintResponse(ctx, last); err != nil {
			return err
		}
		c.Status, c.UpdatedAt = string(o), now
		if err := tx.UpdateComplaint(ctx, c); err != nil {
			return err
		}
		if err := duty.Done(ctx, tx, c.AgreementID, duty.ComplaintDecision, source(c), "", x.Name()); err != nil {
			return err
		}
		after := map[string]any{"version": last.Version}
		if o == Return {
			// The supplier owes an adequate response by the same due
			// date. A sanction is proposed only once that date has
			// passed without one: now, when it has, or else by the
			// scheduled run (Deadlines) if no new response comes.
			if err := duty.Reopen(ctx, tx, store.Duty{AgreementID: c.AgreementID, Kind: duty.ComplaintResponse, Source: source(c), Title: c.Title,
				Link: link(a, c), OwedBy: c.Supplier, OwedTo: c.FiledParty, Forum: Rules(a).HandledIn, Due: c.RespondDue}); err != nil {
				return err
			}
			if lateOn(a, c.RespondDue, now) {
				sid, _, err := s.propose(ctx, tx, a, c, "response returned as inadequate after the due date "+c.RespondDue+": "+reason)
				if err != nil {
					return err
				}
				after["sanction"] = sid
			}
		}
		action := "accept"
		if o == Return {
			action = "return"
		}
		return s.record(ctx, tx, x, c, action, reason, after)
	})
	return c, err
}

// SetCause records where the cause of the problem was found to lie (by the
// filing party, after the parties have looked into it): outside the
// supplier makes the handling chargeable when the model says so.
func (s *Service) SetCause(ctx context.Context, a *gov.Agreement, x Actor, id int64, cause, note string) (*store.Complaint, error) {
	note = strings.TrimSpace(note)
	if cause != CauseSupplier && cause != CauseOutside {
		return nil, gov.Invalid(fieldErr("cause", "complaints.err.cause", "choose where the cause lies: with the supplier or outside it"))
	}
	var c *store.Complaint
	err := s.st.InTx(ctx, func(tx *store.Tx) (err error) {
		if c, err = s.load(ctx, tx, a, x, id, true); err != nil {
			return err
		}
		if !buyerOf(x, c) {
			return forbidden("complaints.err.forbidden.cause", "record the cause: the party that filed the complaint does")
		}
		c.Cause, c.CauseNote, c.UpdatedAt = cause, note, s.now()
		if err := tx.UpdateComplaint(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, tx, x, c, "cause", note, map[string]any{"cause": cause, "chargeable": Chargeable(a, c)})
	})
	return c, err
}

// Chargeable reports whether handling the complaint may be charged: only
// when the cause was found outside the supplier and the model says so.
func Chargeable(a *gov.Agreement, c *store.Complaint) bool {
	return Rules(a).ChargeableIfCauseOutside && c.Cause == CauseOutside
}
