package web

import (
	"sync"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/plan"
)

// planCache keeps each agreement's annual plans, which the dashboard, the
// forum pages and the plan view compute on every request (placing a year's
// meetings on the working-day calendar is the costliest part of those
// pages). The key is the shared model's pointer from
// store.SharedAgreement: it stays the same while the agreement is
// unchanged, and a changed agreement comes as a new pointer, which drops
// the old plans.
type planCache struct {
	mu sync.Mutex
	m  map[string]*agreementPlans // by agreement slug
}

type agreementPlans struct {
	model *gov.Agreement
	years map[int][]plan.Meeting
}

// year returns a's plan for year y. The slice is shared: callers copy
// what they keep and never change it.
func (c *planCache) year(a *gov.Agreement, y int) []plan.Meeting {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*agreementPlans{}
	}
	e := c.m[a.Slug]
	if e == nil || e.model != a {
		e = &agreementPlans{model: a, years: map[int][]plan.Meeting{}}
		c.m[a.Slug] = e
	}
	ms, ok := e.years[y]
	if !ok {
		// A model the store accepted always plans; an error leaves the
		// year empty, as before the cache.
		ms, _ = plan.Year(a, y)
		e.years[y] = ms
	}
	return ms
}
