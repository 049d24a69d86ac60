package order

import (
	"testing"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
)

func template(t *testing.T, name string) *gov.Agreement {
	t.Helper()
	src, err := model.Template(name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse(name+".yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// The classes of national-platform: small assignment under 10
// person-days, assignment 10–50, project over 50 (bounds exclusive, so
// exactly 10 is an assignment and exactly 50 a project).
func TestClass(t *testing.T) {
	r := template(t, "national-platform").Orders
	for _, tc := range []struct {
		days    float64
		want    string
		project bool
	}{
		{0.5, "pieni-toimeksianto", false},
		{9.75, "pieni-toimeksianto", false},
		{10, "toimeksianto", false},
		{49.9, "toimeksianto", false},
		{50, "projekti", true},
		{400, "projekti", true},
	} {
		c := Class(r, tc.days)
		if c == nil || c.Slug != tc.want || c.Project != tc.project {
			t.Errorf("Class(%g) = %+v, want %s (project %v)", tc.days, c, tc.want, tc.project)
		}
	}
	if Class(nil, 5) != nil {
		t.Error("a model without order rules has no classes")
	}
}

// state-shared-services: a written quote above 50 000 SEK, an estimate at
// or below it.
func TestQuoteRequired(t *testing.T) {
	r := template(t, "state-shared-services").Orders
	for _, tc := range []struct {
		cents int64
		want  bool
	}{{49999_99, false}, {50000_00, false}, {50000_01, true}, {120000_00, true}} {
		if got := QuoteRequired(r, tc.cents); got != tc.want {
			t.Errorf("QuoteRequired(%d) = %v, want %v", tc.cents, got, tc.want)
		}
	}
	if QuoteRequired(template(t, "national-platform").Orders, 1e9) {
		t.Error("national-platform sets no quote threshold")
	}
}

func TestMayOrder(t *testing.T) {
	c := &Contact{Kinds: []string{KindAssignment, KindServiceRequest}, MaxCents: 10000_00}
	for _, tc := range []struct {
		name  string
		c     *Contact
		kind  string
		cents int64
		want  string
	}{
		{"no contact", nil, KindAssignment, 1, "orders.err.notcontact"},
		{"kind not granted", c, KindAdditional, 1, "orders.err.kind"},
		{"above the limit", c, KindAssignment, 10000_01, "orders.err.limit"},
		{"at the limit", c, KindAssignment, 10000_00, ""},
		{"service request", c, KindServiceRequest, 50_00, ""},
	} {
		err := MayOrder(tc.c, tc.kind, tc.cents)
		got := ""
		if err != nil {
			got = err.ID
			if err.Code != gov.CodeForbidden {
				t.Errorf("%s: code %s, want forbidden", tc.name, err.Code)
			}
		}
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestParseMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"50 000", 50000_00, true}, {"50\u00a0000,50", 50000_50, true}, {"1234.5", 1234_50, true}, {"9 500 €", 9500_00, true},
		{"0", 0, true}, {"", 0, false}, {"-5", 0, false}, {"1,234", 0, false}, {"abc", 0, false}, {"1.2.3", 0, false},
	} {
		got, ok := ParseMoney(tc.in)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
