package gov

// Forum is a governance body: a steering group, a delivery forum, a CAB.
type Forum struct {
	Slug string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	// Level is the slug of one of the agreement's levels.
	Level string `yaml:"level" json:"level"`
	// Area groups forums side by side on one level (commercial, delivery...).
	Area    string   `yaml:"area,omitempty" json:"area,omitempty"`
	Purpose string   `yaml:"purpose,omitempty" json:"purpose,omitempty"`
	Tasks   []string `yaml:"tasks,omitempty" json:"tasks,omitempty"`
	// Parties limits the forum to some parties (a provider and one supplier,
	// say); empty means every party of the agreement takes part. A supplier
	// never sees another supplier's bilateral forum.
	Parties []string `yaml:"parties,omitempty" json:"parties,omitempty"`
	// Inactive marks a forum the customer has not activated (or has merged
	// into another); it keeps its rules but holds no regular meetings.
	Inactive bool `yaml:"inactive,omitempty" json:"inactive,omitempty"`

	Cadence          Cadence          `yaml:"cadence" json:"cadence"`
	Responsibilities Responsibilities `yaml:"responsibilities" json:"responsibilities"`
	Materials        MaterialsRule    `yaml:"materials" json:"materials"`
	Minutes          MinutesRule      `yaml:"minutes" json:"minutes"`
	Seats            []SeatRule       `yaml:"seats,omitempty" json:"seats,omitempty"`
	Votes            *VoteRule        `yaml:"votes,omitempty" json:"votes,omitempty"`
	Decision         DecisionRule     `yaml:"decision" json:"decision"`
	// EscalatesTo is the forum a matter goes to when this one has no
	// authority for it or cannot agree; it must sit on a higher level.
	EscalatesTo    string           `yaml:"escalates_to,omitempty" json:"escalates_to,omitempty"`
	StandardAgenda []AgendaTemplate `yaml:"standard_agenda,omitempty" json:"standard_agenda,omitempty"`
	ExtraMeeting   *ExtraMeeting    `yaml:"extra_meeting,omitempty" json:"extra_meeting,omitempty"`
	Proposals      *ProposalRule    `yaml:"agenda_proposals,omitempty" json:"agenda_proposals,omitempty"`
	YearlyDuties   []YearlyDuty     `yaml:"yearly_duties,omitempty" json:"yearly_duties,omitempty"`
}

// Frequency is how often a forum meets.
type Frequency string

// The frequencies. PerYear takes Cadence.PerYear meetings spread over the
// year; AsNeeded has no regular meetings.
const (
	Weekly     Frequency = "weekly"
	Biweekly   Frequency = "biweekly"
	Monthly    Frequency = "monthly"
	Quarterly  Frequency = "quarterly"
	HalfYearly Frequency = "half-yearly"
	Yearly     Frequency = "yearly"
	PerYear    Frequency = "per-year"
	AsNeeded   Frequency = "as-needed"
)

// Frequencies lists the allowed frequencies.
var Frequencies = []Frequency{Weekly, Biweekly, Monthly, Quarterly, HalfYearly, Yearly, PerYear, AsNeeded}

// Cadence says when a forum's regular meetings fall. The annual plan puts
// each meeting on Weekday of week Week of the month (or every week), and
// moves it to the next working day when that is a holiday.
type Cadence struct {
	Frequency Frequency `yaml:"frequency" json:"frequency"`
	// PerYear is the number of meetings a year for per-year.
	PerYear int `yaml:"per_year,omitempty" json:"per_year,omitempty"`
	// Months (1–12) pins the months of quarterly, half-yearly, yearly and
	// per-year meetings; by default they are spread evenly from January.
	Months []int `yaml:"months,omitempty" json:"months,omitempty"`
	// Weekday is monday..friday; default tuesday.
	Weekday string `yaml:"weekday,omitempty" json:"weekday,omitempty"`
	// Week of the month (1–4, or -1 for the last); default 2.
	Week int `yaml:"week,omitempty" json:"week,omitempty"`
	// Time of day (HH:MM, the agreement's time zone); default 09:00.
	Time string `yaml:"time,omitempty" json:"time,omitempty"`
	// DurationMinutes of a meeting; default 60.
	DurationMinutes int `yaml:"duration_minutes,omitempty" json:"duration_minutes,omitempty"`
	// Note keeps the document's own words ("1–12 a year, agreed yearly").
	Note string `yaml:"note,omitempty" json:"note,omitempty"`
}

