package store

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
)

// StatementCounter counts the statements the store runs for one context:
// a request's middleware puts one in the request's context, and every
// query, exec, BEGIN and COMMIT the store runs with that context (or a
// context derived from it) adds to it. Issue #18 holds every page to a
// small, fixed number of statements; the counter is how the bench, the
// metrics and the tests see that number. It is safe for concurrent use.
type StatementCounter struct {
	statements, writes atomic.Int64
	// trace, when set, keeps the statements' text (tests print it).
	trace   bool
	mu      sync.Mutex
	queries []string
}

type counterKey struct{}

// CountStatements returns a context whose statements are counted by the
// returned counter.
func CountStatements(ctx context.Context) (context.Context, *StatementCounter) {
	c := &StatementCounter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

// TraceStatements is CountStatements that also keeps each statement's
// text, for Queries: tests show what a page ran when it ran too much.
func TraceStatements(ctx context.Context) (context.Context, *StatementCounter) {
	c := &StatementCounter{trace: true}
	return context.WithValue(ctx, counterKey{}, c), c
}

// Queries returns the statements run so far, when traced.
func (c *StatementCounter) Queries() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.queries...)
}

// Statements is the number of statements run so far, transactions'
// BEGIN and COMMIT included (each is a round trip on PostgreSQL).
func (c *StatementCounter) Statements() int64 { return c.statements.Load() }

// Writes is how many of them were INSERT, UPDATE or DELETE statements.
func (c *StatementCounter) Writes() int64 { return c.writes.Load() }

// count notes one statement run with ctx.
func count(ctx context.Context, query string) {
	c, _ := ctx.Value(counterKey{}).(*StatementCounter)
	if c == nil {
		return
	}
	c.statements.Add(1)
	if isWrite(query) {
		c.writes.Add(1)
	}
	if c.trace {
		c.mu.Lock()
		c.queries = append(c.queries, strings.Join(strings.Fields(query), " "))
		c.mu.Unlock()
	}
}

// isWrite reports whether a statement changes rows, by its first word.
func isWrite(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	if len(q) > 6 {
		q = q[:6]
	}
	switch strings.ToUpper(q) {
	case "INSERT", "UPDATE", "DELETE":
		return true
	}
	return false
}
