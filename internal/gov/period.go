package gov

// The agreement's period bounds everything the agreement plans or owes:
// meetings, deadlines, duties and reports exist only inside it (issue
// #15). Dates are compared as ISO strings (YYYY-MM-DD), which order the
// same way as the dates they name; an empty From or To is open.

// Contains reports whether the day (YYYY-MM-DD) lies inside the period,
// both ends included.
func (p Period) Contains(day string) bool {
	if p.From != "" && day < p.From {
		return false
	}
	return p.To == "" || day <= p.To
}

// ContainsMonth reports whether any day of month (YYYY-MM) lies inside the
// period: a contract starting on the 15th still has that month's report.
func (p Period) ContainsMonth(month string) bool {
	if p.From != "" && month < p.From[:min(7, len(p.From))] {
		return false
	}
	return p.To == "" || month <= p.To[:min(7, len(p.To))]
}

// ContainsYear reports whether any day of year (YYYY) lies inside the
// period.
func (p Period) ContainsYear(year string) bool {
	if p.From != "" && year < p.From[:min(4, len(p.From))] {
		return false
	}
	return p.To == "" || year <= p.To[:min(4, len(p.To))]
}

// String is the period as "FROM – TO", or "from FROM" when it is open,
// for messages that must name it.
func (p Period) String() string {
	switch {
	case p.From == "" && p.To == "":
		return "open-ended"
	case p.To == "":
		return "from " + p.From
	}
	return p.From + " – " + p.To
}
