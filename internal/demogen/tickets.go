// Package demogen generates realistic volume for demos and benchmarks:
// agreements built from the model templates with ten years of meetings,
// minutes and decisions, and ServiceNow-style incident exports of up to a
// million tickets. Everything is deterministic: the same options and seed
// give the same tickets, byte for byte, so that benchmark runs compare
// like with like.
package demogen

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// TicketHeader is the header of the public ServiceNow "Incident management
// process enriched event log" export, which the generated file copies.
var TicketHeader = []string{"number", "incident_state", "active", "reassignment_count", "reopen_count", "sys_mod_count",
	"made_sla", "caller_id", "opened_by", "opened_at", "sys_created_by", "sys_created_at", "sys_updated_by", "sys_updated_at",
	"contact_type", "location", "category", "subcategory", "u_symptom", "cmdb_ci", "impact", "urgency", "priority",
	"assignment_group", "assigned_to", "knowledge", "u_priority_confirmation", "notify", "problem_id", "rfc", "vendor",
	"caused_by", "closed_code", "resolved_by", "resolved_at", "closed_at"}

// MaxTickets bounds one export.
const MaxTickets = 1_000_000

// TicketOptions say what to generate.
type TicketOptions struct {
	Count int
	Seed  uint64
	// From and To bound the opening times (wall clock of the agreement's
	// time zone, as the export writes them); rows for state changes after
	// To are not written, as in an export taken at To.
	From, To time.Time
}

// DefaultFrom and DefaultTo are the ten years the demo covers.
var (
	DefaultFrom = time.Date(FirstYear, 1, 1, 0, 0, 0, 0, time.UTC)
	DefaultTo   = time.Date(FirstYear+Years, 1, 1, 0, 0, 0, 0, time.UTC)
)

// FirstYear and Years are the span of the generated history.
const (
	FirstYear = 2016
	Years     = 10
)

// TicketStats counts what WriteTickets wrote.
type TicketStats struct {
	Tickets, Rows int
	Open          int // tickets not closed at To
}

// Per priority (1 critical … 4 low): median resolution time and the SLA
// target, in minutes; the resolution times are log-normal around the
// median, so some tickets breach.
var (
	medianResolve = [5]float64{0, 90, 6 * 60, 30 * 60, 80 * 60}
	slaTarget     = [5]int64{0, 4 * 60, 24 * 60, 3 * 24 * 60, 10 * 24 * 60}
	priorityNames = [5]string{"", "1 - Critical", "2 - High", "3 - Moderate", "4 - Low"}
	levelNames    = [4]string{"", "1 - High", "2 - Medium", "3 - Low"}
	contactTypes  = []string{"Phone", "Phone", "Phone", "Phone", "Phone", "Phone", "Email", "Self service", "Walk-in", "IVR", "Direct opening"}
	closedCodes   = 17
	autoClose     = int64(5 * 24 * 60) // resolved tickets close after five days
)

