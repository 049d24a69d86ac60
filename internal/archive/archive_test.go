package archive

import (
	"archive/zip"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/records"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// world is an agreement with two held meetings: one with approved
// minutes and a secret agenda item, one whose minutes are still a draft.
type world struct {
	st               *store.Store
	a                *gov.Agreement
	approved, draft  int64
	secretItemID     int64
	secretItemTitle  string
	secretItemPublic string
}

func newWorld(t *testing.T, st *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	src, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("national-platform.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
		t.Fatal(err)
	}
	w := &world{st: st, a: a, secretItemTitle: "Toimittajan X hinnoittelu ja liikesalaisuudet", secretItemPublic: "Toimittajasopimuksen hinnoittelu"}
	forum := a.Records.Publication.Forums[0]
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	add := func(day int, approved bool) int64 {
		var id int64
		err := st.InTx(ctx, func(tx *store.Tx) error {
			start := now.AddDate(0, 0, day)
			m := &gov.Meeting{Agreement: a.Slug, Forum: forum, Kind: gov.KindRegular, State: gov.MinutesDrafted, Title: "Ohjausryhmän kokous",
				Start: start, End: start.Add(2 * time.Hour), LocalDate: start.Format(time.DateOnly), MaterialsDue: start.Format(time.DateOnly),
				ICalUID: "t-" + start.Format("20060102"), CreatedBy: "test", CreatedAt: now, UpdatedAt: now}
			if approved {
				m.State = gov.MinutesApproved
			}
			if err := tx.InsertMeeting(ctx, m); err != nil {
				return err
			}
			for i, title := range []string{"Edellisen kokouksen pöytäkirja", w.secretItemTitle} {
				it := &gov.AgendaItem{MeetingID: m.ID, Position: i + 1, Type: "decision", Title: title, Status: gov.ItemAccepted, Source: "manual"}
				if err := tx.InsertItem(ctx, it); err != nil {
					return err
				}
				if i == 1 && approved {
					w.secretItemID = it.ID
				}
			}
			body := "# Pöytäkirja\n\n## 1. Edellisen kokouksen pöytäkirja\n\nHyväksyttiin.\n\n## 2. " + w.secretItemTitle + "\n\nHinta 123 €/h.\n"
			mins := &gov.Minutes{MeetingID: m.ID, Body: body, Status: gov.MinutesDraft, WrittenBy: "test", WrittenAt: now}
			if err := tx.InsertMinutes(ctx, mins); err != nil {
				return err
			}
			if approved {
				at := now.Add(time.Hour)
				mins.Status, mins.ApprovedBy, mins.ApprovedAt = gov.MinutesFinal, "user:chair@example.org", &at
				if err := tx.UpdateMinutes(ctx, mins); err != nil {
					return err
				}
			}
			id = m.ID
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	w.approved, w.draft = add(0, true), add(7, false)
	svc := records.New(st)
	x := meeting.Actor{P: auth.Principal{Email: "admin@example.org", Admin: true}, Role: auth.Admin}
	err = svc.MarkSecret(ctx, a, x, w.approved, records.SecrecyInput{Kind: "item", Ref: itoa(w.secretItemID), PublicTitle: w.secretItemPublic, Basis: "JulkL 24 § 1 mom. 20 k.", Years: 25})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// xmllint validates every METS.xml of a package against METS 1.12.1 and
// the DILCIS extensions, offline through the catalogue.
func xmllint(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("STEERCO_REQUIRE_XMLLINT") == "1" {
			t.Fatal("xmllint is not installed (apt-get install libxml2-utils)")
		}
		t.Log("xmllint is not installed; schema validation skipped (apt-get install libxml2-utils)")
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, "representations", "*", "METS.xml"))
	files = append(files, filepath.Join(dir, "METS.xml"))
	schemas, _ := filepath.Abs("schemas")
	for _, f := range files {
		cmd := exec.Command("xmllint", "--catalogs", "--nonet", "--noout", "--schema", filepath.Join(schemas, "mets-csip-sip.xsd"), f)
		cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(schemas, "catalog.xml"))
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "validates") {
			t.Errorf("xmllint %s: %v\n%s", f, err, out)
		}
	}
}

func TestExport(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		dir := filepath.Join(t.TempDir(), "pkg")
		sum, err := Export(ctx, st, Options{Agreement: w.a.Slug, Version: "test"}, dir)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Drafts != 1 || sum.Records[gov.RecMinutes] != 2 || sum.Records[gov.RecAgenda] != 4 {
			t.Errorf("summary %+v", sum)
		}
		problems, err := Check(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Error(p)
		}
		xmllint(t, dir)

		mets := readFile(t, dir, "METS.xml")
		for _, want := range []string{`OBJID="` + sum.ID + `"`, `TYPE="Mixed"`, `csip:CONTENTINFORMATIONTYPE="MIXED"`, `PROFILE="` + Profile + `"`,
			`<agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><name>steerco</name><note csip:NOTETYPE="SOFTWARE VERSION">test</note>`,
			`csip:OAISPACKAGETYPE="SIP"`, `CHECKSUMTYPE="SHA-256"`} {
			if !strings.Contains(mets, want) {
				t.Errorf("METS.xml lacks %s", want)
			}
		}
		// Every record type has a representation and descriptive metadata.
		for _, rt := range gov.RecordTypes {
			desc := readFile(t, dir, "metadata/descriptive/"+string(rt)+".xml")
			m := w.a.RecordMetaFor(rt)
			if !strings.Contains(desc, `function="`+m.Function+`"`) || !strings.Contains(desc, `publicity="`+m.Publicity+`"`) {
				t.Errorf("%s descriptive metadata lacks the type's metadata:\n%s", rt, desc)
			}
			if _, err := os.Stat(filepath.Join(dir, "representations", string(rt), "METS.xml")); err != nil {
				t.Errorf("no representation for %s", rt)
			}
		}
		// The draft is exported and marked, the approved minutes are final.
		desc := readFile(t, dir, "metadata/descriptive/minutes.xml")
		if !regexp.MustCompile(`status="draft"[^>]*>\s*<title>[^<]*</title>\s*<file>[^<]*-DRAFT\.pdf</file>`).MatchString(desc) {
			t.Errorf("draft minutes not marked:\n%s", desc)
		}
		if !strings.Contains(desc, `status="final"`) {
			t.Errorf("approved minutes not final:\n%s", desc)
		}
		drafts, _ := filepath.Glob(filepath.Join(dir, "representations/minutes/data/*-DRAFT.pdf"))
		if len(drafts) != 1 {
			t.Errorf("%d draft PDFs, want 1", len(drafts))
		} else if out, err := exec.Command("pdftotext", drafts[0], "-").Output(); err == nil && !strings.Contains(string(out), "DRAFT – NOT APPROVED") {
			t.Errorf("the draft PDF does not say it is a draft:\n%s", out)
		}
		if out, err := exec.Command("pdffonts", filepath.Join(dir, "representations/agenda/data", "agenda-"+itoa(w.approved)+".pdf")).Output(); err == nil {
			for _, l := range strings.Split(string(out), "\n")[2:] {
				if f := strings.Fields(l); len(f) > 4 && f[len(f)-5] != "yes" {
					t.Errorf("font not embedded: %s", l)
				}
			}
		}
		// The secret item is in the agenda's metadata with its public
		// title and legal basis.
		agenda := readFile(t, dir, "metadata/descriptive/agenda.xml")
		if !strings.Contains(agenda, `publicity="secret" secrecyBasis="JulkL 24 § 1 mom. 20 k." secrecyYears="25" publicTitle="`+w.secretItemPublic+`"`) {
			t.Errorf("secret item not marked in agenda.xml:\n%s", agenda)
		}
		premis := readFile(t, dir, "metadata/preservation/premis.xml")
		for _, want := range []string{"<premis:eventType>record.secret</premis:eventType>", "<premis:eventType>model.apply</premis:eventType>",
			"<premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm>", "<premis:eventType>creation</premis:eventType>"} {
			if !strings.Contains(premis, want) {
				t.Errorf("premis.xml lacks %s", want)
			}
		}

		// A zip holds one root folder named for the package and checks too.
		zp := filepath.Join(t.TempDir(), "p.zip")
		if _, err := Export(ctx, st, Options{Agreement: w.a.Slug}, zp); err != nil {
			t.Fatal(err)
		}
		if problems, err := Check(zp); err != nil || len(problems) > 0 {
			t.Errorf("zip: %v %v", err, problems)
		}
		zr, err := zip.OpenReader(zp)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if !strings.HasPrefix(f.Name, "steerco-national-platform-") {
				t.Errorf("zip entry %s is outside the root folder", f.Name)
			}
		}
		zr.Close()
	})
}

