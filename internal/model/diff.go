package model

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/steerco/steerco/internal/gov"
)

// Diff lists what applying next over current would change, one line each:
// "+ path: value" added, "- path: value" removed, "~ path: old → new"
// changed. Lists of things with ids are compared by id, so reordering
// nothing and renaming one forum shows as one line. current may be nil.
func Diff(current, next *gov.Agreement) []string {
	if current == nil {
		return []string{fmt.Sprintf("+ agreement %s (new: %d levels, %d parties, %d people, %d forums, %d memberships)",
			next.Slug, len(next.Levels), len(next.Parties), len(next.People), len(next.Forums), len(next.Memberships))}
	}
	var out []string
	diffValue(&out, "", generic(current), generic(next))
	return out
}

// generic turns a model into maps and slices through its JSON form, whose
// keys are the file's keys.
func generic(a *gov.Agreement) any {
	b, _ := json.Marshal(a)
	var v any
	_ = json.Unmarshal(b, &v)
	return v
}

func diffValue(out *[]string, path string, old, next any) {
	switch {
	case old == nil && next == nil:
		return
	case old == nil:
		*out = append(*out, fmt.Sprintf("+ %s: %s", path, short(next)))
		return
	case next == nil:
		*out = append(*out, fmt.Sprintf("- %s: %s", path, short(old)))
		return
	}
	om, ok1 := old.(map[string]any)
	nm, ok2 := next.(map[string]any)
	if ok1 && ok2 {
		keys := map[string]bool{}
		for k := range om {
			keys[k] = true
		}
		for k := range nm {
			keys[k] = true
		}
		for _, k := range sortedKeys(keys) {
			diffValue(out, join(path, k), om[k], nm[k])
		}
		return
	}
	ol, ok1 := old.([]any)
	nl, ok2 := next.([]any)
	if ok1 && ok2 && identified(ol) && identified(nl) {
		diffList(out, path, ol, nl)
		return
	}
	if short(old) != short(next) {
		*out = append(*out, fmt.Sprintf("~ %s: %s → %s", path, short(old), short(next)))
	}
}

func diffList(out *[]string, path string, old, next []any) {
	byID := map[string]any{}
	for _, o := range old {
		byID[identity(o)] = o
	}
	seen := map[string]bool{}
	for _, n := range next {
		id := identity(n)
		seen[id] = true
		p := fmt.Sprintf("%s[%s]", path, id)
		if o, ok := byID[id]; ok {
			diffValue(out, p, o, n)
		} else {
			*out = append(*out, "+ "+p)
		}
	}
	for _, o := range old {
		if id := identity(o); !seen[id] {
			*out = append(*out, "- "+fmt.Sprintf("%s[%s]", path, id))
		}
	}
}

// identity names a list element: its id, or for attributes and
// memberships the keys that make them unique.
func identity(v any) string {
	m := v.(map[string]any)
	if id, ok := m["id"].(string); ok {
		return id
	}
	if k, ok := m["key"].(string); ok {
		return fmt.Sprintf("%s@%v", k, m["from"])
	}
	if p, ok := m["person"].(string); ok {
		return fmt.Sprintf("%s/%v/%v@%v", p, m["forum"], m["role"], m["from"])
	}
	return short(v)
}

func identified(l []any) bool {
	for _, v := range l {
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		_, id := m["id"]
		_, key := m["key"]
		_, person := m["person"]
		if !id && !key && !person {
			return false
		}
	}
	return true
}

func short(v any) string {
	b, _ := json.Marshal(v)
	s := string(b)
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}

func sortedKeys(m map[string]bool) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Summary counts a diff's lines by kind, for "3 added, 1 removed, 2 changed".
func Summary(lines []string) string {
	var add, del, chg int
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "+"):
			add++
		case strings.HasPrefix(l, "-"):
			del++
		case strings.HasPrefix(l, "~"):
			chg++
		}
	}
	return fmt.Sprintf("%d added, %d removed, %d changed", add, del, chg)
}
