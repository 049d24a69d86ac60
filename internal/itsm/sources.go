package itsm

import (
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/steerco/steerco/internal/store"
)

// Source says which tool wrote an export and how to read its columns.
type Source struct {
	// Name is servicenow, jira or csv.
	Name string
	// Kind is the kind of every ticket (--kind), or "" to read it from
	// the rows (a type column, the number's prefix; else incident).
	Kind string
	// Mapping is the column-mapping file of a generic CSV.
	Mapping *Mapping
}

// Mapping is a column-mapping file (YAML) for a CSV from any tool:
//
//	kind: incident                  # default kind of the rows
//	date_format: "02.01.2006 15:04" # optional Go layout; else the usual forms are tried
//	columns:                        # steerco field: the CSV header
//	  number: Tiketti
//	  opened: Avattu
//	  priority: Prioriteetti
//	values:                         # optional translations of values
//	  priority: {Kriittinen: "1", Korkea: "2"}
//	  kind: {Häiriö: incident, Ongelma: problem}
//
// See docs/reports.md for the fields.
type Mapping struct {
	Kind       string                       `yaml:"kind"`
	DateFormat string                       `yaml:"date_format"`
	Columns    map[string]string            `yaml:"columns"`
	Values     map[string]map[string]string `yaml:"values"`
}

// ParseMapping reads and checks a mapping file.
func ParseMapping(data []byte) (*Mapping, error) {
	var m Mapping
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("mapping file: %w", err)
	}
	if m.Kind != "" && !validKind(m.Kind) {
		return nil, fmt.Errorf("mapping file: kind %q: use incident, problem, change or request", m.Kind)
	}
	for f := range m.Columns {
		if fieldIndex(f) < 0 {
			return nil, fmt.Errorf("mapping file: columns: %q is not a field; use one of: %s", f, strings.Join(fieldNames[:], ", "))
		}
	}
	for f := range m.Values {
		if fieldIndex(f) < 0 {
			return nil, fmt.Errorf("mapping file: values: %q is not a field", f)
		}
	}
	if m.Columns["number"] == "" || m.Columns["opened"] == "" {
		return nil, errors.New("mapping file: columns must name at least number and opened")
	}
	return &m, nil
}

func validKind(k string) bool {
	for _, v := range store.TicketKinds {
		if v == k {
			return true
		}
	}
	return false
}

// layoutFor finds the source's columns in a file's header.
func (src Source) layoutFor(t *table) (*layout, error) {
	lay := &layout{kind: store.KindIncident}
	if src.Kind != "" {
		if !validKind(src.Kind) {
			return nil, fmt.Errorf("kind %q: use incident, problem, change or request", src.Kind)
		}
		lay.kind, lay.kindFixed = src.Kind, true
	}
	switch src.Name {
	case "servicenow", "jira":
		heads := &serviceNowHeaders
		if src.Name == "jira" {
			heads = &jiraHeaders
			lay.multi = t.cols("labels")
		}
		for f := range nFields {
			lay.cols[f] = t.col(heads[f]...)
		}
	case "csv":
		m := src.Mapping
		if m == nil {
			return nil, errors.New("a CSV import needs a mapping file")
		}
		if m.Kind != "" && !lay.kindFixed {
			lay.kind = m.Kind
		}
		for f := range nFields {
			lay.cols[f] = -1
			if h := m.Columns[fieldNames[f]]; h != "" {
				if lay.cols[f] = t.col(h); lay.cols[f] < 0 {
					return nil, fmt.Errorf("the mapping names column %q for %s, and the file has no such column", h, fieldNames[f])
				}
			}
		}
		lay.values = map[int]map[string]string{}
		for f, vals := range m.Values {
			folded := map[string]string{}
			for k, v := range vals {
				folded[fold(k)] = v
			}
			lay.values[fieldIndex(f)] = folded
		}
	default:
		return nil, fmt.Errorf("unknown source %q", src.Name)
	}
	return lay, nil
}
