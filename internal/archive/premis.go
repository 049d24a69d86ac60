package archive

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// premis writes the package's preservation metadata (PREMIS 3): one
// object per document with its fixity, size and format, and the
// signature facts of sealed minutes; one event per audit-trail entry of
// the period (what was done, when, by whom, to which object) plus the
// package's own creation; one agent per actor and steerco itself.
func (p *pkg) premis() []byte {
	var b bytes.Buffer
	b.WriteString(`<premis:premis xmlns:premis="http://www.loc.gov/premis/v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.0">` + "\n")
	paths := make([]string, 0, len(p.sums))
	for path := range p.sums {
		if strings.HasPrefix(path, "representations/") && strings.Contains(path, "/data/") {
			paths = append(paths, path)
		}
	}
	sort.Strings(paths)
	for _, path := range paths {
		b.WriteString(`<premis:object xsi:type="premis:file"><premis:objectIdentifier><premis:objectIdentifierType>local</premis:objectIdentifierType>`)
		fmt.Fprintf(&b, `<premis:objectIdentifierValue>%s</premis:objectIdentifierValue></premis:objectIdentifier>`, esc(path))
		fmt.Fprintf(&b, `<premis:objectCharacteristics><premis:compositionLevel>0</premis:compositionLevel><premis:fixity><premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm><premis:messageDigest>%s</premis:messageDigest></premis:fixity>`, p.sums[path])
		fmt.Fprintf(&b, `<premis:format><premis:formatDesignation><premis:formatName>%s</premis:formatName></premis:formatDesignation></premis:format></premis:objectCharacteristics>`, esc(p.mimes[path]))
		if sig, ok := p.signatures[path]; ok {
			fmt.Fprintf(&b, `<premis:signatureInformation><premis:signature><premis:signatureEncoding>%s</premis:signatureEncoding><premis:signer>%s</premis:signer><premis:signatureMethod>%s</premis:signatureMethod><premis:signatureValue>%s</premis:signatureValue><premis:signatureValidationRules>ETSI EN 319 142 (PAdES); signed %s</premis:signatureValidationRules></premis:signature></premis:signatureInformation>`,
				esc(sig.Encoding), esc(sig.Signer), esc(sig.Method), esc(sig.Value), ts(sig.SignedAt))
		}
		b.WriteString("</premis:object>\n")
	}
	agents := map[string]bool{}
	event := func(id, typ, at, detail, agent, object string) {
		fmt.Fprintf(&b, `<premis:event><premis:eventIdentifier><premis:eventIdentifierType>local</premis:eventIdentifierType><premis:eventIdentifierValue>%s</premis:eventIdentifierValue></premis:eventIdentifier>`, esc(id))
		fmt.Fprintf(&b, `<premis:eventType>%s</premis:eventType><premis:eventDateTime>%s</premis:eventDateTime>`, esc(typ), esc(at))
		fmt.Fprintf(&b, `<premis:eventDetailInformation><premis:eventDetail>%s</premis:eventDetail></premis:eventDetailInformation>`, esc(detail))
		fmt.Fprintf(&b, `<premis:linkingAgentIdentifier><premis:linkingAgentIdentifierType>local</premis:linkingAgentIdentifierType><premis:linkingAgentIdentifierValue>%s</premis:linkingAgentIdentifierValue></premis:linkingAgentIdentifier>`, esc(agent))
		if object != "" {
			fmt.Fprintf(&b, `<premis:linkingObjectIdentifier><premis:linkingObjectIdentifierType>local</premis:linkingObjectIdentifierType><premis:linkingObjectIdentifierValue>%s</premis:linkingObjectIdentifierValue></premis:linkingObjectIdentifier>`, esc(object))
		}
		b.WriteString("</premis:event>\n")
		agents[agent] = true
	}
	for _, e := range p.d.audit {
		obj := asString(e["object_type"]) + "/" + asString(e["object_id"])
		detail := fmt.Sprintf("%s %s; audit entry %d, hash %s", asString(e["action"]), obj, asInt(e["id"]), asString(e["hash"]))
		if red, _ := e["redacted"].(bool); red {
			detail += "; personal data erased"
		}
		event(fmt.Sprintf("audit-%d", asInt(e["id"])), asString(e["action"]), asString(e["at"]), detail, asString(e["actor"]), obj)
	}
	event("package-creation", "creation", ts(p.now), "Information package created by steerco archive export", "steerco", "")
	names := make([]string, 0, len(agents))
	for a := range agents {
		names = append(names, a)
	}
	sort.Strings(names)
	for _, a := range names {
		typ := "person"
		if a == "steerco" || a == "system" || !strings.Contains(a, "@") && !strings.Contains(a, " ") {
			typ = "software"
		}
		fmt.Fprintf(&b, `<premis:agent><premis:agentIdentifier><premis:agentIdentifierType>local</premis:agentIdentifierType><premis:agentIdentifierValue>%s</premis:agentIdentifierValue></premis:agentIdentifier><premis:agentName>%s</premis:agentName><premis:agentType>%s</premis:agentType></premis:agent>`+"\n",
			esc(a), esc(a), typ)
	}
	b.WriteString("</premis:premis>\n")
	return xmlBytes(&b)
}
