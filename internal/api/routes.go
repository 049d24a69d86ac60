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

		{Pattern: "GET /api/v1/feeds", Scope: ScopeRead, h: a.listFeeds},
		{Pattern: "POST /api/v1/feeds", Scope: ScopeWrite, h: a.createFeed},
		{Pattern: "DELETE /api/v1/feeds/{feed}", Scope: ScopeWrite, h: a.revokeFeed},

		{Pattern: "GET /api/v1/agreements", Scope: ScopeRead, h: a.listAgreements},
		{Pattern: "POST /api/v1/agreements", Scope: ScopeWrite, h: a.createAgreement}, // issue 15: administrators only
		// The duty ledger (issue 16): internal/duty decides who sees a
		// duty and who submits, accepts or returns its evidence.
		{Pattern: "GET /api/v1/duties", Scope: ScopeRead, h: a.listMyDuties},
		{Pattern: "GET /api/v1/agreements/{agreement}/duties", Scope: ScopeRead, Action: auth.ViewForum, h: a.listDuties},
		{Pattern: "GET /api/v1/agreements/{agreement}/duties/{duty}", Scope: ScopeRead, Action: auth.ViewForum, h: a.getDuty},
		{Pattern: "GET /api/v1/agreements/{agreement}/duties/{duty}/files/{file}", Scope: ScopeRead, Action: auth.ViewForum, h: a.dutyFile},
		{Pattern: "POST /api/v1/agreements/{agreement}/duties/{duty}/evidence", Scope: ScopeWrite, Action: auth.ViewForum, h: a.submitEvidence},
		{Pattern: "POST /api/v1/agreements/{agreement}/duties/{duty}/accept", Scope: ScopeWrite, Action: auth.ViewForum, h: a.acceptEvidence},
		{Pattern: "POST /api/v1/agreements/{agreement}/duties/{duty}/return", Scope: ScopeWrite, Action: auth.ViewForum, h: a.returnEvidence},
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
		{Pattern: "GET /api/v1/agreements/{agreement}/history/{type}/{id}", Scope: ScopeRead, Action: auth.ViewAgreement, h: a.getHistory},
		// Model changes agreed by both parties (issue #15): internal/modelchange
		// decides who proposes and who approves.
		{Pattern: "POST /api/v1/agreements/{agreement}/model/proposals", Scope: ScopeWrite, Action: auth.ViewAgreement, h: a.proposeModel},
		{Pattern: "GET /api/v1/agreements/{agreement}/model/proposals", Scope: ScopeRead, Action: auth.ViewAgreement, h: a.listProposals},
		{Pattern: "GET /api/v1/agreements/{agreement}/model/proposals/{proposal}", Scope: ScopeRead, Action: auth.ViewAgreement, h: a.getProposal},
		{Pattern: "POST /api/v1/agreements/{agreement}/model/proposals/{proposal}/approve", Scope: ScopeWrite, Action: auth.ViewAgreement, h: a.approveProposal},
		{Pattern: "POST /api/v1/agreements/{agreement}/model/proposals/{proposal}/reject", Scope: ScopeWrite, Action: auth.ViewAgreement, h: a.rejectProposal},
		{Pattern: "GET /api/v1/agreements/{agreement}/model/revisions", Scope: ScopeRead, Action: auth.ViewAgreement, h: a.listRevisions},
		// Invitations (issue 15): internal/account decides who invites whom.
		{Pattern: "POST /api/v1/agreements/{agreement}/invitations", Scope: ScopeWrite, Action: auth.ViewDirectory, h: a.createInvitation},
		{Pattern: "GET /api/v1/agreements/{agreement}/invitations", Scope: ScopeRead, Action: auth.ViewDirectory, h: a.listInvitations},
		{Pattern: "DELETE /api/v1/agreements/{agreement}/invitations/{invitation}", Scope: ScopeWrite, Action: auth.ViewDirectory, h: a.revokeInvitation},
		{Pattern: "POST /api/v1/agreements/{agreement}/invitations/{invitation}/resend", Scope: ScopeWrite, Action: auth.ViewDirectory, h: a.resendInvitation},

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
		{Pattern: "PATCH /api/v1/agreements/{agreement}/meetings/{meeting}", Scope: ScopeWrite, Action: auth.ViewForum, h: a.moveMeeting},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/answer", Scope: ScopeWrite, Action: auth.ViewForum, h: a.answerMeeting},
		{Pattern: "PUT /api/v1/agreements/{agreement}/meetings/{meeting}/items/order", Scope: ScopeWrite, Action: auth.ViewForum, h: a.reorderItems},
		{Pattern: "PUT /api/v1/agreements/{agreement}/meetings/{meeting}/items/{item}", Scope: ScopeWrite, Action: auth.ViewForum, h: a.editItem},
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
		{Pattern: "GET /api/v1/agreements/{agreement}/meetings/{meeting}/minutes.pdf", Scope: ScopeRead, Action: auth.ViewForum, h: a.minutesPDF},
		{Pattern: "GET /api/v1/agreements/{agreement}/meetings/{meeting}/pack.pdf", Scope: ScopeRead, Action: auth.ViewForum, h: a.agendaPack},
		{Pattern: "PUT /api/v1/agreements/{agreement}/meetings/{meeting}/minutes/checkers", Scope: ScopeWrite, Action: auth.ViewForum, h: a.chooseCheckers},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/minutes/sign", Scope: ScopeWrite, Action: auth.ViewForum, h: a.signMinutes},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/minutes/reject", Scope: ScopeWrite, Action: auth.ViewForum, h: a.rejectMinutes},
		{Pattern: "GET /api/v1/agreements/{agreement}/actions", Scope: ScopeRead, Action: auth.ViewForum, h: a.listActions},
		{Pattern: "POST /api/v1/agreements/{agreement}/actions", Scope: ScopeWrite, Action: auth.ViewForum, h: a.createAction},
		{Pattern: "GET /api/v1/agreements/{agreement}/actions/{action}", Scope: ScopeRead, Action: auth.ViewForum, h: a.getAction},
		{Pattern: "PATCH /api/v1/agreements/{agreement}/actions/{action}", Scope: ScopeWrite, Action: auth.ViewForum, h: a.updateAction},

		// Matters and decisions (issue 5): the routes need ViewForum; the
		// matter service decides the rest by the forum's rules.
		{Pattern: "GET /api/v1/agreements/{agreement}/matters", Scope: ScopeRead, Action: auth.ViewForum, h: a.listMatters},
		{Pattern: "GET /api/v1/agreements/{agreement}/search", Scope: ScopeRead, Action: auth.ViewForum, h: a.search},
		{Pattern: "POST /api/v1/agreements/{agreement}/matters", Scope: ScopeWrite, Action: auth.ViewForum, h: a.raiseMatter},
		{Pattern: "GET /api/v1/agreements/{agreement}/matters/{matter}", Scope: ScopeRead, Action: auth.ViewForum, h: a.getMatter},
		{Pattern: "PATCH /api/v1/agreements/{agreement}/matters/{matter}", Scope: ScopeWrite, Action: auth.ViewForum, h: a.updateMatter},
		{Pattern: "POST /api/v1/agreements/{agreement}/matters/{matter}/status", Scope: ScopeWrite, Action: auth.ViewForum, h: a.setMatterStatus},
		{Pattern: "GET /api/v1/agreements/{agreement}/matters/{matter}/history", Scope: ScopeRead, Action: auth.ViewForum, h: a.matterHistory},
		{Pattern: "GET /api/v1/agreements/{agreement}/matters/{matter}/path", Scope: ScopeRead, Action: auth.ViewForum, h: a.matterPath},
		{Pattern: "POST /api/v1/agreements/{agreement}/matters/{matter}/escalate", Scope: ScopeWrite, Action: auth.ViewForum, h: a.escalateMatter},
		{Pattern: "POST /api/v1/agreements/{agreement}/matters/{matter}/agenda", Scope: ScopeWrite, Action: auth.ViewForum, h: a.matterToAgenda},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/items/{item}/vote/open", Scope: ScopeWrite, Action: auth.ViewForum, h: a.openVote},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/items/{item}/votes", Scope: ScopeWrite, Action: auth.ViewForum, h: a.castVote},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/items/{item}/vote/close", Scope: ScopeWrite, Action: auth.ViewForum, h: a.closeVote},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/items/{item}/consensus", Scope: ScopeWrite, Action: auth.ViewForum, h: a.recordConsensus},
		{Pattern: "POST /api/v1/agreements/{agreement}/meetings/{meeting}/items/{item}/duty", Scope: ScopeWrite, Action: auth.ViewForum, h: a.recordDuty},
		{Pattern: "GET /api/v1/agreements/{agreement}/decisions", Scope: ScopeRead, Action: auth.ViewForum, h: a.register},
		{Pattern: "GET /api/v1/agreements/{agreement}/decisions.csv", Scope: ScopeRead, Action: auth.ViewForum, h: a.register},
		{Pattern: "GET /api/v1/agreements/{agreement}/decisions/{decision}", Scope: ScopeRead, Action: auth.ViewForum, h: a.getDecision},
		{Pattern: "POST /api/v1/agreements/{agreement}/decisions/{decision}/overturn", Scope: ScopeWrite, Action: auth.ViewForum, h: a.overturnDecision},
		{Pattern: "GET /api/v1/agreements/{agreement}/forums/{forum}/survey", Scope: ScopeRead, Action: auth.ViewForum, h: a.getSurveyResults},
		{Pattern: "GET /api/v1/agreements/{agreement}/forums/{forum}/seats", Scope: ScopeRead, Action: auth.ViewForum, h: a.forumSeats},
		// Issue 6: complaints, sanctions, incident reports, delivery
		// deficiencies and risks. The routes need ViewForum; the services
		// decide who sees and does what (only the buying side files).
		{Pattern: "GET /api/v1/agreements/{agreement}/complaints", Scope: ScopeRead, Action: auth.ViewForum, h: a.listComplaints},
		{Pattern: "POST /api/v1/agreements/{agreement}/complaints", Scope: ScopeWrite, Action: auth.ViewForum, h: a.fileComplaint},
		{Pattern: "GET /api/v1/agreements/{agreement}/complaints/{complaint}", Scope: ScopeRead, Action: auth.ViewForum, h: a.getComplaint},
		{Pattern: "POST /api/v1/agreements/{agreement}/complaints/{complaint}/acknowledge", Scope: ScopeWrite, Action: auth.ViewForum, h: a.acknowledgeComplaint},
		{Pattern: "POST /api/v1/agreements/{agreement}/complaints/{complaint}/response", Scope: ScopeWrite, Action: auth.ViewForum, h: a.respondComplaint},
		{Pattern: "POST /api/v1/agreements/{agreement}/complaints/{complaint}/decide", Scope: ScopeWrite, Action: auth.ViewForum, h: a.decideComplaint},
		{Pattern: "GET /api/v1/agreements/{agreement}/sanctions", Scope: ScopeRead, Action: auth.ViewForum, h: a.listSanctions},
		{Pattern: "POST /api/v1/agreements/{agreement}/sanctions/{sanction}/decide", Scope: ScopeWrite, Action: auth.ViewForum, h: a.decideSanction},
		{Pattern: "GET /api/v1/agreements/{agreement}/incidents", Scope: ScopeRead, Action: auth.ViewForum, h: a.listIncidents},
		{Pattern: "POST /api/v1/agreements/{agreement}/incidents", Scope: ScopeWrite, Action: auth.ViewForum, h: a.reportIncident},
		{Pattern: "GET /api/v1/agreements/{agreement}/incidents/{incident}", Scope: ScopeRead, Action: auth.ViewForum, h: a.getIncident},
		{Pattern: "PUT /api/v1/agreements/{agreement}/incidents/{incident}", Scope: ScopeWrite, Action: auth.ViewForum, h: a.updateIncident},
		{Pattern: "POST /api/v1/agreements/{agreement}/incidents/{incident}/timeline", Scope: ScopeWrite, Action: auth.ViewForum, h: a.addIncidentEvent},
		{Pattern: "GET /api/v1/agreements/{agreement}/deficiencies", Scope: ScopeRead, Action: auth.ViewForum, h: a.listDeficiencies},
		{Pattern: "POST /api/v1/agreements/{agreement}/deficiencies", Scope: ScopeWrite, Action: auth.ViewForum, h: a.registerDeficiency},
		{Pattern: "GET /api/v1/agreements/{agreement}/deficiencies/{deficiency}", Scope: ScopeRead, Action: auth.ViewForum, h: a.getDeficiency},
		{Pattern: "POST /api/v1/agreements/{agreement}/deficiencies/{deficiency}/decide", Scope: ScopeWrite, Action: auth.ViewForum, h: a.decideDeficiency},
		{Pattern: "GET /api/v1/agreements/{agreement}/risks", Scope: ScopeRead, Action: auth.ViewForum, h: a.listRisks},
		{Pattern: "POST /api/v1/agreements/{agreement}/risks", Scope: ScopeWrite, Action: auth.ViewForum, h: a.addRisk},
		{Pattern: "GET /api/v1/agreements/{agreement}/risks/{risk}", Scope: ScopeRead, Action: auth.ViewForum, h: a.getRisk},
		{Pattern: "PUT /api/v1/agreements/{agreement}/risks/{risk}", Scope: ScopeWrite, Action: auth.ViewForum, h: a.updateRisk},
		{Pattern: "POST /api/v1/agreements/{agreement}/risks/{risk}/raise", Scope: ScopeWrite, Action: auth.ViewForum, h: a.raiseRisk},
		// Orders, time entries and invoice bases (issue 7): reads need
		// UseOrders and list what the caller's party may see; changes
		// need ViewForum at the route and the services decide the rest.
		{Pattern: "GET /api/v1/agreements/{agreement}/orders", Scope: ScopeRead, Action: auth.UseOrders, h: a.listOrders},
		{Pattern: "POST /api/v1/agreements/{agreement}/orders", Scope: ScopeWrite, Action: auth.ViewForum, h: a.placeOrder},
		{Pattern: "POST /api/v1/agreements/{agreement}/orders/{order}/answer", Scope: ScopeWrite, Action: auth.ViewForum, h: a.answerOrder},
		{Pattern: "POST /api/v1/agreements/{agreement}/orders/{order}/accept", Scope: ScopeWrite, Action: auth.ViewForum, h: a.acceptOrder},
		{Pattern: "POST /api/v1/agreements/{agreement}/orders/{order}/changes", Scope: ScopeWrite, Action: auth.ViewForum, h: a.proposeOrderChange},
		{Pattern: "POST /api/v1/agreements/{agreement}/orders/{order}/changes/{change}/decide", Scope: ScopeWrite, Action: auth.ViewForum, h: a.decideOrderChange},
		{Pattern: "POST /api/v1/agreements/{agreement}/orders/{order}/deliver", Scope: ScopeWrite, Action: auth.ViewForum, h: a.deliverOrder},
		{Pattern: "POST /api/v1/agreements/{agreement}/orders/{order}/delivery", Scope: ScopeWrite, Action: auth.ViewForum, h: a.decideDelivery},
		{Pattern: "GET /api/v1/agreements/{agreement}/ordering-contacts", Scope: ScopeRead, Action: auth.UseOrders, h: a.listContacts},
		{Pattern: "POST /api/v1/agreements/{agreement}/ordering-contacts", Scope: ScopeWrite, Action: auth.ViewForum, h: a.nameContact},
		{Pattern: "DELETE /api/v1/agreements/{agreement}/ordering-contacts/{person}", Scope: ScopeWrite, Action: auth.ViewForum, h: a.removeContact},
		{Pattern: "GET /api/v1/agreements/{agreement}/time-entries", Scope: ScopeRead, Action: auth.UseOrders, h: a.listTimeEntries},
		{Pattern: "POST /api/v1/agreements/{agreement}/time-entries", Scope: ScopeWrite, Action: auth.ViewForum, h: a.createTimeEntry},
		{Pattern: "POST /api/v1/agreements/{agreement}/time-entries/decide", Scope: ScopeWrite, Action: auth.ViewForum, h: a.decideTimeEntries},
		{Pattern: "GET /api/v1/agreements/{agreement}/invoice-bases", Scope: ScopeRead, Action: auth.UseOrders, h: a.listInvoiceBases},
		{Pattern: "POST /api/v1/agreements/{agreement}/invoice-bases", Scope: ScopeWrite, Action: auth.ViewForum, h: a.issueInvoiceBasis},
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