// Responsibilities names who convenes, prepares, presents, chairs and keeps
// the minutes. Each value is a party slug or a party kind (customer,
// provider, supplier, other), meaning the forum's party of that kind; each
// can be reassigned.
type Responsibilities struct {
	Convenes string `yaml:"convenes" json:"convenes"`
	Prepares string `yaml:"prepares" json:"prepares"`
	Presents string `yaml:"presents,omitempty" json:"presents,omitempty"`
	Chairs   string `yaml:"chairs" json:"chairs"`
	Minutes  string `yaml:"minutes" json:"minutes"`
}

// MaterialsRule is the deadline for the agenda and materials: a number of
// working days before the meeting, or the working day before it.
type MaterialsRule struct {
	WorkingDaysBefore int  `yaml:"working_days_before,omitempty" json:"working_days_before,omitempty"`
	DayBefore         bool `yaml:"day_before,omitempty" json:"day_before,omitempty"`
}

// Approval is who approves a forum's minutes.
type Approval string

// The approval rules.
const (
	ApproveChair       Approval = "chair"
	ApproveOtherParty  Approval = "other-party"
	ApproveNextMeeting Approval = "next-meeting"
	ApproveAttendees   Approval = "participants"
)

// Approvals lists the allowed approval rules.
var Approvals = []Approval{ApproveChair, ApproveOtherParty, ApproveNextMeeting, ApproveAttendees}

// MinutesRule is when the minutes are due after the meeting and who
// approves them. Exactly one of WithinDays and WithinWorkingDays is set.
type MinutesRule struct {
	WithinDays        int      `yaml:"within_days,omitempty" json:"within_days,omitempty"`
	WithinWorkingDays int      `yaml:"within_working_days,omitempty" json:"within_working_days,omitempty"`
	Approval          Approval `yaml:"approval" json:"approval"`
	// Checking names who check and sign the approved minutes and in how
	// many working days (pöytäkirjan tarkastus, justering); nil: the
	// approval is the record.
	Checking *Checking `yaml:"checking,omitempty" json:"checking,omitempty"`
}

// Checking is the model's rule for checked and signed minutes: the
// meeting's chair (when Chair) and Checkers people chosen at the meeting
// sign the approved minutes within WithinWorkingDays working days.
type Checking struct {
	Chair             bool `yaml:"chair,omitempty" json:"chair,omitempty"`
	Checkers          int  `yaml:"checkers,omitempty" json:"checkers,omitempty"`
	WithinWorkingDays int  `yaml:"within_working_days" json:"within_working_days"`
}

// PartyMatch selects parties: by kind, and optionally by an attribute
// compared with a value on the day the rule is applied. All given
// conditions must hold.
type PartyMatch struct {
	Kind      PartyKind `yaml:"kind,omitempty" json:"kind,omitempty"`
	Party     string    `yaml:"party,omitempty" json:"party,omitempty"`
	Attribute string    `yaml:"attribute,omitempty" json:"attribute,omitempty"`
	// Exactly one comparison goes with Attribute.
	Is      string   `yaml:"is,omitempty" json:"is,omitempty"`
	Below   *float64 `yaml:"below,omitempty" json:"below,omitempty"`
	AtLeast *float64 `yaml:"at_least,omitempty" json:"at_least,omitempty"`
}

