package gov

// ComplaintRules govern formal complaints (reklamation / reklamaatio).
type ComplaintRules struct {
	// AcknowledgeWorkingDays and RespondWorkingDays count from receipt.
	AcknowledgeWorkingDays int `yaml:"acknowledge_working_days" json:"acknowledge_working_days"`
	RespondWorkingDays     int `yaml:"respond_working_days" json:"respond_working_days"`
	// Sections the written response must contain, in order.
	Sections []string `yaml:"sections,omitempty" json:"sections,omitempty"`
	// HandledIn is the forum that takes up complaints on its next agenda.
	HandledIn string `yaml:"handled_in,omitempty" json:"handled_in,omitempty"`
	// SanctionOnLate: a late or inadequate response makes it eligible for
	// a sanction.
	SanctionOnLate bool `yaml:"sanction_on_late,omitempty" json:"sanction_on_late,omitempty"`
	// ChargeableIfCauseOutside: handling is free unless the cause lies
	// outside the supplier.
	ChargeableIfCauseOutside bool `yaml:"chargeable_if_cause_outside,omitempty" json:"chargeable_if_cause_outside,omitempty"`
	// SanctionAmount is the agreed sanction for a late or inadequate
	// response, in the agreement's currency; 0 when the agreement names
	// no fixed amount (the proposal then carries none). Added for #6.
	SanctionAmount float64 `yaml:"sanction_amount,omitempty" json:"sanction_amount,omitempty"`
}

// IncidentRules say how fast incidents are reported by severity.
type IncidentRules struct {
	// ReportTo is the role title of the customer contact notified.
	ReportTo   string             `yaml:"report_to,omitempty" json:"report_to,omitempty"`
	Severities []IncidentSeverity `yaml:"severities" json:"severities"`
}

// IncidentSeverity is one severity class and how it is reported.
type IncidentSeverity struct {
	Slug string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	// Notify is "immediately" or "promptly".
	Notify string `yaml:"notify" json:"notify"`
	// Report: an incident report is always written.
	Report bool `yaml:"report,omitempty" json:"report,omitempty"`
}

// OrderRules govern who may order work and how orders are classed.
type OrderRules struct {
	// Classes by estimate in person-days, smallest first; a class holds
	// estimates below BelowPersonDays (0 = no upper bound).
	Classes []OrderClass `yaml:"classes,omitempty" json:"classes,omitempty"`
	// QuoteAbove: a written quote is required above this amount (in the
	// agreement's currency); at or below it an estimate will do.
	QuoteAbove float64 `yaml:"quote_above,omitempty" json:"quote_above,omitempty"`
	// AddendumForAdditional: an additional (lasting) service is recorded as
	// an addendum to the agreement, agreed in this forum.
	AddendumForum string `yaml:"addendum_forum,omitempty" json:"addendum_forum,omitempty"`
	// OverrunNeedsApproval: a forecast overrun stops time entries until the
	// customer approves it.
	OverrunNeedsApproval bool `yaml:"overrun_needs_approval,omitempty" json:"overrun_needs_approval,omitempty"`
	// CheaperAlternatives: the supplier is to propose cheaper alternatives.
	CheaperAlternatives bool `yaml:"cheaper_alternatives,omitempty" json:"cheaper_alternatives,omitempty"`
}

// OrderClass is a class of order by its estimate.
type OrderClass struct {
	Slug            string   `yaml:"id" json:"id"`
	Name            string   `yaml:"name" json:"name"`
	BelowPersonDays float64  `yaml:"below_person_days,omitempty" json:"below_person_days,omitempty"`
	Requires        []string `yaml:"requires,omitempty" json:"requires,omitempty"`
	// Project: an order of this class is a project and needs a named
	// project manager and a project plan before it is placed (issue 7).
	Project bool `yaml:"project,omitempty" json:"project,omitempty"`
}

