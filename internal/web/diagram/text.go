package diagram

import (
	"strings"
	"unicode"
)

// SVG text does not wrap, and the server cannot measure it in the
// browser's font, so names are wrapped by an estimate of their width that
// errs on the wide side: a line that fits here fits in any common sans
// serif at the same size. The widths were checked against DejaVu Sans
// Bold, the widest of them, in Chromium.

// runeWidth is an upper estimate of a character's advance in ems.
func runeWidth(r rune) float64 {
	switch {
	case strings.ContainsRune("il.,:;'|!ıìíîïj()[]", r):
		return 0.36
	case strings.ContainsRune("ftr -–", r):
		return 0.5
	case strings.ContainsRune("mwMW—", r):
		return 1.12
	case unicode.IsUpper(r):
		return 0.82
	}
	return 0.67
}

// textWidth estimates the width of s at size.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w * size
}

// wrap breaks s into at most maxLines lines no wider than width at size.
// Words longer than a line are cut; when the text does not fit, the last
// line ends in an ellipsis and truncated is true.
func wrap(s string, width, size float64, maxLines int) (lines []string, truncated bool) {
	words := strings.Fields(s)
	cur := ""
	for i := 0; i < len(words); i++ {
		w := words[i]
		try := w
		if cur != "" {
			try = cur + " " + w
		}
		if textWidth(try, size) <= width {
			cur = try
			continue
		}
		if cur == "" {
			// A single word wider than the line: cut it.
			head, tail := cut(w, width, size)
			cur = head
			words[i] = tail
			i--
		} else {
			i--
		}
		lines = append(lines, cur)
		cur = ""
		if len(lines) == maxLines {
			return ellipsize(lines, width, size), true
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines, false
}

// cut splits a word at the widest prefix that fits (at least one rune).
func cut(w string, width, size float64) (head, tail string) {
	rs := []rune(w)
	n := 1
	for n < len(rs) && textWidth(string(rs[:n+1]), size) <= width {
		n++
	}
	return string(rs[:n]), string(rs[n:])
}

// ellipsize ends the last line with "…", shortening it to fit.
func ellipsize(lines []string, width, size float64) []string {
	last := []rune(lines[len(lines)-1])
	for len(last) > 0 && textWidth(string(last)+"…", size) > width {
		last = last[:len(last)-1]
	}
	lines[len(lines)-1] = strings.TrimRight(string(last), " ") + "…"
	return lines
}

// fit truncates s to one line of width.
func fit(s string, width, size float64) (string, bool) {
	if textWidth(s, size) <= width {
		return s, false
	}
	return ellipsize([]string{s}, width, size)[0], true
}
