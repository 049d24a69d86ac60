package api

import (
	"context"
	"errors"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// The JSON forms of meetings and what hangs on them. The gov types carry
// no JSON tags (they are the domain's, not the wire's), so these DTOs are
// the API's contract, each with an explicit schema in openapi.yaml. Who
// did something is given as recorded: "user:EMAIL", or "system".

// Meeting is one meeting of a forum.
type Meeting struct {
	ID        int64  `json:"id"`
	Forum     string `json:"forum"`
	ForumName string `json:"forum_name"`
	Kind      string `json:"kind"`
	State     string `json:"state"`
	Title     string `json:"title"`
	Location  string `json:"location,omitempty"`
	// OnlineURL is the online-meeting link; Organiser the convening person
	// the invitation names (issue 19).
	OnlineURL string `json:"online_url,omitempty"`
	Organiser string `json:"organiser,omitempty"`
	// Start and End are in the agreement's time zone.
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	Date         string    `json:"date"`
	MaterialsDue string    `json:"materials_due"`
	ProposalsDue string    `json:"proposals_due,omitempty"`
	MinutesDue   string    `json:"minutes_due,omitempty"`
	CancelReason string    `json:"cancel_reason,omitempty"`
	ICalUID      string    `json:"ical_uid"`
	ICalSequence int       `json:"ical_sequence"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// AgendaItem is one item of a meeting's agenda.
type AgendaItem struct {
	ID            int64  `json:"id"`
	Position      int    `json:"position"`
	Type          string `json:"type"`
	Title         string `json:"title"`
	Description   string `json:"description,omitempty"`
	Presenter     string `json:"presenter,omitempty"`
	Minutes       int    `json:"minutes"`
	Status        string `json:"status"`
	Source        string `json:"source"`
	ProposedBy    string `json:"proposed_by,omitempty"`
	DeclineReason string `json:"decline_reason,omitempty"`
}

// Material is one version of a file attached to a meeting or an item;
// Href downloads it.
type Material struct {
	ID          int64     `json:"id"`
	Item        int64     `json:"item,omitempty"`
	Name        string    `json:"name"`
	Version     int       `json:"version"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Late        bool      `json:"late"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
	Href        string    `json:"href"`
}

// Attendee is a person's attendance and role at a meeting.
type Attendee struct {
	Person  string `json:"person,omitempty"`
	Name    string `json:"name"`
	Party   string `json:"party"`
	Role    string `json:"role"`
	Present bool   `json:"present"`
}

// Minutes is one version of a meeting's minutes.
type Minutes struct {
	Version       int        `json:"version"`
	Status        string     `json:"status"`
	Body          string     `json:"body"`
	WrittenBy     string     `json:"written_by"`
	WrittenAt     time.Time  `json:"written_at"`
	SubmittedAt   *time.Time `json:"submitted_at,omitempty"`
	ApprovedBy    string     `json:"approved_by,omitempty"`
	ApprovedAt    *time.Time `json:"approved_at,omitempty"`
	ReturnComment string     `json:"return_comment,omitempty"`
}

// MinutesVersion is a version of the minutes without its text.
type MinutesVersion struct {
	Version       int        `json:"version"`
	Status        string     `json:"status"`
	WrittenBy     string     `json:"written_by"`
	WrittenAt     time.Time  `json:"written_at"`
	SubmittedAt   *time.Time `json:"submitted_at,omitempty"`
	ApprovedBy    string     `json:"approved_by,omitempty"`
	ApprovedAt    *time.Time `json:"approved_at,omitempty"`
	ReturnComment string     `json:"return_comment,omitempty"`
}

// ActionItem is a task agreed at a meeting.
type ActionItem struct {
	ID        int64         `json:"id"`
	Forum     string        `json:"forum"`
	Meeting   int64         `json:"meeting,omitempty"`
	Title     string        `json:"title"`
	Owner     string        `json:"owner,omitempty"`
	OwnerName string        `json:"owner_name"`
	Due       string        `json:"due"`
	Status    string        `json:"status"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
	History   []ActionEvent `json:"history,omitempty"`
}

// ActionEvent is one change of an action item.
type ActionEvent struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Change string    `json:"change"`
}

