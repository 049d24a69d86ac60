package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestAuditCheckpoints: with signed checkpoints, verify finds what the
// chain alone cannot: a chain rebuilt after a change (it verifies on its
// own), a tail cut off with the head reset, and a checkpoint altered.
func TestAuditCheckpoints(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		key, cps := filepath.Join(dir, "audit.key"), filepath.Join(dir, "checkpoints")
		if out := ok(t, "audit", "keygen", "--out", key); !strings.Contains(out, key+".pub") {
			t.Errorf("keygen: %q", out)
		}
		if info, err := os.Stat(key); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("private key mode: %v %v", info, err)
		}
		fails(t, 1, "audit", "keygen", "--out", key) // never overwrites
		ids := applyTemplates(t, db)
		if out := ok(t, "audit", "checkpoint", "--key", key, "--dir", cps, "--db", db); !strings.Contains(out, "checkpoint: ") {
			t.Errorf("checkpoint: %q", out)
		}
		verify := []string{"audit", "verify", "--db", db, "--checkpoints", cps, "--pubkey", key + ".pub"}
		if out := ok(t, verify...); !strings.Contains(out, "1 signed checkpoints hold") {
			t.Errorf("verify: %q", out)
		}
		// More entries after the checkpoint are fine.
		s := storetest.Open(t, db)
		src, _ := model.Template("national-platform")
		a, _ := model.Parse("np.yaml", src)
		a.Name = "changed later"
		if _, err := s.ApplyAgreement(context.Background(), a, "tester"); err != nil {
			t.Fatal(err)
		}
		s.Close()
		ok(t, verify...)

		// Cut the tail back to before the checkpoint and reset the head:
		// the chain alone still verifies, the checkpoint does not.
		keep := ids[len(ids)-3]
		tamper(t, db, digestsOff(db),
			`DELETE FROM audit_digests WHERE entry_id > `+itoa(keep),
			`DELETE FROM audit_log WHERE id > `+itoa(keep),
			`UPDATE audit_head SET seq = (SELECT count(*) FROM audit_log), hash = (SELECT hash FROM audit_log WHERE id = `+itoa(keep)+`) WHERE id = 1`)
		ok(t, "audit", "verify", "--db", db)
		if stderr := fails(t, 1, verify...); !strings.Contains(stderr, "rolled back") {
			t.Errorf("rollback: %q", stderr)
		}

		// Rebuild a whole different chain of the same length: it verifies
		// on its own, and the checkpoint's hash tells it apart.
		tamper(t, db, digestsOff(db), `DELETE FROM audit_digests`, `DELETE FROM audit_log`, `UPDATE audit_head SET seq = 0, hash = '' WHERE id = 1`)
		s = storetest.Open(t, db)
		for i := range len(ids) + 2 {
			a.Name = "rebuilt " + itoa(int64(i))
			if _, err := s.ApplyAgreement(context.Background(), a, "mallory"); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
		ok(t, "audit", "verify", "--db", db)
		if stderr := fails(t, 1, verify...); !strings.Contains(stderr, "was changed, removed or inserted") {
			t.Errorf("rebuilt chain: %q", stderr)
		}

		// An edited checkpoint fails its signature.
		files, _ := filepath.Glob(filepath.Join(cps, "*.json"))
		b, _ := os.ReadFile(files[0])
		os.WriteFile(files[0], []byte(strings.Replace(string(b), `"entries": `, `"entries": 1`, 1)), 0o644)
		if stderr := fails(t, 1, verify...); !strings.Contains(stderr, "signature does not verify") {
			t.Errorf("edited checkpoint: %q", stderr)
		}
		fails(t, 2, "audit", "verify", "--db", db, "--checkpoints", cps)
		fails(t, 2, "audit", "checkpoint", "--key", key)
	})
}

// digestsOff is the statement that lets an attacker with the owner's
// rights delete digests rows too.
func digestsOff(db string) string {
	if strings.HasPrefix(db, "sqlite:") {
		return `DROP TRIGGER IF EXISTS audit_digests_no_delete`
	}
	return `ALTER TABLE audit_digests DISABLE TRIGGER ALL`
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
