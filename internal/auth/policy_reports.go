package auth

// Service reporting (issue #8): ticket imports, the SLA adjudication and
// the monthly report pack. Kept in its own file and added to Actions and
// the matrix at start-up, so the shared table's lines stay untouched.
const (
	// ViewReports: the monthly reports, SLA results and imports.
	ViewReports Action = "view-reports"
	// ImportTickets: upload a ticket export from an ITSM tool.
	ImportTickets Action = "import-tickets"
	// WriteReport: the supplier's side: write the narrative, propose a
	// breach as not attributable, submit the report for review.
	WriteReport Action = "write-report"
	// ReviewReport: the customer's side: accept or reject a proposed
	// exclusion, approve or dispute the report.
	ReviewReport Action = "review-report"
)

func init() {
	Actions = append(Actions, ViewReports, ImportTickets, WriteReport, ReviewReport)
	matrix[ViewReports] = []Role{Admin, Customer, Provider, Supplier, Member, Observer}
	matrix[ImportTickets] = []Role{Admin, Provider, Supplier}
	matrix[WriteReport] = []Role{Admin, Supplier}
	// The provider reviews a supplier's report where it buys the service
	// on the customers' behalf (an integrator or in-house company).
	matrix[ReviewReport] = []Role{Admin, Customer, Provider}
}
