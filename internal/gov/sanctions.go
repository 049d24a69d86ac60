package gov

// SanctionRules say who decides sanctions and what they amount to (issue
// 16): the sources have them decided in a forum (municipal-3-level §2,
// national-platform §7.3, city-multi-supplier §2.1.2) or by the buyer's
// representative, at amounts the agreement fixes.
type SanctionRules struct {
	// DecidedIn is the forum whose next agenda takes up a proposed
	// sanction and which decides it, with a decision in its register; ""
	// leaves the decision to the buying party's representative.
	DecidedIn string `yaml:"decided_in,omitempty" json:"decided_in,omitempty"`
	// PerSLABreach is the sanction for one breached service level in a
	// month, in the agreement's currency.
	PerSLABreach float64 `yaml:"per_sla_breach,omitempty" json:"per_sla_breach,omitempty"`
	// PerComplaintResponse is the sanction for a complaint response that
	// is late, missing or inadequate by its deadline.
	PerComplaintResponse float64 `yaml:"per_complaint_response,omitempty" json:"per_complaint_response,omitempty"`
	// MonthlyCap bounds a supplier's sanctions of one month; 0 = no cap.
	MonthlyCap float64 `yaml:"monthly_cap,omitempty" json:"monthly_cap,omitempty"`
}
