// Parses an iCalendar file from stdin with the independent ical.js parser
// and prints its events as JSON, for internal/plan's
// TestICSCrossCheckICALJS to compare with plan.Year. Test data only.
//
// Usage: node icalcheck.mjs < plan.ics
// Output: {"timezones": [TZID...], "events": [{"uid", "start", "end",
// "tzid", "summary", "description", "dtstamp"}...]} where start and end are
// the instants in UTC (ISO 8601, "2027-01-12T07:00:00.000Z") computed by
// ical.js from DTSTART/DTEND and the file's own VTIMEZONE; ical.js has no
// time zone database of its own, so a wrong VTIMEZONE shows up as a wrong
// instant. Exits 1 with a message on stderr when the file does not parse,
// or when an event's DTSTART or DTEND is not tied to a VTIMEZONE of the
// file (it would be read as floating time and the check would be void).
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const text = Buffer.concat(chunks).toString("utf8");

function fail(msg) {
  process.stderr.write(msg + "\n");
  process.exit(1);
}

let root;
try {
  root = new ICAL.Component(ICAL.parse(text));
} catch (e) {
  fail("ical.js cannot parse the file: " + e.message);
}
if (root.name !== "vcalendar") {
  fail("the root component is " + root.name + ", not vcalendar");
}

const timezones = root
  .getAllSubcomponents("vtimezone")
  .map((z) => z.getFirstPropertyValue("tzid"));

// An instant from an ICAL.Time, independent of the process's own TZ.
function instant(t, what, uid) {
  if (!t) {
    fail(`${uid}: no ${what}`);
  }
  const tzid = t.zone && t.zone.tzid;
  if (!timezones.includes(tzid)) {
    fail(`${uid}: ${what} ${t.toString()} is in zone ${tzid}, not a VTIMEZONE of the file (${timezones.join(", ")})`);
  }
  return { iso: new Date(t.toUnixTime() * 1000).toISOString(), tzid };
}

const events = root.getAllSubcomponents("vevent").map((v) => {
  const ev = new ICAL.Event(v);
  const start = instant(ev.startDate, "DTSTART", ev.uid);
  const end = instant(ev.endDate, "DTEND", ev.uid);
  const stamp = v.getFirstPropertyValue("dtstamp");
  return {
    uid: ev.uid,
    start: start.iso,
    end: end.iso,
    tzid: start.tzid,
    summary: ev.summary,
    description: ev.description,
    dtstamp: stamp ? new Date(stamp.toUnixTime() * 1000).toISOString() : "",
  };
});

process.stdout.write(JSON.stringify({ timezones, events }, null, 1) + "\n");
