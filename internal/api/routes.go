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
	}
}
