package itsm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

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

// Read parses an export and measures its tickets against the agreement's
// service levels, without writing anything.
func Read(data []byte, m *Measurer, src Source, progress func(int)) (*Parsed, error) {
	t, err := openTable(data)
	if err != nil {
		return nil, err
	}
	lay, err := src.layoutFor(t)
	if err != nil {
		return nil, err
	}
	dates := &dateReader{loc: m.Location()}
	if src.Mapping != nil {
		dates.layout = src.Mapping.DateFormat
	}
	p, err := parseFile(t, lay, dates, progress)
	if err != nil {
		return nil, err
	}
	for i := range p.Tickets {
		m.Measure(&p.Tickets[i], p.events[i])
	}
	return p, nil
}

// Import reads an export and writes its tickets to agreement slug in one
// transaction (see store.ImportTickets).
func Import(ctx context.Context, st *store.Store, slug string, data []byte, opt Options) (*Result, error) {
	a, err := st.Agreement(ctx, slug)
	if err != nil {
		return nil, err
	}
	m, err := NewMeasurer(a)
	if err != nil {
		return nil, err
	}
	var readProgress func(int)
	if opt.Progress != nil {
		readProgress = func(n int) { opt.Progress("read", n) }
	}
	p, err := Read(data, m, opt.Source, readProgress)
	if err != nil {
		return nil, err
	}
	if opt.Strict && len(p.Rejects) > 0 {
		return nil, &StrictError{Rejects: p.Rejects}
	}
	sum := sha256.Sum256(data)
	imp := store.TicketImport{Source: opt.Source.Name, Kind: opt.Source.Kind, FileName: opt.FileName,
		SHA256: hex.EncodeToString(sum[:]), Actor: opt.Actor, Rows: p.Rows}
	for _, r := range p.Rejects {
		imp.Rejects = append(imp.Rejects, store.ImportReject(r))
	}
	var writeProgress func(int)
	if opt.Progress != nil {
		writeProgress = func(n int) { opt.Progress("write", n) }
	}
	res, err := st.ImportTickets(ctx, slug, imp, p.Tickets, writeProgress)
	if err != nil {
		return nil, err
	}
	return &Result{ImportResult: *res, Rejects: p.Rejects, Tickets: len(p.Tickets), Encoding: p.Encoding, Comma: p.Comma}, nil
}
