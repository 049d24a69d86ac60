// Package pades seals a PDF with a PAdES signature (ETSI.CAdES.detached)
// made with the instance's signing certificate: an incremental update
// that adds a signature field to the first page and the AcroForm, and a
// detached CMS signature over the whole file but the signature's own
// bytes. It is written for the simple PDFs steerco itself prints
// (internal/minutesdoc: a classic cross-reference table, no object
// streams). The module proxy offers no PDF-signing library
// (github.com/digitorus/pdfsign is refused), so the update is written by
// hand; the CMS part uses github.com/smallstep/pkcs7.
package pades

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/smallstep/pkcs7"
)

// Signer holds the instance's signing certificate and key.
type Signer struct {
	Cert  *x509.Certificate
	Chain []*x509.Certificate // issuers, nearest first; empty when self-signed
	Key   crypto.Signer
}

// Load reads a PEM certificate file (the signing certificate first, then
// its issuers) and a PEM private key file (PKCS#8, PKCS#1 or EC).
func Load(certFile, keyFile string) (*Signer, error) {
	cb, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf("signing certificate: %w", err)
	}
	kb, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	return Parse(cb, kb)
}

// Parse reads a PEM certificate chain and a PEM private key.
func Parse(certPEM, keyPEM []byte) (*Signer, error) {
	var s Signer
	for rest := certPEM; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("signing certificate: %w", err)
		}
		if s.Cert == nil {
			s.Cert = c
		} else {
			s.Chain = append(s.Chain, c)
		}
	}
	if s.Cert == nil {
		return nil, errors.New("signing certificate: no PEM CERTIFICATE block")
	}
	kb, _ := pem.Decode(keyPEM)
	if kb == nil {
		return nil, errors.New("signing key: no PEM block")
	}
	var key any
	var err error
	switch kb.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(kb.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(kb.Bytes)
	default:
		key, err = x509.ParsePKCS8PrivateKey(kb.Bytes)
	}
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, errors.New("signing key: not a signing key")
	}
	if !publicKeysEqual(signer.Public(), s.Cert.PublicKey) {
		return nil, errors.New("signing key: it does not belong to the signing certificate")
	}
	s.Key = signer
	return &s, nil
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	type eq interface{ Equal(crypto.PublicKey) bool }
	if x, ok := a.(eq); ok {
		return x.Equal(b)
	}
	return false
}

// SelfSigned makes a self-signed RSA certificate and key (PEM) for name,
// valid for ten years: what `steerco demo` signs with.
func SelfSigned(name string) (certPEM, keyPEM []byte, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	now := time.Now().Add(-time.Hour)
	tpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: name, Organization: []string{"steerco"}},
		NotBefore: now, NotAfter: now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), nil
}

// Info describes the signature in its dictionary.
type Info struct {
	Name, Reason, Location string
	Time                   time.Time
}

// contentsSize is the room for the hex CMS signature: 16 KiB of DER is
// far more than one signer with a short chain needs.
const contentsSize = 16384

var (
	reTrailer   = regexp.MustCompile(`(?s)trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$`)
	reRef       = func(key string) *regexp.Regexp { return regexp.MustCompile(`/` + key + `\s+(\d+)\s+0\s+R`) }
	reSize      = regexp.MustCompile(`/Size\s+(\d+)`)
	reKids      = regexp.MustCompile(`/Kids\s*\[\s*(\d+)\s+0\s+R`)
	rePageAnnot = regexp.MustCompile(`/Annots`)
)

// object returns the dictionary text of object n (between its outermost
// << and >>), from the last definition in the file.
func object(pdf []byte, n int) (string, error) {
	head := []byte(fmt.Sprintf("\n%d 0 obj", n))
	i := bytes.LastIndex(pdf, head)
	if i < 0 {
		return "", fmt.Errorf("pades: object %d not found", n)
	}
	rest := pdf[i+len(head):]
	end := bytes.Index(rest, []byte("endobj"))
	if end < 0 {
		return "", fmt.Errorf("pades: object %d has no endobj", n)
	}
	body := strings.TrimSpace(string(rest[:end]))
	if !strings.HasPrefix(body, "<<") || !strings.HasSuffix(body, ">>") || strings.Contains(body, "stream") {
		return "", fmt.Errorf("pades: object %d is not a dictionary", n)
	}
	return body[2 : len(body)-2], nil
}

