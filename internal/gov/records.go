package gov

import (
	"fmt"
	"strconv"
	"strings"
)

// Records metadata (issue 21). Public bodies must describe every record
// they hold: its function class, publicity (public, or secret with the
// legal section and how long), how long it is kept and on what basis,
// and whether it holds personal data — Finland: JHS 191 and the Archives
// Act; Sweden: offentlighets- och sekretesslagen and Riksarkivet's rules.
// The model carries one RecordMeta per record type; an agreement whose
// model has no records section uses its country's defaults.

// RecordType names a kind of record steerco holds.
type RecordType string

// The record types, in the order pages and archive packages list them.
const (
	RecAgenda            RecordType = "agenda"
	RecMaterial          RecordType = "material"
	RecMinutes           RecordType = "minutes"
	RecDecision          RecordType = "decision"
	RecComplaint         RecordType = "complaint"
	RecComplaintResponse RecordType = "complaint-response"
	RecSanction          RecordType = "sanction"
	RecMonthlyReport     RecordType = "monthly-report"
	RecOrder             RecordType = "order"
	RecInvoiceBasis      RecordType = "invoice-basis"
	RecIncidentReport    RecordType = "incident-report"
	RecModelRevision     RecordType = "model-revision"
)

// RecordTypes lists every record type; a model's records section must
// describe each of them.
var RecordTypes = []RecordType{RecAgenda, RecMaterial, RecMinutes, RecDecision, RecComplaint, RecComplaintResponse,
	RecSanction, RecMonthlyReport, RecOrder, RecInvoiceBasis, RecIncidentReport, RecModelRevision}

// Publicity values.
const (
	Public = "public"
	Secret = "secret"
)

// RetentionPermanent is the retention of records kept for ever.
const RetentionPermanent = "permanent"

// RecordsRules is the model's records section.
type RecordsRules struct {
	// Types describes each record type (all of RecordTypes).
	Types []RecordMeta `yaml:"types" json:"types"`
	// Publication makes forums' checked minutes public (issue 21).
	Publication *PublicationRule `yaml:"publication,omitempty" json:"publication,omitempty"`
}

// RecordMeta is the records metadata of one record type.
type RecordMeta struct {
	Type RecordType `yaml:"type" json:"type"`
	// Function is the function class code of the body's classification
	// scheme (JHS 191 tehtäväluokka; klassificeringsstruktur), e.g. 02.03.01.
	Function string `yaml:"function" json:"function"`
	// Publicity is public or secret.
	Publicity string `yaml:"publicity" json:"publicity"`
	// SecrecyBasis is the legal section that makes a secret record secret,
	// e.g. "JulkL 24 § 1 mom. 20 k." or "OSL 31 kap. 16 §".
	SecrecyBasis string `yaml:"secrecy_basis,omitempty" json:"secrecy_basis,omitempty"`
	// SecrecyYears is how long the secrecy lasts, counted from the
	// record's date.
	SecrecyYears int `yaml:"secrecy_years,omitempty" json:"secrecy_years,omitempty"`
	// Retention is a number of years or "permanent".
	Retention string `yaml:"retention" json:"retention"`
	// RetentionBasis is where the retention period comes from (the
	// body's records management plan, a law).
	RetentionBasis string `yaml:"retention_basis,omitempty" json:"retention_basis,omitempty"`
	// PersonalData says whether records of the type hold personal data.
	PersonalData bool `yaml:"personal_data" json:"personal_data"`
}

// PublicationRule says which forums publish their checked minutes.
type PublicationRule struct {
	// Forums are the forums whose checked minutes may be published.
	Forums []string `yaml:"forums" json:"forums"`
	// NamesPublicDays is how long names other than the officials' stay in
	// published minutes; 0 means the country's appeal period (14 days in
	// Finland, 21 in Sweden).
	NamesPublicDays int `yaml:"names_public_days,omitempty" json:"names_public_days,omitempty"`
	// Robots lets search engines index the public pages ("index") or not
	// ("noindex", the default).
	Robots string `yaml:"robots,omitempty" json:"robots,omitempty"`
}

// RetentionYears returns the retention in years and whether it is
// permanent; ok is false for a value that is neither.
func (m RecordMeta) RetentionYears() (years int, permanent, ok bool) {
	if m.Retention == RetentionPermanent {
		return 0, true, true
	}
	n, err := strconv.Atoi(strings.TrimSpace(m.Retention))
	if err != nil || n < 1 || n > 200 {
		return 0, false, false
	}
	return n, false, true
}

// RecordMetaFor returns the metadata of record type t: the model's when
// it has a records section, else the country's defaults.
func (a *Agreement) RecordMetaFor(t RecordType) RecordMeta {
	if a.Records != nil {
		for _, m := range a.Records.Types {
			if m.Type == t {
				return m
			}
		}
	}
	for _, m := range DefaultRecords(a.Country).Types {
		if m.Type == t {
			return m
		}
	}
	return RecordMeta{Type: t}
}

