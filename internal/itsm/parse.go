package itsm

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

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

// Parsed is an export read into memory as tickets, one per ticket number
// however many rows named it, wherever they are in the file (Read, for
// tests and previews; Import streams instead).
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

// parseStats is what reading a file counted.
type parseStats struct {
	Rows    int
	Rejects []Reject
}

// checkLayout refuses a file without the columns every ticket needs.
func checkLayout(t *table, lay *layout) error {
	if lay.cols[fNumber] < 0 {
		return fmt.Errorf("no column for the ticket number (header %q is not one steerco knows)", strings.Join(t.header, string(t.Comma)))
	}
	if lay.cols[fOpened] < 0 {
		return errors.New("no column for the opening time (opened_at, Opened, Created)")
	}
	return nil
}

// parseRows reads a table row by row with the given layout, counting
// rows and rejects in p. An event
// log names each ticket in several rows, normally one after another: the
// latest version of the current ticket and its events are kept until
// the ticket number changes, then handed to emit with the events in time
// order. Only that one ticket is held in memory; a ticket named again
// further down the file is emitted again, and the writer merges the two.
// emit may keep neither tk nor events.
func parseRows(t *table, lay *layout, dates *dateReader, p *parseStats, progress func(rows int), emit func(tk *store.Ticket, events []event) error) error {
	if err := checkLayout(t, lay); err != nil {
		return err
	}
	name := func(f int) string { return t.header[lay.cols[f]] }
	var cur store.Ticket
	var events []event
	have := false
	flush := func() error {
		if !have {
			return nil
		}
		have = false
		if len(events) > 1 {
			slices.SortStableFunc(events, func(a, b event) int {
				if c := a.at.Compare(b.at); c != 0 {
					return c
				}
				return a.mod - b.mod
			})
		}
		return emit(&cur, events)
	}
	for {
		row, err := t.r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		p.Rows++
		if progress != nil && p.Rows%10000 == 0 {
			progress(p.Rows)
		}
		if err != nil {
			var pe *csvParseError
			if !errors.As(err, &pe) {
				return err // reading failed, not a bad row
			}
			p.Rejects = append(p.Rejects, Reject{Line: pe.Line, Reason: csvReason(err)})
			continue
		}
		// Only after a successful Read: FieldPos panics after a failed one.
		line, _ := t.r.FieldPos(0)
		if len(row) != len(t.header) {
			if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
				p.Rows--
				continue // a blank line
			}
			p.Rejects = append(p.Rejects, Reject{Line: line, Reason: fmt.Sprintf("the row has %d fields, the header %d", len(row), len(t.header))})
			continue
		}
		if t.Encoding == "utf-8" {
			if c := invalidUTF8(row); c >= 0 {
				p.Rejects = append(p.Rejects, Reject{Line: line, Column: t.header[c],
					Reason: "not UTF-8, though the start of the file is: save the whole file in one encoding"})
				continue
			}
		}
		tk, rej := readRow(row, lay, dates, name)
		if rej != nil {
			rej.Line = line
			p.Rejects = append(p.Rejects, *rej)
			continue
		}
		ev := event{at: tk.Updated, state: tk.State, mod: tk.ModCount, line: line}
		if have && (tk.Number != cur.Number || tk.Kind != cur.Kind) {
			if err := flush(); err != nil {
				return err
			}
		}
		if !have {
			cur, events, have = tk, append(events[:0], ev), true
			continue
		}
		events = append(events, ev)
		if later(tk, cur) {
			cur = tk
		}
	}
	return flush()
}

// invalidUTF8 returns the first field of row that is not valid UTF-8,
// or -1.
func invalidUTF8(row []string) int {
	for i, f := range row {
		if !utf8.ValidString(f) {
			return i
		}
	}
	return -1
}

// later reports whether the row now read is a later version of the
// ticket than the one kept: by the tool's update time, then its update
// count, then (same time and count) by file order.
func later(tk, kept store.Ticket) bool {
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
