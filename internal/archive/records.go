package archive

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// record is one record of the package's descriptive metadata.
type record struct {
	ID    string
	Title string
	Date  string
	// Status is "final", or "draft" for minutes that are not approved
	// (exported so that nothing is lost, and marked so that nobody takes
	// them for the record).
	Status string
	// Secret, PublicTitle, Basis and Years: the item's own secrecy
	// marking, which overrides its type's publicity.
	Secret      bool
	PublicTitle string
	Basis       string
	Years       int
	// Signed is set for minutes exported as their sealed PDF.
	Signed bool
	Files  []string
}

// doc is a document file of a representation.
type doc struct {
	name, mime string
	data       []byte
}

// titleColumns name a row's record: the first present wins.
var titleColumns = []string{"title", "name", "month", "number"}

// records lists the records of type t and renders their documents.
func (p *pkg) records(ctx context.Context, t gov.RecordType) ([]record, []doc, error) {
	switch t {
	case gov.RecMinutes:
		return p.minutes(ctx)
	case gov.RecAgenda:
		return p.agendas()
	case gov.RecMaterial:
		return p.materials()
	case gov.RecModelRevision:
		return []record{{ID: "model-" + p.d.a.Slug, Title: p.d.a.Name, Date: p.now.Format(time.DateOnly), Status: "final",
			Files: []string{"data/model.yaml"}}}, nil, nil
	}
	main := p.d.tables[typeTables[t][0]]
	if main == nil {
		return nil, nil, nil
	}
	var out []record
	for _, rw := range main.rows {
		r := record{ID: fmt.Sprintf("%s-%d", main.name, asInt(rw["id"])), Status: "final"}
		for _, c := range titleColumns {
			if v := asString(rw[c]); v != "" {
				r.Title = v
				break
			}
		}
		if r.Title == "" {
			r.Title = r.ID
		}
		if at, ok := p.d.rowDate(rw); ok {
			r.Date = at.Format(time.DateOnly)
		}
		r.Files = []string{"data/" + main.name + ".csv", "data/" + main.name + ".json"}
		out = append(out, r)
	}
	return out, nil, nil
}

// meetingTitle names a meeting and its date.
func (p *pkg) meetingTitle(id int64) (string, string) {
	m := p.d.meetings[id]
	date := ""
	if at, ok := asTime(m["starts_at"]); ok {
		date = at.Format(time.DateOnly)
	}
	return asString(m["title"]), date
}

