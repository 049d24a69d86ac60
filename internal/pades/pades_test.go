package pades

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/minutesdoc"
)

// TestSignVerifiesWithPdfsig seals a minutes PDF and asks poppler's
// pdfsig whether the signature is valid (the certificate is self-signed,
// so only the signature, not its issuer, can be trusted).
func TestSignVerifiesWithPdfsig(t *testing.T) {
	certPEM, keyPEM, err := SelfSigned("steerco test seal")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	doc := minutesdoc.Doc{Title: "Pöytäkirja: Tuotantoryhmä", MinutesLabel: "Pöytäkirja", Body: "# Asiat\n\n- yksi\n- kaksi",
		Record: "Hyväksytty", SignaturesLabel: "Allekirjoitukset", Signatures: []string{"Kari Väisänen, puheenjohtaja"}, AuditLabel: "Audit", AuditHead: "abc123"}
	pdf, err := minutesdoc.Render(doc.Layout(), doc.Title, "fi", time.Date(2027, 1, 20, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := s.Sign(pdf, Info{Name: "Kari Väisänen", Reason: "Pöytäkirja tarkastettu", Location: "steerco", Time: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if string(sealed[:len(pdf)]) != string(pdf) {
		t.Fatal("the incremental update changed the original bytes")
	}
	if _, err := s.Sign(sealed, Info{}); err == nil {
		t.Error("signing a signed PDF again should be refused")
	}
	if _, err := exec.LookPath("pdfsig"); err != nil {
		t.Skip("pdfsig (poppler-utils) not installed")
	}
	path := filepath.Join(t.TempDir(), "sealed.pdf")
	if err := os.WriteFile(path, sealed, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("pdfsig", path).CombinedOutput()
	if !strings.Contains(string(out), "Signature is Valid") || !strings.Contains(string(out), "ETSI.CAdES.detached") {
		t.Fatalf("pdfsig does not call it valid:\n%s", out)
	}
	t.Logf("pdfsig:\n%s", out)
	// A changed byte breaks it.
	bad := append([]byte{}, sealed...)
	i := strings.Index(string(bad), "/Producer")
	bad[i+2] ^= 1
	os.WriteFile(path, bad, 0o600)
	out, _ = exec.Command("pdfsig", path).CombinedOutput()
	if strings.Contains(string(out), "Signature is Valid") {
		t.Fatalf("pdfsig accepts a changed file:\n%s", out)
	}
}
