package web

import (
	"github.com/steerco/steerco/internal/gov"
)

// RecordMetaView is the records metadata of one record type as a page
// shows it (issue 21): what the public body's archivist needs to see on
// each object's page.
type RecordMetaView struct {
	L    Loc
	Type gov.RecordType
	Meta gov.RecordMeta
	// Default is true when the model has no records section and the
	// country's defaults apply.
	Default bool
	// Years is the retention in years, 0 when permanent.
	Years int
}

// RecordMeta returns the metadata of record type t in the page's
// agreement, for the "recordmeta" partial.
func (p Page) RecordMeta(t string) *RecordMetaView {
	if p.Agreement == nil {
		return nil
	}
	m := p.Agreement.RecordMetaFor(gov.RecordType(t))
	y, _, _ := m.RetentionYears()
	return &RecordMetaView{L: p.L, Type: gov.RecordType(t), Meta: m, Default: p.Agreement.Records == nil, Years: y}
}
