package model

import (
	"fmt"
	"strings"

	"github.com/steerco/steerco/internal/gov"
)

// records checks the records section (issue 21): every record type is
// described exactly once, secret types name their legal section and
// period, retention is years or permanent, and published forums exist.
func (v validator) records() {
	r := v.a.Records
	if r == nil {
		return // the country's defaults apply
	}
	known := map[gov.RecordType]bool{}
	for _, t := range gov.RecordTypes {
		known[t] = true
	}
	seen := map[gov.RecordType]bool{}
	for i, m := range r.Types {
		path := fmt.Sprintf("records.types[%d]", i)
		switch {
		case !known[m.Type]:
			v.add(path+".type", "%q is not a record type; use one of %s", m.Type, recordTypeList())
			continue
		case seen[m.Type]:
			v.add(path+".type", "record type %q is described twice", m.Type)
		}
		seen[m.Type] = true
		if strings.TrimSpace(m.Function) == "" {
			v.add(path+".function", "record type %q needs its function class code", m.Type)
		}
		switch m.Publicity {
		case gov.Public:
			if m.SecrecyBasis != "" || m.SecrecyYears != 0 {
				v.add(path+".publicity", "record type %q is public but names a secrecy basis or period", m.Type)
			}
		case gov.Secret:
			if strings.TrimSpace(m.SecrecyBasis) == "" {
				v.add(path+".secrecy_basis", "secret record type %q needs the legal section that makes it secret", m.Type)
			}
			if m.SecrecyYears < 1 || m.SecrecyYears > 100 {
				v.add(path+".secrecy_years", "secret record type %q needs its secrecy period in years (1 to 100)", m.Type)
			}
		default:
			v.add(path+".publicity", "publicity of %q is %q; use public or secret", m.Type, m.Publicity)
		}
		if _, _, ok := m.RetentionYears(); !ok {
			v.add(path+".retention", "retention of %q is %q; write a number of years (1 to 200) or permanent", m.Type, m.Retention)
		}
	}
	var missing []string
	for _, t := range gov.RecordTypes {
		if !seen[t] {
			missing = append(missing, string(t))
		}
	}
	if len(missing) > 0 {
		v.add("records.types", "record types missing from the records metadata: %s", strings.Join(missing, ", "))
	}
	if p := r.Publication; p != nil {
		for i, f := range p.Forums {
			if v.a.Forum(f) == nil {
				v.add(fmt.Sprintf("records.publication.forums[%d]", i), "no forum %q", f)
			}
		}
		if p.NamesPublicDays < 0 || p.NamesPublicDays > 365 {
			v.add("records.publication.names_public_days", "names_public_days is %d; use 1 to 365 days, or leave it out for the appeal period", p.NamesPublicDays)
		}
		if p.Robots != "" && p.Robots != "index" && p.Robots != "noindex" {
			v.add("records.publication.robots", "robots is %q; use index or noindex", p.Robots)
		}
	}
}

func recordTypeList() string {
	s := make([]string, len(gov.RecordTypes))
	for i, t := range gov.RecordTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}
