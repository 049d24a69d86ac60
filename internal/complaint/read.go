package complaint

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// Deadline is a due date with its countdown in working days from today
// (negative once passed) and whether it was met (Done) or missed.
type Deadline struct {
	Due  string
	Left int
	// Done: the step was taken; Late: taken or still open after the due day.
	Done, Late bool
}

// View is a complaint with what hangs on it and its deadlines as of now.
type View struct {
	store.Complaint
	Ack, Respond Deadline
	Responses    []store.ComplaintResponse
	Attachments  []store.ComplaintAttachment
	Events       []store.ComplaintEvent
	// Sanction is the sanction proposed for it, if any.
	Sanction   *store.Sanction
	Chargeable bool
}

// view fills the deadlines of c as of now.
func (s *Service) view(a *gov.Agreement, cal calendar.Calendar, c store.Complaint) View {
	now := s.now()
	today := Today(a, now)
	v := View{Complaint: c, Chargeable: Chargeable(a, &c)}
	dl := func(due string, done bool) Deadline {
		d := Deadline{Due: due, Done: done}
		if dd, err := calendar.ParseDate(due); err == nil {
			d.Left = Countdown(cal, today, dd)
		}
		d.Late = !done && lateOn(a, due, now)
		return d
	}
	v.Ack = dl(c.AckDue, c.AcknowledgedAt != nil)
	if c.AcknowledgedAt != nil {
		v.Ack.Late = lateOn(a, c.AckDue, *c.AcknowledgedAt)
	}
	v.Respond = dl(c.RespondDue, c.Status == string(Responded) || c.Status == string(Accepted))
	return v
}

// Get reads a complaint x may see, with its responses, files, history and
// sanction.
func (s *Service) Get(ctx context.Context, a *gov.Agreement, x Actor, id int64) (*View, error) {
	cal, err := Calendar(a)
	if err != nil {
		return nil, err
	}
	var v View
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.load(ctx, tx, a, x, id, false)
		if err != nil {
			return err
		}
		v = s.view(a, cal, *c)
		if v.Responses, err = tx.ComplaintResponses(ctx, c.ID); err != nil {
			return err
		}
		for _, r := range v.Responses {
			if r.Late {
				v.Respond.Late = true
			}
		}
		if v.Attachments, err = tx.ComplaintAttachments(ctx, c.ID); err != nil {
			return err
		}
		if v.Events, err = tx.ComplaintEvents(ctx, c.ID); err != nil {
			return err
		}
		sc, err := tx.SanctionBySource(ctx, c.AgreementID, store.SanctionFromComplaint, strconv.FormatInt(c.ID, 10))
		if err == nil {
			v.Sanction = sc
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// List is the complaint register: the complaints x may see, filtered,
// newest first, with their deadlines as of now.
func (s *Service) List(ctx context.Context, a *gov.Agreement, x Actor, f store.ComplaintFilter) ([]View, error) {
	cal, err := Calendar(a)
	if err != nil {
		return nil, err
	}
	var out []View
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		cs, err := tx.Complaints(ctx, a.Slug, f)
		for _, c := range cs {
			if CanSee(x, a, &c) {
				out = append(out, s.view(a, cal, c))
			}
		}
		return err
	})
	return out, err
}

// Attach adds a file to a complaint: the filing party's people, while the
// complaint is open. Files are limited as meeting materials are.
func (s *Service) Attach(ctx context.Context, a *gov.Agreement, x Actor, id int64, name string, data []byte) (*store.ComplaintAttachment, error) {
	if len(data) == 0 {
		return nil, gov.Invalid(fieldErr("file", "complaints.err.fileempty", "the file is empty"))
	}
	if len(data) > meeting.MaxMaterial {
		return nil, errf(gov.CodeTooLarge, "complaints.err.filetoolarge", "the file is too large; the limit is {Max} MB", "Max", meeting.MaxMaterial>>20)
	}
	name = meeting.CleanName(name)
	ctype := mime.TypeByExtension(strings.ToLower(filepath.Ext(name)))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	var f *store.ComplaintAttachment
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.load(ctx, tx, a, x, id, true)
		if err != nil {
			return err
		}
		if !buyerOf(x, c) {
			return forbidden("complaints.err.forbidden.attach", "attach files to this complaint: the party that filed it does")
		}
		if c.Status == string(Accepted) {
			return errf(gov.CodeConflict, "complaints.err.closed", "the complaint is closed")
		}
		f = &store.ComplaintAttachment{ComplaintID: c.ID, Name: name, ContentType: ctype, UploadedBy: x.Name(), UploadedAt: s.now()}
		if err := tx.InsertComplaintAttachment(ctx, f, data); err != nil {
			return err
		}
		return s.record(ctx, tx, x, c, "attach", name, map[string]any{"attachment": f.ID, "sha256": f.SHA256})
	})
	return f, err
}

// Attachment reads one file of a complaint x may see.
func (s *Service) Attachment(ctx context.Context, a *gov.Agreement, x Actor, id, fileID int64) (*store.ComplaintAttachment, []byte, error) {
	var f *store.ComplaintAttachment
	var data []byte
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.load(ctx, tx, a, x, id, false)
		if err != nil {
			return err
		}
		f, data, err = tx.ComplaintAttachmentData(ctx, c.ID, fileID)
		if errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "complaints.err.nofile.id", "no such attachment")
		}
		return err
	})
	return f, data, err
}
