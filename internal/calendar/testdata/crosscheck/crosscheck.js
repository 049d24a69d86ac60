// Prints the non-working holidays of Finland and Sweden according to the
// independent npm package date-holidays, for internal/calendar's
// TestCrossCheckDateHolidays to compare against. Test data only.
//
// Usage: node crosscheck.js [fromYear [toYear]]
//   (default 2020 2035; a lone fromYear prints that year only)
// Output: one line per holiday, "CC YYYY-MM-DD type name", sorted by country
// then date, e.g. "FI 2026-06-19 bank Midsummer Eve". The Go test reads the
// first two fields.
//
// How date-holidays types map onto steerco's non-working days (public
// holidays + de-facto eves):
//
//   public      -> included. These are the statutory holidays of both
//                  countries, including those that are always on a Sunday
//                  (Easter Sunday, Whit Sunday), which steerco also lists.
//   bank        -> included only for the de-facto eves steerco models,
//                  listed per country in BANK below and matched on
//                  date-holidays' rule string (language-independent):
//                  Midsummer Eve and Christmas Eve in both countries, and
//                  New Year's Eve in Sweden. date-holidays also types
//                  Finland's New Year's Eve as "bank", but it is an
//                  ordinary working day in Finland, so it is excluded on
//                  purpose. A bank holiday not in BANK is an error, so a
//                  new date-holidays release cannot slip one past the test.
//   optional    -> excluded. In Sweden these are the half-day eves
//                  (trettondagsafton, valborgsmässoafton, allhelgonaafton,
//                  starting 12:00), which are working days for contracts.
//   observance  -> excluded (Mother's Day, påskafton, pingstafton, ...):
//                  not days off; the Saturday eves are weekends anyway.
//   school      -> excluded (none for FI/SE at the pinned version).
"use strict";

const Holidays = require("date-holidays");

// rule string -> true (de-facto eve, non-working) / false (deliberately working)
const BANK = {
  FI: {
    "friday after 06-19": true, // juhannusaatto, Midsummer Eve
    "12-24": true, // jouluaatto, Christmas Eve
    "12-31": false, // uudenvuodenaatto: a working day in Finland
  },
  SE: {
    "friday after 06-19": true, // midsommarafton, Midsummer Eve
    "12-24": true, // julafton, Christmas Eve
    "12-31": true, // nyårsafton, New Year's Eve
  },
};

const from = Number(process.argv[2] || 2020);
const to = Number(process.argv[3] || process.argv[2] || 2035);
if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) {
  console.error("usage: node crosscheck.js [fromYear [toYear]]");
  process.exit(2);
}

const lines = [];
for (const country of Object.keys(BANK)) {
  const hd = new Holidays(country, { languages: ["en"] });
  for (let year = from; year <= to; year++) {
    for (const h of hd.getHolidays(year, "en")) {
      let include;
      switch (h.type) {
        case "public":
          include = true;
          break;
        case "bank":
          if (!(h.rule in BANK[country])) {
            console.error(`unmapped bank holiday ${country} ${h.date} ${h.name} (rule ${JSON.stringify(h.rule)})`);
            process.exit(1);
          }
          include = BANK[country][h.rule];
          break;
        default:
          include = false;
      }
      if (include) {
        // h.date is the local civil date-time "YYYY-MM-DD hh:mm:ss".
        lines.push(`${country} ${h.date.slice(0, 10)} ${h.type} ${h.name}`);
      }
    }
  }
}
lines.sort();
process.stdout.write(lines.join("\n") + "\n");
