// Package order runs orders under an agreement's model (issue 7): the
// ordering contacts the ordering party names and their rights, orders
// with their class, quote or estimate and cheaper alternative, change
// requests, forecast overruns that stop time entries until approved,
// delivery approval and the addendum an additional service makes. Each
// state change is one method that checks permission, validates, writes,
// records history and audits in one transaction.
package order

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/gov"
)

// Order kinds: an assignment (classed by its estimate), a special
// (temporary) service, an additional (lasting) service, which becomes an
// addendum to the agreement, and a service request.
const (
	KindAssignment     = "assignment"
	KindSpecial        = "special"
	KindAdditional     = "additional"
	KindServiceRequest = "service-request"
)

// Kinds lists the order kinds.
var Kinds = []string{KindAssignment, KindSpecial, KindAdditional, KindServiceRequest}

// Pricing: hours invoiced at the model's rates, or a fixed price
// invoiced when the delivery is approved.
const (
	PricingHourly = "hourly"
	PricingFixed  = "fixed"
)

// Order states.
const (
	StatePlaced    = "placed"
	StateAnswered  = "answered"
	StateAccepted  = "accepted"
	StateDelivered = "delivered"
	StateClosed    = "closed"
	StateCancelled = "cancelled"
)

// States lists the order states in life-cycle order.
var States = []string{StatePlaced, StateAnswered, StateAccepted, StateDelivered, StateClosed, StateCancelled}

// Change kinds and states.
const (
	ChangeScope    = "change"
	ChangeOverrun  = "overrun"
	ChangeProposed = "proposed"
	ChangeApproved = "approved"
	ChangeRejected = "rejected"
)

// Answer kinds: a written quote (required above the model's threshold)
// or an estimate.
const (
	AnswerQuote    = "quote"
	AnswerEstimate = "estimate"
)

// Class returns the model's class for an estimate in person-days: the
// first class whose bound lies above it (an open-ended last class takes
// the rest). Bounds are exclusive: with classes below 10 and below 50,
// 10 person-days is an assignment and 50 a project. nil when the model
// has no classes.
func Class(r *gov.OrderRules, personDays float64) *gov.OrderClass {
	if r == nil {
		return nil
	}
	for i := range r.Classes {
		c := &r.Classes[i]
		if c.BelowPersonDays == 0 || personDays < c.BelowPersonDays {
			return c
		}
	}
	return nil
}

// QuoteRequired reports whether an order of this many cents needs a
// written quote rather than an estimate: above the model's threshold.
func QuoteRequired(r *gov.OrderRules, cents int64) bool {
	return r != nil && r.QuoteAbove > 0 && cents > int64(math.Round(r.QuoteAbove*100))
}

// MayOrder checks an ordering contact's rights for an order of a kind
// and value; the error says which right is missing. Its amounts are in
// currency units (float64), which the UI formats the reader's way.
func MayOrder(c *Contact, kind string, cents int64) *gov.Error {
	if c == nil {
		return &gov.Error{Code: gov.CodeForbidden, Message: "only the ordering contacts the ordering party named may place orders", ID: "orders.err.notcontact"}
	}
	if !slices.Contains(c.Kinds, kind) {
		return &gov.Error{Code: gov.CodeForbidden, Message: fmt.Sprintf("your ordering rights do not cover orders of kind %s", kind),
			ID: "orders.err.kind", Args: []any{"Kind", kind}}
	}
	if cents > c.MaxCents {
		return &gov.Error{Code: gov.CodeForbidden, Message: fmt.Sprintf("the order's value %s is above your limit %s", FormatCents(cents), FormatCents(c.MaxCents)),
			ID: "orders.err.limit", Args: []any{"Value", float64(cents) / 100, "Max", float64(c.MaxCents) / 100}}
	}
	return nil
}

// FormatCents writes cents as a plain decimal (1234.50), for logs, CSV
// and the API.
func FormatCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// ParseMoney reads an amount as people write it: "50 000", "50000,50",
// "1 234.5"; spaces (also no-break ones) group thousands and a comma or
// a point marks the decimals. It returns cents; ok is false for anything
// else, or a negative amount or one with more than two decimals.
func ParseMoney(s string) (int64, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "€"), "EUR"), "kr")
	if s == "" {
		return 0, false
	}
	s = strings.Replace(s, ",", ".", 1)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > 2 {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) || f > 1e12 {
		return 0, false
	}
	return int64(math.Round(f * 100)), true
}

// ParseDays reads person-days: "12", "12,5", "0.5"; ok is false for a
// negative or unreadable number.
func ParseDays(s string) (float64, bool) {
	s = strings.Replace(strings.TrimSpace(s), ",", ".", 1)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 100000 || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}
