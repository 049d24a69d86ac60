package api

import (
	"time"

	"github.com/steerco/steerco/internal/invoice"
	"github.com/steerco/steerco/internal/store"
)

// The JSON forms of orders, time entries and invoice bases (issue 7).

// Order is one order with its change requests and overruns.
type Order struct {
	ID             int64         `json:"id"`
	Number         string        `json:"number"`
	Kind           string        `json:"kind"`
	Pricing        string        `json:"pricing"`
	Title          string        `json:"title"`
	Description    string        `json:"description"`
	Supplier       string        `json:"supplier"`
	Orderer        string        `json:"orderer"`
	OrdererParty   string        `json:"orderer_party"`
	PersonDays     float64       `json:"person_days"`
	Estimate       float64       `json:"estimate"`
	Class          string        `json:"class,omitempty"`
	ProjectManager string        `json:"project_manager,omitempty"`
	ProjectPlan    string        `json:"project_plan,omitempty"`
	State          string        `json:"state"`
	Answer         *OrderAnswer  `json:"answer,omitempty"`
	Alternative    *OrderAnswer  `json:"alternative,omitempty"`
	Accepted       float64       `json:"accepted,omitempty"`
	Changes        []OrderChange `json:"changes"`
	CreatedBy      string        `json:"created_by"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
	ClosedMonth    string        `json:"closed_month,omitempty"`
}

// OrderAnswer is the supplier's quote or estimate, or its cheaper
// alternative.
type OrderAnswer struct {
	Kind       string  `json:"kind,omitempty"`
	Amount     float64 `json:"amount"`
	PersonDays float64 `json:"person_days"`
	Text       string  `json:"text,omitempty"`
}

// OrderChange is a change request or a forecast overrun.
type OrderChange struct {
	ID          int64   `json:"id"`
	Kind        string  `json:"kind"`
	Description string  `json:"description"`
	PersonDays  float64 `json:"person_days"`
	Amount      float64 `json:"amount"`
	State       string  `json:"state"`
	ProposedBy  string  `json:"proposed_by"`
	DecidedBy   string  `json:"decided_by,omitempty"`
}

func orderDTO(o *store.Order, cs []store.OrderChange) Order {
	out := Order{ID: o.ID, Number: o.Number, Kind: o.Kind, Pricing: o.Pricing, Title: o.Title, Description: o.Description,
		Supplier: o.Supplier, Orderer: o.Orderer, OrdererParty: o.OrdererParty, PersonDays: o.PersonDays, Estimate: units(o.EstimateCents),
		Class: o.Class, ProjectManager: o.ProjectManager, ProjectPlan: o.ProjectPlan, State: o.State, Accepted: units(o.AcceptedCents),
		Changes: []OrderChange{}, CreatedBy: o.CreatedBy, CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC(), ClosedMonth: o.ClosedMonth}
	if o.AnswerKind != "" {
		out.Answer = &OrderAnswer{Kind: o.AnswerKind, Amount: units(o.AnswerCents), PersonDays: o.AnswerDays, Text: o.AnswerText}
	}
	if o.AltCents > 0 {
		out.Alternative = &OrderAnswer{Amount: units(o.AltCents), PersonDays: o.AltDays, Text: o.AltText}
	}
	for _, c := range cs {
		out.Changes = append(out.Changes, OrderChange{ID: c.ID, Kind: c.Kind, Description: c.Description, PersonDays: c.PersonDays,
			Amount: units(c.Cents), State: c.State, ProposedBy: c.ProposedBy, DecidedBy: c.DecidedBy})
	}
	return out
}

// OrderInput places an order.
type OrderInput struct {
	Kind           string  `json:"kind"`
	Pricing        string  `json:"pricing"`
	Title          string  `json:"title"`
	Description    string  `json:"description"`
	Supplier       string  `json:"supplier"`
	PersonDays     float64 `json:"person_days"`
	Amount         float64 `json:"amount"`
	ProjectManager string  `json:"project_manager,omitempty"`
	ProjectPlan    string  `json:"project_plan,omitempty"`
}

// AnswerInput is the supplier's answer to an order.
type AnswerInput struct {
	Amount        float64 `json:"amount"`
	PersonDays    float64 `json:"person_days"`
	Text          string  `json:"text,omitempty"`
	AltAmount     float64 `json:"alt_amount,omitempty"`
	AltPersonDays float64 `json:"alt_person_days,omitempty"`
	AltText       string  `json:"alt_text,omitempty"`
}

// AcceptInput accepts the answer or its alternative.
type AcceptInput struct {
	Alternative bool `json:"alternative,omitempty"`
}

// ChangeInput proposes a change request or an overrun.
type ChangeInput struct {
	Kind        string  `json:"kind"`
	Description string  `json:"description"`
	PersonDays  float64 `json:"person_days,omitempty"`
	Amount      float64 `json:"amount,omitempty"`
}

// DecisionInput approves or rejects; a rejected delivery says why.
type DecisionInput struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note,omitempty"`
}

