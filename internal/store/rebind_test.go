package store

import "testing"

func TestRebind(t *testing.T) {
	cases := []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`a = ? AND b = ?`, `a = $1 AND b = $2`},
		{`x = '?' AND y = ?`, `x = '?' AND y = $1`},
		{`x = 'it''s ?' AND y = ?`, `x = 'it''s ?' AND y = $1`},
		{`"we?ird" = ?`, `"we?ird" = $1`},
		{"-- why?\nx = ?", "-- why?\nx = $1"},
		{"/* why? */ x = ? /* ? */", "/* why? */ x = $1 /* ? */"},
		{`x = 'unterminated ?`, `x = 'unterminated ?`},
		{`-- only a comment ?`, `-- only a comment ?`},
		{`a - ? / ?`, `a - $1 / $2`},
	}
	for _, c := range cases {
		if got := rebind(DialectPostgres, c.in); got != c.want {
			t.Errorf("rebind(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := rebind(DialectSQLite, c.in); got != c.in {
			t.Errorf("sqlite rebind(%q) = %q, want it unchanged", c.in, got)
		}
	}
}