// Publishes reports whether forum slug may publish its checked minutes.
func (a *Agreement) Publishes(forum string) bool {
	if a.Records == nil || a.Records.Publication == nil {
		return false
	}
	for _, f := range a.Records.Publication.Forums {
		if f == forum {
			return true
		}
	}
	return false
}

// NamesPublicDays is how many days after publication names other than
// the officials' stay in the published minutes.
func (a *Agreement) NamesPublicDays() int {
	if a.Records != nil && a.Records.Publication != nil && a.Records.Publication.NamesPublicDays > 0 {
		return a.Records.Publication.NamesPublicDays
	}
	if a.Country == "SE" {
		return 21 // three weeks: överklagandetid (kommunallagen 13 kap. 5 §)
	}
	return 14 // oikaisuvaatimusaika / valitusaika (kuntalaki 140 §)
}

// RobotsIndex reports whether search engines may index the public pages.
func (a *Agreement) RobotsIndex() bool {
	return a.Records != nil && a.Records.Publication != nil && a.Records.Publication.Robots == "index"
}

// DefaultRecords returns the records metadata a model of country gets
// when it names none; the templates carry the same values. The function
// codes follow a generic scheme (JHS 191 style for Finland, Riksarkivet's
// process-based classification for Sweden): the customer's archivist
// replaces them with the body's own records management plan.
func DefaultRecords(country string) RecordsRules {
	type d struct {
		t         RecordType
		fn        string
		secret    string
		years     int
		retention string
		personal  bool
	}
	var list []d
	basis := "tiedonohjaussuunnitelma"
	if country == "SE" {
		basis = "informationshanteringsplan"
		list = []d{
			{RecAgenda, "1.2.1", "", 0, "permanent", true},
			{RecMaterial, "1.2.2", "", 0, "10", true},
			{RecMinutes, "1.2.3", "", 0, "permanent", true},
			{RecDecision, "1.2.4", "", 0, "permanent", false},
			{RecComplaint, "2.4.1", "OSL 31 kap. 16 §", 20, "10", true},
			{RecComplaintResponse, "2.4.2", "OSL 31 kap. 16 §", 20, "10", true},
			{RecSanction, "2.4.3", "", 0, "10", false},
			{RecMonthlyReport, "2.3.1", "OSL 18 kap. 8 §", 40, "10", false},
			{RecOrder, "2.2.1", "", 0, "10", true},
			{RecInvoiceBasis, "2.2.2", "OSL 31 kap. 16 §", 20, "10", true},
			{RecIncidentReport, "2.3.2", "OSL 18 kap. 8 §", 40, "10", true},
			{RecModelRevision, "1.1.1", "", 0, "permanent", false},
		}
	} else {
		list = []d{
			{RecAgenda, "00.01.01", "", 0, "permanent", true},
			{RecMaterial, "00.01.02", "", 0, "10", true},
			{RecMinutes, "00.01.03", "", 0, "permanent", true},
			{RecDecision, "00.01.04", "", 0, "permanent", false},
			{RecComplaint, "02.06.01", "JulkL 24 § 1 mom. 20 k.", 25, "10", true},
			{RecComplaintResponse, "02.06.02", "JulkL 24 § 1 mom. 20 k.", 25, "10", true},
			{RecSanction, "02.06.03", "", 0, "10", false},
			{RecMonthlyReport, "02.05.01", "JulkL 24 § 1 mom. 7 k.", 25, "10", false},
			{RecOrder, "02.04.01", "", 0, "10", true},
			{RecInvoiceBasis, "02.04.02", "JulkL 24 § 1 mom. 20 k.", 25, "10", true},
			{RecIncidentReport, "02.05.02", "JulkL 24 § 1 mom. 7 k.", 25, "10", true},
			{RecModelRevision, "00.00.01", "", 0, "permanent", false},
		}
	}
	out := RecordsRules{}
	for _, x := range list {
		m := RecordMeta{Type: x.t, Function: x.fn, Publicity: Public, Retention: x.retention, RetentionBasis: basis, PersonalData: x.personal}
		if x.secret != "" {
			m.Publicity, m.SecrecyBasis, m.SecrecyYears = Secret, x.secret, x.years
		}
		out.Types = append(out.Types, m)
	}
	return out
}

// String renders the metadata compactly for logs and CLI output.
func (m RecordMeta) String() string {
	pub := m.Publicity
	if pub == Secret {
		pub = fmt.Sprintf("secret (%s, %d years)", m.SecrecyBasis, m.SecrecyYears)
	}
	return fmt.Sprintf("%s: function %s, %s, retention %s, personal data %t", m.Type, m.Function, pub, m.Retention, m.PersonalData)
}

// Years is the retention in years, 0 when permanent or unreadable.
func (m RecordMeta) Years() int {
	y, _, _ := m.RetentionYears()
	return y
}