// TimeRules govern time reporting and invoicing.
type TimeRules struct {
	StepMinutes int `yaml:"step_minutes" json:"step_minutes"`
	// ApproveByWorkingDay: the customer approves last month's entries by
	// this working day of the month.
	ApproveByWorkingDay int `yaml:"approve_by_working_day" json:"approve_by_working_day"`
	// InvoiceByWorkingDay: the invoice basis is due by this working day.
	InvoiceByWorkingDay int `yaml:"invoice_by_working_day" json:"invoice_by_working_day"`
	// Correction is how often the supplier corrects entries ("weekly").
	Correction string `yaml:"correction,omitempty" json:"correction,omitempty"`
	// Rates are the hourly prices hours are invoiced at (issue 7).
	Rates []Rate `yaml:"rates,omitempty" json:"rates,omitempty"`
	// NormalMonthly is each supplier's normal monthly invoice; a basis
	// that differs from it by more than DeviationPercent is flagged.
	NormalMonthly    []MonthlyAmount `yaml:"normal_monthly,omitempty" json:"normal_monthly,omitempty"`
	DeviationPercent float64         `yaml:"deviation_percent,omitempty" json:"deviation_percent,omitempty"`
}

// Rate is an hourly price of a supplier's work, e.g. an expert's hour.
type Rate struct {
	Slug string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	// Party is the supplier whose rate it is; "" for every supplier.
	Party string `yaml:"party,omitempty" json:"party,omitempty"`
	// Hourly is the price of one hour in the agreement's currency.
	Hourly float64 `yaml:"hourly" json:"hourly"`
}

// MonthlyAmount is a supplier's normal monthly invoice.
type MonthlyAmount struct {
	Party  string  `yaml:"party" json:"party"`
	Amount float64 `yaml:"amount" json:"amount"`
}

// RatesFor returns the rates that apply to a supplier's hours.
func (t *TimeRules) RatesFor(party string) []Rate {
	var out []Rate
	for _, r := range t.Rates {
		if r.Party == "" || r.Party == party {
			out = append(out, r)
		}
	}
	return out
}

// NormalFor returns a supplier's normal monthly amount, 0 for none.
func (t *TimeRules) NormalFor(party string) float64 {
	for _, m := range t.NormalMonthly {
		if m.Party == party {
			return m.Amount
		}
	}
	return 0
}

// ReportRule is a report the supplier delivers regularly.
type ReportRule struct {
	Slug string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	// Frequency: monthly, quarterly, half-yearly or yearly.
	Frequency Frequency `yaml:"frequency" json:"frequency"`
	// DueWorkingDay of the following period.
	DueWorkingDay int `yaml:"due_working_day,omitempty" json:"due_working_day,omitempty"`
	// ReviewedIn is the forum where the customer approves or disputes it.
	ReviewedIn string   `yaml:"reviewed_in,omitempty" json:"reviewed_in,omitempty"`
	Sections   []string `yaml:"sections,omitempty" json:"sections,omitempty"`
	// Shared are the computed sections every supplier sees over all
	// services when each supplier has its own part of the report
	// (issue #14): incidents, risks. Anything else a supplier sees of
	// its own services only.
	Shared []string `yaml:"shared,omitempty" json:"shared,omitempty"`
	// Owner is the party (slug or kind) that delivers it; by default the
	// suppliers, or the provider where there are none (issue 16).
	Owner string `yaml:"owner,omitempty" json:"owner,omitempty"`
}

// Obligation is a recurring duty of a party that is not a meeting.
type Obligation struct {
	Slug  string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	// Owner is a party slug or kind.
	Owner string `yaml:"owner" json:"owner"`
	// Frequency: monthly, quarterly, half-yearly, yearly, per-year.
	Frequency Frequency `yaml:"frequency" json:"frequency"`
	PerYear   int       `yaml:"per_year,omitempty" json:"per_year,omitempty"`
	// ReportedTo is the forum that receives it; an overdue one becomes a
	// matter on its next agenda.
	ReportedTo string `yaml:"reported_to,omitempty" json:"reported_to,omitempty"`
	// Receiver is the party (slug or kind) that receives the evidence and
	// accepts or returns it; by default the buying side of the owner.
	Receiver string `yaml:"receiver,omitempty" json:"receiver,omitempty"`
	// DueWorkingDay is the working day of the following month it is due
	// on; 0 = the last working day of its period (issue 16).
	DueWorkingDay int `yaml:"due_working_day,omitempty" json:"due_working_day,omitempty"`
}

// SurveyRule asks a random share of participants about a meeting.
type SurveyRule struct {
	Share     float64  `yaml:"share" json:"share"`
	Questions []string `yaml:"questions,omitempty" json:"questions,omitempty"`
}
