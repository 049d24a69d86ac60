package calendar

import (
	"fmt"
	"strings"
)

// Country identifies a national holiday calendar by its ISO 3166-1 alpha-2
// code. Only [Finland] and [Sweden] are supported; obtain a Country from
// user input with [ParseCountry].
type Country string

// The supported countries.
const (
	Finland Country = "FI"
	Sweden  Country = "SE"
)

// Countries returns the supported countries in a fixed order. It returns a
// new slice each time, so callers may modify it.
func Countries() []Country {
	return []Country{Finland, Sweden}
}

// ParseCountry returns the Country for an ISO code such as "FI" or "se"
// (case-insensitive, surrounding spaces ignored). The error lists the
// allowed values, because it is shown to people editing configuration.
func ParseCountry(s string) (Country, error) {
	c := Country(strings.ToUpper(strings.TrimSpace(s)))
	if c.valid() {
		return c, nil
	}
	return "", fmt.Errorf("unknown country %q: must be %s", s, allowedCountries())
}

// String returns the ISO code, e.g. "FI".
func (c Country) String() string { return string(c) }

func (c Country) valid() bool {
	return c == Finland || c == Sweden
}

// allowedCountries renders the supported codes for error messages,
// e.g. "FI or SE".
func allowedCountries() string {
	cs := Countries()
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = string(c)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