// minutes renders the latest minutes version of each meeting: the sealed
// PDF when it is signed, else a PDF of the text — marked DRAFT, in its
// file name, its first line and its metadata, unless approved.
func (p *pkg) minutes(ctx context.Context) ([]record, []doc, error) {
	latest := map[int64]row{}
	for _, rw := range p.d.tables["minutes"].rows {
		id := asInt(rw["meeting_id"])
		if cur, ok := latest[id]; !ok || asInt(rw["version"]) > asInt(cur["version"]) {
			latest[id] = rw
		}
	}
	var recs []record
	var docs []doc
	for _, mid := range sortedIDs(latest) {
		rw := latest[mid]
		title, date := p.meetingTitle(mid)
		version := int(asInt(rw["version"]))
		approved := asString(rw["state"]) == string(gov.MinutesFinal)
		r := record{ID: fmt.Sprintf("minutes-%d-v%d", mid, version), Title: title, Date: date, Status: "final"}
		name := fmt.Sprintf("minutes-%d-v%d.pdf", mid, version)
		var pdf []byte
		if seal := p.d.seals[mid]; seal != nil && seal.Version == version {
			// The sealed PDF is the record: exported as it is.
			name = fmt.Sprintf("minutes-%d-v%d-sealed.pdf", mid, version)
			pdf, r.Signed = seal.PDF, true
			var signers []string
			for _, sg := range p.d.sigs[mid] {
				if sg.Version == version && sg.Status == "signed" && sg.SignedAt != nil {
					signers = append(signers, fmt.Sprintf("%s (%s, %s)", sg.Name, sg.Role, ts(*sg.SignedAt)))
				}
			}
			sig := Signature{Encoding: "none: sealed without a certificate", Method: "SHA-256 of the sealed PDF", SignedAt: seal.SealedAt,
				Signer: "checked and signed by " + strings.Join(signers, "; "), Value: "sha256:" + seal.SHA256 + "; audit head " + seal.AuditHead}
			if seal.Signed {
				sig.Encoding, sig.Method = "PAdES (ETSI.CAdES.detached)", "SHA-256 with the instance's sealing certificate"
			}
			p.signatures["representations/minutes/data/"+name] = sig
		}
		if pdf == nil && approved && p.opts.Signed != nil {
			b, sig, ok, err := p.opts.Signed(ctx, mid, version)
			if err != nil {
				return nil, nil, fmt.Errorf("signed minutes of meeting %d: %w", mid, err)
			}
			if ok {
				pdf, r.Signed = b, true
				p.signatures["representations/minutes/data/"+name] = sig
			}
		}
		if pdf == nil {
			lines := []string{}
			if !approved {
				r.Status = "draft"
				name = fmt.Sprintf("minutes-%d-v%d-DRAFT.pdf", mid, version)
				lines = append(lines, "DRAFT – NOT APPROVED – NOT THE RECORD", "")
				p.sum.Drafts++
			}
			lines = append(lines, "Meeting: "+title, "Date: "+date, fmt.Sprintf("Minutes version %d, %s", version, asString(rw["state"])))
			if approved {
				lines = append(lines, "Approved by "+asString(rw["approved_by"])+" at "+asString(rw["approved_at"]))
			}
			lines = append(lines, "")
			lines = append(lines, p.secretItemsNote(mid)...)
			lines = append(lines, strings.Split(asString(rw["body"]), "\n")...)
			var err error
			if pdf, err = renderPDF(titleOr(title, "Minutes"), lines, p.now, p.d.a.Language); err != nil {
				return nil, nil, err
			}
		}
		docs = append(docs, doc{name: name, mime: "application/pdf", data: pdf})
		r.Files = []string{"data/" + name}
		recs = append(recs, r)
	}
	return recs, docs, nil
}

// secretItemsNote lists a meeting's secret items with their public
// titles and legal basis, so the minutes' reader knows which parts are
// secret.
func (p *pkg) secretItemsNote(meetingID int64) []string {
	var out []string
	for _, it := range p.d.tables["agenda_items"].rows {
		if asInt(it["meeting_id"]) != meetingID {
			continue
		}
		if s, ok := p.d.secret[fmt.Sprintf("agenda_item/%d", asInt(it["id"]))]; ok {
			out = append(out, fmt.Sprintf("Secret item %q (public title %q): %s, %d years", asString(it["title"]),
				asString(s["public_title"]), asString(s["secrecy_basis"]), asInt(s["secrecy_years"])))
		}
	}
	if len(out) > 0 {
		out = append(out, "")
	}
	return out
}

// agendas renders one PDF agenda per meeting; each item is a record.
func (p *pkg) agendas() ([]record, []doc, error) {
	byMeeting := map[int64][]row{}
	for _, it := range p.d.tables["agenda_items"].rows {
		byMeeting[asInt(it["meeting_id"])] = append(byMeeting[asInt(it["meeting_id"])], it)
	}
	var recs []record
	var docs []doc
	for _, mid := range sortedIDs(byMeeting) {
		items := byMeeting[mid]
		sort.SliceStable(items, func(i, j int) bool { return asInt(items[i]["position"]) < asInt(items[j]["position"]) })
		title, date := p.meetingTitle(mid)
		name := fmt.Sprintf("agenda-%d.pdf", mid)
		lines := []string{"Meeting: " + title, "Date: " + date, ""}
		for i, it := range items {
			r := record{ID: fmt.Sprintf("agenda_item-%d", asInt(it["id"])), Title: asString(it["title"]), Date: date, Status: "final",
				Files: []string{"data/" + name, "data/agenda_items.csv"}}
			if s, ok := p.d.secret[fmt.Sprintf("agenda_item/%d", asInt(it["id"]))]; ok {
				r.Secret, r.PublicTitle, r.Basis, r.Years = true, asString(s["public_title"]), asString(s["secrecy_basis"]), int(asInt(s["secrecy_years"]))
			}
			line := fmt.Sprintf("%d. %s (%s)", i+1, r.Title, asString(it["type"]))
			if r.Secret {
				line += fmt.Sprintf(" – SECRET (%s, %d years); public title: %s", r.Basis, r.Years, r.PublicTitle)
			}
			lines = append(lines, line)
			if d := asString(it["description"]); d != "" {
				lines = append(lines, "   "+d)
			}
			recs = append(recs, r)
		}
		pdf, err := renderPDF(titleOr(title, "Agenda"), lines, p.now, p.d.a.Language)
		if err != nil {
			return nil, nil, err
		}
		docs = append(docs, doc{name: name, mime: "application/pdf", data: pdf})
	}
	return recs, docs, nil
}

