package archive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

// table is one table's rows of the agreement, read into memory: the
// record tables of an agreement are small next to its tickets, which no
// record type holds.
type table struct {
	name string
	cols []string
	rows []row
}

// row is one row by column name.
type row map[string]any

// typeTables are the tables that hold each record type, the first being
// the one whose rows are the records (one record per row); the rest are
// their details (votes of decisions, events of complaints...).
var typeTables = map[gov.RecordType][]string{
	gov.RecAgenda:            {"agenda_items", "meetings"},
	gov.RecMaterial:          {"materials"},
	gov.RecMinutes:           {"minutes", "attendance"},
	gov.RecDecision:          {"decisions", "votes"},
	gov.RecComplaint:         {"complaints", "complaint_events", "complaint_attachments"},
	gov.RecComplaintResponse: {"complaint_responses"},
	gov.RecSanction:          {"sanctions"},
	gov.RecMonthlyReport:     {"monthly_reports"},
	gov.RecOrder:             {"orders", "order_changes", "order_events"},
	gov.RecInvoiceBasis:      {"invoice_bases"},
	gov.RecIncidentReport:    {"incidents", "incident_events"},
	gov.RecModelRevision:     {"agreements"},
}

// dateColumns date a row when it has no meeting: the first present wins.
var dateColumns = []string{"starts_at", "filed_at", "month", "day", "reported_at", "created_at", "written_at", "uploaded_at",
	"decided_at", "at", "updated_at"}

// data is what one export read.
type data struct {
	a        *gov.Agreement
	tables   map[string]*table
	meetings map[int64]row
	// secret maps "agenda_item/ID" and "material/MEETING/NAME" to their
	// marking.
	secret map[string]row
	audit  []row
	yaml   []byte
	files  map[int64][]byte // material id → content
	// seals are the sealed (checked and signed) minutes by meeting, with
	// their signatures.
	seals map[int64]*store.MinutesSeal
	sigs  map[int64][]store.MinutesSignature
}

// read takes everything the package needs from one snapshot.
func read(ctx context.Context, r *store.Records, from, to time.Time) (*data, error) {
	d := &data{a: r.Model, tables: map[string]*table{}, meetings: map[int64]row{}, secret: map[string]row{}, files: map[int64][]byte{},
		seals: map[int64]*store.MinutesSeal{}, sigs: map[int64][]store.MinutesSignature{}}
	want := map[string]bool{"meetings": true, "audit_log": true, "record_secrecy": true}
	for _, ts := range typeTables {
		for _, t := range ts {
			want[t] = true
		}
	}
	for _, t := range r.Tables() {
		if !want[t.Name] {
			continue
		}
		tb := &table{name: t.Name}
		for _, c := range t.Columns {
			tb.cols = append(tb.cols, c.Name)
		}
		err := r.Rows(ctx, t, func(values []any) error {
			rw := row{}
			for i, v := range values {
				rw[tb.cols[i]] = v
			}
			tb.rows = append(tb.rows, rw)
			return nil
		})
		if err != nil {
			return nil, err
		}
		d.tables[t.Name] = tb
	}
	for _, m := range d.tables["meetings"].rows {
		d.meetings[asInt(m["id"])] = m
	}
	for _, s := range d.tables["record_secrecy"].rows {
		d.secret[fmt.Sprint(s["object_type"], "/", s["object_id"])] = s
	}
	// The period: keep rows dated inside it (rows with no date stay).
	if !from.IsZero() || !to.IsZero() {
		for name, tb := range d.tables {
			if name == "agreements" || name == "record_secrecy" {
				continue
			}
			kept := tb.rows[:0]
			for _, rw := range tb.rows {
				at, ok := d.rowDate(rw)
				if !ok || (from.IsZero() || !at.Before(from)) && (to.IsZero() || !at.After(to)) {
					kept = append(kept, rw)
				}
			}
			tb.rows = kept
		}
	}
	d.audit = d.tables["audit_log"].rows
	for _, m := range d.tables["minutes"].rows {
		id := asInt(m["meeting_id"])
		if _, done := d.seals[id]; done {
			continue
		}
		seal, err := r.Seal(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			d.seals[id] = nil
			continue
		} else if err != nil {
			return nil, err
		}
		d.seals[id] = seal
		if d.sigs[id], err = r.Signatures(ctx, id); err != nil {
			return nil, err
		}
	}
	y, err := model.Format(r.Model)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	d.yaml = y
	kept := map[int64]bool{}
	for _, m := range d.tables["materials"].rows {
		kept[asInt(m["id"])] = true
	}
	err = r.Materials(ctx, func(m gov.Material, b []byte) error {
		if kept[m.ID] {
			d.files[m.ID] = b
		}
		return nil
	})
	return d, err
}

// rowDate dates a row: its meeting's start, else its first date column.
func (d *data) rowDate(rw row) (time.Time, bool) {
	if id, ok := rw["meeting_id"]; ok && id != nil {
		if m, ok := d.meetings[asInt(id)]; ok {
			return asTime(m["starts_at"])
		}
	}
	for _, c := range dateColumns {
		if v, ok := rw[c]; ok && v != nil {
			if t, ok := asTime(v); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func asInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	case string:
		var n int64
		fmt.Sscan(x, &n)
		return n
	}
	return 0
}

func asString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case json.RawMessage:
		return string(x)
	}
	return fmt.Sprint(v)
}

// asTime reads a time, a date or a month (YYYY-MM).
func asTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case string:
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", time.DateOnly, "2006-01"} {
			if t, err := time.Parse(layout, strings.TrimSpace(x)); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
