package itsm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/steerco/steerco/internal/gov"
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
	// Supplier, when set, is the supplier that imports (issue #14): it
	// imports only into its own services, so the rows of a ticket that
	// match another supplier's service, or none of its own, or that is
	// stored under another supplier's service, are rejected row by row
	// with the reason, and the rest is imported.
	Supplier string
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
	if opt.Supplier != "" && len(OwnServices(a, opt.Supplier)) == 0 {
		return nil, fmt.Errorf("%s answers for none of the services of agreement %s; a supplier imports into its own services only", opt.Supplier, slug)
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
	imp := store.TicketImport{Source: opt.Source.Name, Kind: opt.Source.Kind, FileName: opt.FileName, Actor: opt.Actor, Party: opt.Supplier}
	if opt.Supplier != "" {
		imp.OwnServices = OwnServices(a, opt.Supplier)
	}
	stats := &parseStats{}
	res, err := st.ImportTicketStream(ctx, slug, &imp, func(put func(*store.Ticket) error) error {
		err := parseRows(t, lay, dates, stats, readProgress, func(tk *store.Ticket, events []event) error {
			if opt.Strict && len(stats.Rejects) > 0 {
				return nil // the file is refused below: no need to write
			}
			m.Measure(tk, events)
			if opt.Supplier != "" {
				if why := foreignReason(a, opt.Supplier, tk); why != "" {
					stats.reject(events, why)
					return nil
				}
			}
			err := put(tk)
			if errors.Is(err, store.ErrTicketNotYours) {
				stats.reject(events, fmt.Sprintf("ticket %s is reported under another supplier's service; you import only into your own services", tk.Number))
				return nil
			}
			return err
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

// OwnServices are the slugs of the services supplier answers for in the
// agreement's service levels; empty (not nil) when it has none.
func OwnServices(a *gov.Agreement, supplier string) []string {
	out := []string{}
	if a.ServiceLevels == nil {
		return out
	}
	for _, s := range a.ServiceLevels.Services {
		if s.Supplier == supplier {
			out = append(out, s.Slug)
		}
	}
	return out
}

// ImportsAs is the supplier an import by party is limited to: party when
// it answers for a service of the agreement (a supplier imports only into
// its own services), "" for anyone else (a buyer, an administrator).
func ImportsAs(a *gov.Agreement, party string) string {
	if party != "" && len(OwnServices(a, party)) > 0 {
		return party
	}
	return ""
}

// foreignReason says why a measured ticket is not supplier's to import,
// or "" when it is.
func foreignReason(a *gov.Agreement, supplier string, tk *store.Ticket) string {
	if tk.Service == "" {
		return fmt.Sprintf("ticket %s matches none of your services", tk.Number)
	}
	s := a.ServiceLevels.Service(tk.Service)
	if s == nil || s.Supplier != supplier {
		name := tk.Service
		if s != nil {
			name = s.Name
		}
		return fmt.Sprintf("ticket %s belongs to the service %s of another supplier; you import only into your own services", tk.Number, name)
	}
	return ""
}

// reject rejects every row of a ticket with the same reason.
func (p *parseStats) reject(events []event, why string) {
	for _, e := range events {
		p.Rejects = append(p.Rejects, Reject{Line: e.line, Reason: why})
	}
}
