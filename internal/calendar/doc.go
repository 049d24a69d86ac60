// Package calendar provides working-day calendars for Finland (FI) and
// Sweden (SE), the two jurisdictions whose IT-service agreements steerco
// models. Every contractual deadline ("within five working days") is counted
// with a [Calendar].
//
// Dates are civil dates ([Date]: year, month, day) rather than time.Time,
// because a deadline is a calendar day in the agreement's own country: adding
// days to an instant drifts by an hour across a DST change and can land on
// the wrong day. Convert at the edges with [DateOf] and [Date.Time].
//
// The holiday rules are computed here rather than taken from a holiday
// library so that FI and SE follow one symmetrical, reviewable code path
// (github.com/rickar/cal/v2 has Sweden but not Finland), and so that the
// de-facto eves (Midsummer Eve, Christmas Eve and, in Sweden, New Year's
// Eve) are modelled explicitly: they are not public holidays by law, but
// nearly every agreement treats them as non-working, so whether they count
// is a per-agreement setting ([Calendar.EvesWorking]).
//
// The rules are today's rules, applied to every year. Historical changes
// (Sweden's National Day became a public holiday in 2005, replacing Whit
// Monday; Finland moved Epiphany and Ascension Day back to fixed dates in
// 1992) are deliberately not modelled: agreements run in the present and the
// future. Easter is computed with the Gregorian computus, so years before
// 1583 are not meaningful.
//
// The package has no mutable global state; all values are safe for
// concurrent use.
package calendar
