package archive

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/csvsafe"
	"github.com/steerco/steerco/internal/gov"
)

//go:embed schemas/mets.xsd schemas/xlink.xsd schemas/DILCISExtensionMETS.xsd schemas/DILCISExtensionSIPMETS.xsd
var schemaFS embed.FS

// schemaFiles are copied into every package's and representation's
// schemas folder (CSIPSTR15).
var schemaFiles = []string{"mets.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd"}

// pkg is one package being written.
type pkg struct {
	opts    Options
	d       *data
	id      string
	root    string
	now     time.Time
	version string
	sum     Summary
	// sums are the SHA-256 checksums of the files written, by path
	// relative to the package root, to check while zipping.
	sums map[string]string
	// mimes are the files' MIME types; signatures the signature facts of
	// sealed documents, by the same paths.
	mimes      map[string]string
	signatures map[string]Signature
}

func newPkg(opts Options, d *data) *pkg {
	v := opts.Version
	if v == "" {
		v = buildVersion()
	}
	id := fmt.Sprintf("steerco-%s-%s", d.a.Slug, opts.Now.Format("20060102T150405Z"))
	return &pkg{opts: opts, d: d, id: id, now: opts.Now, version: v, sums: map[string]string{},
		mimes: map[string]string{}, signatures: map[string]Signature{},
		sum: Summary{ID: id, Records: map[gov.RecordType]int{}}}
}

// customer is the archival creator: the agreement's first customer.
func (p *pkg) customer() gov.Party {
	for _, pt := range p.d.a.Parties {
		if pt.Kind == gov.KindCustomer {
			return pt
		}
	}
	return gov.Party{Slug: p.d.a.Slug, Name: p.d.a.Name}
}

// rep is one representation written: its type, METS entry and records.
type rep struct {
	t    gov.RecordType
	mets fileEntry
	desc fileEntry
}

// build writes the whole package under p.root.
func (p *pkg) build(ctx context.Context) error {
	var reps []rep
	for _, t := range gov.RecordTypes {
		r, err := p.representation(ctx, t)
		if err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		reps = append(reps, r)
	}
	var schemas []fileEntry
	for _, name := range schemaFiles {
		b, _ := schemaFS.ReadFile("schemas/" + name)
		e, err := p.writeFile("schemas/"+name, b, "application/xml", "")
		if err != nil {
			return err
		}
		schemas = append(schemas, e)
	}
	readme, err := p.writeFile("documentation/README.txt", []byte(p.readme()), "text/plain", "")
	if err != nil {
		return err
	}
	premis, err := p.writeFile("metadata/preservation/premis.xml", p.premis(), "application/xml", "")
	if err != nil {
		return err
	}

	var b bytes.Buffer
	p.header(&b, p.id, fmt.Sprintf("%s: records of the governance model", p.d.a.Name), true)
	for _, r := range reps {
		fmt.Fprintf(&b, `<dmdSec ID="dmd-%s" CREATED="%s" STATUS="CURRENT">%s</dmdSec>`+"\n", r.t, ts(p.now), mdRef(r.desc, "OTHER", "STEERCO-RECORDS"))
	}
	fmt.Fprintf(&b, `<amdSec ID="amd"><digiprovMD ID="digiprov-premis" STATUS="CURRENT">%s</digiprovMD></amdSec>`+"\n", mdRef(premis, "PREMIS", ""))
	b.WriteString(`<fileSec ID="filesec">` + "\n")
	fmt.Fprintf(&b, `<fileGrp ID="fg-doc" USE="Documentation">%s</fileGrp>`+"\n", fileEl("doc-readme", readme))
	b.WriteString(`<fileGrp ID="fg-schemas" USE="Schemas">`)
	for i, e := range schemas {
		b.WriteString(fileEl(fmt.Sprintf("xsd-%d", i+1), e))
	}
	b.WriteString("</fileGrp>\n")
	for _, r := range reps {
		fmt.Fprintf(&b, `<fileGrp ID="fg-rep-%s" USE="Representations/%s" csip:CONTENTINFORMATIONTYPE="MIXED">%s</fileGrp>`+"\n", r.t, r.t, fileEl("rep-"+string(r.t)+"-mets", r.mets))
	}
	b.WriteString("</fileSec>\n")
	dmd := make([]string, len(reps))
	for i, r := range reps {
		dmd[i] = "dmd-" + string(r.t)
	}
	fmt.Fprintf(&b, `<structMap ID="structmap" TYPE="PHYSICAL" LABEL="CSIP"><div ID="div-root" LABEL="%s">`+"\n", esc(p.id))
	fmt.Fprintf(&b, `<div ID="div-metadata" LABEL="Metadata" DMDID="%s" ADMID="digiprov-premis"/>`+"\n", strings.Join(dmd, " "))
	b.WriteString(`<div ID="div-doc" LABEL="Documentation"><fptr FILEID="fg-doc"/></div>` + "\n")
	b.WriteString(`<div ID="div-schemas" LABEL="Schemas"><fptr FILEID="fg-schemas"/></div>` + "\n")
	for _, r := range reps {
		fmt.Fprintf(&b, `<div ID="div-rep-%s" LABEL="Representations/%s"><mptr LOCTYPE="URL" xlink:type="simple" xlink:href="%s" xlink:title="fg-rep-%s"/></div>`+"\n",
			r.t, r.t, esc(r.mets.Path), r.t)
	}
	b.WriteString("</div></structMap>\n</mets>\n")
	_, err = p.writeFile("METS.xml", xmlBytes(&b), "application/xml", "")
	return err
}

