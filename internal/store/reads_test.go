package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// sessionRow reads a session's expiry and deadline.
func sessionRow(t *testing.T, st *store.Store, token string) (exp time.Time, deadline time.Time) {
	t.Helper()
	if err := st.QueryRowContext(context.Background(), `SELECT expiry, deadline FROM sessions WHERE token = ?`, token).Scan(&exp, &deadline); err != nil {
		t.Fatal(err)
	}
	return exp.UTC(), deadline.UTC()
}

// A session's idle expiry moves forward only when a read finds it more
// than TouchEvery behind, never past the deadline; reads in between write
// nothing; an idle session ends.
func TestSessionIdleExpiry(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		start := time.Date(2026, 12, 8, 8, 0, 0, 0, time.UTC)
		now := start
		ss := st.Sessions()
		ss.Idle, ss.TouchEvery, ss.Now = 2*time.Hour, 5*time.Minute, func() time.Time { return now }
		deadline := start.Add(3 * time.Hour)
		if err := ss.CommitCtx(ctx, "tok", []byte("data"), deadline); err != nil {
			t.Fatal(err)
		}
		want := func(label string, exp time.Time) {
			t.Helper()
			got, dl := sessionRow(t, st, "tok")
			if !got.Equal(exp) || !dl.Equal(deadline) {
				t.Errorf("%s: expiry %s, deadline %s; want %s, %s", label, got, dl, exp, deadline)
			}
		}
		find := func(label string, found bool) {
			t.Helper()
			ctx, c := store.CountStatements(ctx)
			b, ok, err := ss.FindCtx(ctx, "tok")
			if err != nil || ok != found || (found && string(b) != "data") {
				t.Fatalf("%s: %q %v %v", label, b, ok, err)
			}
			if label == "quiet" && c.Writes() != 0 {
				t.Errorf("a read within TouchEvery wrote")
			}
		}
		want("committed", start.Add(2*time.Hour))
		now = start.Add(4 * time.Minute)
		find("quiet", true)
		want("4 minutes later", start.Add(2*time.Hour))
		now = start.Add(6 * time.Minute)
		find("touch", true)
		want("6 minutes later", now.Add(2*time.Hour))
		now = start.Add(1*time.Hour + 55*time.Minute)
		find("touch", true)
		want("near the deadline", deadline)
		now = start.Add(2*time.Hour + 50*time.Minute)
		find("quiet", true)
		want("at the deadline", deadline)
		now = deadline.Add(time.Second)
		find("after the deadline", false)

		// Idle for longer than Idle: gone, and swept.
		now = start
		if err := ss.CommitCtx(ctx, "idle", []byte("x"), deadline); err != nil {
			t.Fatal(err)
		}
		now = start.Add(2*time.Hour + time.Second)
		if _, ok, err := ss.FindCtx(ctx, "idle"); ok || err != nil {
			t.Errorf("an idle session was found: %v %v", ok, err)
		}
		if n, err := ss.DeleteExpired(ctx); err != nil || n != 1 {
			t.Errorf("swept %d, %v; want the idle session", n, err)
		}
	})
}

// A token's last use is recorded at most once per TokenUseEvery, and
// finding the token writes nothing.
func TestTokenUse(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := &store.User{Email: "t@example.org", Name: "T", Role: "representative"}
		if err := st.CreateUser(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		secret, err := st.CreateToken(ctx, &store.Token{UserID: u.ID, Name: "ci", Kind: "personal", Scopes: []string{"read"}}, "test")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 8, 8, 0, 0, 0, time.UTC)
		lookup := func() *store.Token {
			t.Helper()
			cctx, c := store.CountStatements(ctx)
			tok, err := st.TokenBySecret(cctx, secret, now)
			if err != nil {
				t.Fatal(err)
			}
			if c.Writes() != 0 {
				t.Errorf("TokenBySecret wrote")
			}
			return tok
		}
		tok := lookup()
		if tok.LastUsed != nil || !store.TokenUseStale(tok, now) {
			t.Fatalf("new token: last used %v", tok.LastUsed)
		}
		if err := st.NoteTokenUse(ctx, tok.ID, now); err != nil {
			t.Fatal(err)
		}
		first := now
		now = now.Add(30 * time.Second)
		if tok = lookup(); tok.LastUsed == nil || !tok.LastUsed.Equal(first) || store.TokenUseStale(tok, now) {
			t.Fatalf("after a use: last used %v, stale %v", tok.LastUsed, store.TokenUseStale(tok, now))
		}
		// A concurrent request that still saw the old value writes nothing.
		if err := st.NoteTokenUse(ctx, tok.ID, now); err != nil {
			t.Fatal(err)
		}
		if tok = lookup(); !tok.LastUsed.Equal(first) {
			t.Errorf("noted again within a minute: %v", tok.LastUsed)
		}
		now = first.Add(time.Minute)
		if err := st.NoteTokenUse(ctx, tok.ID, now); err != nil {
			t.Fatal(err)
		}
		if tok = lookup(); !tok.LastUsed.Equal(now) {
			t.Errorf("a minute later: last used %v, want %v", tok.LastUsed, now)
		}
	})
}