// TestExportPeriod keeps the records dated in --from..--to.
func TestExportPeriod(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	w := newWorld(t, st)
	dir := filepath.Join(t.TempDir(), "pkg")
	sum, err := Export(context.Background(), st, Options{Agreement: w.a.Slug, From: "2026-03-01", To: "2026-03-12"}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records[gov.RecMinutes] != 1 || sum.Drafts != 0 {
		t.Errorf("period kept %d minutes (%d drafts), want the approved one only", sum.Records[gov.RecMinutes], sum.Drafts)
	}
	for _, bad := range []Options{{From: "2026-3-1"}, {To: "tomorrow"}, {From: "2026-04-01", To: "2026-03-01"}} {
		bad.Agreement = w.a.Slug
		if _, err := Export(context.Background(), st, bad, filepath.Join(t.TempDir(), "x")); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if _, err := Export(context.Background(), st, Options{Agreement: "no-such"}, filepath.Join(t.TempDir(), "x")); err == nil || !strings.Contains(err.Error(), `no agreement "no-such"`) {
		t.Errorf("missing agreement: %v", err)
	}
}

// TestExportChecksumChange changes a file between writing and zipping:
// the export fails and names the file, and leaves no zip behind.
func TestExportChecksumChange(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	w := newWorld(t, st)
	zp := filepath.Join(t.TempDir(), "p.zip")
	target := "representations/minutes/data/minutes-" + itoa(w.approved) + "-v1.pdf"
	_, err := Export(context.Background(), st, Options{Agreement: w.a.Slug, beforeZip: func(dir string) {
		os.WriteFile(filepath.Join(dir, filepath.FromSlash(target)), []byte("changed"), 0o644)
	}}, zp)
	var ce *ChecksumError
	if !errors.As(err, &ce) || ce.File != target || !strings.Contains(err.Error(), target) {
		t.Fatalf("error %v, want a checksum error naming %s", err, target)
	}
	if _, err := os.Stat(zp); err == nil {
		t.Error("a zip was left behind")
	}
}

// TestCheckFinds proves the checker fails: a changed file, a missing
// OBJID, a wrong profile and a missing software agent are each reported
// with their requirement.
func TestCheckFinds(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	w := newWorld(t, st)
	cases := []struct {
		name string
		edit func(dir string)
		req  string
	}{
		{"changed file", func(dir string) {
			os.WriteFile(filepath.Join(dir, "representations/minutes/data/minutes.csv"), []byte("x"), 0o644)
		}, "FILE"},
		{"no OBJID", func(dir string) { replace(t, dir, "METS.xml", ` OBJID="`, ` XOBJID="`) }, "CSIP1"},
		{"profile", func(dir string) { replace(t, dir, "METS.xml", `E-ARK-SIP-v2-2-0.xml`, `E-ARK-SIP-v2-1-0.xml`) }, "SIP2"},
		{"software agent", func(dir string) { replace(t, dir, "METS.xml", `OTHERTYPE="SOFTWARE"`, `OTHERTYPE="HUMAN"`) }, "CSIP10"},
		{"package type", func(dir string) { replace(t, dir, "METS.xml", `OAISPACKAGETYPE="SIP"`, `OAISPACKAGETYPE="AIP"`) }, "SIP4"},
		{"checksum type", func(dir string) {
			replace(t, dir, "representations/order/METS.xml", `CHECKSUMTYPE="SHA-256"`, `CHECKSUMTYPE="MD5"`)
		}, "CSIP72"},
		{"no metadata div", func(dir string) { replace(t, dir, "METS.xml", `LABEL="Metadata"`, `LABEL="Meta"`) }, "CSIP88"},
	}
	for _, c := range cases {
		dir := filepath.Join(t.TempDir(), "pkg")
		if _, err := Export(context.Background(), st, Options{Agreement: w.a.Slug}, dir); err != nil {
			t.Fatal(err)
		}
		c.edit(dir)
		problems, err := Check(dir)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range problems {
			found = found || p.Req == c.req
		}
		if !found {
			t.Errorf("%s: no %s problem in %v", c.name, c.req, problems)
		}
	}
}

// TestProfilesCovered reads the MUST requirements of the CSIP and SIP
// profiles and the CSIP structure requirements: each is checked or
// listed as not mechanically checkable with a reason.
func TestProfilesCovered(t *testing.T) {
	checked := map[string]bool{}
	for _, id := range Checked {
		checked[id] = true
	}
	reqRE := regexp.MustCompile(`<requirement ID="([^"]+)"[^>]*REQLEVEL="MUST"`)
	n := 0
	for _, f := range []string{"testdata/profiles/E-ARK-CSIP-v2-2-0.xml", "testdata/profiles/E-ARK-SIP-v2-2-0.xml"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range reqRE.FindAllStringSubmatch(string(b), -1) {
			n++
			if !checked[m[1]] && NotChecked[m[1]] == "" {
				t.Errorf("%s: MUST requirement %s is neither checked nor explained", f, m[1])
			}
		}
	}
	b, err := os.ReadFile("testdata/profiles/CSIP-v2.2.0-structure-requirements.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`\*\*(CSIPSTR\d+)\*\*: [^\n]*\*\*MUST\*\*`).FindAllStringSubmatch(string(b), -1) {
		n++
		if !checked[m[1]] && NotChecked[m[1]] == "" {
			t.Errorf("structure requirement %s is neither checked nor explained", m[1])
		}
	}
	if n < 100 {
		t.Errorf("only %d MUST requirements read from the profiles", n)
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func replace(t *testing.T, dir, name, old, new string) {
	t.Helper()
	s := readFile(t, dir, name)
	if !strings.Contains(s, old) {
		t.Fatalf("%s has no %q", name, old)
	}
	os.WriteFile(filepath.Join(dir, name), []byte(strings.Replace(s, old, new, 1)), 0o644)
}
