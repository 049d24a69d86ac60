package web

import (
	"fmt"
	"html/template"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/plan"
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
	Can                                                        mtgCan
	Form                                                       mtgForm
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
	p := s.page(r, l.t("meetings.page.title", "Forum", v.f.Name, "Date", i18n.Date(r.Lang, v.m.Start.In(l.loc()))), d)
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
	c.Upload = meeting.CanContribute(x, a, f) && !closed
	c.Attendance = record && !closed
	c.MarkHeld = record && m.State == gov.AgendaPublished && !now.Before(m.Start)
	c.NotPublished = m.State == gov.Planned && !now.Before(m.Start)
	c.Write = write && (m.State == gov.Held || m.State == gov.MinutesDrafted)
	if cur := v.latest(); cur != nil && c.Write && cur.Status == gov.MinutesDraft {
		c.Submit = true
	}
	if m.State == gov.MinutesSent {
		c.Approve = meeting.CanApprove(x, a, f, m, v.att, v.nextHeld)
		c.ApproveLater = !c.Approve && meeting.CanApprove(x, a, f, m, v.att, true)
	}
	c.AddAction = record && m.State != gov.Cancelled

	d.Next = s.nextStep(v)
	d.Deadlines = v.deadlines()
	d.AgendaHidden = m.State == gov.Planned && !convene
	d.AgendaDraft = m.State == gov.Planned && convene
	for _, it := range v.items {
		row := l.mtgItem(v, it, n)
		if it.Status == gov.ItemAccepted {
			row.No = len(d.Agenda) + 1
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
	}
	if v.approved() != nil {
		d.PDF = href + "/minutes.pdf"
	}
	d.Actions = mtgActionTable{L: Loc{s.cat, r.Lang}, Slug: a.Slug, Statuses: l.statusOptions(), Back: href + "#actions",
		Errors: map[string]string{}, Caption: l.t("meetings.actions.title")}
	for _, ai := range v.actions {
		d.Actions.Rows = append(d.Actions.Rows, l.mtgAction(ai, x, record, n))
	}
	if c.AddAction {
		d.Owners = l.owners(f)
	}
	return d
}

// mtgItem is an agenda item for the page.
func (l *lens) mtgItem(v *mtg, it gov.AgendaItem, n *names) mtgItem {
	row := mtgItem{ID: it.ID, Title: it.Title, Type: l.t("pages.itemtype." + string(it.Type)), Source: l.tOr("meetings.source."+it.Source, it.Source),
		Status: it.Status, StatusText: l.t("meetings.itemstatus." + string(it.Status)), ProposedBy: n.of(it.ProposedBy), DeclineReason: it.DeclineReason}
	row.Presenter = it.Presenter
	if who := l.who(v.f, it.Presenter); who != "" {
		row.Presenter = who
	}
	if it.Minutes > 0 {
		row.Duration = l.t("pages.agenda.minutes", "Count", it.Minutes)
	}
	if id, ok := strings.CutPrefix(it.Description, "meeting:"); ok && it.Source == "previous-minutes" {
		row.Link = "/a/" + l.a.Slug + "/meetings/" + id
	} else if it.Description != "" {
		row.Description = markdownHTML(it.Description, 4)
	}
	return row
}

// mtgMaterials lists the files by name, newest version first, with
// whether any arrived late.
func (l *lens) mtgMaterials(v *mtg, href string, n *names) (out []mtgMaterial, late bool) {
	newest := map[string]int{}
	for _, mt := range v.mats {
		newest[mt.Name] = max(newest[mt.Name], mt.Version)
	}
	items := map[int64]string{}
	for _, it := range v.items {
		items[it.ID] = it.Title
	}
	for _, mt := range v.mats {
		late = late || mt.Late
		out = append(out, mtgMaterial{ID: mt.ID, Href: fmt.Sprintf("%s/materials/%d", href, mt.ID), Name: mt.Name, Version: mt.Version,
			Type: fileType(mt.Name, mt.ContentType), Size: l.fileSize(mt.Size), Item: items[mt.ItemID], UploadedBy: n.of(mt.UploadedBy),
			UploadedAt: l.stampTime(mt.UploadedAt), Late: mt.Late, Superseded: mt.Version < newest[mt.Name]})
	}
	slices.SortStableFunc(out, func(a, b mtgMaterial) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return b.Version - a.Version
	})
	return out, late
}

