package itsm

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/store"
)

// Reject is a row that was not imported, and why.
type Reject struct {
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

func (r Reject) String() string {
	if r.Column == "" {
		return fmt.Sprintf("line %d: %s", r.Line, r.Reason)
	}
	return fmt.Sprintf("line %d, column %s: %s", r.Line, r.Column, r.Reason)
}

// Parsed is an export read into tickets, one per ticket number however
// many rows named it.
type Parsed struct {
	Tickets  []store.Ticket
	Rows     int
	Rejects  []Reject
	Encoding string
	Comma    string
	// events are each ticket's state changes (event-log exports), for
	// pause and response times; indexed like Tickets.
	events [][]event
}

// event is one row of a ticket in an event log: its state from a time.
type event struct {
	at    time.Time
	state string
	mod   int
	line  int
}

// layout says where each field is in a file and how to read its values.
type layout struct {
	cols  [nFields]int
	multi []int // repeated columns read as labels (Jira "Labels")
	// values maps a field's raw value (folded) to steerco's value, from
	// a mapping file.
	values map[int]map[string]string
	// kind when no column or number prefix tells.
	kind string
	// kindFixed: --kind was given, overriding what the rows say.
	kindFixed bool
}

// parseFile reads a table with the given layout.
func parseFile(t *table, lay *layout, dates *dateReader, progress func(rows int)) (*Parsed, error) {
	p := &Parsed{Encoding: t.Encoding, Comma: string(t.Comma)}
	if lay.cols[fNumber] < 0 {
		return nil, fmt.Errorf("no column for the ticket number (header %q is not one steerco knows)", strings.Join(t.header, string(t.Comma)))
	}
	if lay.cols[fOpened] < 0 {
		return nil, errors.New("no column for the opening time (opened_at, Opened, Created)")
	}
	byKey := map[string]int{}
	name := func(f int) string { return t.header[lay.cols[f]] }
	for {
		row, err := t.r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := t.r.FieldPos(0)
		p.Rows++
		if progress != nil && p.Rows%10000 == 0 {
			progress(p.Rows)
		}
		if err != nil {
			var pe *csvParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			p.Rejects = append(p.Rejects, Reject{Line: line, Reason: csvReason(err)})
			continue
		}
		if len(row) != len(t.header) {
			if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
				p.Rows--
				continue // a blank line
			}
			p.Rejects = append(p.Rejects, Reject{Line: line, Reason: fmt.Sprintf("the row has %d fields, the header %d", len(row), len(t.header))})
			continue
		}
		tk, rej := readRow(row, lay, dates, name)
		if rej != nil {
			rej.Line = line
			p.Rejects = append(p.Rejects, *rej)
			continue
		}
		ev := event{at: tk.Updated, state: tk.State, mod: tk.ModCount, line: line}
		key := tk.Kind + "\x00" + tk.Number
		i, seen := byKey[key]
		if !seen {
			byKey[key] = len(p.Tickets)
			p.Tickets = append(p.Tickets, tk)
			p.events = append(p.events, []event{ev})
			continue
		}
		p.events[i] = append(p.events[i], ev)
		if later(ev, tk, p.Tickets[i]) {
			p.Tickets[i] = tk
		}
	}
	for i := range p.events {
		if len(p.events[i]) > 1 {
			slices.SortStableFunc(p.events[i], func(a, b event) int {
				if c := a.at.Compare(b.at); c != 0 {
					return c
				}
				return a.mod - b.mod
			})
		}
	}
	return p, nil
}

// later reports whether the row now read is a later version of the
// ticket than the one kept: by the tool's update time, then its update
// count, then (same time and count) by file order.
func later(ev event, tk, kept store.Ticket) bool {
	if c := tk.Updated.Compare(kept.Updated); c != 0 {
		return c > 0
	}
	return tk.ModCount >= kept.ModCount
}

