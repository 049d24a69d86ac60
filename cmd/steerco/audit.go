package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/steerco/steerco/internal/auditsig"
	"github.com/steerco/steerco/internal/store"
)

const auditUsage = `usage:
  steerco audit verify [--db DSN] [--checkpoints DIR --pubkey FILE.pub]
  steerco audit keygen --out FILE
  steerco audit checkpoint --key FILE --dir DIR [--db DSN]

verify checks that no audit log entry was altered or removed; with signed
checkpoints also that nothing they cover was changed, removed or rolled
back, even by someone who could rewrite the database. keygen makes the
Ed25519 key pair (FILE, FILE.pub; keep them outside the database);
checkpoint writes the chain's length and head hash, signed, to DIR.`

// runAudit implements `steerco audit verify|keygen|checkpoint`. Exit
// status 0 when all is well, 1 when the trail was altered (or the command
// could not run), 2 on a usage error.
func runAudit(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, auditUsage)
		return 2
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprintln(stderr, auditUsage)
		return 0
	case "verify":
		return auditVerify(ctx, args[1:], stdout, stderr)
	case "keygen":
		return auditKeygen(args[1:], stdout, stderr)
	case "checkpoint":
		return auditCheckpoint(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintln(stderr, auditUsage)
	return 2
}

func auditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("audit verify", stderr)
	db := dbFlag(fs, defaultDB)
	dir := fs.String("checkpoints", "", "`DIR` of signed checkpoints to check the chain against")
	pubFile := fs.String("pubkey", "", "the checkpoints' public key `FILE.pub`")
	if pos, code := parseFlags(fs, args); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco audit verify: unexpected argument %q\n", pos[0])
		return 2
	}
	if (*dir == "") != (*pubFile == "") {
		fmt.Fprintln(stderr, "steerco audit verify: give --checkpoints and --pubkey together")
		return 2
	}
	// Not Open: verifying must not change the database, not even migrate it.
	s, err := store.ConnectExisting(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "steerco audit verify: %v\n", err)
		return 1
	}
	defer s.Close()
	c, err := s.CheckAudit(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "steerco audit verify: %v\n", err)
		return 1
	}
	if !c.OK {
		fmt.Fprintf(stderr, "audit trail broken at entry %d: %s\n", c.FirstBroken, c.Reason)
		return 1
	}
	if *dir == "" {
		fmt.Fprintf(stdout, "audit trail intact: %d entries\n", c.Entries)
		return 0
	}
	pub, err := auditsig.LoadPublic(*pubFile)
	if err != nil {
		fmt.Fprintf(stderr, "steerco audit verify: %v\n", err)
		return 1
	}
	cps, err := auditsig.ReadAll(*dir, pub)
	if err != nil {
		fmt.Fprintf(stderr, "audit checkpoints not trustworthy: %v\n", err)
		return 1
	}
	if problem := checkCheckpoints(ctx, s, cps); problem != "" {
		fmt.Fprintf(stderr, "audit trail changed since a signed checkpoint: %s\n", problem)
		return 1
	}
	covered := int64(0)
	if len(cps) > 0 {
		covered = cps[len(cps)-1].Entries
	}
	fmt.Fprintf(stdout, "audit trail intact: %d entries; %d signed checkpoints hold, the latest covering %d entries\n", c.Entries, len(cps), covered)
	return 0
}

// checkCheckpoints compares the chain with each checkpoint: the chain
// must be at least as long, and its entry at the checkpoint's length must
// have the checkpoint's hash. The chain hash covers every entry before
// it, so an entry changed (even with the chain recomputed), removed or
// inserted before it, or a rollback to an earlier state, shows here.
func checkCheckpoints(ctx context.Context, s *store.Store, cps []auditsig.Checkpoint) string {
	st, err := s.AuditState(ctx)
	if err != nil {
		return err.Error()
	}
	for _, cp := range cps {
		if st.Entries < cp.Entries {
			return fmt.Sprintf("checkpoint %s of %s covers %d entries, the log has %d: entries were removed or the database was rolled back",
				cp.File, cp.At.Format("2006-01-02 15:04 MST"), cp.Entries, st.Entries)
		}
		if cp.Entries == 0 {
			continue
		}
		id, hash, err := s.AuditEntryAt(ctx, cp.Entries)
		if err != nil {
			return err.Error()
		}
		if hash != cp.Head {
			return fmt.Sprintf("checkpoint %s of %s: entry %d (id %d) has hash %s, the checkpoint %s: an entry up to it was changed, removed or inserted, and the chain recomputed",
				cp.File, cp.At.Format("2006-01-02 15:04 MST"), cp.Entries, id, short(hash), short(cp.Head))
		}
	}
	return ""
}

func short(h string) string { return h[:min(16, len(h))] }

func auditKeygen(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("audit keygen", stderr)
	out := fs.String("out", "", "write the private key to `FILE` and the public key to FILE.pub")
	if pos, code := parseFlags(fs, args); code >= 0 {
		return code
	} else if len(pos) > 0 || *out == "" {
		fmt.Fprintln(stderr, "usage: steerco audit keygen --out FILE")
		return 2
	}
	if err := auditsig.Keygen(*out); err != nil {
		fmt.Fprintf(stderr, "steerco audit keygen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s (private: keep it off the database server's backups) and %s.pub\n", *out, *out)
	return 0
}

func auditCheckpoint(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("audit checkpoint", stderr)
	db := dbFlag(fs, defaultDB)
	key := fs.String("key", "", "the private key `FILE` from steerco audit keygen")
	dir := fs.String("dir", "", "write the checkpoint to `DIR`")
	if pos, code := parseFlags(fs, args); code >= 0 {
		return code
	} else if len(pos) > 0 || *key == "" || *dir == "" {
		fmt.Fprintln(stderr, "usage: steerco audit checkpoint --key FILE --dir DIR [--db DSN]")
		return 2
	}
	s, err := store.ConnectExisting(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "steerco audit checkpoint: %v\n", err)
		return 1
	}
	defer s.Close()
	file, cp, err := writeCheckpoint(ctx, s, *key, *dir)
	if err != nil {
		fmt.Fprintf(stderr, "steerco audit checkpoint: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "checkpoint: %d entries, head %s, in %s\n", cp.Entries, short(cp.Head), file)
	return 0
}

// writeCheckpoint signs the chain's state as it is, after checking that
// the chain holds: signing a broken chain would vouch for it.
func writeCheckpoint(ctx context.Context, s *store.Store, keyFile, dir string) (string, auditsig.Checkpoint, error) {
	key, err := auditsig.LoadPrivate(keyFile)
	if err != nil {
		return "", auditsig.Checkpoint{}, err
	}
	c, err := s.CheckAudit(ctx)
	if err != nil {
		return "", auditsig.Checkpoint{}, err
	}
	if !c.OK {
		return "", auditsig.Checkpoint{}, fmt.Errorf("audit trail broken at entry %d: %s; not signing it", c.FirstBroken, c.Reason)
	}
	st, err := s.AuditState(ctx)
	if err != nil {
		return "", auditsig.Checkpoint{}, err
	}
	if st.Entries < c.Entries {
		return "", auditsig.Checkpoint{}, errors.New("the audit trail shrank while it was checked")
	}
	cp := auditsig.Checkpoint{Entries: st.Entries, LastID: st.LastID, Head: st.Head, At: time.Now()}
	file, err := auditsig.Write(dir, key, cp)
	return file, cp, err
}
