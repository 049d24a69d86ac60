package modelchange

import (
	"context"
	"errors"
	"fmt"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

// Create makes a new agreement from a whole model file, exactly as
// `steerco model apply` of the file would (administrators only, from the
// browser's wizard or the API). orgs names the organisation behind each
// party (party id → organisation slug); a party not named gets one of its
// own. An agreement whose id exists is refused: it changes through
// proposals the parties agree.
func (s *Service) Create(ctx context.Context, x auth.Principal, file string, src []byte, orgs map[string]string) (*gov.Agreement, error) {
	a, err := model.Parse(file, src)
	if err != nil {
		return nil, ProblemsError(err)
	}
	if !x.Admin {
		return nil, errf(gov.CodeForbidden, "modelchange.forbidden.create", "only an administrator creates agreements")
	}
	for party, org := range orgs {
		if a.Party(party) == nil {
			return nil, gov.Invalid(gov.FieldError{Field: "org." + party, ID: "modelchange.org.party", Args: []any{"Party", party},
				Message: fmt.Sprintf("%q is not a party of the model", party)})
		}
		if !store.ValidOrganisationSlug(org) {
			return nil, gov.Invalid(gov.FieldError{Field: "org." + party, ID: "modelchange.org.invalid", Args: []any{"Value", org},
				Message: fmt.Sprintf("%q is not an organisation id: use lower-case letters, digits and dashes", org)})
		}
	}
	if _, err := s.st.Agreement(ctx, a.Slug); err == nil {
		return nil, &gov.Error{Code: gov.CodeConflict, ID: "modelchange.exists", Args: []any{"ID", a.Slug},
			Message: fmt.Sprintf("agreement %q exists; its parties change it through proposals", a.Slug),
			Fields:  []gov.FieldError{{Field: "id", ID: "modelchange.exists", Args: []any{"ID", a.Slug}, Message: fmt.Sprintf("agreement %q exists", a.Slug)}}}
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	var opts []store.ApplyOption
	if len(orgs) > 0 {
		opts = append(opts, store.LinkOrganisations(orgs))
	}
	if _, err := s.st.ApplyAgreement(ctx, a, actorOf(x), opts...); err != nil {
		return nil, err
	}
	return s.st.Agreement(ctx, a.Slug)
}
