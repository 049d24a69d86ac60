package store_test

import (
	"reflect"
	"testing"

	"github.com/steerco/steerco/internal/gov"
)

func ptr[T any](v T) *T { return &v }

// richAgreement builds a model with every field of every struct set, so
// that a round trip through the store proves each one is kept.
// TestRichAgreementSetsEveryField keeps it that way as gov grows.
func richAgreement() *gov.Agreement {
	return &gov.Agreement{
		Version:     gov.FormatVersion,
		Slug:        "espoo-it",
		Name:        "Espoo IT services",
		Description: "Puitesopimus: yhteistyö ja hallintamalli — \"quotes\" & <tags>",
		Country:     "FI",
		TimeZone:    "Europe/Helsinki",
		Language:    "fi",
		Currency:    "EUR",
		Period:      gov.Period{From: "2025-01-01", To: "2028-12-31"},
		EvesWorking: true,
		Levels: []gov.Level{
			{Slug: "strategic", Name: "Strateginen"},
			{Slug: "tactical", Name: "Taktinen"},
			{Slug: "operational", Name: "Operatiivinen"},
		},
		Parties: []gov.Party{
			{Slug: "espoo", Name: "Espoon kaupunki", Kind: gov.KindCustomer, Attributes: []gov.Attribute{
				{Key: "residents", Value: "305000", From: "2024-01-01"},
				{Key: "residents", Value: "310000", From: "2025-01-01"},
				{Key: "owner", Value: "true", From: "2020-01-01"},
			}},
			{Slug: "acme", Name: "Acme Oy", Kind: gov.KindSupplier, Attributes: []gov.Attribute{
				{Key: "learners", Value: "1200.5", From: "2025-08-01"},
			}},
			{Slug: "integrator", Name: "Integraattori Ab", Kind: gov.KindProvider, Attributes: []gov.Attribute{
				{Key: "segment", Value: "Åland", From: "2025-01-01"},
			}},
		},
		People: []gov.Person{
			{Slug: "anna", Name: "Anna Åberg", Party: "espoo", Titles: []string{"Sopimusvastaava", "avtalsansvarig"},
				Email: "Anna.Aberg@espoo.example", Phone: "+358 40 123 4567", Deputy: "bertil"},
			{Slug: "bertil", Name: "Bertil Öhman", Party: "espoo", Titles: []string{"Palvelupäällikkö"},
				Email: "bertil@espoo.example", Phone: "+358 40 765 4321", Deputy: "anna"},
			{Slug: "cecilia", Name: "Cecilia Acme", Party: "acme", Titles: []string{"Business Account Manager"},
				Email: "cecilia@acme.example", Phone: "+358 50 111 2222", Deputy: "dan"},
			{Slug: "dan", Name: "Dan Integrator", Party: "integrator", Titles: []string{"Service Manager", "CAB chair"},
				Email: "dan@integrator.example", Phone: "+46 8 123 456", Deputy: "cecilia"},
		},
		Forums: []gov.Forum{
			{
				Slug: "steering", Name: "Ohjausryhmä", Level: "strategic", Area: "commercial",
				Purpose: "Steer the agreement", Tasks: []string{"Monitor obligations", "Decide on sanctions"},
				Parties: []string{"espoo", "acme"}, Inactive: true,
				Cadence: gov.Cadence{Frequency: gov.PerYear, PerYear: 4, Months: []int{2, 5, 9, 11}, Weekday: "wednesday",
					Week: -1, Time: "13:30", DurationMinutes: 90, Note: "1–12 a year, agreed yearly"},
				Responsibilities: gov.Responsibilities{Convenes: "supplier", Prepares: "acme", Presents: "provider",
					Chairs: "customer", Minutes: "supplier"},
				Materials: gov.MaterialsRule{WorkingDaysBefore: 3, DayBefore: true},
				Minutes: gov.MinutesRule{WithinDays: 7, WithinWorkingDays: 5, Approval: gov.ApproveOtherParty,
					Checking: &gov.Checking{Chair: true, Checkers: 2, WithinWorkingDays: 5}},
				Seats: []gov.SeatRule{
					{Match: gov.PartyMatch{Kind: gov.KindCustomer, Party: "espoo", Attribute: "residents",
						Is: "x", Below: ptr(150000.0), AtLeast: ptr(0.1)}, Each: 2, Total: 5, Rotation: "yearly", Note: "big cities"},
					{Match: gov.PartyMatch{Kind: gov.KindSupplier}, Each: 1},
				},
				Votes: &gov.VoteRule{Per: "party", Default: 1.5, Attribute: "learners", Rules: []gov.WeightRule{
					{Match: gov.PartyMatch{Attribute: "owner", Is: "true"}, Weight: 2.25},
				}},
				Decision:    gov.DecisionRule{Method: gov.DecideMajority, ChairCastingVote: true, Quorum: 0.5},
				EscalatesTo: "",
				StandardAgenda: []gov.AgendaTemplate{
					{Title: "Opening", Type: gov.ItemInformation, Presents: "chair", Minutes: 5},
					{Title: "Decisions", Type: gov.ItemDecision, Presents: "supplier", Minutes: 30},
				},
				ExtraMeeting: &gov.ExtraMeeting{By: "any-party", NoticeDays: 10},
				Proposals:    &gov.ProposalRule{From: "members", WorkingDaysBefore: 5, CancelIfNone: true},
				YearlyDuties: []gov.YearlyDuty{{Title: "Choose the chair", At: "first-meeting"}},
			},
			{
				Slug: "delivery", Name: "Delivery forum", Level: "operational", Area: "delivery",
				Purpose: "Run the service", Tasks: []string{"Follow SLA"}, Parties: []string{"acme"},
				Cadence:          gov.Cadence{Frequency: gov.Monthly, Months: []int{1}, Weekday: "tuesday", Week: 2, Time: "09:00", DurationMinutes: 60, Note: "n"},
				Responsibilities: gov.Responsibilities{Convenes: "acme", Prepares: "acme", Presents: "acme", Chairs: "espoo", Minutes: "acme"},
				Materials:        gov.MaterialsRule{WorkingDaysBefore: 1},
				Minutes:          gov.MinutesRule{WithinWorkingDays: 3, Approval: gov.ApproveNextMeeting},
				Seats:            []gov.SeatRule{{Match: gov.PartyMatch{Party: "acme"}, Total: 2}},
				Votes:            &gov.VoteRule{Per: "seat"},
				Decision:         gov.DecisionRule{Method: gov.DecideConsensus},
				EscalatesTo:      "steering",
				StandardAgenda:   []gov.AgendaTemplate{{Title: "Incidents", Type: gov.ItemDiscussion}},
				ExtraMeeting:     &gov.ExtraMeeting{By: "convener"},
				Proposals:        &gov.ProposalRule{From: "any-party"},
				YearlyDuties:     []gov.YearlyDuty{{Title: "Review", At: "first-meeting"}},
			},
		},
		Memberships: []gov.Membership{
			{Person: "anna", Forum: "steering", Role: gov.RoleChair, From: "2025-01-01", To: "2025-12-31"},
			{Person: "anna", Forum: "steering", Role: gov.RoleChair, From: "2026-01-01"},
			{Person: "bertil", Forum: "steering", Role: gov.RoleDeputy, From: "2025-01-01"},
			{Person: "cecilia", Forum: "steering", Role: gov.RoleSecretary, From: "2025-01-01", To: "2027-06-30"},
			{Person: "cecilia", Forum: "delivery", Role: gov.RoleMember, From: "2025-02-01"},
			{Person: "dan", Forum: "delivery", Role: gov.RoleExpert, From: "2025-03-01"},
		},
		// Issue 14.
		Relationships:   []gov.Relationship{{Buyer: "espoo", Seller: "acme", HandledIn: "steering", ReviewedIn: "delivery", Note: "Framework"}},
		Records:         richRecords(),
		EscalationPaths: []gov.EscalationPath{{Slug: "suppliers", Name: "Between suppliers", Forums: []string{"delivery", "steering"}}},
		Complaints: &gov.ComplaintRules{AcknowledgeWorkingDays: 2, RespondWorkingDays: 10,
			Sections: []string{"Facts", "Response"}, HandledIn: "steering", SanctionOnLate: true, ChargeableIfCauseOutside: true, SanctionAmount: 500},
		Incidents: &gov.IncidentRules{ReportTo: "Sopimusvastaava", Severities: []gov.IncidentSeverity{
			{Slug: "serious", Name: "Serious", Notify: "immediately", Report: true},
			{Slug: "moderate", Name: "Moderate", Notify: "promptly"},
		}},
		Orders: &gov.OrderRules{
			Classes: []gov.OrderClass{
				{Slug: "small", Name: "Small", BelowPersonDays: 5, Requires: []string{"estimate"}},
				{Slug: "large", Name: "Large", Requires: []string{"quote", "steering"}, Project: true},
			},
			QuoteAbove: 50000, AddendumForum: "steering", OverrunNeedsApproval: true, CheaperAlternatives: true,
		},
		TimeReporting: &gov.TimeRules{StepMinutes: 15, ApproveByWorkingDay: 5, InvoiceByWorkingDay: 8, Correction: "weekly",
			Rates:         []gov.Rate{{Slug: "expert", Name: "Expert", Party: "acme", Hourly: 95.5}},
			NormalMonthly: []gov.MonthlyAmount{{Party: "acme", Amount: 12000}}, DeviationPercent: 10}, // issue 7
		Reports: []gov.ReportRule{{Slug: "sla", Name: "SLA report", Frequency: gov.Monthly, DueWorkingDay: 5,
			ReviewedIn: "delivery", Sections: []string{"Availability", "Incidents"}, Owner: "acme", Shared: []string{"incidents"}}}, // Shared: issue 14
		Obligations: []gov.Obligation{{Slug: "security", Title: "Security report", Owner: "supplier",
			Frequency: gov.PerYear, PerYear: 2, ReportedTo: "steering", Receiver: "customer", DueWorkingDay: 3}},
		// Issue 16.
		Sanctions: &gov.SanctionRules{DecidedIn: "steering", PerSLABreach: 200, PerComplaintResponse: 1000, MonthlyCap: 5000},
		Survey:    &gov.SurveyRule{Share: 0.2, Questions: []string{"Was the meeting useful?"}},
		// Issue 8.
		ServiceLevels: &gov.ServiceLevels{PauseStates: []string{"On Hold"}, Services: []gov.Service{
			{Slug: "platform", Name: "Platform", Supplier: "acme", Matches: []string{"Platform"}, Hours: gov.HoursBusiness,
				HoursFrom: "08:00", HoursTo: "16:00", Availability: 99.5, SanctionPerBreach: 100,
				Targets: []gov.Target{{Priority: 1, Response: "30m", Resolution: "4h"}}},
		}},
	}
}