// fileType names a file's type by its extension, or its content type.
func fileType(name, ctype string) string {
	if ext := strings.TrimPrefix(filepath.Ext(name), "."); ext != "" && len(ext) <= 5 {
		return strings.ToUpper(ext)
	}
	return ctype
}

// fileSize is a size in kB or MB, the language's way.
func (l *lens) fileSize(n int64) string {
	switch {
	case n < 1000:
		return l.t("meetings.size.bytes", "Size", i18n.Number(l.lang, n))
	case n < 1000*1000:
		return l.t("meetings.size.kb", "Size", i18n.Number(l.lang, (n+500)/1000))
	}
	return l.t("meetings.size.mb", "Size", i18n.Number(l.lang, float64((n+50000)/100000)/10))
}

// stampTime is a moment in the agreement's time zone, date and time.
func (l *lens) stampTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(l.loc())
	return l.t("meetings.stamp", "Date", i18n.Date(l.lang, t), "Time", l.clock(t))
}

// dueNote says how far away a deadline is, or, once it has passed, how
// late it is (late) or that it has passed.
func (l *lens) dueNote(due calendar.Date, late bool) (note, class string) {
	if !due.Before(l.today) {
		txt, soon := l.countdown(due)
		if soon {
			return txt, "soon"
		}
		return txt, ""
	}
	if !late {
		return l.t("pages.due.passed", "Date", l.date(due)), ""
	}
	if n := l.cal.WorkingDaysBetween(due, l.today); n > 0 {
		return l.t("pages.due.late", "Count", n), "overdue"
	}
	return l.t("pages.due.passed", "Date", l.date(due)), "overdue"
}

// mtgAttendance is the recorded attendance.
func (l *lens) mtgAttendance(att []gov.Attendee) []mtgAttendee {
	var out []mtgAttendee
	for i, at := range att {
		out = append(out, mtgAttendee{Index: i, Person: at.Person, Name: l.personLabel(at.Person, at.Name), Org: l.partyName(at.Party),
			Role: at.Role, RoleText: l.t("meetings.role." + at.Role), Present: at.Present})
	}
	return out
}

func (l *lens) partyName(slug string) string {
	if p := l.a.Party(slug); p != nil {
		return p.Name
	}
	return slug
}

// attendanceForm prefills the attendance form: what was recorded, else
// the forum's seats on the meeting's date; extra lists the forum's
// parties' other people, to add someone without a seat.
func (l *lens) attendanceForm(v *mtg) (rows []mtgAttendee, extra []mtgOption) {
	listed := map[string]bool{}
	if len(v.att) > 0 {
		rows = l.mtgAttendance(v.att)
		for _, at := range v.att {
			listed[at.Person] = true
		}
	} else {
		for _, ms := range l.a.Memberships {
			p := l.a.Person(ms.Person)
			if ms.Forum != v.f.Slug || !ms.ActiveOn(v.m.LocalDate) || p == nil || listed[p.Slug] {
				continue
			}
			listed[p.Slug] = true
			role := map[gov.SeatRole]string{gov.RoleChair: "chair", gov.RoleSecretary: "secretary", gov.RoleExpert: "expert"}[ms.Role]
			if role == "" {
				role = "member"
			}
			rows = append(rows, mtgAttendee{Person: p.Slug, Name: l.personName(p), Org: l.partyName(p.Party), Role: role,
				RoleText: l.t("meetings.role." + role), Present: true})
		}
		i18n.Sort(l.lang, rows, func(a mtgAttendee) string { return a.Name })
	}
	for i := range rows {
		rows[i].Index = i
	}
	for _, p := range l.forumPeople(v.f) {
		if !listed[p.Slug] {
			extra = append(extra, mtgOption{p.Slug, l.personName(p)})
		}
	}
	return rows, extra
}

