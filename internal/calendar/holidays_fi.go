package calendar

import "time"

// holidaysFI lists Finland's public holidays (Finnish law and the Church
// calendar) plus the de-facto non-working eves, unsorted.
//
// 31 December is deliberately absent: New Year's Eve is an ordinary working
// day in Finland, unlike in Sweden.
func holidaysFI(year int) []Holiday {
	easter := Easter(year)
	return []Holiday{
		{Date: Date{year, time.January, 1}, Name: "New Year's Day", LocalName: "Uudenvuodenpäivä"},
		{Date: Date{year, time.January, 6}, Name: "Epiphany", LocalName: "Loppiainen"},
		{Date: easter.AddDays(-2), Name: "Good Friday", LocalName: "Pitkäperjantai"},
		{Date: easter, Name: "Easter Sunday", LocalName: "Pääsiäispäivä"},
		{Date: easter.AddDays(1), Name: "Easter Monday", LocalName: "Toinen pääsiäispäivä"},
		{Date: Date{year, time.May, 1}, Name: "May Day", LocalName: "Vappu"},
		{Date: easter.AddDays(39), Name: "Ascension Day", LocalName: "Helatorstai"},
		{Date: easter.AddDays(49), Name: "Whit Sunday", LocalName: "Helluntaipäivä"},
		{Date: weekdayFrom(year, time.June, 19, time.Friday), Name: "Midsummer Eve", LocalName: "Juhannusaatto", DeFacto: true},
		{Date: weekdayFrom(year, time.June, 20, time.Saturday), Name: "Midsummer Day", LocalName: "Juhannuspäivä"},
		{Date: weekdayFrom(year, time.October, 31, time.Saturday), Name: "All Saints' Day", LocalName: "Pyhäinpäivä"},
		{Date: Date{year, time.December, 6}, Name: "Independence Day", LocalName: "Itsenäisyyspäivä"},
		{Date: Date{year, time.December, 24}, Name: "Christmas Eve", LocalName: "Jouluaatto", DeFacto: true},
		{Date: Date{year, time.December, 25}, Name: "Christmas Day", LocalName: "Joulupäivä"},
		{Date: Date{year, time.December, 26}, Name: "St Stephen's Day", LocalName: "Tapaninpäivä"},
	}
}