// representation writes one record type's representation: its data
// (CSV and JSON per table), documents (PDF) and files, its METS.xml, and
// the package-level descriptive metadata of its records.
func (p *pkg) representation(ctx context.Context, t gov.RecordType) (rep, error) {
	base := "representations/" + string(t) + "/"
	var data []fileEntry
	add := func(name string, b []byte, mime string) error {
		e, err := p.writeFile(base+"data/"+name, b, mime, base)
		if err == nil {
			data = append(data, e)
		}
		return err
	}
	for _, name := range typeTables[t] {
		tb := p.d.tables[name]
		if tb == nil {
			continue
		}
		c, j, err := encodeTable(tb)
		if err != nil {
			return rep{}, err
		}
		if err := add(name+".csv", c, "text/csv"); err != nil {
			return rep{}, err
		}
		if err := add(name+".json", j, "application/json"); err != nil {
			return rep{}, err
		}
	}
	recs, docs, err := p.records(ctx, t)
	if err != nil {
		return rep{}, err
	}
	for _, doc := range docs {
		if err := add(doc.name, doc.data, doc.mime); err != nil {
			return rep{}, err
		}
	}
	if t == gov.RecModelRevision {
		if err := add("model.yaml", p.d.yaml, "application/yaml"); err != nil {
			return rep{}, err
		}
	}
	p.sum.Records[t] = len(recs)

	var schemas []fileEntry
	for _, name := range schemaFiles {
		b, _ := schemaFS.ReadFile("schemas/" + name)
		e, err := p.writeFile(base+"schemas/"+name, b, "application/xml", base)
		if err != nil {
			return rep{}, err
		}
		schemas = append(schemas, e)
	}
	readme, err := p.writeFile(base+"documentation/README.txt", []byte(repReadme(t)), "text/plain", base)
	if err != nil {
		return rep{}, err
	}
	var b bytes.Buffer
	p.header(&b, p.id+"-"+string(t), string(t), false)
	b.WriteString(`<fileSec ID="filesec">` + "\n")
	fmt.Fprintf(&b, `<fileGrp ID="fg-doc" USE="Documentation">%s</fileGrp>`+"\n", fileEl("doc-readme", readme))
	b.WriteString(`<fileGrp ID="fg-schemas" USE="Schemas">`)
	for i, e := range schemas {
		b.WriteString(fileEl(fmt.Sprintf("xsd-%d", i+1), e))
	}
	b.WriteString("</fileGrp>\n")
	fmt.Fprintf(&b, `<fileGrp ID="fg-data" USE="Representations/%s/data" csip:CONTENTINFORMATIONTYPE="MIXED">`, t)
	for i, e := range data {
		b.WriteString(fileEl(fmt.Sprintf("data-%d", i+1), e))
	}
	b.WriteString("</fileGrp>\n</fileSec>\n")
	fmt.Fprintf(&b, `<structMap ID="structmap" TYPE="PHYSICAL" LABEL="CSIP"><div ID="div-root" LABEL="%s">`, t)
	b.WriteString(`<div ID="div-doc" LABEL="Documentation"><fptr FILEID="fg-doc"/></div>`)
	b.WriteString(`<div ID="div-schemas" LABEL="Schemas"><fptr FILEID="fg-schemas"/></div>`)
	fmt.Fprintf(&b, `<div ID="div-data" LABEL="Representations/%s/data"><fptr FILEID="fg-data"/></div>`, t)
	b.WriteString("</div></structMap>\n</mets>\n")
	mets, err := p.writeFile(base+"METS.xml", xmlBytes(&b), "application/xml", "")
	if err != nil {
		return rep{}, err
	}
	desc, err := p.writeFile("metadata/descriptive/"+string(t)+".xml", p.descriptive(t, recs), "application/xml", "")
	if err != nil {
		return rep{}, err
	}
	return rep{t: t, mets: mets, desc: desc}, nil
}

// encodeTable writes a table as CSV (with a header) and as a JSON array
// of objects in column order.
func encodeTable(tb *table) (csvData, jsonData []byte, err error) {
	var c bytes.Buffer
	w := csvsafe.NewWriter(&c)
	w.Write(tb.cols)
	for _, rw := range tb.rows {
		rec := make([]string, len(tb.cols))
		for i, col := range tb.cols {
			rec[i] = asString(rw[col])
		}
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, nil, err
	}
	var j bytes.Buffer
	j.WriteString("[")
	for i, rw := range tb.rows {
		if i > 0 {
			j.WriteString(",")
		}
		j.WriteString("\n  {")
		for k, col := range tb.cols {
			if k > 0 {
				j.WriteString(", ")
			}
			key, _ := json.Marshal(col)
			val, err := json.Marshal(rw[col])
			if err != nil {
				return nil, nil, fmt.Errorf("%s.%s: %w", tb.name, col, err)
			}
			j.Write(key)
			j.WriteString(": ")
			j.Write(val)
		}
		j.WriteString("}")
	}
	j.WriteString("\n]\n")
	return c.Bytes(), j.Bytes(), nil
}

// unsafeName matches what a file name in a package should not hold.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// safeName makes an uploaded file's name safe for every file system.
func safeName(s string) string {
	s = unsafeName.ReplaceAllString(s, "_")
	if len(s) > 80 {
		ext := path.Ext(s)
		s = s[:80-len(ext)] + ext
	}
	return s
}

// sortedIDs returns a map's int keys in order.
func sortedIDs[T any](m map[int64]T) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// buildVersion is the binary's version from its build information, for
// callers (the web UI) that do not pass one.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "devel-" + s.Value[:12]
			}
		}
	}
	return "devel"
}
