package calendar

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	crossCheckDir  = "testdata/crosscheck"
	crossCheckFrom = 2020
	crossCheckTo   = 2035
)

// TestCrossCheckDateHolidays compares the non-working holiday dates
// (public holidays + de-facto eves) of both countries, 2020–2035, with the
// independent npm package date-holidays, run through
// testdata/crosscheck/crosscheck.js. That script documents how
// date-holidays' holiday types are mapped.
//
// It needs node and `npm ci --prefix internal/calendar/testdata/crosscheck`.
// Without them it skips, unless STEERCO_CROSSCHECK=1 (as in CI), where a
// missing prerequisite is a failure so the check cannot silently vanish.
func TestCrossCheckDateHolidays(t *testing.T) {
	required := os.Getenv("STEERCO_CROSSCHECK") == "1"
	unavailable := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		if required {
			t.Fatalf("STEERCO_CROSSCHECK=1 but %s", msg)
		}
		t.Skipf("skipping the date-holidays cross-check: %s (set STEERCO_CROSSCHECK=1 to require it)", msg)
	}

	node, err := exec.LookPath("node")
	if err != nil {
		unavailable("node is not installed")
	}
	pkg := filepath.Join(crossCheckDir, "node_modules", "date-holidays", "package.json")
	if _, err := os.Stat(pkg); err != nil {
		unavailable("date-holidays is not installed; run `npm ci --prefix internal/calendar/testdata/crosscheck`")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "crosscheck.js", fmt.Sprint(crossCheckFrom), fmt.Sprint(crossCheckTo))
	cmd.Dir = crossCheckDir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node crosscheck.js: %v\n%s", err, stderr.String())
	}

	// theirs[country][year] = set of YYYY-MM-DD.
	theirs := map[Country]map[int]map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			t.Fatalf("crosscheck.js: malformed line %q", sc.Text())
		}
		c, err := ParseCountry(fields[0])
		if err != nil {
			t.Fatalf("crosscheck.js: line %q: %v", sc.Text(), err)
		}
		d, err := ParseDate(fields[1])
		if err != nil {
			t.Fatalf("crosscheck.js: line %q: %v", sc.Text(), err)
		}
		if theirs[c] == nil {
			theirs[c] = map[int]map[string]bool{}
		}
		if theirs[c][d.Y] == nil {
			theirs[c][d.Y] = map[string]bool{}
		}
		theirs[c][d.Y][d.String()] = true
	}

	for _, c := range Countries() {
		for y := crossCheckFrom; y <= crossCheckTo; y++ {
			ours := map[string]bool{}
			for _, h := range Holidays(c, y) {
				ours[h.Date.String()] = true
			}
			if missing, extra := diff(theirs[c][y], ours); len(missing)+len(extra) > 0 {
				t.Errorf("%s %d differs from date-holidays: we lack %v, we add %v", c, y, missing, extra)
			}
		}
	}
}

// diff returns the keys only in want (missing) and only in got (extra),
// sorted.
func diff(want, got map[string]bool) (missing, extra []string) {
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if !want[k] {
			extra = append(extra, k)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	return missing, extra
}
