package store

import (
	"strconv"
	"strings"
)

// rebind rewrites the ? placeholders of query for dialect.
//
// DIALECT: this is the one place placeholders differ. SQLite takes ?,
// PostgreSQL takes $1, $2... Every query in the package is written with ?
// and passes through here. Question marks inside '...' strings, "..."
// identifiers and -- or /* */ comments are left alone. Not handled, so do
// not use them in rebound queries: backslash escapes in E'...' strings, $$-quoted
// bodies, and the jsonb ? operators (use jsonb_exists and friends instead).
func rebind(dialect, query string) string {
	if dialect != DialectPostgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			// Copy through the closing quote. A doubled quote ('it''s')
			// closes and reopens, which copies the same bytes.
			end := strings.IndexByte(query[i+1:], c)
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+2])
			i += end + 1
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+1])
			i += end
		case c == '/' && strings.HasPrefix(query[i:], "/*"):
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+4])
			i += end + 3
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
