package matter

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/i18n"
)

// TestMessagesExist: every message id the service puts on its errors is
// in the catalogue in each language, and so are the labels of every kind
// and status, so no user sees an id.
func TestMessagesExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`"(matter\.err\.[a-z.]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			ids[m[1]] = true
		}
	}
	if len(ids) < 50 {
		t.Errorf("found only %d message ids", len(ids))
	}
	for _, k := range Kinds {
		ids["matter.kind."+string(k)] = true
	}
	for _, s := range Statuses {
		ids["matter.status."+string(s)] = true
	}
	for id := range ids {
		for _, lang := range i18n.Languages {
			if cat.T(lang, id) == id {
				t.Errorf("%s has no %s message", id, lang)
			}
		}
	}
}
