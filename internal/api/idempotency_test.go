package api

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestIdempotencyKey: a POST repeated with the same Idempotency-Key and
// body (one after another, or 20 at once) creates one object and answers
// the first response; the key with another body is refused; without a key
// every POST creates.
func TestIdempotencyKey(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		post := func(key, body string) (int, http.Header, string) {
			req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/tokens", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+f.tokens["customer"])
			if key != "" {
				req.Header.Set("Idempotency-Key", key)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return 0, nil, ""
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, resp.Header, string(b)
		}
		count := func() int {
			ts, err := st.Tokens(t.Context(), f.users["customer"].ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(ts)
		}
		before := count()
		const body = `{"name": "ci", "scopes": ["read"]}`
		s1, _, b1 := post("k-1", body)
		s2, h2, b2 := post("k-1", body)
		if s1 != 201 || s2 != 201 || b1 != b2 || h2.Get("Idempotency-Replayed") != "true" {
			t.Fatalf("repeat: %d %d, replayed %q, same body %v", s1, s2, h2.Get("Idempotency-Replayed"), b1 == b2)
		}
		if n := count(); n != before+1 {
			t.Fatalf("%d tokens made by one key, want 1", n-before)
		}
		if s, _, b := post("k-1", `{"name": "other", "scopes": ["read"]}`); s != 422 || !strings.Contains(b, "idempotency_key_reused") {
			t.Errorf("the key with another body: %d %s", s, b)
		}
		// A burst of the same request.
		var wg sync.WaitGroup
		var mu sync.Mutex
		statuses := map[int]int{}
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, _, _ := post("k-burst", body)
				mu.Lock()
				statuses[s]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if n := count(); n != before+2 || statuses[201]+statuses[409] != 20 || statuses[201] < 1 {
			t.Errorf("a burst of 20: %v, %d tokens made, want 1", statuses, n-before-1)
		}
		// A refused request keeps its response too: the same key and body
		// answer the same refusal.
		if s, _, _ := post("k-bad", `{"name": "", "scopes": []}`); s != 422 {
			t.Errorf("invalid: %d", s)
		}
		if s, h, _ := post("k-bad", `{"name": "", "scopes": []}`); s != 422 || h.Get("Idempotency-Replayed") != "true" {
			t.Errorf("invalid again: %d", s)
		}
		// Without a key, two posts are two tokens; a bad key is refused.
		post("", body)
		post("", body)
		if n := count(); n != before+4 {
			t.Errorf("without a key: %d tokens, want 2 more", n-before-2)
		}
		if s, _, _ := post(strings.Repeat("k", 300), body); s != 400 {
			t.Errorf("a key of 300 characters: %d", s)
		}
	})
}
