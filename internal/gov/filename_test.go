package gov

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCleanFileName(t *testing.T) {
	for in, want := range map[string]string{
		"raportti\u202Efdp.exe":           "raporttifdp.exe",
		"\u2067evil\u2069.pdf":            "evil.pdf",
		"a\u200Fb\u200E\u061Cc.docx":      "abc.docx",
		`C:\Users\x\pöytäkirja.pdf`:       "pöytäkirja.pdf",
		"../../etc/passwd":                "passwd",
		"<script>.pdf":                    "_script_.pdf",
		"tab\there.txt":                   "tab_here.txt",
		"\u202E":                          "file",
		"..":                              "file",
		strings.Repeat("ä", 150) + ".pdf": strings.Repeat("ä", 98) + ".pdf",
	} {
		if got := CleanFileName(in); got != want {
			t.Errorf("CleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCleanFileName(f *testing.F) {
	f.Add("raportti\u202Efdp.exe")
	f.Add(strings.Repeat("x", 300) + "." + strings.Repeat("y", 300))
	f.Fuzz(func(t *testing.T, in string) {
		out := CleanFileName(in)
		if out == "" || len(out) > 200 || strings.ContainsAny(out, `/\<>"'&`) || !utf8.ValidString(out) {
			t.Fatalf("CleanFileName(%q) = %q", in, out)
		}
		for _, r := range out {
			if unicode.Is(unicode.Cf, r) || unicode.IsControl(r) {
				t.Fatalf("CleanFileName(%q) keeps %U", in, r)
			}
		}
	})
}
