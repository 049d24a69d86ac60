package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// serve refuses a profiler address that is not a loopback one, before it
// serves anything.
func TestServeDebugAddrLoopbackOnly(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	msg := fails(t, 1, "serve", "--db", db, "--addr", "127.0.0.1:0", "--debug-addr", "0.0.0.0:6060")
	if !strings.Contains(msg, "loopback") {
		t.Errorf("message: %s", msg)
	}
}
