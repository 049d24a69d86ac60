package calendar

import "time"

// holidaysSE lists Sweden's public holidays (lagen om allmänna helgdagar,
// plus National Day since 2005) and the de-facto non-working eves,
// unsorted. Half-day eves such as Walpurgis Night or the eve of Epiphany are
// not listed: they are working days for contract purposes.
func holidaysSE(year int) []Holiday {
	easter := Easter(year)
	return []Holiday{
		{Date: Date{year, time.January, 1}, Name: "New Year's Day", LocalName: "Nyårsdagen"},
		{Date: Date{year, time.January, 6}, Name: "Epiphany", LocalName: "Trettondedag jul"},
		{Date: easter.AddDays(-2), Name: "Good Friday", LocalName: "Långfredagen"},
		{Date: easter, Name: "Easter Sunday", LocalName: "Påskdagen"},
		{Date: easter.AddDays(1), Name: "Easter Monday", LocalName: "Annandag påsk"},
		{Date: Date{year, time.May, 1}, Name: "May Day", LocalName: "Första maj"},
		{Date: easter.AddDays(39), Name: "Ascension Day", LocalName: "Kristi himmelsfärdsdag"},
		{Date: easter.AddDays(49), Name: "Whit Sunday", LocalName: "Pingstdagen"},
		{Date: Date{year, time.June, 6}, Name: "National Day", LocalName: "Sveriges nationaldag"},
		{Date: weekdayFrom(year, time.June, 19, time.Friday), Name: "Midsummer Eve", LocalName: "Midsommarafton", DeFacto: true},
		{Date: weekdayFrom(year, time.June, 20, time.Saturday), Name: "Midsummer Day", LocalName: "Midsommardagen"},
		{Date: weekdayFrom(year, time.October, 31, time.Saturday), Name: "All Saints' Day", LocalName: "Alla helgons dag"},
		{Date: Date{year, time.December, 24}, Name: "Christmas Eve", LocalName: "Julafton", DeFacto: true},
		{Date: Date{year, time.December, 25}, Name: "Christmas Day", LocalName: "Juldagen"},
		{Date: Date{year, time.December, 26}, Name: "Boxing Day", LocalName: "Annandag jul"},
		{Date: Date{year, time.December, 31}, Name: "New Year's Eve", LocalName: "Nyårsafton", DeFacto: true},
	}
}
