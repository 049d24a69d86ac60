package report

import (
	"errors"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// TestReportMonthsArePlausible: whatever the agreement's period (here
// open-ended), a report month is from 2000-01 to the current month.
func TestReportMonthsArePlausible(t *testing.T) {
	a := &gov.Agreement{}
	now := time.Now().UTC()
	for _, m := range []string{"0000-01", "1999-12", "9999-12", now.AddDate(0, 2, 0).Format("2006-01")} {
		var ge *gov.Error
		if err := InPeriod(a, m); !errors.As(err, &ge) || ge.ID != "hardening.report.month" || ge.Code != gov.CodeInvalid {
			t.Errorf("InPeriod(%s) = %v, want refused as implausible", m, err)
		}
	}
	for _, m := range []string{"2000-01", now.Format("2006-01")} {
		if err := InPeriod(a, m); err != nil {
			t.Errorf("InPeriod(%s) = %v", m, err)
		}
	}
}
