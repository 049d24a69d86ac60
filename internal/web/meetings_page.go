package web

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
)

// mtgOption is one choice of a select.
type mtgOption struct {
	Value, Label string
}

// mtgDeadline is a deadline with how far away (or how late) it is.
type mtgDeadline struct {
	Label, Date, Note string
	// Class is "soon", "overdue" or "".
	Class string
}

type mtgItem struct {
	ID                                       int64
	No                                       int
	Title, Type, Presenter, Duration, Source string
	Description                              template.HTML
	// Link points at the previous meeting for its minutes' item.
	Link                      string
	Status                    gov.ItemStatus
	StatusText                string
	ProposedBy, DeclineReason string
	// The item's own values, for its edit form, and whether it can move
	// up or down (issue 19).
	TypeID, RawTitle, RawDescription, RawPresenter string
	MinutesN                                       int
	First, Last                                    bool
	// Decided names the decision that keeps the item from being deleted.
	Decided bool
}

type mtgMaterial struct {
	ID                           int64
	Href, Name, Type, Size, Item string
	Version                      int
	UploadedBy, UploadedAt       string
	Late, Superseded             bool
}

type mtgAttendee struct {
	Index                   int
	Person, Name, Org, Role string
	RoleText                string
	Present                 bool
}

type mtgVersion struct {
	Version                             int
	Status                              gov.MinutesStatus
	StatusText, WrittenBy, WrittenAt    string
	SubmittedAt, ApprovedBy, ApprovedAt string
	ReturnComment                       string
}

type mtgShownMinutes struct {
	Version    int
	StatusText string
	Final      bool
	Body       template.HTML
	// Record is the approval record of approved minutes.
	Record string
}

type mtgAction struct {
	ID                              int64
	Title, Owner, Due, Status       string
	StatusID                        gov.ActionStatus
	DueClass                        string
	Forum, ForumHref, Meeting, Href string
	CanChange                       bool
	DueValue                        string
	History                         []mtgEvent
}

type mtgEvent struct{ At, Actor, Change string }

// mtgCan is what the viewer may do to the meeting now.
type mtgCan struct {
	EditAgenda, Propose, ProposalsClosed, Publish, Republish, Cancel bool
	Move                                                             bool
	Upload, Attendance, MarkHeld, NotPublished, Write, Submit        bool
	Approve, ApproveLater, AddAction                                 bool
}

// mtgForm is what a refused form sent, shown again with its errors.
type mtgForm struct {
	ItemTitle, ItemType, ItemPresenter, ItemMinutes, ItemDescription string
	DeclineItem                                                      int64
	DeclineReason, CancelReason, ReturnComment                       string
	Body                                                             string
	ActionTitle, ActionOwner, ActionDue                              string
	// Moving the meeting (issue 19).
	Moving                                                 bool
	MoveDate, MoveTime, MoveMinutes, MoveLocation, MoveURL string
	// EditItem is the item whose edit form was refused.
	EditItem      int64
	RejectComment string
	// Pending lists the proposals a refused publication waits for.
	Pending       bool
	PendingTitles []string
	Decision      mtrDecForm // issue 5
}

// mtgView is the meeting page.
type mtgView struct {
	Href, Title, Forum, ForumHref, When, Location, Kind, State string
	StateID                                                    gov.MeetingState
	CancelReason, Next                                         string
	Deadlines                                                  []mtgDeadline
	Agenda, Proposals                                          []mtgItem
	AgendaHidden, AgendaDraft                                  bool
	Materials                                                  []mtgMaterial
	LateMaterials                                              bool
	MaxMB                                                      int
	Attendance, AttendanceForm                                 []mtgAttendee
	ExtraPeople, Roles, Types, Owners, ItemOptions             []mtgOption
	Minutes                                                    *mtgShownMinutes
	Versions                                                   []mtgVersion
	Draft                                                      string
	Actions                                                    mtgActionTable
	ICS, PDF                                                   string
	// Issue 19: the online link, the move form's current values, the
	// meeting's history and the agenda pack.
	OnlineURL, MoveDate, MoveTime, MoveMinutes, History, Pack string
	Signing                                                   *mtgSigning
	Answers                                                   *mtgAnswers
	Can                                                       mtgCan
	Form                                                      mtgForm
	Decisions                                                 []mtrDecItem // issue 5
}

