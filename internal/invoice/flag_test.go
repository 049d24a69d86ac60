package invoice

import "testing"

// A month is flagged when it differs from the normal amount by more than
// the model's percentage, either way; without a normal amount, never.
func TestFlag(t *testing.T) {
	for _, tc := range []struct {
		total, normal int64
		pct           float64
		want          bool
	}{
		{4000_00, 4000_00, 15, false},
		{4600_00, 4000_00, 15, false}, // exactly 15 %
		{4600_01, 4000_00, 15, true},
		{3400_00, 4000_00, 15, false},
		{3399_99, 4000_00, 15, true},
		{4000_01, 4000_00, 0, true},
		{0, 4000_00, 15, true},
		{99999_00, 0, 15, false},
	} {
		if got := Flag(tc.total, tc.normal, tc.pct); got != tc.want {
			t.Errorf("Flag(%d, %d, %g) = %v, want %v", tc.total, tc.normal, tc.pct, got, tc.want)
		}
	}
}
