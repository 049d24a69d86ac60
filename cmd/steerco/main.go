// Command steerco runs the governance model of IT-service contracts: its
// forums, meetings, decisions, escalations and deadlines in working days.
// One binary holds the web server, the operator CLI and the database
// migrations; see the README for the commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand: its name, a one-line summary for the usage
// text, and the function that runs it and returns the exit status.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"serve", "serve the web UI", runServe},
		{"token", "API tokens: create, list, revoke", runToken},
		{"user", "user accounts: add, passwd, list", runUser},
		{"org", "organisations and the agreements' parties they are: list, link", runOrg},
		{"demo", "create the demo agreement and its users (when missing) and serve them", runDemo},
		{"model", "governance model files: templates, show, validate, diff, apply, export, schema", runModel},
		{"plan", "the annual plan of an agreement's regular meetings", runPlan},
		{"meetings", "meetings: create a year's meetings from the annual plan; list them", runMeetings},
		{"reminders", "run the scheduled reminders and surveys once (e.g. from cron)", runReminders},
		{"outbox", "notifications: list, send by SMTP", runOutbox},
		{"calendar", "working days: holidays, add, nth", func(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
			return runCalendar(args, stdout, stderr)
		}},
		{"migrate", "apply pending database migrations", runMigrate},
		{"audit", "audit trail: verify that no entry was altered or removed", runAudit},
		{"export", "an agreement's full data export: model, every table as JSON and CSV, attachments", runExport},
		{"archive", "records for archives: E-ARK packages (export, check)", runArchive},
		{"privacy", "personal data: export a person's, or erase them (pseudonymise)", runPrivacy},
		{"backup", "write a consistent backup of the database to a file, while the server runs", runBackup},
		{"restore", "replace the database with a backup (stop the server first)", runRestore},
		{"version", "print the version", runVersion},
		// Orders, time reporting and the invoice basis (issue 7).
		{"time", "time entries: import a supplier's CSV export", runTime},
		{"invoice", "the monthly invoice basis as CSV or XLSX", runInvoice},
		// Issue #8: ticket imports and the monthly report pack.
		{"import", "ticket exports from ITSM tools: servicenow, jira, csv (with a mapping file)", runImport},
		{"report", "the monthly report pack: json, csv, xlsx or pdf", runReport},
		// Issue 16: the duty ledger.
		{"duties", "the ledger of duties: list an agreement's deadlines (text or CSV), sync the recurring ones", runDuties},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand. Exit status: 0 success, 1 failure (the
// input was wrong or the work failed), 2 the command line itself was wrong.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "steerco: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: steerco <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `steerco <command> -h` for a command's flags. The database is --db or STEERCO_DB:\nsqlite:PATH (default sqlite:steerco.db) or a postgres:// URL.")
}
