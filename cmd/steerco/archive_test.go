package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestArchiveCommands: the "done when" — `steerco archive export`
// of the demo agreement writes a package that passes the checker and,
// with xmllint installed, validates against METS 1.12.1 and the DILCIS
// extensions offline; bad input is refused with a message.
func TestArchiveCommands(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "demo.db")
	if out := ok(t, "demo", "--db", db, "--no-serve"); !strings.Contains(out, "published the minutes of") {
		t.Errorf("the demo published no minutes:\n%s", out)
	}
	pkg := filepath.Join(dir, "pkg")
	out := ok(t, "archive", "export", "--agreement", "national-platform", "--out", pkg, "--db", db)
	if !strings.Contains(out, "wrote package steerco-national-platform-") {
		t.Errorf("export says %q", out)
	}
	if out := ok(t, "archive", "check", pkg); !strings.Contains(out, "meets the") {
		t.Errorf("check says %q", out)
	}
	// The demo's checked and signed minutes are exported as their sealed
	// PDF, with the signature facts in PREMIS.
	if sealed, _ := filepath.Glob(filepath.Join(pkg, "representations", "minutes", "data", "*-sealed.pdf")); len(sealed) != 1 {
		t.Errorf("sealed minutes in the package: %v", sealed)
	}
	if b, _ := os.ReadFile(filepath.Join(pkg, "metadata", "preservation", "premis.xml")); !strings.Contains(string(b), "<premis:signatureEncoding>PAdES") {
		t.Error("premis.xml has no signature facts of the sealed minutes")
	}
	zp := filepath.Join(dir, "pkg.zip")
	ok(t, "archive", "export", "--agreement", "national-platform", "--out", zp, "--from", "2026-01-01", "--to", "2026-12-31", "--db", db)
	ok(t, "archive", "check", zp)
	if _, err := exec.LookPath("xmllint"); err == nil {
		schemas, _ := filepath.Abs("../../internal/archive/schemas")
		files, _ := filepath.Glob(filepath.Join(pkg, "representations", "*", "METS.xml"))
		args := append([]string{"--catalogs", "--nonet", "--noout", "--schema", filepath.Join(schemas, "mets-csip-sip.xsd"), filepath.Join(pkg, "METS.xml")}, files...)
		cmd := exec.Command("xmllint", args...)
		cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(schemas, "catalog.xml"))
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("xmllint: %v\n%s", err, b)
		}
	} else if os.Getenv("STEERCO_REQUIRE_XMLLINT") == "1" {
		t.Fatal("xmllint is not installed")
	}
	// Tampering is found and named by requirement.
	os.WriteFile(filepath.Join(pkg, "representations", "agenda", "data", "agenda_items.csv"), []byte("x"), 0o644)
	if r := steerco(t, "archive", "check", pkg); r.code != 1 || !strings.Contains(r.stdout, "FILE: representations/agenda/data/agenda_items.csv") {
		t.Errorf("tampered package:\n%s", r)
	}
	fails(t, 1, "archive", "export", "--agreement", "national-platform", "--out", pkg, "--db", db) // not empty
	fails(t, 1, "archive", "export", "--agreement", "no-such", "--out", filepath.Join(dir, "x"), "--db", db)
	fails(t, 1, "archive", "export", "--agreement", "national-platform", "--out", filepath.Join(dir, "y"), "--from", "1.1.2026", "--db", db)
	fails(t, 2, "archive", "export", "--agreement", "national-platform")
	fails(t, 2, "archive", "frobnicate")
	if out := ok(t, "archive", "retention", "--agreement", "national-platform", "--db", db); !strings.Contains(out, "national-platform") {
		t.Errorf("retention says %q", out)
	}
	fails(t, 1, "archive", "retention", "--agreement", "no-such", "--db", db)
}