// forumPeople are the visible people of a forum's parties, by name.
func (l *lens) forumPeople(f *gov.Forum) []*gov.Person {
	parties := map[string]bool{}
	for _, p := range l.forumParties(f) {
		parties[p.Slug] = true
	}
	var out []*gov.Person
	for i := range l.a.People {
		if p := &l.a.People[i]; parties[p.Party] && l.seesPerson(p) {
			out = append(out, p)
		}
	}
	i18n.Sort(l.lang, out, func(p *gov.Person) string { return p.Name })
	return out
}

// owners are the people an action item may be given to.
func (l *lens) owners(f *gov.Forum) []mtgOption {
	var out []mtgOption
	for _, p := range l.forumPeople(f) {
		out = append(out, mtgOption{p.Slug, l.personName(p)})
	}
	return out
}

// mtgMinutes picks the version to show (a writer sees drafts too) and
// lists the versions' history.
func (l *lens) mtgMinutes(v *mtg, drafts bool, n *names) (*mtgShownMinutes, []mtgVersion) {
	var shown *gov.Minutes
	var hist []mtgVersion
	for i := range v.versions {
		mn := &v.versions[i]
		if mn.Status == gov.MinutesDraft && !drafts {
			continue
		}
		shown = mn
		h := mtgVersion{Version: mn.Version, Status: mn.Status, StatusText: l.t("meetings.minutes.status." + string(mn.Status)),
			WrittenBy: n.of(mn.WrittenBy), WrittenAt: l.stampTime(mn.WrittenAt), ApprovedBy: n.of(mn.ApprovedBy), ReturnComment: mn.ReturnComment}
		if mn.SubmittedAt != nil {
			h.SubmittedAt = l.stampTime(*mn.SubmittedAt)
		}
		if mn.ApprovedAt != nil {
			h.ApprovedAt = l.stampTime(*mn.ApprovedAt)
		}
		hist = append(hist, h)
	}
	if shown == nil {
		return nil, hist
	}
	out := &mtgShownMinutes{Version: shown.Version, StatusText: l.t("meetings.minutes.status." + string(shown.Status)),
		Final: shown.Status == gov.MinutesFinal, Body: markdownHTML(shown.Body, 4)}
	if out.Final {
		out.Record = l.approvalRecord(shown, n)
	}
	return out, hist
}

// approvalRecord says who approved the minutes, when, and which version.
func (l *lens) approvalRecord(mn *gov.Minutes, n *names) string {
	at := ""
	if mn.ApprovedAt != nil {
		at = l.stampTime(*mn.ApprovedAt)
	}
	return l.t("meetings.minutes.record", "By", n.of(mn.ApprovedBy), "At", at, "Version", mn.Version)
}