// SeatRule entitles the matching parties to seats: Each per party, or
// Total shared by all of them (then chosen among them, rotating when
// Rotation says so). Rules are tried in order; a party takes the first
// that matches.
type SeatRule struct {
	Match    PartyMatch `yaml:"match" json:"match"`
	Each     int        `yaml:"each,omitempty" json:"each,omitempty"`
	Total    int        `yaml:"total,omitempty" json:"total,omitempty"`
	Rotation string     `yaml:"rotation,omitempty" json:"rotation,omitempty"`
	Note     string     `yaml:"note,omitempty" json:"note,omitempty"`
}

// VoteRule weighs votes: Default per seat unless a rule matches, or the
// value of a party attribute (learner count) on the day of the vote.
type VoteRule struct {
	Per       string       `yaml:"per" json:"per"` // "seat" or "party"
	Default   float64      `yaml:"default,omitempty" json:"default,omitempty"`
	Rules     []WeightRule `yaml:"rules,omitempty" json:"rules,omitempty"`
	Attribute string       `yaml:"attribute,omitempty" json:"attribute,omitempty"`
}

// WeightRule gives the matching parties' votes a weight.
type WeightRule struct {
	Match  PartyMatch `yaml:"match" json:"match"`
	Weight float64    `yaml:"weight" json:"weight"`
}

// DecisionMethod is how a forum decides.
type DecisionMethod string

// The decision methods. Majority still aims at consensus first.
const (
	DecideConsensus DecisionMethod = "consensus"
	DecideMajority  DecisionMethod = "majority"
)

// DecisionRule is how a forum reaches a decision.
type DecisionRule struct {
	Method DecisionMethod `yaml:"method" json:"method"`
	// ChairCastingVote: on a tie the chair's vote decides.
	ChairCastingVote bool `yaml:"chair_casting_vote,omitempty" json:"chair_casting_vote,omitempty"`
	// Quorum is the share of seats (0–1] that must be present to decide.
	Quorum float64 `yaml:"quorum,omitempty" json:"quorum,omitempty"`
}

// AgendaItemType is the kind of an agenda item.
type AgendaItemType string

// The agenda item types.
const (
	ItemInformation AgendaItemType = "information"
	ItemDiscussion  AgendaItemType = "discussion"
	ItemDecision    AgendaItemType = "decision"
)

// AgendaItemTypes lists the allowed agenda item types.
var AgendaItemTypes = []AgendaItemType{ItemInformation, ItemDiscussion, ItemDecision}

// AgendaTemplate is an item of a forum's standard agenda.
type AgendaTemplate struct {
	Title    string         `yaml:"title" json:"title"`
	Type     AgendaItemType `yaml:"type" json:"type"`
	Presents string         `yaml:"presents,omitempty" json:"presents,omitempty"`
	Minutes  int            `yaml:"minutes,omitempty" json:"minutes,omitempty"`
}

// ExtraMeeting lets members convene a meeting outside the cadence with a
// notice period in calendar days.
type ExtraMeeting struct {
	By         string `yaml:"by" json:"by"` // "any-member", "any-party" or "convener"
	NoticeDays int    `yaml:"notice_days" json:"notice_days"`
}

// ProposalRule lets parties propose agenda items up to a deadline; when
// CancelIfNone, a meeting with no proposals by then is cancelled.
type ProposalRule struct {
	From              string `yaml:"from" json:"from"` // "any-party" or "members"
	WorkingDaysBefore int    `yaml:"working_days_before" json:"working_days_before"`
	CancelIfNone      bool   `yaml:"cancel_if_none,omitempty" json:"cancel_if_none,omitempty"`
}

// YearlyDuty is something a forum must do once a year at a given meeting,
// such as choosing its chair and term.
type YearlyDuty struct {
	Title string `yaml:"title" json:"title"`
	At    string `yaml:"at" json:"at"` // "first-meeting"
}
