package store_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestClaimSignInIsAtomic: 40 parallel attempts on one account from one
// address, over two Stores (two server instances), are granted exactly
// the budget; the count and the check cannot be outrun.
func TestClaimSignInIsAtomic(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		stores := []*store.Store{storetest.Open(t, dsn), storetest.Open(t, dsn)}
		lim := store.SignInLimits{Window: 15 * time.Minute, PerPair: 5, PerAccount: 12, PerAddress: 30}
		now := time.Now()
		var granted atomic.Int64
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := stores[i%2].ClaimSignIn(ctx, "Victim@example.org", "192.0.2.1", now, lim)
				if err != nil {
					t.Error(err)
				} else if c != nil {
					granted.Add(1)
				}
			}()
		}
		wg.Wait()
		if n := granted.Load(); n != int64(lim.PerPair) {
			t.Fatalf("%d of 40 parallel attempts granted, want %d", n, lim.PerPair)
		}
		// The owner from another address is not locked out...
		c, err := stores[0].ClaimSignIn(ctx, "victim@example.org", "198.51.100.7", now, lim)
		if err != nil || c == nil {
			t.Fatalf("owner elsewhere: %v %v", c, err)
		}
		// ...and signing in there does not reset the guesser's count.
		if err := stores[0].SignInSucceeded(ctx, c, now); err != nil {
			t.Fatal(err)
		}
		if c, _ := stores[1].ClaimSignIn(ctx, "victim@example.org", "192.0.2.1", now, lim); c != nil {
			t.Fatal("the guesser's address got a new budget from the owner's sign-in")
		}
		// Across addresses the account has a ceiling.
		n := 0
		for i := range 20 {
			if c, _ := stores[i%2].ClaimSignIn(ctx, "victim@example.org", fmt.Sprintf("203.0.113.%d", i), now, lim); c != nil {
				n++
			}
		}
		if n != lim.PerAccount-lim.PerPair {
			t.Errorf("%d attempts from many addresses granted, want %d (the account ceiling)", n, lim.PerAccount-lim.PerPair)
		}
		// One address across many accounts has a ceiling too.
		n = 0
		for i := range 40 {
			if c, _ := stores[i%2].ClaimSignIn(ctx, fmt.Sprintf("user%d@example.org", i), "192.0.2.99", now, lim); c != nil {
				n++
			}
		}
		if n != lim.PerAddress {
			t.Errorf("%d attempts from one address over many accounts granted, want %d", n, lim.PerAddress)
		}
		// The window passes.
		if c, _ := stores[0].ClaimSignIn(ctx, "victim@example.org", "192.0.2.1", now.Add(16*time.Minute), lim); c == nil {
			t.Error("still refused after the window")
		}
	})
}
