package archive

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// The METS namespaces and schema locations every METS.xml declares.
const metsRoot = `<mets xmlns="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink"` +
	` xmlns:csip="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" xmlns:sip="https://DILCIS.eu/XML/METS/SIPExtensionMETS"` +
	` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`

// esc escapes text for an XML attribute or element.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// ts formats a time as xs:dateTime.
func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// fileAttrs are the attributes CSIP asks of every file and mdRef: MIME
// type, size, creation time and SHA-256.
func fileAttrs(e fileEntry) string {
	return fmt.Sprintf(`MIMETYPE="%s" SIZE="%d" CREATED="%s" CHECKSUM="%s" CHECKSUMTYPE="SHA-256"`, esc(e.Mime), e.Size, ts(e.Created), e.SHA256)
}

// mdRef is a reference to a metadata file.
func mdRef(e fileEntry, mdtype, other string) string {
	t := fmt.Sprintf(`MDTYPE="%s"`, mdtype)
	if mdtype == "OTHER" {
		t += fmt.Sprintf(` OTHERMDTYPE="%s"`, esc(other))
	}
	return fmt.Sprintf(`<mdRef LOCTYPE="URL" xlink:type="simple" xlink:href="%s" %s %s/>`, esc(e.Path), t, fileAttrs(e))
}

// fileEl is a fileSec file with its location.
func fileEl(id string, e fileEntry) string {
	return fmt.Sprintf(`<file ID="%s" %s><FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="%s"/></file>`, id, fileAttrs(e), esc(e.Path))
}

// header writes the root element's attributes and metsHdr: the package id,
// content category (TYPE), content information type, profile, the
// creating software (CSIP10–16) and the SIP agents: the archival creator
// (the customer), the submitter and the preservation archive.
func (p *pkg) header(b *bytes.Buffer, objid, label string, agents bool) {
	fmt.Fprintf(b, `%s xsi:schemaLocation="http://www.loc.gov/METS/ schemas/mets.xsd http://www.w3.org/1999/xlink schemas/xlink.xsd https://DILCIS.eu/XML/METS/CSIPExtensionMETS schemas/DILCISExtensionMETS.xsd https://DILCIS.eu/XML/METS/SIPExtensionMETS schemas/DILCISExtensionSIPMETS.xsd"`, metsRoot)
	fmt.Fprintf(b, ` OBJID="%s" LABEL="%s" TYPE="Mixed" csip:CONTENTINFORMATIONTYPE="MIXED" PROFILE="%s">`+"\n", esc(objid), esc(label), Profile)
	fmt.Fprintf(b, `<metsHdr CREATEDATE="%s" LASTMODDATE="%s" RECORDSTATUS="NEW" csip:OAISPACKAGETYPE="SIP">`+"\n", ts(p.now), ts(p.now))
	fmt.Fprintf(b, `<agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><name>steerco</name><note csip:NOTETYPE="SOFTWARE VERSION">%s</note></agent>`+"\n", esc(p.version))
	if agents {
		cust := p.customer()
		fmt.Fprintf(b, `<agent ROLE="ARCHIVIST" TYPE="ORGANIZATION"><name>%s</name><note csip:NOTETYPE="IDENTIFICATIONCODE">%s</note></agent>`+"\n", esc(cust.Name), esc(p.d.a.Slug+"/"+cust.Slug))
		fmt.Fprintf(b, `<agent ROLE="CREATOR" TYPE="ORGANIZATION"><name>%s</name><note csip:NOTETYPE="IDENTIFICATIONCODE">%s</note></agent>`+"\n", esc(cust.Name), esc(p.d.a.Slug+"/"+cust.Slug))
	}
	b.WriteString("</metsHdr>\n")
}