// meeting shows one meeting: its state and next step, deadlines, agenda
// and proposals, materials, attendance, minutes and action items, with
// the forms the viewer may use.
func (s *Server) meeting(w http.ResponseWriter, r *Req) {
	s.showMeeting(w, r, http.StatusOK, mtgForm{}, nil)
}

// showMeeting renders the meeting page, with a refused form's values and
// errors when status is not 200.
func (s *Server) showMeeting(w http.ResponseWriter, r *Req, status int, form mtgForm, errs []FieldError) {
	v, err := s.loadMeeting(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.meetingView(r, v)
	d.Form = form
	if form.Body != "" {
		d.Draft = form.Body
	}
	l := v.l
	p := s.page(r, l.t("meetings.page.title", "Forum", v.f.Name, "Date", l.dateText(v.m.LocalDate)), d)
	p.Section = "meetings"
	p.Errors = errs
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug},
		{Label: l.t("meetings.nav"), Href: "/a/" + r.Agreement.Slug + "/meetings"}, {Label: p.Title}}
	s.render(w, r, status, "meeting", p)
}

func (s *Server) meetingView(r *Req, v *mtg) *mtgView {
	l, m, f, a, x := v.l, v.m, v.f, r.Agreement, v.x
	n := s.namesFor(r, l)
	start, end := m.Start.In(l.loc()), m.End.In(l.loc())
	href := "/a/" + a.Slug + "/meetings/" + fmt.Sprint(m.ID)
	d := &mtgView{Href: href, Title: m.Title, Forum: f.Name, ForumHref: l.forumURL(f.Slug),
		When: l.when(start) + "–" + l.clock(end), Location: m.Location, Kind: l.t("meetings.kind." + string(m.Kind)),
		State: l.t("meetings.state." + string(m.State)), StateID: m.State, CancelReason: m.CancelReason,
		ICS: href + "/invite.ics", MaxMB: meeting.MaxMaterial >> 20}
	open := m.State == gov.Planned || m.State == gov.AgendaPublished
	closed := m.State == gov.Cancelled || m.State == gov.MinutesApproved
	convene := meeting.CanConvene(x, a, f)
	record := meeting.CanRecord(x, a, f)
	write := meeting.CanWriteMinutes(x, a, f)
	now := l.now
	c := &d.Can
	c.EditAgenda = convene && open
	if !convene && open && meeting.CanPropose(x, a, f, m.LocalDate) {
		c.Propose = m.ProposalsDue == "" || l.today.String() <= m.ProposalsDue
		c.ProposalsClosed = !c.Propose
	}
	c.Publish = convene && open && now.Before(m.Start)
	c.Republish = c.Publish && m.State == gov.AgendaPublished
	c.Cancel = convene && open
	c.Move = convene && open
	d.OnlineURL = m.OnlineURL
	d.History = "/a/" + a.Slug + "/history/meeting/" + fmt.Sprint(m.ID)
	d.MoveDate, d.MoveTime = m.LocalDate, start.Format("15:04")
	d.MoveMinutes = fmt.Sprint(int(end.Sub(start).Minutes()))
	c.Upload = meeting.CanContribute(x, a, f) && !closed
	// Attendance and action items are recorded at the meeting, from
	// its start on.
	begun := !now.Before(m.Start) && m.State != gov.Planned
	c.Attendance = record && !closed && begun
	c.MarkHeld = record && m.State == gov.AgendaPublished && !now.Before(m.Start)
	c.NotPublished = m.State == gov.Planned && !now.Before(m.Start)
	c.Write = write && (m.State == gov.Held || m.State == gov.MinutesDrafted)
	if cur := v.latest(); cur != nil && c.Write && cur.Status == gov.MinutesDraft {
		c.Submit = true
	}
	if m.State == gov.MinutesSent {
		writer := ""
		if cur := v.latest(); cur != nil {
			writer = cur.WrittenBy
		}
		c.Approve = meeting.CanApproveBy(x, a, f, m, v.att, writer, v.nextHeld)
		c.ApproveLater = !c.Approve && meeting.CanApproveBy(x, a, f, m, v.att, writer, true)
	}
	c.AddAction = record && m.State != gov.Cancelled && begun

	d.Next = s.nextStep(v)
	d.Deadlines = v.deadlines()
	d.AgendaHidden = m.State == gov.Planned && !convene
	d.AgendaDraft = m.State == gov.Planned && convene
	if !d.AgendaHidden && m.State != gov.Cancelled {
		d.Pack = href + "/pack.pdf"
	}
	for _, it := range v.items {
		row := l.mtgItem(v, it, n)
		if it.Status == gov.ItemAccepted {
			row.No = len(d.Agenda) + 1
			row.First = row.No == 1
			row.Decided = v.decided[it.ID]
			d.Agenda = append(d.Agenda, row)
			if !d.AgendaHidden {
				d.ItemOptions = append(d.ItemOptions, mtgOption{fmt.Sprint(it.ID), fmt.Sprintf("%d. %s", row.No, it.Title)})
			}
		}
		// Proposals stay listed once decided, so that their proposers
		// see what became of them before the agenda is published.
		if it.Source == "proposal" && (!d.AgendaHidden || c.Propose || c.ProposalsClosed) {
			d.Proposals = append(d.Proposals, row)
		}
	}
	if len(d.Agenda) > 0 {
		d.Agenda[len(d.Agenda)-1].Last = true
	}
	d.Materials, d.LateMaterials = l.mtgMaterials(v, href, n)
	d.Attendance = l.mtgAttendance(v.att)
	if c.Attendance {
		d.AttendanceForm, d.ExtraPeople = l.attendanceForm(v)
	}
	for _, role := range gov.AttendeeRoles {
		d.Roles = append(d.Roles, mtgOption{role, l.t("meetings.role." + role)})
	}
	for _, t := range gov.AgendaItemTypes {
		d.Types = append(d.Types, mtgOption{string(t), l.t("pages.itemtype." + string(t))})
	}
	d.Minutes, d.Versions = l.mtgMinutes(v, write || convene, n)
	if c.Write {
		d.Draft = v.draftText(l)
		if v.latest() == nil {
			// The first draft starts from what the meeting recorded, in
			// the agreement's language.
			if text, err := s.meetingSvc().DraftMinutes(r.Context(), a, x, m.ID); err == nil {
				d.Draft = text
			} else {
				s.log.Error("draft minutes", "meeting", m.ID, "err", err)
			}
		}
	}
	s.signingView(r, v, d)
	s.answersView(v, d)
	if v.approved() != nil && m.State == gov.MinutesApproved {
		d.PDF = href + "/minutes.pdf"
	}
	d.Actions = mtgActionTable{L: Loc{s.cat, r.Lang}, Slug: a.Slug, Statuses: l.statusOptions(), Back: href + "#actions",
		Errors: map[string]string{}, Caption: l.t("meetings.actions.title")}
	for _, ai := range v.actions {
		row := l.mtgAction(ai, x, record, n)
		d.Actions.Rows = append(d.Actions.Rows, row)
		d.Actions.CanChange = d.Actions.CanChange || row.CanChange
	}
	if c.AddAction {
		d.Owners = l.owners(f)
	}
	d.Decisions = s.mtrMeetingDecisions(r, v, d.AgendaHidden) // issue 5
	return d
}
