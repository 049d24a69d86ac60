package model

import (
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/gov"
)

// TestRecordsMetadata checks the records section's validation: a record
// type missing is named, secret types need their legal section and
// period, retention is years or permanent, published forums exist.
func TestRecordsMetadata(t *testing.T) {
	src, err := Template("municipal-3-level")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse("m.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if a.Records == nil || len(a.Records.Types) != len(gov.RecordTypes) {
		t.Fatalf("template has no complete records section: %+v", a.Records)
	}
	if m := a.RecordMetaFor(gov.RecComplaint); m.Publicity != gov.Secret || m.SecrecyYears != 25 || !strings.Contains(m.SecrecyBasis, "JulkL") {
		t.Errorf("FI complaint default: %v", m)
	}
	if m := a.RecordMetaFor(gov.RecMinutes); m.Retention != gov.RetentionPermanent {
		t.Errorf("minutes retention %q", m.Retention)
	}
	cases := []struct {
		name string
		edit func(r *gov.RecordsRules)
		want string
	}{
		{"missing type", func(r *gov.RecordsRules) { r.Types = r.Types[2:] }, "record types missing from the records metadata: agenda, material"},
		{"unknown type", func(r *gov.RecordsRules) { r.Types[0].Type = "memo" }, `"memo" is not a record type`},
		{"twice", func(r *gov.RecordsRules) { r.Types[1].Type = gov.RecAgenda }, `record type "agenda" is described twice`},
		{"secret without basis", func(r *gov.RecordsRules) { r.Types[0].Publicity = gov.Secret }, "needs the legal section"},
		{"secret without period", func(r *gov.RecordsRules) { r.Types[4].SecrecyYears = 0 }, "needs its secrecy period"},
		{"public with basis", func(r *gov.RecordsRules) { r.Types[0].SecrecyBasis = "JulkL 24 §" }, "is public but names a secrecy basis"},
		{"bad publicity", func(r *gov.RecordsRules) { r.Types[0].Publicity = "open" }, `use public or secret`},
		{"bad retention", func(r *gov.RecordsRules) { r.Types[0].Retention = "forever" }, `retention of "agenda" is "forever"`},
		{"no function", func(r *gov.RecordsRules) { r.Types[0].Function = "" }, "needs its function class code"},
		{"no forum", func(r *gov.RecordsRules) { r.Publication = &gov.PublicationRule{Forums: []string{"nope"}} }, `no forum "nope"`},
		{"robots", func(r *gov.RecordsRules) {
			r.Publication = &gov.PublicationRule{Robots: "maybe"}
		}, "use index or noindex"},
	}
	for _, c := range cases {
		b, _ := Parse("m.yaml", src)
		c.edit(b.Records)
		err := Validate(b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	// Without a records section the country's defaults apply.
	b, _ := Parse("m.yaml", src)
	b.Records = nil
	if err := Validate(b); err != nil {
		t.Errorf("no records section: %v", err)
	}
	b.Country = "SE"
	if m := b.RecordMetaFor(gov.RecComplaint); !strings.Contains(m.SecrecyBasis, "OSL") || m.SecrecyYears != 20 {
		t.Errorf("SE default: %v", m)
	}
	if b.NamesPublicDays() != 21 {
		t.Errorf("SE names period %d", b.NamesPublicDays())
	}
}
