package gov

import (
	"path/filepath"
	"strings"
	"unicode"
)

// CleanFileName makes an uploaded file's name safe to store and show: the
// base name only; no control characters or markup; no invisible
// formatting characters, above all the bidirectional overrides and
// isolates, which make "report\u202Efdp.exe" read as "reportexe.pdf"; at
// most 200 bytes with the extension kept. Every upload (meeting materials,
// complaint attachments, duty evidence) goes through it.
func CleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar:
			return -1
		case unicode.IsControl(r) || strings.ContainsRune(`<>"'&`, r):
			return '_'
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	for len(name) > 200 {
		ext := filepath.Ext(name)
		if len(ext) >= 200 {
			ext = ""
		}
		name = strings.ToValidUTF8(name[:200-len(ext)], "") + ext
	}
	if name == "" || name == "." || name == "/" || name == ".." {
		name = "file"
	}
	return name
}
