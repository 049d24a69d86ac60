package gov

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slugify makes an id from a name: "Åsa Öberg-Lind" becomes
// "asa-oberg-lind" (letters without their accents, digits, single hyphens,
// at most 56 characters so that a -2, -3... suffix still fits the model's
// 64).
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø':
			b.WriteByte('o')
		case r == 'æ':
			b.WriteString("ae")
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
	}
	slug := strings.Trim(b.String(), "-")
	if len(slug) > 56 {
		slug = strings.TrimRight(slug[:56], "-")
	}
	if slug == "" {
		slug = "person"
	}
	return slug
}
