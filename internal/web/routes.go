package web

import (
	"net/http"

	"github.com/steerco/steerco/internal/auth"
)

// Route is one page or form action of the UI. Routes with {agreement} in
// their pattern are agreement routes: the guard loads the agreement, gives
// 404 to a user whose organisation is not a party to it, and 403 to one
// whose role lacks Action.
type Route struct {
	Pattern string
	// Action is what the route needs inside its agreement; "" means any
	// signed-in user (or, with Public, anyone).
	Action auth.Action
	Public bool
	// Admin routes are for administrators only: anyone else gets 403.
	Admin bool
	h     handlerFunc
}

// Routes lists every route of the UI; the role-matrix test walks them all.
func (s *Server) Routes() []Route {
	return []Route{
		{Pattern: "GET /login", Public: true, h: s.loginForm},
		{Pattern: "POST /login", Public: true, h: s.login},
		{Pattern: "GET /auth/oidc", Public: true, h: s.oidcStart},
		{Pattern: "GET /auth/oidc/callback", Public: true, h: s.oidcCallback},
		{Pattern: "POST /logout", h: s.logout},
		{Pattern: "POST /lang", Public: true, h: s.setLanguage},
		{Pattern: "GET /accessibility", Public: true, h: s.accessibility}, // issue 21
		{Pattern: "GET /account", h: s.account},
		{Pattern: "POST /account/password", h: s.changePassword},
		// Self-service (issue #15): password reset by e-mail (public, the
		// secret in the link is the key) and disabling accounts.
		{Pattern: "GET /password-reset", Public: true, h: s.resetRequestForm},
		{Pattern: "POST /password-reset", Public: true, h: s.resetRequest},
		{Pattern: "GET /password-reset/{token}", Public: true, h: s.resetForm},
		{Pattern: "POST /password-reset/{token}", Public: true, h: s.resetPassword},
		{Pattern: "GET /invite/{token}", Public: true, h: s.acceptForm},
		{Pattern: "POST /invite/{token}", Public: true, h: s.accept},
		{Pattern: "GET /a/{agreement}/invitations", Action: auth.ViewDirectory, h: s.invitations},
		{Pattern: "POST /a/{agreement}/invitations", Action: auth.ViewDirectory, h: s.invite},
		{Pattern: "POST /a/{agreement}/invitations/{invitation}/resend", Action: auth.ViewDirectory, h: s.manageInvitation(true)},
		{Pattern: "POST /a/{agreement}/invitations/{invitation}/revoke", Action: auth.ViewDirectory, h: s.manageInvitation(false)},
		{Pattern: "GET /agreements/new", Admin: true, h: s.newAgreement},
		{Pattern: "POST /agreements/new/upload", Admin: true, h: s.uploadAgreement},
		{Pattern: "POST /agreements/new", Admin: true, h: s.previewAgreement},
		{Pattern: "GET /admin/accounts", Admin: true, h: s.accounts},
		{Pattern: "POST /admin/accounts/state", Admin: true, h: s.setAccountDisabled},

		{Pattern: "GET /{$}", h: s.dashboard},
		// The duty ledger (issue 16): internal/duty decides who sees a
		// duty and who submits, accepts or returns its evidence.
		{Pattern: "GET /inbox/count", h: s.inboxCount},
		{Pattern: "POST /account/digest", h: s.setDigest},
		{Pattern: "GET /a/{agreement}/duties", Action: auth.ViewForum, h: s.agreementDuties},
		{Pattern: "GET /a/{agreement}/duties/{duty}", Action: auth.ViewForum, h: s.dutyDetail},
		{Pattern: "GET /a/{agreement}/duties/{duty}/files/{file}", Action: auth.ViewForum, h: s.dutyFile},
		{Pattern: "POST /a/{agreement}/duties/{duty}/evidence", Action: auth.ViewForum, h: s.submitEvidence},
		{Pattern: "POST /a/{agreement}/duties/{duty}/answer", Action: auth.ViewForum, h: s.answerEvidence},
		{Pattern: "GET /agreements", h: s.agreements},
		{Pattern: "GET /a/{agreement}", Action: auth.ViewAgreement, h: s.agreement},
		{Pattern: "GET /a/{agreement}/parties/{party}", Action: auth.ViewAgreement, h: s.party},
		{Pattern: "GET /a/{agreement}/directory", Action: auth.ViewDirectory, h: s.directory},
		{Pattern: "GET /a/{agreement}/directory.csv", Action: auth.ExportDirectory, h: s.directoryCSV},
		{Pattern: "GET /a/{agreement}/directory.vcf", Action: auth.ExportDirectory, h: s.directoryVCard},
		{Pattern: "GET /a/{agreement}/forums", Action: auth.ViewForum, h: s.forums},
		{Pattern: "GET /a/{agreement}/forums/{forum}", Action: auth.ViewForum, h: s.forum},
		{Pattern: "GET /a/{agreement}/model", Action: auth.ViewAgreement, h: s.modelDiagram},
		{Pattern: "GET /a/{agreement}/model.svg", Action: auth.ViewAgreement, h: s.modelSVG},
		{Pattern: "GET /a/{agreement}/plan", Action: auth.ViewPlan, h: s.annualPlan},
		// Model changes agreed by both parties (issue #15); internal/modelchange
		// decides who proposes and who approves.
		{Pattern: "GET /a/{agreement}/model/changes", Action: auth.ViewAgreement, h: s.modelChanges},
		{Pattern: "GET /a/{agreement}/model/changes/new", Action: auth.ViewAgreement, h: s.modelEditor},
		{Pattern: "GET /a/{agreement}/model/changes/forums/{forum}", Action: auth.ViewAgreement, h: s.forumChangeForm},
		{Pattern: "POST /a/{agreement}/model/changes/forums/{forum}", Action: auth.ViewAgreement, h: s.proposeForumChange},
		{Pattern: "POST /a/{agreement}/model/proposals", Action: auth.ViewAgreement, h: s.proposeYAML},
		{Pattern: "GET /a/{agreement}/model/proposals/{proposal}", Action: auth.ViewAgreement, h: s.proposalPage},
		{Pattern: "POST /a/{agreement}/model/proposals/{proposal}/approve", Action: auth.ViewAgreement, h: s.decideProposal(true)},
		{Pattern: "POST /a/{agreement}/model/proposals/{proposal}/reject", Action: auth.ViewAgreement, h: s.decideProposal(false)},

		{Pattern: "GET /a/{agreement}/admin", Action: auth.EditPeople, h: s.admin},
		{Pattern: "GET /a/{agreement}/admin/parties/{party}", Action: auth.EditParties, h: s.editPartyForm},
		{Pattern: "POST /a/{agreement}/admin/parties/{party}", Action: auth.EditParties, h: s.editParty},
		{Pattern: "GET /a/{agreement}/admin/people/new", Action: auth.EditPeople, h: s.newPersonForm},
		{Pattern: "POST /a/{agreement}/admin/people", Action: auth.EditPeople, h: s.createPerson},
		{Pattern: "GET /a/{agreement}/admin/people/{person}", Action: auth.EditPeople, h: s.editPersonForm},
		{Pattern: "POST /a/{agreement}/admin/people/{person}", Action: auth.EditPeople, h: s.editPerson},
		{Pattern: "POST /a/{agreement}/admin/people/{person}/delete", Action: auth.EditPeople, h: s.deletePerson},
		{Pattern: "GET /a/{agreement}/admin/memberships/new", Action: auth.EditMemberships, h: s.newMembershipForm},
		{Pattern: "POST /a/{agreement}/admin/memberships", Action: auth.EditMemberships, h: s.createMembership},
		{Pattern: "POST /a/{agreement}/admin/memberships/end", Action: auth.EditMemberships, h: s.endMembership},

		// Meetings (issue 4). The route needs only ViewForum; who may do
		// what to a meeting follows the forum's responsibilities and is
		// checked by internal/meeting, whose coded errors s.fail maps.
		{Pattern: "GET /a/{agreement}/meetings", Action: auth.ViewForum, h: s.meetings},
		{Pattern: "POST /a/{agreement}/forums/{forum}/plan", Action: auth.ViewForum, h: s.planMeetings},
		{Pattern: "POST /a/{agreement}/forums/{forum}/meetings", Action: auth.ViewForum, h: s.createMeeting},
		{Pattern: "GET /a/{agreement}/meetings/{meeting}", Action: auth.ViewForum, h: s.meeting},
		{Pattern: "GET /a/{agreement}/meetings/{meeting}/invite.ics", Action: auth.ViewForum, h: s.meetingICS},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/items", Action: auth.ViewForum, h: s.addItem},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/items/{item}/decide", Action: auth.ViewForum, h: s.decideItem},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/items/{item}/delete", Action: auth.ViewForum, h: s.deleteItem},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/items/{item}/edit", Action: auth.ViewForum, h: s.editItem},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/items/{item}/move", Action: auth.ViewForum, h: s.moveItem},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/move", Action: auth.ViewForum, h: s.moveMeeting},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/answer", Action: auth.ViewForum, h: s.answerMeeting},
		{Pattern: "GET /a/{agreement}/meetings/{meeting}/pack.pdf", Action: auth.ViewForum, h: s.agendaPack},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/publish", Action: auth.ViewForum, h: s.publishAgenda},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/cancel", Action: auth.ViewForum, h: s.cancelMeeting},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/materials", Action: auth.ViewForum, h: s.uploadMaterial},
		{Pattern: "GET /a/{agreement}/meetings/{meeting}/materials/{material}", Action: auth.ViewForum, h: s.downloadMaterial},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/attendance", Action: auth.ViewForum, h: s.recordAttendance},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/held", Action: auth.ViewForum, h: s.markHeld},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/minutes", Action: auth.ViewForum, h: s.saveMinutes},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/minutes/submit", Action: auth.ViewForum, h: s.submitMinutes},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/minutes/approve", Action: auth.ViewForum, h: s.approveMinutes},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/minutes/return", Action: auth.ViewForum, h: s.returnMinutes},
		{Pattern: "GET /a/{agreement}/meetings/{meeting}/minutes.pdf", Action: auth.ViewForum, h: s.minutesPDF},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/minutes/checkers", Action: auth.ViewForum, h: s.chooseCheckers},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/minutes/sign", Action: auth.ViewForum, h: s.signMinutes},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/minutes/reject", Action: auth.ViewForum, h: s.rejectMinutes},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/actions", Action: auth.ViewForum, h: s.addAction},
		{Pattern: "GET /a/{agreement}/actions", Action: auth.ViewForum, h: s.actions},
		{Pattern: "POST /a/{agreement}/actions/{action}", Action: auth.ViewForum, h: s.updateAction},
		{Pattern: "GET /outbox", h: s.outbox},

		// Calendar subscriptions and meeting surveys (issue 4): public
		// routes authenticated by a secret token in the URL.
		{Pattern: "GET /account/feeds", h: s.feeds},
		{Pattern: "POST /account/feeds", h: s.createFeed},
		{Pattern: "POST /account/feeds/{feed}/revoke", h: s.revokeFeed},
		{Pattern: "GET /feeds/{token}", Public: true, h: s.feedICS},
		{Pattern: "GET /survey/{token}", Public: true, h: s.surveyForm},
		{Pattern: "POST /survey/{token}", Public: true, h: s.surveyAnswer},
		{Pattern: "GET /a/{agreement}/forums/{forum}/survey", Action: auth.ViewForum, h: s.surveyResults},

		// Records (issue 9): an object's audit history, checked per object
		// by the rules of the page that shows it; the agreement's data
		// export, for administrators and customer representatives
		// (exportRoles) — EditParties until the matrix has an action for
		// exactly those; a user's own personal data.
		{Pattern: "GET /a/{agreement}/history/{type}/{id...}", Action: auth.ViewAgreement, h: s.history},
		{Pattern: "GET /a/{agreement}/export.zip", Action: auth.ExportAgreement, h: s.agreementExport},
		{Pattern: "GET /a/{agreement}/archive.zip", Action: auth.ExportAgreement, h: s.archiveExport}, // issue 21: E-ARK package
		// Records of a meeting (issue 21): anyone who sees the meeting sees
		// them; internal/records lets the customer's representatives and
		// administrators mark secrecy and publish checked minutes.
		{Pattern: "GET /a/{agreement}/meetings/{meeting}/records", Action: auth.ViewForum, h: s.recordsMeeting},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/records/secret", Action: auth.ViewForum, h: s.markSecret},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/records/public", Action: auth.ViewForum, h: s.clearSecret},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/records/publish", Action: auth.ViewForum, h: s.publishMinutes},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/records/unpublish", Action: auth.ViewForum, h: s.unpublishMinutes},
		// Retention (issue 21): records past retention, disposal, legal holds.
		{Pattern: "GET /a/{agreement}/records", Action: auth.ExportAgreement, h: s.retention},
		{Pattern: "POST /a/{agreement}/records/dispose", Action: auth.ExportAgreement, h: s.disposeRecords},
		{Pattern: "POST /a/{agreement}/records/holds", Action: auth.ExportAgreement, h: s.placeHold},
		{Pattern: "POST /a/{agreement}/records/holds/{hold}/release", Action: auth.ExportAgreement, h: s.releaseHold},
		// Public minutes (issue 21): no sign-in; only what the model
		// publishes and a customer's representative published is there.
		{Pattern: "GET /public/{pa}/{pf}", Public: true, h: s.publicForum},
		{Pattern: "GET /public/{pa}/{pf}/feed.atom", Public: true, h: s.publicFeed},
		{Pattern: "GET /public/{pa}/{pf}/{pm}", Public: true, h: s.publicMinutes},
		{Pattern: "GET /account/export.json", h: s.accountExport},

		// Matters and decisions (issue 5). The routes need ViewForum;
		// internal/matter decides who may do what to a matter, a vote or
		// a decision by the forum's rules, and its coded errors map
		// through s.fail.
		{Pattern: "GET /a/{agreement}/matters", Action: auth.ViewForum, h: s.matters},
		{Pattern: "GET /a/{agreement}/matters/new", Action: auth.ViewForum, h: s.newMatterForm},
		{Pattern: "POST /a/{agreement}/matters", Action: auth.ViewForum, h: s.raiseMatter},
		{Pattern: "GET /a/{agreement}/matters/{matter}", Action: auth.ViewForum, h: s.matterPage},
		{Pattern: "GET /a/{agreement}/matters/{matter}/edit", Action: auth.ViewForum, h: s.editMatterForm},
		{Pattern: "POST /a/{agreement}/matters/{matter}", Action: auth.ViewForum, h: s.updateMatter},
		{Pattern: "POST /a/{agreement}/matters/{matter}/status", Action: auth.ViewForum, h: s.setMatterStatus},
		{Pattern: "POST /a/{agreement}/matters/{matter}/escalate", Action: auth.ViewForum, h: s.escalateMatter},
		{Pattern: "POST /a/{agreement}/matters/{matter}/agenda", Action: auth.ViewForum, h: s.matterToAgenda},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/items/{item}/vote/open", Action: auth.ViewForum, h: s.openVote},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/items/{item}/vote", Action: auth.ViewForum, h: s.castVote},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/items/{item}/vote/close", Action: auth.ViewForum, h: s.closeVote},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/items/{item}/consensus", Action: auth.ViewForum, h: s.recordConsensus},
		{Pattern: "POST /a/{agreement}/meetings/{meeting}/items/{item}/duty", Action: auth.ViewForum, h: s.recordDuty},
		{Pattern: "GET /a/{agreement}/decisions", Action: auth.ViewForum, h: s.decisions},
		{Pattern: "GET /a/{agreement}/decisions.csv", Action: auth.ViewForum, h: s.decisionsCSV},
		{Pattern: "GET /a/{agreement}/decisions/{decision}", Action: auth.ViewForum, h: s.decisionPage},
		{Pattern: "POST /a/{agreement}/decisions/{decision}/overturn", Action: auth.ViewForum, h: s.overturnDecision},
		// Complaints and sanctions (issue 6): any party may open the pages;
		// internal/complaint and internal/sanction decide who sees and
		// does what (the customer files and decides, the supplier answers).
		{Pattern: "GET /a/{agreement}/complaints", Action: auth.ViewForum, h: s.complaints},
		{Pattern: "POST /a/{agreement}/complaints", Action: auth.FileComplaint, h: s.fileComplaint},
		{Pattern: "GET /a/{agreement}/complaints.csv", Action: auth.ViewForum, h: s.complaintsCSV},
		{Pattern: "GET /a/{agreement}/complaints/{complaint}", Action: auth.ViewForum, h: s.complaintPage},
		{Pattern: "POST /a/{agreement}/complaints/{complaint}/acknowledge", Action: auth.ViewForum, h: s.acknowledgeComplaint},
		{Pattern: "POST /a/{agreement}/complaints/{complaint}/respond", Action: auth.ViewForum, h: s.respondComplaint},
		{Pattern: "POST /a/{agreement}/complaints/{complaint}/decide", Action: auth.ViewForum, h: s.decideComplaint},
		{Pattern: "POST /a/{agreement}/complaints/{complaint}/cause", Action: auth.ViewForum, h: s.complaintCause},
		{Pattern: "POST /a/{agreement}/complaints/{complaint}/attachments", Action: auth.ViewForum, h: s.attachComplaint},
		{Pattern: "GET /a/{agreement}/complaints/{complaint}/attachments/{file}", Action: auth.ViewForum, h: s.complaintFile},
		{Pattern: "GET /a/{agreement}/sanctions", Action: auth.ViewForum, h: s.sanctions},
		{Pattern: "POST /a/{agreement}/sanctions/{sanction}/decide", Action: auth.ViewForum, h: s.decideSanction},

		// Incident reports, delivery deficiencies and the risk register
		// (issue 6): any party may open the pages; internal/incident,
		// internal/deficiency and internal/risk decide who sees and does
		// what.
		{Pattern: "GET /a/{agreement}/incidents", Action: auth.ViewForum, h: s.incidents},
		{Pattern: "POST /a/{agreement}/incidents", Action: auth.ViewForum, h: s.reportIncident},
		{Pattern: "GET /a/{agreement}/incidents/{incident}", Action: auth.ViewForum, h: s.incidentPage},
		{Pattern: "POST /a/{agreement}/incidents/{incident}", Action: auth.ViewForum, h: s.updateIncident},
		{Pattern: "POST /a/{agreement}/incidents/{incident}/timeline", Action: auth.ViewForum, h: s.incidentEvent},
		{Pattern: "GET /a/{agreement}/deficiencies", Action: auth.ViewForum, h: s.deficiencies},
		{Pattern: "POST /a/{agreement}/deficiencies", Action: auth.ViewForum, h: s.registerDeficiency},
		{Pattern: "POST /a/{agreement}/deficiencies/{deficiency}/decide", Action: auth.ViewForum, h: s.decideDeficiency},
		{Pattern: "POST /a/{agreement}/deficiencies/{deficiency}/fixed", Action: auth.ViewForum, h: s.fixDeficiency},
		{Pattern: "GET /a/{agreement}/risks", Action: auth.ViewForum, h: s.risks},
		{Pattern: "POST /a/{agreement}/risks", Action: auth.ViewForum, h: s.addRisk},
		{Pattern: "GET /a/{agreement}/risks/{risk}", Action: auth.ViewForum, h: s.riskPage},
		{Pattern: "POST /a/{agreement}/risks/{risk}", Action: auth.ViewForum, h: s.updateRisk},
		{Pattern: "POST /a/{agreement}/risks/{risk}/raise", Action: auth.ViewForum, h: s.raiseRisk},
		// Orders, time reporting and the invoice basis (issue 7). The
		// routes need UseOrders (not observers); internal/order, internal/timesheet
		// and internal/invoice decide the rest (ordering contacts and
		// their limits, the supplier's people, the ordering party's
		// approval), and answer 404 for another party's orders.
		{Pattern: "GET /a/{agreement}/orders", Action: auth.UseOrders, h: s.orders},
		{Pattern: "GET /a/{agreement}/orders/new", Action: auth.UseOrders, h: s.newOrderForm},
		{Pattern: "POST /a/{agreement}/orders", Action: auth.UseOrders, h: s.placeOrder},
		{Pattern: "GET /a/{agreement}/orders/contacts", Action: auth.UseOrders, h: s.orderContacts},
		{Pattern: "POST /a/{agreement}/orders/contacts", Action: auth.UseOrders, h: s.nameContact},
		{Pattern: "POST /a/{agreement}/orders/contacts/remove", Action: auth.UseOrders, h: s.removeContact},
		{Pattern: "GET /a/{agreement}/orders/{order}", Action: auth.UseOrders, h: s.orderPage},
		{Pattern: "POST /a/{agreement}/orders/{order}/answer", Action: auth.UseOrders, h: s.answerOrder},
		{Pattern: "POST /a/{agreement}/orders/{order}/accept", Action: auth.UseOrders, h: s.acceptOrder},
		{Pattern: "POST /a/{agreement}/orders/{order}/cancel", Action: auth.UseOrders, h: s.cancelOrder},
		{Pattern: "POST /a/{agreement}/orders/{order}/changes", Action: auth.UseOrders, h: s.proposeChange},
		{Pattern: "POST /a/{agreement}/orders/{order}/changes/{change}", Action: auth.UseOrders, h: s.decideChange},
		{Pattern: "POST /a/{agreement}/orders/{order}/deliver", Action: auth.UseOrders, h: s.deliverOrder},
		{Pattern: "POST /a/{agreement}/orders/{order}/delivery", Action: auth.UseOrders, h: s.approveDelivery},
		{Pattern: "GET /a/{agreement}/time", Action: auth.UseOrders, h: s.timesheet},
		{Pattern: "POST /a/{agreement}/time", Action: auth.UseOrders, h: s.enterTime},
		{Pattern: "POST /a/{agreement}/time/decide", Action: auth.UseOrders, h: s.decideTime},
		{Pattern: "GET /a/{agreement}/time/import", Action: auth.UseOrders, h: s.importTimeForm},
		{Pattern: "POST /a/{agreement}/time/import", Action: auth.UseOrders, h: s.importTime},
		{Pattern: "GET /a/{agreement}/time/{entry}", Action: auth.UseOrders, h: s.editTimeForm},
		{Pattern: "POST /a/{agreement}/time/{entry}", Action: auth.UseOrders, h: s.correctTime},
		{Pattern: "POST /a/{agreement}/time/{entry}/delete", Action: auth.UseOrders, h: s.deleteTime},
		{Pattern: "GET /a/{agreement}/invoice", Action: auth.UseOrders, h: s.invoiceBasis},
		{Pattern: "POST /a/{agreement}/invoice/issue", Action: auth.UseOrders, h: s.issueInvoice},
		{Pattern: "GET /a/{agreement}/invoice/export", Action: auth.UseOrders, h: s.exportInvoice},
		// Service reporting (issue 8): imports, service levels and the
		// monthly report pack with its exclusions and review.
		{Pattern: "GET /a/{agreement}/reports", Action: auth.ViewReports, h: s.reports},
		{Pattern: "POST /a/{agreement}/reports/import", Action: auth.ImportTickets, h: s.importTickets},
		{Pattern: "GET /a/{agreement}/reports/{month}", Action: auth.ViewReports, h: s.reportMonthPage},
		{Pattern: "GET /a/{agreement}/reports/{month}/download/{format}", Action: auth.ViewReports, h: s.downloadReport},
		{Pattern: "POST /a/{agreement}/reports/{month}/narrative", Action: auth.WriteReport, h: s.saveReportNarrative},
		{Pattern: "POST /a/{agreement}/reports/{month}/submit", Action: auth.WriteReport, h: s.submitReport},
		{Pattern: "POST /a/{agreement}/reports/{month}/decide", Action: auth.ReviewReport, h: s.decideReport},
		{Pattern: "POST /a/{agreement}/reports/{month}/breaches/{ticket}/exclude", Action: auth.WriteReport, h: s.proposeExclusion},
		{Pattern: "POST /a/{agreement}/reports/{month}/exclusions/{exclusion}/decide", Action: auth.ReviewReport, h: s.decideExclusion},
	}
}

func (s *Server) routes() {
	for _, rt := range s.Routes() {
		s.mux.Handle(rt.Pattern, s.guard(rt))
	}
	s.mux.Handle("GET /static/", staticHandler())
	// Browsers ask for /favicon.ico whatever the page links: the same icon.
	s.mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		icon, _ := staticFS.ReadFile("static/favicon.svg")
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Write(icon)
	})
	s.mux.Handle("/", s.guard(Route{Public: true, h: s.notFound}))
}