// TimeEntry is one day's work of one person.
type TimeEntry struct {
	ID          int64      `json:"id"`
	Supplier    string     `json:"supplier"`
	Order       string     `json:"order,omitempty"`
	Person      string     `json:"person"`
	Rate        string     `json:"rate"`
	Day         string     `json:"day"`
	Minutes     int        `json:"minutes"`
	Description string     `json:"description"`
	State       string     `json:"state"`
	Source      string     `json:"source"`
	EnteredBy   string     `json:"entered_by"`
	DecidedBy   string     `json:"decided_by,omitempty"`
	DecidedAt   *time.Time `json:"decided_at,omitempty"`
	Note        string     `json:"note,omitempty"`
}

func entryDTO(e store.TimeEntry) TimeEntry {
	out := TimeEntry{ID: e.ID, Supplier: e.Supplier, Order: e.OrderNumber, Person: e.Person, Rate: e.Rate, Day: e.Day, Minutes: e.Minutes,
		Description: e.Description, State: e.State, Source: e.Source, EnteredBy: e.EnteredBy, DecidedBy: e.DecidedBy, Note: e.Note}
	if e.DecidedAt != nil {
		t := e.DecidedAt.UTC()
		out.DecidedAt = &t
	}
	return out
}

// TimeEntryInput enters hours.
type TimeEntryInput struct {
	Supplier    string `json:"supplier"`
	Order       string `json:"order,omitempty"`
	Person      string `json:"person"`
	Rate        string `json:"rate,omitempty"`
	Day         string `json:"day"`
	Minutes     int    `json:"minutes"`
	Description string `json:"description"`
}

// TimeDecisionInput approves or returns entries, or approves a month.
type TimeDecisionInput struct {
	Entries  []int64 `json:"entries,omitempty"`
	Supplier string  `json:"supplier,omitempty"`
	Month    string  `json:"month,omitempty"`
	Approve  bool    `json:"approve"`
	Note     string  `json:"note,omitempty"`
}

// IssueInput names the supplier's month to issue.
type IssueInput struct {
	Supplier string `json:"supplier"`
	Month    string `json:"month"`
}

// InvoiceBasis is a supplier's month.
type InvoiceBasis struct {
	Supplier          string        `json:"supplier"`
	Month             string        `json:"month"`
	ApproveBy         string        `json:"approve_by"`
	Due               string        `json:"due"`
	Issued            bool          `json:"issued"`
	IssuedBy          string        `json:"issued_by,omitempty"`
	IssuedAt          *time.Time    `json:"issued_at,omitempty"`
	Lines             []InvoiceLine `json:"lines"`
	Total             float64       `json:"total"`
	Normal            float64       `json:"normal"`
	Deviation         bool          `json:"deviation"`
	DeviationPercent  float64       `json:"deviation_percent"`
	Unapproved        int           `json:"unapproved"`
	UnapprovedMinutes int           `json:"unapproved_minutes"`
}

// InvoiceLine is one line of a basis.
type InvoiceLine struct {
	Kind        string  `json:"kind"`
	Order       string  `json:"order,omitempty"`
	Description string  `json:"description,omitempty"`
	Minutes     int     `json:"minutes,omitempty"`
	Rate        string  `json:"rate,omitempty"`
	UnitPrice   float64 `json:"unit_price,omitempty"`
	Amount      float64 `json:"amount"`
}

func basisDTO(b *invoice.Basis) InvoiceBasis {
	out := InvoiceBasis{Supplier: b.Supplier, Month: b.Month, ApproveBy: b.Deadlines.ApproveBy.String(), Due: b.Deadlines.InvoiceBy.String(),
		Issued: b.Issued != nil, Lines: []InvoiceLine{}, Total: units(b.TotalCents), Normal: units(b.NormalCents), Deviation: b.Deviation,
		DeviationPercent: b.DeviationPercent, Unapproved: b.Unapproved, UnapprovedMinutes: b.UnapprovedMinutes}
	if b.Issued != nil {
		t := b.Issued.IssuedAt.UTC()
		out.IssuedBy, out.IssuedAt = b.Issued.IssuedBy, &t
	}
	for _, l := range b.Lines {
		out.Lines = append(out.Lines, InvoiceLine{Kind: l.Kind, Order: l.Order, Description: l.Description, Minutes: l.Minutes, Rate: l.Rate,
			UnitPrice: units(l.UnitCents), Amount: units(l.AmountCents)})
	}
	return out
}
