// Package itsm reads ticket exports from the suppliers' ITSM tools
// (ServiceNow, Jira Service Management, or any CSV through a column
// mapping), measures each ticket against the agreement's service levels
// and hands the result to the store in one transaction.
//
// Reading is forgiving where exports differ (byte-order mark, `,` or `;`,
// UTF-8 or Windows-1252, day-first or ISO dates, `?` for a missing value,
// headers in any order and case) and strict where a wrong guess would
// change a result: a row whose number or opening time cannot be read is
// rejected with its line, column and reason, never imported half-read.
package itsm
