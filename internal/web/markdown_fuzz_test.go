package web

import (
	"strings"
	"testing"
)

// FuzzMarkdown: minutes text of any shape renders as sanitised HTML and as
// PDF blocks without a panic, and no script survives the sanitiser.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"# Otsikko\n\n- kohta\n  1. alakohta\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		"<script>alert(1)</script>\n[x](javascript:alert(1))",
		"###### h6\n# h1\n> > > lainaus\n```\ncode\n```",
		"* [ ] task\n* [x] done\n~~strike~~ https://example.org",
		"\x00\xff[\n]:",
		strings.Repeat(">", 500) + "x",
		strings.Repeat("- ", 300) + "x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, base := range []int{1, 2, 3} {
			h := string(markdownHTML(src, base))
			if strings.Contains(strings.ToLower(h), "<script") {
				t.Fatalf("a script survived: %q", h)
			}
		}
		markdownBlocks(src)
	})
}
