package auth

import (
	"bufio"
	_ "embed"
	"strings"
	"sync"
	"unicode"
)

// PolicyError says why a new password is refused: ID names the message in
// the catalogue (password.*), Args its arguments, Message the English.
type PolicyError struct {
	ID      string
	Args    []any
	Message string
}

func (e *PolicyError) Error() string { return e.Message }

//go:embed common_passwords.txt
var commonPasswordsText string

var (
	commonOnce      sync.Once
	commonPasswords map[string]bool
)

func loadCommon() {
	commonPasswords = map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsText))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			commonPasswords[strings.ToLower(w)] = true
		}
	}
}

// commonPassword reports whether pw is a well-known password dressed up:
// with digits, punctuation and spaces taken off both ends and lower-cased,
// nothing is left, or one of the list's words is left, alone or repeated
// ("Salasana2026!", "passwordpassword", "123456789012"). A sequence or a
// single character repeated ("aaaaaaaaaaaa", "abcdefghijkl") counts too.
func commonPassword(pw string) bool {
	commonOnce.Do(loadCommon)
	core := strings.ToLower(strings.TrimFunc(pw, func(r rune) bool { return !unicode.IsLetter(r) }))
	if core == "" {
		return true
	}
	for w := range commonPasswords {
		if len(core)%len(w) == 0 && strings.Repeat(w, len(core)/len(w)) == core {
			return true
		}
	}
	rs := []rune(strings.ToLower(pw))
	same, up, down := true, true, true
	for i := 1; i < len(rs); i++ {
		same = same && rs[i] == rs[0]
		up = up && rs[i] == rs[i-1]+1
		down = down && rs[i] == rs[i-1]-1
	}
	return same || up || down
}
