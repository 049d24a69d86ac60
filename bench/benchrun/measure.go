package main

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Targets of issues #10 and #18.
const (
	importTimes   = 2.0  // steerco's import takes at most twice .import's time
	flatTimes     = 1.5  // the report at the largest size within 1.5× of the smallest
	webShare      = 0.05 // pages at 5% of the trivial handler's requests/s (#18)
	p99Limit      = 50.0 // ms
	stmtLimit     = 10   // statements per page request (#18)
	rssLimit      = 200.0
	serveRSSLimit = 150.0 // serve's peak under the page load (#18)
)

func sizeName(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

// database measures steerco on one database: import and report at each
// size, then the web pages and memory on the largest.
func (b *bench) database(ctx context.Context, d target, files map[int]string, bases map[int]baseline) []Row {
	db := d.name()
	na := func(measure, why string) Row { return Row{Measure: measure, DB: db, NA: why} }
	b.logf("%s: generating %d agreements", db, b.c.scale)
	if err := d.base(ctx); err != nil {
		b.logf("%s: %v", db, err)
		return []Row{na("everything", "generating the agreements failed: "+firstLine(err.Error()))}
	}
	var rows, reports []Row
	largest := b.c.sizes[len(b.c.sizes)-1]
	smallest := b.c.sizes[0]
	hasImport, hasReport := b.has(ctx, "import"), b.has(ctx, "report")
	serveDSN := d.baseDSN()
	var reportMS = map[int]float64{}
	for _, n := range b.c.sizes {
		base := bases[n]
		imp := Row{Measure: fmt.Sprintf("import %s tickets (tickets/s)", sizeName(n)), DB: db, Unit: "/s", BaseName: "sqlite3 .import", HigherBetter: true}
		if n == largest {
			imp.Target = fmt.Sprintf("≥ %.2f× (time ≤ %.0f× .import)", 1/importTimes, importTimes)
		}
		rep := Row{Measure: fmt.Sprintf("monthly report %s, %s tickets (ms)", b.c.month, sizeName(n)), DB: db, Unit: "ms",
			BaseName: "hand-written SQL in sqlite3 over the bare table"}
		if n == largest {
			rep.Target = fmt.Sprintf("flat (≤ %.1f× the %s time) and below the SQL", flatTimes, sizeName(smallest))
		}
		if !hasImport {
			imp.NA = "this steerco has no `import` command (issue #8 not merged)"
			rep.NA = "no tickets without the import (issue #8 not merged)"
			rows, reports = append(rows, imp), append(reports, rep)
			continue
		}
		dsn, err := d.fresh(ctx, n)
		if err != nil {
			imp.NA = firstLine(err.Error())
			rows = append(rows, imp)
			continue
		}
		r, err := timed(ctx, "", b.c.bin, "import", "servicenow", files[n], "--agreement", agreement, "--db", dsn)
		if err != nil {
			b.logf("%s: import %d: %v", db, n, err)
			imp.NA = "the import failed: " + firstLine(err.Error())
			rows = append(rows, imp)
			continue
		}
		serveDSN = dsn
		imp.Value, imp.Base = float64(n)/r.wall.Seconds(), float64(n)/base.importWall.Seconds()
		if imp.Target != "" {
			imp.Met = metIf(imp.Ratio() >= 1/importTimes, fmt.Sprintf("%.1f× the time of .import", 1/imp.Ratio()))
		}
		b.logf("%s: import of %d tickets in %s, %.0f MB: %s", db, n, r.wall.Round(time.Millisecond), r.rssMB, lastLine(r.stdout))
		rows = append(rows, imp)
		if n == largest {
			rows = append(rows, Row{Measure: fmt.Sprintf("import %s tickets: peak RSS", sizeName(n)), DB: db, Value: r.rssMB, Base: base.importRSS, Unit: "MB",
				BaseName: "sqlite3 .import", Target: fmt.Sprintf("< %.0f MB", rssLimit), Met: metIf(r.rssMB < rssLimit, fmt.Sprintf("%.0f MB", r.rssMB))})
		}
		if hasReport {
			dur, _, err := median(ctx, b.c.reportRuns, b.c.bin, "report", "monthly", "--agreement", agreement, "--month", b.c.month, "--format", "json", "--db", dsn)
			if err != nil {
				b.logf("%s: report at %d: %v", db, n, err)
				rep.NA = "the report failed: " + firstLine(err.Error())
				reports = append(reports, rep)
				continue
			}
			rep.Value, rep.Base = ms(dur), base.sqlMS
		} else {
			// No CLI yet: both sides in-process (see inprocess.go).
			rep.Measure = fmt.Sprintf("monthly report %s, %s tickets: report.Build in-process, no `report` command yet (ms)", b.c.month, sizeName(n))
			rep.BaseName = "the same SQL in-process (modernc SQLite) over the bare table"
			v, err := buildMS(ctx, dsn, agreement, b.c.month, b.c.reportRuns)
			if err == nil {
				rep.Base, err = sqlMS(ctx, b.path(fmt.Sprintf("bare-%d.db", n)), reportSQL(b.c.month), b.c.reportRuns)
			}
			if err != nil {
				b.logf("%s: report at %d: %v", db, n, err)
				rep.NA = "the report failed: " + firstLine(err.Error())
				reports = append(reports, rep)
				continue
			}
			rep.Value = v
		}
		reportMS[n] = rep.Value
		if n == largest {
			flat := reportMS[smallest] > 0 && rep.Value <= flatTimes*reportMS[smallest]
			var why []string
			if !flat {
				why = append(why, fmt.Sprintf("%.1f× the %s time", rep.Value/reportMS[smallest], sizeName(smallest)))
			}
			if rep.Value >= rep.Base {
				why = append(why, "slower than the SQL")
			}
			rep.Met = metIf(len(why) == 0, strings.Join(why, ", "))
		}
		b.logf("%s: report at %d tickets: %.1f ms (SQL %.1f ms)", db, n, rep.Value, rep.Base)
		reports = append(reports, rep)
	}
	rows = append(rows, reports...)
	return append(rows, b.web(ctx, db, serveDSN)...)
}

// web loads the dashboard and a forum page with wrk, against /healthz (a
// handler that touches no database), and reads the server's peak memory.
func (b *bench) web(ctx context.Context, db, dsn string) []Row {
	na := func(why string) []Row { return []Row{{Measure: "web pages", DB: db, NA: why}} }
	s, err := startServer(ctx, b.c.bin, dsn, b.path("serve-"+db+".log"))
	if err != nil {
		return na(firstLine(err.Error()))
	}
	defer s.stop()
	// A short warm-up, then the baseline, before anyone signs in: the
	// sign-in's password hash (argon2id) takes tens of megabytes, which
	// belong to the pages' peak, not the baseline's.
	s.wrk(ctx, "/healthz", "", b.c.conns, time.Second)
	base, err := s.wrk(ctx, "/healthz", "", b.c.conns, b.c.dur)
	if err != nil {
		return na(firstLine(err.Error()))
	}
	baseRSS, _ := s.peakRSS()
	cookie, err := s.login(benchUser, benchPassword)
	if err != nil {
		return na(err.Error())
	}
	forum := "/a/" + agreement + "/forums/" + busyForum
	pages := []struct{ name, path string }{
		{"home page /", "/"},
		{"forum page", forum},
		{"meeting page", ""}, // found on the forum's list of meetings
		{"matters list", "/a/" + agreement + "/matters"},
		{"monthly report page " + b.c.month, "/a/" + agreement + "/reports/" + b.c.month},
	}
	list := "/a/" + agreement + "/meetings?when=past&forum=" + busyForum
	if p, err := s.firstLink(list, cookie, `/a/`+agreement+`/meetings/[0-9]+`); err == nil {
		pages[2].path = p
	} else {
		b.logf("%s: meeting page: %v", db, err)
	}
	b.logf("%s: /healthz %.0f req/s, p50 %.2f ms, p99 %.2f ms", db, base.rps, base.p50, base.p99)
	var rows []Row
	for _, p := range pages {
		if p.path == "" {
			rows = append(rows, Row{Measure: p.name, DB: db, BaseName: "/healthz", NA: "no link to one on " + list})
			continue
		}
		if err := s.check(p.path, cookie); err != nil {
			rows = append(rows, Row{Measure: p.name, DB: db, BaseName: "/healthz", NA: err.Error()})
			continue
		}
		before, err := s.metrics()
		if err != nil {
			b.logf("%s: /metrics: %v", db, err)
		}
		l, err := s.wrk(ctx, p.path, cookie, b.c.conns, b.c.dur)
		if err != nil {
			rows = append(rows, Row{Measure: p.name, DB: db, NA: firstLine(err.Error())})
			continue
		}
		var stmts float64
		if after, err := s.metrics(); err == nil && before != nil {
			stmts = after.perRequest(before)
		}
		b.logf("%s: %s %.0f req/s, p50 %.2f ms, p99 %.2f ms, %.1f statements/request, %d errors", db, p.path, l.rps, l.p50, l.p99, stmts, l.errors)
		rps := Row{Measure: fmt.Sprintf("%s (req/s, %d connections)", p.name, b.c.conns), DB: db, Value: l.rps, Base: base.rps, Unit: "/s",
			BaseName: "/healthz", HigherBetter: true, Statements: stmts, Target: fmt.Sprintf("≥ %.2f×, ≤ %d statements", webShare, stmtLimit)}
		var why []string
		if rps.Ratio() < webShare {
			why = append(why, fmt.Sprintf("%.1f%% of /healthz", 100*rps.Ratio()))
		}
		if stmts == 0 || stmts > stmtLimit {
			why = append(why, fmt.Sprintf("%.1f statements", stmts))
		}
		if l.errors > 0 {
			why = append(why, fmt.Sprintf("%d failed requests", l.errors))
		}
		rps.Met = metIf(len(why) == 0, strings.Join(why, ", "))
		rows = append(rows, rps,
			Row{Measure: p.name + " p50 latency", DB: db, Value: l.p50, Base: base.p50, Unit: "ms", BaseName: "/healthz"},
			Row{Measure: p.name + " p99 latency", DB: db, Value: l.p99, Base: base.p99, Unit: "ms", BaseName: "/healthz",
				Target: fmt.Sprintf("< %.0f ms", p99Limit), Met: metIf(l.p99 < p99Limit, fmt.Sprintf("%.0f ms", l.p99))})
	}
	if peak, err := s.peakRSS(); err == nil {
		rows = append(rows, Row{Measure: "serve: peak RSS under the page load", DB: db, Value: peak, Base: baseRSS, Unit: "MB",
			BaseName: "after the /healthz load, before signing in", Target: fmt.Sprintf("< %.0f MB", serveRSSLimit), Met: metIf(peak < serveRSSLimit, fmt.Sprintf("%.0f MB", peak))})
	}
	return rows
}

// busyForum is the forum page loaded: the generated city-multi-supplier
// agreement's weekly deployment briefing, the forum with the most
// meetings (over 500 in ten years), whose page has the most to show.
const busyForum = "driftsattningsinformationsmote"

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
