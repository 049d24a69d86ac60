// Package gov is steerco's vocabulary: the agreement, its parties and people,
// its forums and the rules they run by. The same types are the governance
// model file format (YAML, see docs/model.md), so a model file is read into
// these values, checked by internal/model, stored by internal/store and
// written back out unchanged. No SQL and no HTTP live here.
package gov

// FormatVersion is the version of the model file format this build reads
// and writes. A file names the version it was written for in `version`.
const FormatVersion = 1

// Agreement is one contract's governance model: who the parties are, which
// forums meet at which level, and the rules they follow.
type Agreement struct {
	// Version is the model file format version (FormatVersion).
	Version int `yaml:"version" json:"version"`
	// Slug addresses the agreement everywhere (CLI, URLs, API); a template
	// uses its own name.
	Slug        string `yaml:"id" json:"id"`
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Country selects the working-day calendar: FI or SE.
	Country  string `yaml:"country" json:"country"`
	TimeZone string `yaml:"timezone" json:"timezone"`
	// Language is the agreement's working language (fi, sv or en): reports
	// and minutes are written in it.
	Language string `yaml:"language" json:"language"`
	Currency string `yaml:"currency" json:"currency"`
	Period   Period `yaml:"period" json:"period"`
	// EvesWorking makes the de-facto eves (Midsummer Eve, Christmas Eve and
	// in Sweden New Year's Eve) working days; by default they are not.
	EvesWorking bool `yaml:"eves_working,omitempty" json:"eves_working,omitempty"`

	// Levels are ordered from the highest (strategic) to the lowest.
	Levels      []Level      `yaml:"levels" json:"levels"`
	Parties     []Party      `yaml:"parties" json:"parties"`
	People      []Person     `yaml:"people,omitempty" json:"people,omitempty"`
	Forums      []Forum      `yaml:"forums" json:"forums"`
	Memberships []Membership `yaml:"memberships,omitempty" json:"memberships,omitempty"`
	// Relationships are the contracts between the parties: who buys from
	// whom (issue #14). Empty: implied by the party kinds (Contracts).
	Relationships []Relationship `yaml:"relationships,omitempty" json:"relationships,omitempty"`

	// EscalationPaths are named chains other than the forums' own
	// escalates_to, e.g. a disagreement between suppliers.
	EscalationPaths []EscalationPath `yaml:"escalation_paths,omitempty" json:"escalation_paths,omitempty"`
	Complaints      *ComplaintRules  `yaml:"complaints,omitempty" json:"complaints,omitempty"`
	Incidents       *IncidentRules   `yaml:"incidents,omitempty" json:"incidents,omitempty"`
	Orders          *OrderRules      `yaml:"orders,omitempty" json:"orders,omitempty"`
	TimeReporting   *TimeRules       `yaml:"time_reporting,omitempty" json:"time_reporting,omitempty"`
	Reports         []ReportRule     `yaml:"reports,omitempty" json:"reports,omitempty"`
	// Obligations are recurring duties that are not meetings: the security
	// report every half year, internal control follow-up three times a year...
	Obligations []Obligation `yaml:"obligations,omitempty" json:"obligations,omitempty"`
	// Sanctions say who decides sanctions and their amounts (issue 16).
	Sanctions *SanctionRules `yaml:"sanctions,omitempty" json:"sanctions,omitempty"`
	Survey    *SurveyRule    `yaml:"survey,omitempty" json:"survey,omitempty"`
	// ServiceLevels are the SLA definitions tickets are measured against
	// (issue #8).
	ServiceLevels *ServiceLevels `yaml:"service_levels,omitempty" json:"service_levels,omitempty"`
	// Records is the records metadata per record type and the publication
	// of minutes (issue 21); without it the country's defaults apply.
	Records *RecordsRules `yaml:"records,omitempty" json:"records,omitempty"`
}

// Period is the agreement's term. To may be empty for an open-ended one.
type Period struct {
	From string `yaml:"from" json:"from"`
	To   string `yaml:"to,omitempty" json:"to,omitempty"`
}

// Level is a governance level; its rank is its position in Agreement.Levels.
type Level struct {
	Slug string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
}

// LevelRank returns the position of level slug (0 = highest) or -1.
func (a *Agreement) LevelRank(slug string) int {
	for i, l := range a.Levels {
		if l.Slug == slug {
			return i
		}
	}
	return -1
}

// Party returns the party with the given slug, or nil.
func (a *Agreement) Party(slug string) *Party {
	for i := range a.Parties {
		if a.Parties[i].Slug == slug {
			return &a.Parties[i]
		}
	}
	return nil
}

// Forum returns the forum with the given slug, or nil.
func (a *Agreement) Forum(slug string) *Forum {
	for i := range a.Forums {
		if a.Forums[i].Slug == slug {
			return &a.Forums[i]
		}
	}
	return nil
}

// Person returns the person with the given slug, or nil.
func (a *Agreement) Person(slug string) *Person {
	for i := range a.People {
		if a.People[i].Slug == slug {
			return &a.People[i]
		}
	}
	return nil
}

// EscalationPath is a named chain of forums, lowest first.
type EscalationPath struct {
	Slug   string   `yaml:"id" json:"id"`
	Name   string   `yaml:"name" json:"name"`
	Forums []string `yaml:"forums" json:"forums"`
}