// MeetingAbilities says what the caller may do with the meeting now, by
// the forum's rules (the service decides again on each request).
type MeetingAbilities struct {
	Convene      bool `json:"convene"`
	Propose      bool `json:"propose"`
	Contribute   bool `json:"contribute"`
	Record       bool `json:"record"`
	WriteMinutes bool `json:"write_minutes"`
	Approve      bool `json:"approve"`
}

// MeetingDetail is a meeting with its agenda, materials (every version,
// without the bytes), attendance, the latest minutes and every version's
// status, its action items, and what the caller may do.
type MeetingDetail struct {
	Meeting
	Items           []AgendaItem     `json:"items"`
	Materials       []Material       `json:"materials"`
	Attendance      []Attendee       `json:"attendance"`
	Minutes         *Minutes         `json:"minutes,omitempty"`
	MinutesVersions []MinutesVersion `json:"minutes_versions"`
	Actions         []ActionItem     `json:"actions"`
	// NextMeetingHeld: the forum's next meeting has been held, which
	// approval at the next meeting waits for.
	NextMeetingHeld bool             `json:"next_meeting_held"`
	You             MeetingAbilities `json:"you"`
	// Signing is the checking and signing of the minutes, where the
	// model has it (issue 19).
	Signing *Signing `json:"signing,omitempty"`
	// Answers are the invitees' answers (issue 19).
	Answers []Answer `json:"answers"`
}