// WriteTickets writes opt.Count incidents as a ServiceNow event-log CSV:
// one row per state change (New, Active, sometimes Awaiting User Info,
// Resolved, Closed, and reopenings), grouped by ticket in number order,
// numbers ascending with the opening time.
func WriteTickets(w io.Writer, opt TicketOptions) (TicketStats, error) {
	var st TicketStats
	if opt.Count < 0 || opt.Count > MaxTickets {
		return st, fmt.Errorf("demogen: %d tickets: give 0 to %d", opt.Count, MaxTickets)
	}
	if opt.From.IsZero() {
		opt.From, opt.To = DefaultFrom, DefaultTo
	}
	if !opt.To.After(opt.From) {
		return st, fmt.Errorf("demogen: the period %s–%s is empty", opt.From, opt.To)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	for i, h := range TicketHeader {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(h)
	}
	bw.WriteByte('\n')
	g := &ticketGen{rnd: rand.New(rand.NewPCG(opt.Seed, 0x5deece66d)), from: opt.From.Unix() / 60, to: opt.To.Unix() / 60}
	// Openings end a quarter of an hour before To, so that every ticket
	// has at least its New row (created at most ten minutes after opening).
	span := float64(max(g.to-g.from-15, 1))
	for i := 0; i < opt.Count; i++ {
		// Evenly spread, jittered within the ticket's own slot so that
		// numbers stay in opening order.
		slot := span / float64(opt.Count)
		opened := g.from + int64(float64(i)*slot+g.rnd.Float64()*slot)
		rows, open := g.ticket(bw, i+1, opened)
		st.Tickets++
		st.Rows += rows
		if open {
			st.Open++
		}
	}
	return st, bw.Flush()
}

// ticketGen holds the random source and the row being built.
type ticketGen struct {
	rnd      *rand.Rand
	from, to int64 // minutes since the Unix epoch
	buf      []byte
	// one ticket's fixed fields
	fixed []byte
}

// event is one state change of a ticket.
type event struct {
	at       int64
	state    string
	active   bool
	reassign int
	reopen   int
	group    int
	resolver int // assigned_to, 0 = missing
	resolved int64
	closed   int64
}

func (g *ticketGen) n(k int) int { return g.rnd.IntN(k) + 1 }

// ticket writes one ticket's rows; it reports how many and whether the
// ticket was still open at the end of the period.
func (g *ticketGen) ticket(w *bufio.Writer, number int, opened int64) (int, bool) {
	r := g.rnd
	impact, urgency := level(r.IntN(100)), level(r.IntN(100))
	prio := min(max(impact+urgency-1, 1), 4)
	// Log-normal around the priority's median: about one in eight
	// tickets breaches its target.
	resolveIn := int64(medianResolve[prio]*math.Exp(r.NormFloat64()*0.8)) + 5
	breach := opened + slaTarget[prio]
	caller, openedBy, createdBy := g.n(5000), g.n(200), g.n(200)
	// The fields that do not change over the ticket's life, from
	// contact_type to notify, with impact, urgency and priority.
	f := g.fixed[:0]
	f = append(f, contactTypes[r.IntN(len(contactTypes))]...)
	f = appendNamed(f, ",Location ", g.n(300))
	f = appendNamed(f, ",Category ", g.n(60))
	f = appendNamed(f, ",Subcategory ", g.n(250))
	f = appendNamed(f, ",Symptom ", g.n(500))
	f = append(f, ',')
	if r.IntN(50) == 0 {
		f = appendNamed(f, "WBS", 100000+g.n(2000))
	} else {
		f = append(f, '?')
	}
	f = append(f, ',')
	f = append(f, levelNames[impact]...)
	f = append(f, ',')
	f = append(f, levelNames[urgency]...)
	f = append(f, ',')
	f = append(f, priorityNames[prio]...)
	g.fixed = f
	tail := struct {
		knowledge, confirm bool
		notify             string
		problem, rfc       int
		vendor             bool
	}{r.IntN(5) == 0, r.IntN(3) == 0, "Do Not Notify", 0, 0, r.IntN(200) == 0}
	if r.IntN(100) == 0 {
		tail.notify = "Send Email"
	}
	if r.IntN(60) == 0 {
		tail.problem = g.n(2000)
	}
	if r.IntN(150) == 0 {
		tail.rfc = g.n(5000)
	}
	closedCode, resolvedBy := g.n(closedCodes), g.n(250)

	// The life: New, then Active with a resolver (sometimes after a
	// reassignment), maybe awaiting the user, Resolved, sometimes
	// reopened and resolved again, Closed five days later.
	var evs [10]event
	n := 0
	e := event{at: opened + int64(g.n(10)), state: "New", active: true, group: g.n(80)}
	evs[n], n = e, n+1
	e.at += int64(g.n(30))
	e.state, e.resolver = "Active", g.n(250)
	evs[n], n = e, n+1
	if r.IntN(4) == 0 {
		e.at += int64(g.n(120))
		e.reassign++
		e.group, e.resolver = g.n(80), g.n(250)
		evs[n], n = e, n+1
	}
	if r.IntN(10) == 0 {
		e.at += int64(g.n(240))
		e.state = "Awaiting User Info"
		evs[n], n = e, n+1
		e.at += int64(g.n(600))
		e.state = "Active"
		evs[n], n = e, n+1
	}
	resolved := max(opened+resolveIn, e.at+1)
	e.at, e.state, e.resolved = resolved, "Resolved", resolved
	evs[n], n = e, n+1
	if r.IntN(50) == 0 {
		e.at += int64(g.n(3 * 24 * 60))
		e.state, e.reopen, e.resolved = "Active", e.reopen+1, 0
		evs[n], n = e, n+1
		e.at += int64(g.n(24 * 60))
		e.state, e.resolved = "Resolved", e.at
		evs[n], n = e, n+1
	}
	e.at += autoClose
	e.state, e.active, e.closed = "Closed", false, e.at
	evs[n], n = e, n+1

	rows := 0
	for i := 0; i < n; i++ {
		ev := evs[i]
		if ev.at >= g.to {
			break
		}
		b := g.buf[:0]
		b = appendPadded(append(b, "INC"...), number, 7) // INC0000045
		b = append(b, ',')
		b = append(b, ev.state...)
		b = append(b, ',')
		b = strconv.AppendBool(b, ev.active)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(ev.reassign), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(ev.reopen), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, ',')
		b = strconv.AppendBool(b, ev.at <= breach || (ev.resolved != 0 && ev.resolved <= breach))
		b = appendNamed(b, ",Caller ", caller)
		b = appendNamed(b, ",Opened by  ", openedBy)
		b = append(b, ',')
		b = appendDate(b, opened)
		b = appendNamed(b, ",Created by ", createdBy)
		b = append(b, ',')
		b = appendDate(b, evs[0].at)
		b = appendNamed(b, ",Updated by ", 1+(number*7+i*13)%900)
		b = append(b, ',')
		b = appendDate(b, ev.at)
		b = append(b, ',')
		b = append(b, g.fixed...)
		b = appendNamed(b, ",Group ", ev.group)
		b = append(b, ',')
		if ev.resolver > 0 {
			b = appendNamed(b, "Resolver ", ev.resolver)
		} else {
			b = append(b, '?')
		}
		b = append(b, ',')
		b = strconv.AppendBool(b, tail.knowledge)
		b = append(b, ',')
		b = strconv.AppendBool(b, tail.confirm)
		b = append(b, ',')
		b = append(b, tail.notify...)
		b = append(b, ',')
		b = appendOpt(b, "Problem ID  ", tail.problem)
		b = append(b, ',')
		b = appendOpt(b, "CHG000", tail.rfc)
		b = append(b, ',')
		if tail.vendor {
			b = append(b, "Vendor 1"...)
		} else {
			b = append(b, '?')
		}
		b = append(b, ",?,"...) // caused_by
		if ev.resolved != 0 {
			b = appendNamed(b, "code ", closedCode)
			b = appendNamed(b, ",Resolved by ", resolvedBy)
			b = append(b, ',')
			b = appendDate(b, ev.resolved)
		} else {
			b = append(b, "?,?,?"...)
		}
		b = append(b, ',')
		if ev.closed != 0 {
			b = appendDate(b, ev.closed)
		} else {
			b = append(b, '?')
		}
		b = append(b, '\n')
		w.Write(b)
		g.buf = b
		rows++
	}
	return rows, evs[n-1].at >= g.to
}

// level draws an impact or urgency: mostly medium, as in real desks.
func level(p int) int {
	switch {
	case p < 8:
		return 1
	case p < 85:
		return 2
	}
	return 3
}

func appendNamed(b []byte, prefix string, n int) []byte {
	return strconv.AppendInt(append(b, prefix...), int64(n), 10)
}

func appendOpt(b []byte, prefix string, n int) []byte {
	if n == 0 {
		return append(b, '?')
	}
	return appendNamed(b, prefix, n)
}

// appendPadded writes n with leading zeros to width digits.
func appendPadded(b []byte, n, width int) []byte {
	for p := 10; width > 1; width-- {
		if n < p {
			b = append(b, '0')
		}
		p *= 10
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// appendDate writes minutes since the epoch as the export does: day
// first, day and month without leading zeros, "29/2/2016 01:16".
func appendDate(b []byte, minutes int64) []byte {
	t := time.Unix(minutes*60, 0).UTC()
	y, m, d := t.Date()
	b = strconv.AppendInt(b, int64(d), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(m), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(y), 10)
	hh, mm := t.Hour(), t.Minute()
	return append(b, ' ', byte('0'+hh/10), byte('0'+hh%10), ':', byte('0'+mm/10), byte('0'+mm%10))
}
