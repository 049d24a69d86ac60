package gov

import "time"

// MeetingState is where a meeting is on its way from the plan to approved
// minutes.
type MeetingState string

// The meeting states, in their usual order. Returned minutes go back to
// MinutesDrafted with the approver's comments.
const (
	Planned         MeetingState = "planned"
	AgendaPublished MeetingState = "agenda-published"
	Held            MeetingState = "held"
	MinutesDrafted  MeetingState = "minutes-drafted"
	MinutesSent     MeetingState = "minutes-submitted"
	MinutesApproved MeetingState = "minutes-approved"
	Cancelled       MeetingState = "cancelled"
)

// MeetingStates lists the states in order.
var MeetingStates = []MeetingState{Planned, AgendaPublished, Held, MinutesDrafted, MinutesSent, MinutesApproved, Cancelled}

// transitions is the meeting state machine: from each state, the states a
// meeting may move to. Everything else is refused.
var transitions = map[MeetingState][]MeetingState{
	Planned:         {AgendaPublished, Cancelled},
	AgendaPublished: {AgendaPublished, Held, Cancelled}, // republished after a change
	Held:            {MinutesDrafted},
	MinutesDrafted:  {MinutesDrafted, MinutesSent},
	MinutesSent:     {MinutesApproved, MinutesDrafted}, // approved, or returned with comments
}

// CanMove reports whether a meeting may go from one state to another.
func CanMove(from, to MeetingState) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// MeetingKind says how a meeting came about.
type MeetingKind string

// The meeting kinds: from the annual plan, an extra meeting convened by a
// member under the forum's notice rule, or one the convener adds ad hoc.
const (
	KindRegular MeetingKind = "regular"
	KindExtra   MeetingKind = "extra"
	KindAdHoc   MeetingKind = "adhoc"
)

// Meeting is one meeting of a forum.
type Meeting struct {
	ID        int64
	Agreement string // agreement slug
	Forum     string // forum slug
	Kind      MeetingKind
	State     MeetingState
	Title     string
	Location  string
	Start     time.Time
	End       time.Time
	// LocalDate is the meeting's date in the agreement's time zone,
	// YYYY-MM-DD; deadlines count from it.
	LocalDate    string
	MaterialsDue string
	ProposalsDue string
	// MinutesDue is set when the meeting is held.
	MinutesDue   string
	ICalUID      string
	ICalSequence int
	CancelReason string
	CreatedBy    string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// OnlineURL is the online-meeting link (Teams, Zoom...), or "".
	OnlineURL string
	// PlanDate is the date the annual plan gave a meeting since moved
	// (YYYY-MM-DD), or "": the plan then knows the meeting exists.
	PlanDate string
	// OrganiserName and OrganiserEmail are the convening person who last
	// published or moved the meeting: the invitation's ORGANIZER.
	OrganiserName, OrganiserEmail string
}

// ItemStatus is whether an agenda item is on the agenda.
type ItemStatus string

// Item statuses: a proposal waits for the convener to accept or decline.
const (
	ItemAccepted ItemStatus = "accepted"
	ItemProposed ItemStatus = "proposed"
	ItemDeclined ItemStatus = "declined"
)

// AgendaItem is one item of a meeting's agenda.
type AgendaItem struct {
	ID          int64
	MeetingID   int64
	Position    int
	Type        AgendaItemType
	Title       string
	Description string
	Presenter   string
	Minutes     int // duration
	Status      ItemStatus
	// Source says where the item came from: standard (the forum's standard
	// agenda), manual, proposal, action-items, previous-minutes,
	// yearly-duty.
	Source        string
	ProposedBy    string
	DeclineReason string
}

// Material is a file attached to a meeting or one of its items. Versions
// of the same name are kept.
type Material struct {
	ID          int64
	MeetingID   int64
	ItemID      int64 // 0 when attached to the meeting
	Name        string
	Version     int
	ContentType string
	Size        int64
	SHA256      string
	// Late is set when it arrived after the materials deadline.
	Late       bool
	UploadedBy string
	UploadedAt time.Time
}

// Attendee is a person's attendance and role at a meeting.
type Attendee struct {
	Person  string // person slug, "" when no longer in the directory
	Name    string
	Party   string
	Role    string // chair, secretary, presenter, expert, member
	Present bool
}

// AttendeeRoles lists the meeting roles.
var AttendeeRoles = []string{"chair", "secretary", "presenter", "expert", "member"}

// MinutesStatus is the state of one version of the minutes.
type MinutesStatus string

// Minutes states.
const (
	MinutesDraft     MinutesStatus = "draft"
	MinutesSubmitted MinutesStatus = "submitted"
	MinutesReturned  MinutesStatus = "returned"
	MinutesFinal     MinutesStatus = "approved"
)

// Minutes is one version of a meeting's minutes, in markdown. Approved
// minutes are never changed again.
type Minutes struct {
	ID            int64
	MeetingID     int64
	Version       int
	Body          string
	Status        MinutesStatus
	WrittenBy     string
	WrittenAt     time.Time
	SubmittedAt   *time.Time
	ApprovedBy    string
	ApprovedAt    *time.Time
	ReturnComment string
}

// ActionStatus is an action item's status.
type ActionStatus string

// Action item statuses.
const (
	ActionOpen      ActionStatus = "open"
	ActionDone      ActionStatus = "done"
	ActionCancelled ActionStatus = "cancelled"
)

// ActionItem is a task agreed at a meeting, owned by a person, due on a
// date; open ones come back on the forum's next agenda.
type ActionItem struct {
	ID         int64
	Agreement  string
	Forum      string
	MeetingID  int64
	Title      string
	Owner      string // person slug, "" when no longer in the directory
	OwnerName  string
	OwnerEmail string
	Due        string
	Status     ActionStatus
	CreatedAt  time.Time
	UpdatedAt  time.Time
}