// Sign returns pdf with a PAdES signature appended as an incremental
// update; the original bytes are kept as they are.
func (s *Signer) Sign(pdf []byte, info Info) ([]byte, error) {
	m := reTrailer.FindSubmatch(pdf)
	if m == nil {
		return nil, errors.New("pades: no classic trailer (only PDFs with a cross-reference table are supported)")
	}
	trailer := string(m[1])
	prev := string(m[2])
	num := func(re *regexp.Regexp, s string) (int, error) {
		x := re.FindStringSubmatch(s)
		if x == nil {
			return 0, fmt.Errorf("pades: %s not found", re)
		}
		return strconv.Atoi(x[1])
	}
	size, err := num(reSize, trailer)
	if err != nil {
		return nil, err
	}
	root, err := num(reRef("Root"), trailer)
	if err != nil {
		return nil, err
	}
	catalog, err := object(pdf, root)
	if err != nil {
		return nil, err
	}
	if strings.Contains(catalog, "/AcroForm") {
		return nil, errors.New("pades: the PDF already has a form")
	}
	pagesN, err := num(reRef("Pages"), catalog)
	if err != nil {
		return nil, err
	}
	pages, err := object(pdf, pagesN)
	if err != nil {
		return nil, err
	}
	pageN, err := num(reKids, pages)
	if err != nil {
		return nil, err
	}
	page, err := object(pdf, pageN)
	if err != nil {
		return nil, err
	}
	if rePageAnnot.MatchString(page) {
		return nil, errors.New("pades: the first page already has annotations")
	}
	info.Time = info.Time.UTC()
	sigN, fieldN := size, size+1
	var b bytes.Buffer
	b.Write(pdf)
	if pdf[len(pdf)-1] != '\n' {
		b.WriteByte('\n')
	}
	offsets := map[int]int{}
	// The signature dictionary: /ByteRange is written with room for the
	// real numbers and filled in once the offsets are known.
	offsets[sigN] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ", sigN)
	brPos := b.Len()
	b.WriteString("/ByteRange [0 0000000000 0000000000 0000000000]")
	brLen := b.Len() - brPos
	b.WriteString(" /Contents <")
	cStart := b.Len() - 1
	b.Write(bytes.Repeat([]byte("0"), contentsSize*2))
	b.WriteString(">")
	cEnd := b.Len()
	fmt.Fprintf(&b, " /M %s /Name %s /Reason %s /Location %s >>\nendobj\n", pdfDate(info.Time), pdfString(info.Name), pdfString(info.Reason), pdfString(info.Location))
	offsets[fieldN] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T %s /V %d 0 R /F 132 /Rect [0 0 0 0] /P %d 0 R >>\nendobj\n",
		fieldN, pdfString("steerco seal"), sigN, pageN)
	offsets[root] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<<%s /AcroForm << /Fields [%d 0 R] /SigFlags 3 >> >>\nendobj\n", root, catalog, fieldN)
	offsets[pageN] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<<%s /Annots [%d 0 R] >>\nendobj\n", pageN, page, fieldN)
	xref := b.Len()
	b.WriteString("xref\n")
	for _, n := range sortedKeys(offsets) {
		fmt.Fprintf(&b, "%d 1\n%010d 00000 n \n", n, offsets[n])
	}
	rest := reSize.ReplaceAllString(trailer, "")
	rest = regexp.MustCompile(`/Prev\s+\d+`).ReplaceAllString(rest, "")
	rest = regexp.MustCompile(`/ID\s*\[[^\]]*\]`).ReplaceAllString(rest, "")
	fmt.Fprintf(&b, "trailer\n<< /Size %d %s /Prev %s >>\nstartxref\n%d\n%%%%EOF\n", size+2, strings.TrimSpace(rest), prev, xref)
	out := b.Bytes()
	br := fmt.Sprintf("/ByteRange [0 %d %d %d]", cStart, cEnd, len(out)-cEnd)
	if len(br) > brLen {
		return nil, errors.New("pades: byte range does not fit")
	}
	copy(out[brPos:], br+strings.Repeat(" ", brLen-len(br)))
	signed := make([]byte, 0, len(out)-(cEnd-cStart))
	signed = append(append(signed, out[:cStart]...), out[cEnd:]...)
	der, err := s.cms(signed)
	if err != nil {
		return nil, err
	}
	if len(der) > contentsSize {
		return nil, errors.New("pades: the signature is larger than its room")
	}
	copy(out[cStart+1:], strings.ToUpper(hex.EncodeToString(der)))
	return out, nil
}

func sortedKeys(m map[int]int) []int {
	var ks []int
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

// cms is the detached CAdES signature of data: SHA-256, with the
// signing-certificate-v2 attribute that PAdES requires.
func (s *Signer) cms(data []byte) ([]byte, error) {
	sd, err := pkcs7.NewSignedData(data)
	if err != nil {
		return nil, err
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	certHash := sha256.Sum256(s.Cert.Raw)
	type essCertIDv2 struct{ CertHash []byte }
	type signingCertificateV2 struct{ Certs []essCertIDv2 }
	attr := pkcs7.Attribute{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47},
		Value: signingCertificateV2{Certs: []essCertIDv2{{CertHash: certHash[:]}}}}
	if err := sd.AddSignerChain(s.Cert, s.Key, s.Chain, pkcs7.SignerInfoConfig{ExtraSignedAttributes: []pkcs7.Attribute{attr}}); err != nil {
		return nil, err
	}
	sd.Detach()
	return sd.Finish()
}

// pdfDate is a PDF date string in UTC.
func pdfDate(t time.Time) string { return t.UTC().Format("(D:20060102150405Z)") }

// pdfString is a PDF text string: UTF-16BE with a byte-order mark, hex,
// so that any name (ä, å, ö) survives.
func pdfString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, r := range s {
		if r > 0xFFFF {
			r = '?'
		}
		fmt.Fprintf(&b, "%04X", r)
	}
	b.WriteString(">")
	return b.String()
}
