package archive

import (
	"fmt"
	"strings"

	"github.com/steerco/steerco/internal/gov"
)

// readme is the package's documentation/README.txt.
func (p *pkg) readme() string {
	var b strings.Builder
	fmt.Fprintf(&b, "E-ARK information package %s\n\n", p.id)
	fmt.Fprintf(&b, "Records of the governance model %q (%s), written by steerco %s on %s.\n", p.d.a.Name, p.d.a.Slug, p.version, ts(p.now))
	if p.opts.From != "" || p.opts.To != "" {
		fmt.Fprintf(&b, "Period: %s to %s (records dated in it; undated rows are included).\n", orDash(p.opts.From), orDash(p.opts.To))
	}
	b.WriteString(`
Profiles: E-ARK CSIP 2.2.0 and E-ARK SIP 2.2.0 (METS 1.12.1 with the DILCIS extension).

METS.xml                          the package: header, metadata, files, structure
metadata/descriptive/TYPE.xml     records metadata (format ` + RecordsNS + `):
                                  per record type its function class, publicity (public, or secret with
                                  the legal section and the secrecy period in years), retention (years or
                                  permanent) and personal data; per record its id, date, status, title,
                                  files, and its own secrecy marking with the public title where it has one
metadata/preservation/premis.xml  PREMIS 3: the documents' fixity and format, signature facts of sealed
                                  minutes, the audit trail's entries as events, the agents
representations/TYPE/             one representation per record type, with its own METS.xml;
                                  data/*.pdf documents (fonts embedded), data/*.csv and data/*.json the
                                  rows of the record tables, data/files/ the files as uploaded

Minutes that were not approved are exported as drafts: their file names end in -DRAFT.pdf, their
first line says DRAFT – NOT APPROVED – NOT THE RECORD, and their status in the descriptive metadata
is "draft".

Records in this package:
`)
	for _, t := range gov.RecordTypes {
		fmt.Fprintf(&b, "  %-20s %d\n", t, p.sum.Records[t])
	}
	if p.sum.Drafts > 0 {
		fmt.Fprintf(&b, "\nDraft minutes (not approved): %d\n", p.sum.Drafts)
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// repReadme is a representation's documentation/README.txt.
func repReadme(t gov.RecordType) string {
	return fmt.Sprintf("Representation of the record type %q: data/ holds its documents (PDF), its rows as CSV and JSON,\nand any files as uploaded. Its records metadata is metadata/descriptive/%s.xml of the package.\n", t, t)
}
