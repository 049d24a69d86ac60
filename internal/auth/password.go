// Package auth holds who may do what: password hashing, the roles a user
// has in an agreement, and the one table of what each role may do.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, 1
// lane) would do; 64 MiB and 1 pass is RFC 9106's second recommendation
// and still well under 100 ms here.
const (
	argonTime    = 1
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
	saltLen      = 16
)

// maxConcurrentHashes bounds how many argon2 hashes run at once in this
// process. Each takes its memory parameter (64 MiB) for its duration, so
// a burst of parallel sign-ins would otherwise grow the process by 64 MiB
// per attempt; beyond the bound, attempts wait their turn.
var maxConcurrentHashes = max(2, min(runtime.NumCPU(), 4))

var hashSlots = make(chan struct{}, maxConcurrentHashes)

// inFlight counts hashes running now, for tests of the bound.
var inFlight, peakInFlight atomic.Int64

func acquireHashSlot() (release func()) {
	hashSlots <- struct{}{}
	n := inFlight.Add(1)
	for {
		p := peakInFlight.Load()
		if n <= p || peakInFlight.CompareAndSwap(p, n) {
			break
		}
	}
	return func() {
		inFlight.Add(-1)
		<-hashSlots
	}
}

// HashBound is how many password hashes may run at once.
func HashBound() int { return maxConcurrentHashes }

// PeakConcurrentHashes is the most hashes that have run at once in this
// process; tests use it to hold the bound.
func PeakConcurrentHashes() int64 { return peakInFlight.Load() }

// hashMemory is the argon2 memory cost of new hashes in KiB. Test binaries
// use 64 KiB: hundreds of test accounts at 64 MiB each made the suites
// slow and memory-bound, and what a test checks is that a hash verifies,
// not how hard it is to break. The parameters travel in the PHC string,
// so VerifyPassword checks either kind.
var hashMemory uint32 = argonMemory

func init() {
	if testing.Testing() {
		hashMemory = 64
	}
}

// MinPasswordLength is the shortest password accepted (issue #15: at
// least 12 characters, and not a common password).
const MinPasswordLength = 12

// ErrMismatch is returned when a password does not match its hash.
var ErrMismatch = errors.New("password does not match")

// CheckPasswordPolicy says what is wrong with a new password, or nil; the
// error is a *PolicyError, whose ID the UI translates.
func CheckPasswordPolicy(pw string) error {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLength:
		return &PolicyError{ID: "password.short", Args: []any{"Min", MinPasswordLength},
			Message: fmt.Sprintf("the password is %d characters; use at least %d", n, MinPasswordLength)}
	case len(pw) > 1024:
		return &PolicyError{ID: "password.long", Args: []any{"Max", 1024}, Message: "the password is longer than 1024 bytes"}
	case commonPassword(pw):
		return &PolicyError{ID: "password.common", Message: "the password is a common one, easy to guess; choose another"}
	}
	return nil
}

// HashPassword returns an argon2id hash in the PHC string format,
// $argon2id$v=19$m=65536,t=1,p=2$salt$hash.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	release := acquireHashSlot()
	key := argon2.IDKey([]byte(pw), salt, argonTime, hashMemory, argonThreads, argonKeyLen)
	release()
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, hashMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword checks pw against a PHC argon2id hash, using the
// parameters stored in the hash so that old hashes keep working when the
// defaults change.
func VerifyPassword(hash, pw string) error {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return ErrMismatch
	}
	var version int
	var mem uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return ErrMismatch
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil || mem > 1<<20 || t > 10 || p == 0 {
		return ErrMismatch
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return ErrMismatch
	}
	release := acquireHashSlot()
	got := argon2.IDKey([]byte(pw), salt, t, mem, p, uint32(len(want)))
	release()
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}