// TestRichAgreementSetsEveryField fails when a field of a gov type is
// zero everywhere in richAgreement: a field added to gov must be set in
// the fixture, so the round-trip tests cover it.
func TestRichAgreementSetsEveryField(t *testing.T) {
	seen := map[string]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				name := v.Type().String() + "." + v.Type().Field(i).Name
				if _, ok := seen[name]; !ok {
					seen[name] = false
				}
				if !v.Field(i).IsZero() && (v.Field(i).Kind() != reflect.Slice || v.Field(i).Len() > 0) {
					seen[name] = true
				}
				walk(v.Field(i))
			}
		}
	}
	walk(reflect.ValueOf(richAgreement()))
	// Types reachable only through nil pointers or empty slices are never
	// visited; list them so they cannot slip through.
	for _, typ := range []any{gov.Agreement{}, gov.Forum{}, gov.Cadence{}, gov.PartyMatch{}, gov.VoteRule{},
		gov.WeightRule{}, gov.ExtraMeeting{}, gov.ProposalRule{}, gov.ComplaintRules{}, gov.IncidentRules{},
		gov.IncidentSeverity{}, gov.OrderRules{}, gov.OrderClass{}, gov.TimeRules{}, gov.ReportRule{},
		gov.Obligation{}, gov.SurveyRule{}, gov.EscalationPath{}, gov.Person{}, gov.Party{}, gov.Attribute{},
		gov.Membership{}, gov.Level{}, gov.Period{}, gov.SeatRule{}, gov.AgendaTemplate{}, gov.YearlyDuty{}, gov.Relationship{}, gov.RecordsRules{}, gov.RecordMeta{}, gov.PublicationRule{}} {
		rt := reflect.TypeOf(typ)
		for i := 0; i < rt.NumField(); i++ {
			name := rt.String() + "." + rt.Field(i).Name
			if !seen[name] {
				t.Errorf("richAgreement never sets %s", name)
			}
		}
	}
	for name, set := range seen {
		if !set {
			t.Errorf("richAgreement never sets %s", name)
		}
	}
}

// richRecords is the country's default records metadata with one type
// secret for a period and a publication rule, so that every field of the
// records section is set.
func richRecords() *gov.RecordsRules {
	r := gov.DefaultRecords("FI")
	r.Types[0].Publicity, r.Types[0].SecrecyBasis, r.Types[0].SecrecyYears = gov.Secret, "JulkL 24 § 1 mom. 17 k.", 25
	r.Types[0].RetentionBasis, r.Types[0].PersonalData = "Arkistonmuodostussuunnitelma", true
	r.Publication = &gov.PublicationRule{Forums: []string{"steering"}, NamesPublicDays: 14, Robots: "noindex"}
	return &r
}
