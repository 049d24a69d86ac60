package api

import (
	"github.com/steerco/steerco/internal/auth"
)

// Routes lists every endpoint; the tests walk them for access control and
// hold every response to the OpenAPI description.
func (a *API) Routes() []Route {
	return []Route{
		{Pattern: "GET /api/v1/me", Scope: ScopeRead, h: a.me},
		{Pattern: "GET /api/v1/tokens", Scope: ScopeRead, h: a.listTokens},
		{Pattern: "POST /api/v1/tokens", Scope: ScopeWrite, h: a.createToken},
		{Pattern: "DELETE /api/v1/tokens/{token}", Scope: ScopeWrite, h: a.revokeToken},

		{Pattern: "GET /api/v1/agreements", Scope: ScopeRead, h: a.listAgreements},
		{Pattern: "GET /api/v1/agreements/{agreement}", Scope: ScopeRead, Action: auth.ViewAgreement, h: a.getAgreement},
		{Pattern: "GET /api/v1/agreements/{agreement}/model", Scope: ScopeRead, Action: auth.EditParties, h: a.getModel},
		{Pattern: "GET /api/v1/agreements/{agreement}/parties", Scope: ScopeRead, Action: auth.ViewAgreement, h: a.listParties},
		{Pattern: "GET /api/v1/agreements/{agreement}/parties/{party}", Scope: ScopeRead, Action: auth.ViewAgreement, h: a.getParty},
		{Pattern: "GET /api/v1/agreements/{agreement}/people", Scope: ScopeRead, Action: auth.ViewDirectory, h: a.listPeople},
		{Pattern: "GET /api/v1/agreements/{agreement}/people/{person}", Scope: ScopeRead, Action: auth.ViewDirectory, h: a.getPerson},
		{Pattern: "GET /api/v1/agreements/{agreement}/forums", Scope: ScopeRead, Action: auth.ViewForum, h: a.listForums},
		{Pattern: "GET /api/v1/agreements/{agreement}/forums/{forum}", Scope: ScopeRead, Action: auth.ViewForum, h: a.getForum},
		{Pattern: "GET /api/v1/agreements/{agreement}/memberships", Scope: ScopeRead, Action: auth.ViewForum, h: a.listMemberships},
		{Pattern: "GET /api/v1/agreements/{agreement}/plan", Scope: ScopeRead, Action: auth.ViewPlan, h: a.getPlan},

		// The directory: the web administration's rules.
		{Pattern: "PATCH /api/v1/agreements/{agreement}/parties/{party}", Scope: ScopeWrite, Action: auth.EditParties, h: a.updateParty},
		{Pattern: "POST /api/v1/agreements/{agreement}/people", Scope: ScopeWrite, Action: auth.EditPeople, h: a.createPerson},
		{Pattern: "PATCH /api/v1/agreements/{agreement}/people/{person}", Scope: ScopeWrite, Action: auth.EditPeople, h: a.updatePerson},
		{Pattern: "DELETE /api/v1/agreements/{agreement}/people/{person}", Scope: ScopeWrite, Action: auth.EditPeople, h: a.deletePerson},
		{Pattern: "POST /api/v1/agreements/{agreement}/memberships", Scope: ScopeWrite, Action: auth.EditMemberships, h: a.createMembership},
		{Pattern: "POST /api/v1/agreements/{agreement}/memberships/end", Scope: ScopeWrite, Action: auth.EditMemberships, h: a.endMembership},

		// Meetings: the route needs ViewForum; the meeting service decides
		// the rest by the forum's rules.
		{Pattern: "GET /api/v1/agreements/{agreement}/meetings", Scope: ScopeRead, Action: auth.ViewForum, h: a.listMeetings},
		{Pattern: "POST /api/v1/agreements/{agreement}/forums/{forum}/plan", Scope: ScopeWrite, Action: auth.ViewForum, h: a.planMeetings},
		{Pattern: "POST /api/v1/agreements/{agreement}/forums/{forum}/meetings", Scope: ScopeWrite, Action: auth.ViewForum, h: a.createMeeting},
		{Pattern: "GET /api/v1/agreements/{agreement}/meetings/{meeting}", Scope: ScopeRead, Action: auth.ViewForum, h: a.getMeeting},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/items", Scope: ScopeWrite, Action: auth.ViewForum, h: a.addItem},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/items/{item}/decide", Scope: ScopeWrite, Action: auth.ViewForum, h: a.decideItem},
		{Pattern: "DELETE /api/v1/agreements/{agreement}/meetings/{meeting}/items/{item}", Scope: ScopeWrite, Action: auth.ViewForum, h: a.removeItem},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/publish", Scope: ScopeWrite, Action: auth.ViewForum, h: a.publishAgenda},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/cancel", Scope: ScopeWrite, Action: auth.ViewForum, h: a.cancelMeeting},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/materials", Scope: ScopeWrite, Action: auth.ViewForum, h: a.uploadMaterial},
		{Pattern: "GET /api/v1/agreements/{agreement}/meetings/{meeting}/materials/{material}", Scope: ScopeRead, Action: auth.ViewForum, h: a.downloadMaterial},
		{Pattern: "PUT /api/v1/agreements/{agreement}/meetings/{meeting}/attendance", Scope: ScopeWrite, Action: auth.ViewForum, h: a.recordAttendance},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/held", Scope: ScopeWrite, Action: auth.ViewForum, h: a.markHeld},
		{Pattern: "PUT /api/v1/agreements/{agreement}/meetings/{meeting}/minutes", Scope: ScopeWrite, Action: auth.ViewForum, h: a.saveMinutes},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/minutes/submit", Scope: ScopeWrite, Action: auth.ViewForum, h: a.submitMinutes},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/minutes/approve", Scope: ScopeWrite, Action: auth.ViewForum, h: a.approveMinutes},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/minutes/return", Scope: ScopeWrite, Action: auth.ViewForum, h: a.returnMinutes},
		{Pattern: "GET /api/v1/agreements/{agreement}/actions", Scope: ScopeRead, Action: auth.ViewForum, h: a.listActions},
		{Pattern: "POST /api/v1/agreements/{agreement}/actions", Scope: ScopeWrite, Action: auth.ViewForum, h: a.createAction},
		{Pattern: "GET /api/v1/agreements/{agreement}/actions/{action}", Scope: ScopeRead, Action: auth.ViewForum, h: a.getAction},
		{Pattern: "PATCH /api/v1/agreements/{agreement}/actions/{action}", Scope: ScopeWrite, Action: auth.ViewForum, h: a.updateAction},

		// Service reporting (issue 8): imports, the monthly report pack,
		// breach exclusions and the review; internal/report decides who.
		{Pattern: "POST /api/v1/agreements/{agreement}/ticket-imports", Scope: ScopeWrite, Action: auth.ImportTickets, h: a.importTickets},
		{Pattern: "GET /api/v1/agreements/{agreement}/reports/{month}", Scope: ScopeRead, Action: auth.ViewReports, h: a.getReport},
		{Pattern: "PUT /api/v1/agreements/{agreement}/reports/{month}/narrative", Scope: ScopeWrite, Action: auth.WriteReport, h: a.saveNarrative},
		{Pattern: "POST /api/v1/agreements/{agreement}/reports/{month}/submit", Scope: ScopeWrite, Action: auth.WriteReport, h: a.submitReport},
		{Pattern: "POST /api/v1/agreements/{agreement}/reports/{month}/decision", Scope: ScopeWrite, Action: auth.ReviewReport, h: a.decideReport},
		{Pattern: "POST /api/v1/agreements/{agreement}/reports/{month}/exclusions", Scope: ScopeWrite, Action: auth.WriteReport, h: a.proposeExclusion},
		{Pattern: "POST /api/v1/agreements/{agreement}/reports/{month}/exclusions/{exclusion}/decision", Scope: ScopeWrite, Action: auth.ReviewReport, h: a.decideExclusion},
	}
}
