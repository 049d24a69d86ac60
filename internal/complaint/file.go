package complaint

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// NewComplaint is a complaint as the customer files it.
type NewComplaint struct {
	// Supplier is the party slug of the supplier complained about.
	Supplier string
	Title    string
	Body     string
}

// File records a complaint, filed in writing by a representative of the
// buying side of a relationship against its seller (issue #14: a city
// that buys from a provider cannot file against the provider's
// suppliers), received today; its deadlines are
// counted from today on the agreement's calendar. It becomes a matter of
// the forum the model names, on the agenda of that forum's next open
// meeting, or waiting for the next one created (an extra meeting, say).
func (s *Service) File(ctx context.Context, a *gov.Agreement, x Actor, in NewComplaint) (*store.Complaint, error) {
	in.Title, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	var fs []gov.FieldError
	switch {
	case a.Party(in.Supplier) == nil:
		fs = append(fs, fieldErr("supplier", "complaints.err.supplier", "choose the supplier the complaint is against"))
	case customerSide(x, a) && a.Contract(x.P.Party, in.Supplier) == nil:
		// Issue 14: only the buying side of a contract complains.
		fs = append(fs, fieldErr("supplier", "complaints.err.nocontract",
			"your organisation has no contract with {Party}: file the complaint against a party it buys from", "Party", a.Party(in.Supplier).Name))
	}
	switch n := len([]rune(in.Title)); {
	case n == 0:
		fs = append(fs, fieldErr("title", "complaints.err.title", "a complaint needs a subject"))
	case n > 300:
		fs = append(fs, fieldErr("title", "complaints.err.titlelong", "the subject may be at most {Max} characters", "Max", 300))
	}
	switch n := len([]rune(in.Body)); {
	case n == 0:
		fs = append(fs, fieldErr("body", "complaints.err.body", "describe the complaint in writing"))
	case n > 20000:
		fs = append(fs, fieldErr("body", "complaints.err.bodylong", "the description may be at most {Max} characters", "Max", 20000))
	}
	if len(fs) > 0 {
		return nil, gov.Invalid(fs...)
	}
	// Checked after the form so that the route's matrix (which lets an
	// administrator reach the form) and the rule agree: an administrator
	// belongs to no party and files nothing.
	if !MayFile(x, a) {
		return nil, forbidden("complaints.err.forbidden.file", "file complaints: the customer's representatives do")
	}
	cal, err := Calendar(a)
	if err != nil {
		return nil, err
	}
	now := s.now()
	today := Today(a, now)
	r := Rules(a)
	ack, respond := Deadlines(cal, r, today)
	c := &store.Complaint{Agreement: a.Slug, Supplier: in.Supplier, Title: in.Title, Body: in.Body, Status: string(Filed),
		FiledBy: x.Name(), FiledParty: x.P.Party, ReceivedOn: today.String(), AckDue: ack.String(), RespondDue: respond.String(),
		CreatedAt: now, UpdatedAt: now}
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		c.AgreementID = aid
		if err := tx.InsertComplaint(ctx, c); err != nil {
			return err
		}
		// Raised only in the relationship's own forum, where no
		// competitor of the seller sits (issue #14).
		if f := a.ComplaintForum(c.FiledParty, c.Supplier); f != nil {
			if c.MatterID, err = s.onAgenda(ctx, tx, a, x, f, c); err != nil {
				return err
			}
			if err := tx.UpdateComplaint(ctx, c); err != nil {
				return err
			}
		}
		if err := openDuties(ctx, tx, a, c); err != nil {
			return err
		}
		notified, err := s.notifyFiled(ctx, tx, a, x, c)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, x, c, "file", "", map[string]any{"supplier": c.Supplier, "title": c.Title,
			"received_on": c.ReceivedOn, "ack_due": c.AckDue, "respond_due": c.RespondDue, "matter": c.MatterID, "notified": notified})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// onAgenda raises the complaint as a matter of forum f and puts it on the