// draftText is what the minutes editor starts with: the draft, or the
// returned version to revise, or headings from the agenda.
func (v *mtg) draftText(l *lens) string {
	if cur := v.latest(); cur != nil {
		return cur.Body
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", l.t("meetings.minutes.heading", "Forum", v.f.Name, "Date", i18n.Date(l.lang, v.m.Start.In(l.loc()))))
	n := 0
	for _, it := range v.items {
		if it.Status == gov.ItemAccepted {
			n++
			fmt.Fprintf(&b, "## %d. %s\n\n\n", n, it.Title)
		}
	}
	return b.String()
}

// mtgAction is an action item for a list.
func (l *lens) mtgAction(ai gov.ActionItem, x meeting.Actor, record bool, n *names) mtgAction {
	row := mtgAction{ID: ai.ID, Title: ai.Title, Owner: l.personLabel(ai.Owner, ai.OwnerName), Due: l.dateText(ai.Due), DueValue: ai.Due,
		Status: l.t("meetings.action." + string(ai.Status)), StatusID: ai.Status, Forum: ai.Forum, ForumHref: l.forumURL(ai.Forum)}
	if f := l.a.Forum(ai.Forum); f != nil {
		row.Forum = f.Name
	}
	if ai.MeetingID != 0 {
		row.Href = fmt.Sprintf("/a/%s/meetings/%d", l.a.Slug, ai.MeetingID)
	}
	if d, ok := mtgDate(ai.Due); ok && ai.Status == gov.ActionOpen {
		if d.Before(l.today) {
			row.DueClass = "overdue"
		} else if _, soon := l.countdown(d); soon {
			row.DueClass = "soon"
		}
	}
	owner := x.Person != nil && ai.OwnerEmail != "" && strings.EqualFold(x.Person.Email, ai.OwnerEmail)
	row.CanChange = owner || record
	return row
}

// nextStep says in words where the meeting is and what comes next.
func (s *Server) nextStep(v *mtg) string {
	l, m, f := v.l, v.m, v.f
	due := l.dateText
	switch m.State {
	case gov.Planned:
		if !l.now.Before(m.Start) {
			return l.t("meetings.next.unpublished")
		}
		return l.t("meetings.next.planned", "Who", l.who(f, f.Responsibilities.Convenes), "Due", due(m.MaterialsDue))
	case gov.AgendaPublished:
		if l.now.Before(m.Start) {
			return l.t("meetings.next.published", "When", l.when(m.Start.In(l.loc())))
		}
		return l.t("meetings.next.record", "Who", l.who(f, f.Responsibilities.Convenes))
	case gov.Held:
		return l.t("meetings.next.held", "Who", l.who(f, f.Responsibilities.Minutes), "Due", due(m.MinutesDue))
	case gov.MinutesDrafted:
		if cur := v.latest(); cur != nil && cur.Status == gov.MinutesReturned {
			return l.t("meetings.next.returned", "Who", l.who(f, f.Responsibilities.Minutes))
		}
		return l.t("meetings.next.drafted", "Who", l.who(f, f.Responsibilities.Minutes), "Due", due(m.MinutesDue))
	case gov.MinutesSent:
		rule := l.t("pages.approval." + string(f.Minutes.Approval))
		if f.Minutes.Approval == gov.ApproveNextMeeting && v.next != nil && !v.nextHeld {
			return l.t("meetings.next.submittednext", "Rule", rule, "When", l.when(v.next.Start.In(l.loc())))
		}
		return l.t("meetings.next.submitted", "Rule", rule)
	case gov.MinutesApproved:
		return l.t("meetings.next.approved")
	case gov.Cancelled:
		return l.t("meetings.next.cancelled")
	}
	return ""
}

// deadlines are the meeting's proposals, materials and minutes
// deadlines with how far away or late each is.
func (v *mtg) deadlines() []mtgDeadline {
	l, m := v.l, v.m
	var out []mtgDeadline
	open := m.State == gov.Planned || m.State == gov.AgendaPublished
	if d, ok := mtgDate(m.ProposalsDue); ok {
		dl := mtgDeadline{Label: l.t("pages.col.proposalsdue"), Date: l.date(d)}
		if open {
			dl.Note, dl.Class = l.dueNote(d, false)
		}
		out = append(out, dl)
	}
	if d, ok := mtgDate(m.MaterialsDue); ok {
		dl := mtgDeadline{Label: l.t("pages.col.materialsdue"), Date: l.date(d)}
		if open {
			// Unpublished past its deadline is late; published, it is met.
			dl.Note, dl.Class = l.dueNote(d, m.State == gov.Planned)
		}
		out = append(out, dl)
	}
	if m.State == gov.Cancelled {
		return out
	}
	due, ok := mtgDate(m.MinutesDue)
	if !ok {
		d, _ := mtgDate(m.LocalDate)
		due = plan.MinutesDue(l.cal, v.f.Minutes, d)
	}
	dl := mtgDeadline{Label: l.t("pages.col.minutesdue"), Date: l.date(due)}
	switch m.State {
	case gov.Planned, gov.AgendaPublished:
		dl.Note = l.t("meetings.due.afterheld")
	case gov.Held, gov.MinutesDrafted:
		dl.Note, dl.Class = l.dueNote(due, true)
	default:
		for _, mn := range v.versions {
			if mn.SubmittedAt != nil {
				at := mn.SubmittedAt.In(l.loc())
				dl.Note = l.t("meetings.due.delivered", "Date", i18n.Date(l.lang, at))
				if at.Format("2006-01-02") > due.String() {
					dl.Note, dl.Class = l.t("meetings.due.deliveredlate", "Date", i18n.Date(l.lang, at)), "overdue"
				}
				break
			}
		}
	}
	return append(out, dl)
}