// readRow reads one row into a ticket, or says why it cannot.
func readRow(row []string, lay *layout, dates *dateReader, name func(int) string) (store.Ticket, *Reject) {
	get := func(f int) string {
		v := cell(row, lay.cols[f])
		if m := lay.values[f]; m != nil && v != "" {
			if mv, ok := m[fold(v)]; ok {
				return mv
			}
		}
		return v
	}
	tk := store.Ticket{Number: get(fNumber), ResponseMinutes: -1, ResolutionMinutes: -1}
	if tk.Number == "" {
		return tk, &Reject{Column: name(fNumber), Reason: "no ticket number"}
	}
	switch {
	case lay.kindFixed:
		tk.Kind = lay.kind
	default:
		tk.Kind = kindOf(get(fKind))
		if tk.Kind == "" {
			tk.Kind = kindFromNumber(tk.Number)
		}
		if tk.Kind == "" {
			tk.Kind = lay.kind
		}
	}
	var err error
	times := []struct {
		f  int
		to *time.Time
	}{{fOpened, &tk.Opened}, {fResponded, &tk.Responded}, {fResolved, &tk.Resolved}, {fClosed, &tk.Closed}, {fUpdated, &tk.Updated}}
	for _, x := range times {
		v := get(x.f)
		if v == "" {
			continue
		}
		if *x.to, err = dates.parse(v); err != nil {
			return tk, &Reject{Column: name(x.f), Reason: err.Error()}
		}
	}
	if tk.Opened.IsZero() {
		return tk, &Reject{Column: name(fOpened), Reason: "no opening time"}
	}
	tk.Title, tk.State = get(fTitle), get(fState)
	if tk.State == "-100" { // the UCI log's code for an unknown state
		tk.State = ""
	}
	tk.PriorityLabel = get(fPriority)
	tk.Priority = parsePriority(tk.PriorityLabel)
	tk.SourceService, tk.Category, tk.Subcategory, tk.CI = get(fService), get(fCategory), get(fSubcategory), get(fCI)
	tk.AssignmentGroup, tk.AssignedTo, tk.Caller, tk.ContactType = get(fGroup), get(fAssignedTo), get(fCaller), get(fContactType)
	tk.ProblemRef, tk.ChangeRef, tk.CausedBy = get(fProblem), get(fChange), get(fCausedBy)
	counts := []struct {
		f  int
		to *int
	}{{fModCount, &tk.ModCount}, {fReopens, &tk.Reopens}, {fReassignments, &tk.Reassignments}}
	for _, x := range counts {
		if v := get(x.f); v != "" {
			n, ok := parseCount(v)
			if !ok {
				return tk, &Reject{Column: name(x.f), Reason: fmt.Sprintf("%q is not a count", v)}
			}
			*x.to = n
		}
	}
	if v := get(fMadeSLA); v != "" {
		b, ok := parseBool(v)
		if !ok {
			return tk, &Reject{Column: name(fMadeSLA), Reason: fmt.Sprintf("%q is neither true nor false", v)}
		}
		tk.MadeSLA = &b
	}
	var labels []string
	for _, c := range lay.multi {
		if v := cell(row, c); v != "" {
			labels = append(labels, v)
		}
	}
	if v := get(fProactive); v != "" {
		tk.Proactive, _ = parseBool(v)
	} else if tk.Kind == store.KindProblem && lay.cols[fFirstReportedBy] >= 0 && get(fFirstReportedBy) == "" {
		// A problem no incident reported first was found proactively.
		tk.Proactive = true
	}
	for _, l := range labels {
		if strings.EqualFold(l, "proactive") || strings.EqualFold(l, "proaktiivinen") || strings.EqualFold(l, "proaktiv") {
			tk.Proactive = true
		}
	}
	tk.Security = strings.HasPrefix(tk.Number, "SIR") || isSecurity(append(labels, tk.Category, tk.Subcategory, tk.SourceService)...)
	return tk, nil
}
