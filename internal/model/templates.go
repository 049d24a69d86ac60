package model

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed templates/*.yaml
var templateFS embed.FS

// Templates lists the names of the shipped templates, sorted.
func Templates() []string {
	entries, _ := fs.ReadDir(templateFS, "templates")
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// Template returns the text of a shipped template, comments included.
func Template(name string) ([]byte, error) {
	for _, n := range Templates() {
		if n == name {
			return templateFS.ReadFile("templates/" + n + ".yaml")
		}
	}
	return nil, fmt.Errorf("no template %q; the templates are: %s", name, strings.Join(Templates(), ", "))
}
