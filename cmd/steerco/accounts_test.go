package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestUserDisableEnable: `steerco user disable|enable --email E` flips the
// account, which the web guard and the API then refuse or accept; an
// unknown address is an error (issue #15).
func TestUserDisableEnable(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		db, party := userDB(t, dsn)
		const pw = "a long enough secret"
		if code, _, stderr := userRun(t, pw+"\n", "user", "add", "--email", "anna@example.fi", "--name", "Anna", "--party", party, "--db", db); code != 0 {
			t.Fatal(stderr)
		}
		code, out, stderr := userRun(t, "", "user", "disable", "--email", "Anna@example.fi", "--db", db)
		if code != 0 || !strings.HasPrefix(out, "disabled user anna@example.fi") {
			t.Fatalf("disable: %d %q %q", code, out, stderr)
		}
		if !userByEmail(t, db, "anna@example.fi").Disabled {
			t.Fatal("not disabled")
		}
		if code, out, _ := userRun(t, "", "user", "enable", "--email", "anna@example.fi", "--db", db); code != 0 || out != "enabled user anna@example.fi\n" {
			t.Fatalf("enable: %d %q", code, out)
		}
		if userByEmail(t, db, "anna@example.fi").Disabled {
			t.Fatal("still disabled")
		}
		if code, _, stderr := userRun(t, "", "user", "disable", "--email", "nobody@example.fi", "--db", db); code != 1 || !strings.Contains(stderr, "no account nobody@example.fi") {
			t.Fatalf("unknown: %d %q", code, stderr)
		}
	})
}

// TestOutboxShow: `steerco outbox show ID` prints one message whole.
func TestOutboxShow(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		st := storetest.Open(t, dsn)
		ctx := context.Background()
		err := st.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Enqueue(ctx, &store.Message{Kind: "password-reset", DedupeKey: "k1", Recipient: "anna@example.fi",
				Subject: "Reset your steerco password", Body: "Hello Anna,\n\nhttps://x.example/password-reset/abc\n", CreatedAt: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ms, err := st.Outbox(ctx, false, 1)
		if err != nil || len(ms) != 1 {
			t.Fatal(ms, err)
		}
		st.Close()
		code, out, stderr := userRun(t, "", "outbox", "show", strconv.FormatInt(ms[0].ID, 10), "--db", dsn)
		if code != 0 {
			t.Fatalf("show: %d %s", code, stderr)
		}
		for _, want := range []string{"To: anna@example.fi\n", "Subject: Reset your steerco password\n", "Date: Mon, 07 Dec 2026 10:00:00 +0000\n",
			"X-Steerco-Kind: password-reset\n", "X-Steerco-Status: pending\n", "\n\nHello Anna,\n\nhttps://x.example/password-reset/abc\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("lacks %q:\n%s", want, out)
			}
		}
		if code, _, stderr := userRun(t, "", "outbox", "show", "999999", "--db", dsn); code != 1 || !strings.Contains(stderr, "no message 999999") {
			t.Errorf("unknown id: %d %q", code, stderr)
		}
		if code, _, _ := userRun(t, "", "outbox", "show", "x", "--db", dsn); code != 2 {
			t.Errorf("bad id: %d", code)
		}
	})
}
