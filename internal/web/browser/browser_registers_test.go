package browser

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/deficiency"
	"github.com/steerco/steerco/internal/incident"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/risk"
)

// Issue 6: an incident report, a delivery deficiency and a risk for the
// accessibility list, so that their pages are checked with data and with
// every form showing.

var axeRegisters struct {
	once           sync.Once
	incident, risk int64
}

func actorOf(role string) meeting.Actor {
	u := env.users[role]
	return meeting.ActorFor(auth.Principal{Email: u.Email, Name: u.Name, Party: u.Party, Account: auth.AccountRepresentative}, env.a)
}

func seedRegisters(t testing.TB) {
	ctx := context.Background()
	now := time.Now()
	inc, err := incident.New(env.st, env.cat).Report(ctx, env.a, actorOf("supplier"), incident.Input{Party: env.users["supplier"].Party,
		Severity: "serious", Title: "Kirjautuminen ei toimi", OccurredAt: now.Add(-2 * time.Hour), Impact: "Kaikki kunnat"})
	if err != nil {
		t.Fatalf("incident: %v", err)
	}
	axeRegisters.incident = inc.ID
	if _, err := deficiency.New(env.st).Register(ctx, env.a, actorOf("provider"), deficiency.NewDeficiency{Title: "Aineisto myöhässä",
		FailedParty: env.users["supplier"].Party, Cost: 125050}); err != nil {
		t.Fatalf("deficiency: %v", err)
	}
	x := actorOf("provider")
	raise := ""
	if fs := risk.Forums(env.a, x); len(fs) > 0 {
		raise = fs[len(fs)-1].Slug
	}
	r, err := risk.New(env.st).Add(ctx, env.a, x, risk.Input{Title: "Avainhenkilöriski", Probability: 3, Impact: 4}, raise)
	if err != nil {
		t.Fatalf("risk: %v", err)
	}
	axeRegisters.risk = r.ID
}

func axeIncidentPath() string {
	axeRegisters.once.Do(func() { seedRegisters(&testing.T{}) })
	return agreementPath("/incidents/" + strconv.FormatInt(axeRegisters.incident, 10))
}

func axeRiskPath() string {
	axeRegisters.once.Do(func() { seedRegisters(&testing.T{}) })
	return agreementPath("/risks/" + strconv.FormatInt(axeRegisters.risk, 10))
}
