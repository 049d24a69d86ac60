package calendar_test

import (
	"fmt"
	"time"

	"github.com/steerco/steerco/internal/calendar"
)

func ExampleCalendar_AddWorkingDays() {
	se := calendar.Calendar{Country: calendar.Sweden}
	from, _ := calendar.ParseDate("2026-12-17")
	fmt.Println(se.AddWorkingDays(from, 5)) // Christmas Eve, Christmas Day and a weekend intervene

	se.EvesWorking = true
	fmt.Println(se.AddWorkingDays(from, 5))

	// From a Saturday, counting starts at the Saturday itself.
	sat, _ := calendar.ParseDate("2026-12-19")
	fmt.Println(se.AddWorkingDays(sat, 1), se.AddWorkingDays(sat, -1))
	// Output:
	// 2026-12-28
	// 2026-12-24
	// 2026-12-21 2026-12-18
}

func ExampleCalendar_NthWorkingDay() {
	fi := calendar.Calendar{Country: calendar.Finland}
	second, _ := fi.NthWorkingDay(2026, time.January, 2) // 1 Jan is New Year's Day
	last, _ := fi.NthWorkingDay(2026, time.December, -1)
	fmt.Println(second, last)
	// Output: 2026-01-05 2026-12-31
}

func ExampleDateOf() {
	hel, _ := time.LoadLocation("Europe/Helsinki")
	t := time.Date(2026, time.December, 31, 22, 30, 0, 0, time.UTC)
	fmt.Println(calendar.DateOf(t), calendar.DateOf(t.In(hel)))
	// Output: 2026-12-31 2027-01-01
}

func ExampleHolidays() {
	for _, h := range calendar.Holidays(calendar.Finland, 2026)[8:10] {
		fmt.Println(h.Date, h.Name, h.LocalName, h.DeFacto)
	}
	// Output:
	// 2026-06-19 Midsummer Eve Juhannusaatto true
	// 2026-06-20 Midsummer Day Juhannuspäivä false
}
