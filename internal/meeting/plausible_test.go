package meeting

import (
	"errors"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// TestActionDueIsPlausible: an action item's due date is today or later
// in the agreement's zone, and within ten years.
func TestActionDueIsPlausible(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Helsinki")
	sc := &scope{loc: loc}
	// 23:30 UTC on 1 March is already 2 March in Helsinki.
	now := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
	for due, want := range map[string]string{
		"2026-03-01": "hardening.due.past", "1970-01-01": "hardening.due.past", "2099-01-01": "hardening.due.far",
		"2026-02-30": "meeterr.date.invalid", "2026-03-02": "", "2036-03-01": "",
	} {
		err := plausibleDue(sc, due, now)
		var ge *gov.Error
		switch {
		case want == "" && err != nil:
			t.Errorf("due %s: %v", due, err)
		case want != "" && (!errors.As(err, &ge) || len(ge.Fields) != 1 || ge.Fields[0].ID != want):
			t.Errorf("due %s: %v, want %s", due, err, want)
		}
	}
}
