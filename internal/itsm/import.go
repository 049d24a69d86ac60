package itsm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"

	"github.com/steerco/steerco/internal/store"
)

// Options of an import.
type Options struct {
	Source   Source
	FileName string
	// Actor is who imports, for the import record and the audit log.
	Actor string
	// Strict refuses the whole file when any row is rejected.
	Strict bool
	// Progress, when set, is told how far reading ("read", rows) and
	// writing ("write", tickets) have come.
	Progress func(stage string, n int)
}

// Result is what an import read and did.
type Result struct {
	store.ImportResult
	Rejects  []Reject `json:"rejects"`
	Tickets  int      `json:"tickets"`
	Encoding string   `json:"encoding"`
	Comma    string   `json:"separator"`
}

// StrictError refuses a file with rejected rows under Strict.
type StrictError struct{ Rejects []Reject }

func (e *StrictError) Error() string {
	return fmt.Sprintf("%d rows rejected (first: %s); nothing was imported", len(e.Rejects), e.Rejects[0])
}

// reader opens an export for reading: its table, layout and dates.
func reader(r io.Reader, m *Measurer, src Source) (*table, *layout, *dateReader, error) {
	t, err := openTable(r)
	if err != nil {
		return nil, nil, nil, err
	}
	lay, err := src.layoutFor(t)
	if err != nil {
		return nil, nil, nil, err
	}
	dates := &dateReader{loc: m.Location()}
	if src.Mapping != nil {
		dates.layout = src.Mapping.DateFormat
	}
	return t, lay, dates, nil
}

// Read parses an export into memory and measures its tickets against the
// agreement's service levels, without writing anything. A ticket's rows
// are merged wherever they are in the file. Import streams instead.
func Read(data []byte, m *Measurer, src Source, progress func(int)) (*Parsed, error) {
	t, lay, dates, err := reader(bytes.NewReader(data), m, src)
	if err != nil {
		return nil, err
	}
	p := &Parsed{Encoding: t.Encoding, Comma: string(t.Comma)}
	byKey := map[string]int{}
	stats := &parseStats{}
	err = parseRows(t, lay, dates, stats, progress, func(tk *store.Ticket, events []event) error {
		key := tk.Kind + "\x00" + tk.Number
		i, seen := byKey[key]
		if !seen {
			byKey[key] = len(p.Tickets)
			p.Tickets = append(p.Tickets, *tk)
			p.events = append(p.events, slices.Clone(events))
			return nil
		}
		p.events[i] = append(p.events[i], events...)
		if later(*tk, p.Tickets[i]) {
			p.Tickets[i] = *tk
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.Rows, p.Rejects = stats.Rows, stats.Rejects
	for i := range p.Tickets {
		slices.SortStableFunc(p.events[i], func(a, b event) int {
			if c := a.at.Compare(b.at); c != 0 {
				return c
			}
			return a.mod - b.mod
		})
		m.Measure(&p.Tickets[i], p.events[i])
	}
	return p, nil
}

// Import reads an export from r and writes its tickets to agreement slug
// as it reads, in one transaction (see store.ImportTicketStream): memory
// stays bounded whatever the file's size. The rows of a ticket are
// normally contiguous in an export; a ticket whose rows come in several
// runs is measured on its latest run's events, and its latest version
// wins.
func Import(ctx context.Context, st *store.Store, slug string, r io.Reader, opt Options) (*Result, error) {
	a, err := st.Agreement(ctx, slug)
	if err != nil {
		return nil, err
	}
	m, err := NewMeasurer(a)
	if err != nil {
		return nil, err
	}
	sum := sha256.New()
	// The file's header and columns are checked before the transaction
	// starts: a file steerco cannot read at all fails with its reason.
	t, lay, dates, err := reader(io.TeeReader(r, sum), m, opt.Source)
	if err != nil {
		return nil, err
	}
	if err := checkLayout(t, lay); err != nil {
		return nil, err
	}
	var readProgress, writeProgress func(int)
	if opt.Progress != nil {
		readProgress = func(n int) { opt.Progress("read", n) }
		writeProgress = func(n int) { opt.Progress("write", n) }
	}
	imp := store.TicketImport{Source: opt.Source.Name, Kind: opt.Source.Kind, FileName: opt.FileName, Actor: opt.Actor}
	stats := &parseStats{}
	res, err := st.ImportTicketStream(ctx, slug, &imp, func(put func(*store.Ticket) error) error {
		err := parseRows(t, lay, dates, stats, readProgress, func(tk *store.Ticket, events []event) error {
			if opt.Strict && len(stats.Rejects) > 0 {
				return nil // the file is refused below: no need to write
			}
			m.Measure(tk, events)
			return put(tk)
		})
		if err != nil {
			return err
		}
		if opt.Strict && len(stats.Rejects) > 0 {
			return &StrictError{Rejects: stats.Rejects}
		}
		imp.Rows, imp.SHA256 = stats.Rows, hex.EncodeToString(sum.Sum(nil))
		for _, r := range stats.Rejects {
			imp.Rejects = append(imp.Rejects, store.ImportReject(r))
		}
		return nil
	}, writeProgress)
	if err != nil {
		return nil, err
	}
	return &Result{ImportResult: *res, Rejects: stats.Rejects, Tickets: res.Created + res.Updated + res.Unchanged,
		Encoding: t.Encoding, Comma: string(t.Comma)}, nil
}