// materials exports every version of every material as uploaded.
func (p *pkg) materials() ([]record, []doc, error) {
	var recs []record
	var docs []doc
	for _, m := range p.d.tables["materials"].rows {
		id := asInt(m["id"])
		b, ok := p.d.files[id]
		if !ok {
			continue
		}
		_, date := p.meetingTitle(asInt(m["meeting_id"]))
		name := fmt.Sprintf("files/%d-v%d-%s", asInt(m["meeting_id"]), asInt(m["version"]), safeName(asString(m["name"])))
		mime := asString(m["content_type"])
		if mime == "" {
			mime = "application/octet-stream"
		}
		r := record{ID: fmt.Sprintf("material-%d", id), Title: asString(m["name"]), Date: date, Status: "final", Files: []string{"data/" + name}}
		if s, ok := p.d.secret[fmt.Sprintf("material/%d/%s", asInt(m["meeting_id"]), asString(m["name"]))]; ok {
			r.Secret, r.PublicTitle, r.Basis, r.Years = true, asString(s["public_title"]), asString(s["secrecy_basis"]), int(asInt(s["secrecy_years"]))
		}
		docs = append(docs, doc{name: name, mime: mime, data: b})
		recs = append(recs, r)
	}
	return recs, docs, nil
}

func titleOr(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// RecordsNS is the namespace of steerco's descriptive metadata files
// (docs/archive.md describes the format).
const RecordsNS = "https://steerco.example/xml/records/1"

// descriptive writes the records metadata of type t: the type's function
// class, publicity, retention and personal data, then each record with
// its own marking where it has one.
func (p *pkg) descriptive(t gov.RecordType, recs []record) []byte {
	m := p.d.a.RecordMetaFor(t)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<records xmlns="%s" type="%s" agreement="%s" country="%s">`+"\n", RecordsNS, t, esc(p.d.a.Slug), esc(p.d.a.Country))
	fmt.Fprintf(&b, `  <metadata function="%s" publicity="%s"`, esc(m.Function), esc(m.Publicity))
	if m.Publicity == gov.Secret {
		fmt.Fprintf(&b, ` secrecyBasis="%s" secrecyYears="%d"`, esc(m.SecrecyBasis), m.SecrecyYears)
	}
	fmt.Fprintf(&b, ` retention="%s" retentionBasis="%s" personalData="%t"/>`+"\n", esc(m.Retention), esc(m.RetentionBasis), m.PersonalData)
	for _, r := range recs {
		fmt.Fprintf(&b, `  <record id="%s" date="%s" status="%s"`, esc(r.ID), esc(r.Date), r.Status)
		if r.Secret {
			fmt.Fprintf(&b, ` publicity="secret" secrecyBasis="%s" secrecyYears="%d" publicTitle="%s"`, esc(r.Basis), r.Years, esc(r.PublicTitle))
		}
		if r.Signed {
			b.WriteString(` signed="true"`)
		}
		fmt.Fprintf(&b, ">\n    <title>%s</title>\n", esc(r.Title))
		for _, f := range r.Files {
			fmt.Fprintf(&b, "    <file>representations/%s/%s</file>\n", t, esc(f))
		}
		b.WriteString("  </record>\n")
	}
	b.WriteString("</records>\n")
	return xmlBytes(&b)
}