// agenda of the forum's next open meeting; with none, the matter waits
// and the store's trigger places it on the first meeting created (as an
// escalated matter does).
func (s *Service) onAgenda(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, f *gov.Forum, c *store.Complaint) (int64, error) {
	now := c.CreatedAt
	title := "Reklamaatio / Reklamation #" + strconv.FormatInt(c.ID, 10) + ": " + c.Title
	if len([]rune(title)) > 300 {
		title = string([]rune(title)[:300])
	}
	m := &store.Matter{Agreement: a.Slug, Forum: f.Slug, Origin: f.Slug, Kind: "disagreement", Status: "open", Title: title,
		Description: c.Body, RaisedBy: x.Name(), RaisedParty: x.P.Party, CreatedAt: now, UpdatedAt: now}
	if x.Person != nil {
		m.Owner, m.OwnerName = x.Person.Slug, x.Person.Name
	}
	mt, err := tx.NextOpenMeeting(ctx, a.Slug, f.Slug, now)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	if mt == nil {
		m.WaitingSince = &now
	} else {
		m.Status = "in-progress"
	}
	if err := tx.InsertMatter(ctx, m); err != nil {
		return 0, err
	}
	step := &store.MatterStep{MatterID: m.ID, Forum: f.Slug, EnteredAt: now}
	ev := &store.MatterEvent{MatterID: m.ID, At: now, Actor: x.Name(), Action: "raise", Note: "complaint #" + strconv.FormatInt(c.ID, 10)}
	if mt != nil {
		it := &gov.AgendaItem{MeetingID: mt.ID, Type: gov.ItemDecision, Title: title, Description: c.Body, Status: gov.ItemAccepted, Source: "complaint"}
		if err := tx.InsertItem(ctx, it); err != nil {
			return 0, err
		}
		if err := tx.InsertMatterLink(ctx, &store.MatterLink{MatterID: m.ID, MeetingID: mt.ID, ItemID: it.ID, Source: "agenda",
			CreatedBy: x.Name(), CreatedAt: now}); err != nil {
			return 0, err
		}
		step.MeetingID, ev.MeetingID, ev.ItemID = mt.ID, mt.ID, it.ID
	}
	if err := tx.InsertMatterStep(ctx, a.Slug, step); err != nil {
		return 0, err
	}
	return m.ID, tx.InsertMatterEvent(ctx, ev)
}

// source is the complaint's duties' source in the ledger.
func source(c *store.Complaint) string { return "complaint:" + strconv.FormatInt(c.ID, 10) }

func link(a *gov.Agreement, c *store.Complaint) string {
	return "/a/" + a.Slug + "/complaints/" + strconv.FormatInt(c.ID, 10)
}

// openDuties puts a new complaint's acknowledgement and response into
// the ledger, owed by the supplier to the filing party.
func openDuties(ctx context.Context, tx *store.Tx, a *gov.Agreement, c *store.Complaint) error {
	base := store.Duty{AgreementID: c.AgreementID, Source: source(c), Title: c.Title, Link: link(a, c), OwedBy: c.Supplier,
		OwedTo: c.FiledParty, Forum: Rules(a).HandledIn}
	ack, resp := base, base
	ack.Kind, ack.Due = duty.ComplaintAck, c.AckDue
	resp.Kind, resp.Due = duty.ComplaintResponse, c.RespondDue
	if err := duty.Open(ctx, tx, ack); err != nil {
		return err
	}
	return duty.Open(ctx, tx, resp)
}

// record writes a complaint event and its audit entry.
func (s *Service) record(ctx context.Context, tx *store.Tx, x Actor, c *store.Complaint, action, note string, after map[string]any) error {
	if err := tx.InsertComplaintEvent(ctx, &store.ComplaintEvent{ComplaintID: c.ID, At: s.now(), Actor: x.Name(), Action: action, Note: note}); err != nil {
		return err
	}
	if note != "" {
		after["note"] = note
	}
	after["status"] = c.Status
	return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "complaint." + action, ObjectType: "complaint",
		ObjectID: strconv.FormatInt(c.ID, 10), AgreementID: c.AgreementID, After: after})
}

// load opens a complaint x may see, locked for a change.
func (s *Service) load(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, id int64, lock bool) (*store.Complaint, error) {
	c, err := tx.Complaint(ctx, a.Slug, id, lock)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound(id)
	} else if err != nil {
		return nil, err
	}
	if !CanSee(x, a, c) {
		return nil, notFound(id)
	}
	return c, nil
}