func location(ag *gov.Agreement) *time.Location {
	loc, err := time.LoadLocation(ag.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

func meetingOut(ag *gov.Agreement, m *gov.Meeting) Meeting {
	loc := location(ag)
	name := m.Forum
	if f := ag.Forum(m.Forum); f != nil {
		name = f.Name
	}
	return Meeting{ID: m.ID, Forum: m.Forum, ForumName: name, Kind: string(m.Kind), State: string(m.State), Title: m.Title,
		Location: m.Location, Start: m.Start.In(loc), End: m.End.In(loc), Date: m.LocalDate, MaterialsDue: m.MaterialsDue,
		ProposalsDue: m.ProposalsDue, MinutesDue: m.MinutesDue, CancelReason: m.CancelReason, ICalUID: m.ICalUID,
		ICalSequence: m.ICalSequence, CreatedBy: m.CreatedBy, CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC(),
		OnlineURL: m.OnlineURL, Organiser: m.OrganiserName}
}

func itemOut(it gov.AgendaItem) AgendaItem {
	return AgendaItem{ID: it.ID, Position: it.Position, Type: string(it.Type), Title: it.Title, Description: it.Description,
		Presenter: it.Presenter, Minutes: it.Minutes, Status: string(it.Status), Source: it.Source, ProposedBy: it.ProposedBy,
		DeclineReason: it.DeclineReason}
}

func materialOut(ag *gov.Agreement, m gov.Material) Material {
	return Material{ID: m.ID, Item: m.ItemID, Name: m.Name, Version: m.Version, ContentType: m.ContentType, Size: m.Size,
		SHA256: m.SHA256, Late: m.Late, UploadedBy: m.UploadedBy, UploadedAt: m.UploadedAt.UTC(),
		Href: "/api/v1/agreements/" + ag.Slug + "/meetings/" + itoa(m.MeetingID) + "/materials/" + itoa(m.ID)}
}

func minutesOut(m gov.Minutes) Minutes {
	return Minutes{Version: m.Version, Status: string(m.Status), Body: m.Body, WrittenBy: m.WrittenBy, WrittenAt: m.WrittenAt.UTC(),
		SubmittedAt: utc(m.SubmittedAt), ApprovedBy: m.ApprovedBy, ApprovedAt: utc(m.ApprovedAt), ReturnComment: m.ReturnComment}
}

func actionOut(p auth.Principal, a *gov.Agreement, ai gov.ActionItem) ActionItem {
	owner, ownerName := shownOwner(p, a, ai.Owner, ai.OwnerName)
	return ActionItem{ID: ai.ID, Forum: ai.Forum, Meeting: ai.MeetingID, Title: ai.Title, Owner: owner, OwnerName: ownerName,
		Due: ai.Due, Status: string(ai.Status), CreatedAt: ai.CreatedAt.UTC(), UpdatedAt: ai.UpdatedAt.UTC()}
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// errNoMeeting answers a meeting that does not exist, belongs to another
// agreement, or is in a forum the caller may not see, alike.
func errNoMeeting(id string) *Error { return errNotFound("no meeting " + id) }

// visibleMeeting loads meeting id of r's agreement inside tx, or a
// not-found error when the caller may not see its forum.
func visibleMeeting(ctx context.Context, tx *store.Tx, r *Req, id int64) (*gov.Meeting, *gov.Forum, error) {
	m, err := tx.Meeting(ctx, r.Agreement.Slug, id, false)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errNoMeeting(itoa(id))
	} else if err != nil {
		return nil, nil, err
	}
	f := r.Agreement.Forum(m.Forum)
	if f == nil || !auth.CanSeeForum(r.Principal, r.Agreement, f) {
		return nil, nil, errNoMeeting(itoa(id))
	}
	return m, f, nil
}

// detail reads meeting id as the caller sees it, in one read transaction.
func (a *API) detail(ctx context.Context, r *Req, id int64) (*MeetingDetail, error) {
	ag := r.Agreement
	x := meeting.ActorFor(r.Principal, ag)
	var out *MeetingDetail
	err := a.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		m, f, err := visibleMeeting(ctx, tx, r, id)
		if err != nil {
			return err
		}
		d := &MeetingDetail{Meeting: meetingOut(ag, m), Items: []AgendaItem{}, Materials: []Material{}, Attendance: []Attendee{},
			MinutesVersions: []MinutesVersion{}, Actions: []ActionItem{}}
		items, err := tx.Items(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, it := range items {
			d.Items = append(d.Items, itemOut(it))
		}
		mats, err := tx.Materials(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, mt := range mats {
			d.Materials = append(d.Materials, materialOut(ag, mt))
		}
		att, err := tx.Attendance(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, at := range att {
			d.Attendance = append(d.Attendance, Attendee{Person: at.Person, Name: at.Name, Party: at.Party, Role: at.Role, Present: at.Present})
		}
		versions, err := tx.MinutesVersions(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, v := range versions {
			d.MinutesVersions = append(d.MinutesVersions, MinutesVersion{Version: v.Version, Status: string(v.Status), WrittenBy: v.WrittenBy,
				WrittenAt: v.WrittenAt.UTC(), SubmittedAt: utc(v.SubmittedAt), ApprovedBy: v.ApprovedBy, ApprovedAt: utc(v.ApprovedAt),
				ReturnComment: v.ReturnComment})
		}
		if n := len(versions); n > 0 {
			latest := minutesOut(versions[n-1])
			d.Minutes = &latest
		}
		actions, err := tx.ActionItems(ctx, store.ActionFilter{Agreement: ag.Slug, MeetingID: m.ID})
		if err != nil {
			return err
		}
		for _, ai := range actions {
			d.Actions = append(d.Actions, actionOut(x.P, ag, ai))
		}
		if d.NextMeetingHeld, err = meeting.NextHeld(ctx, tx, m); err != nil {
			return err
		}
		if d.Signing, err = signingOf(ctx, tx, ag, f, m.ID); err != nil {
			return err
		}
		answers, err := tx.Answers(ctx, m.ID)
		if err != nil {
			return err
		}
		d.Answers = []Answer{}
		for _, an := range answers {
			d.Answers = append(d.Answers, Answer{Person: an.Person, Answer: an.Answer, Deputy: an.Deputy})
		}
		d.You = MeetingAbilities{Convene: meeting.CanConvene(x, ag, f), Propose: meeting.CanPropose(x, ag, f, m.LocalDate),
			Contribute: meeting.CanContribute(x, ag, f), Record: meeting.CanRecord(x, ag, f), WriteMinutes: meeting.CanWriteMinutes(x, ag, f),
			Approve: m.State == gov.MinutesSent && meeting.CanApprove(x, ag, f, m, att, d.NextMeetingHeld)}
		out = d
		return nil
	})
	return out, err
}
