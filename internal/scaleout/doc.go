// Package scaleout holds only tests: of steerco as it runs in production,
// as separate processes. Two `steerco serve` instances on one PostgreSQL
// database must behave as one (shared sessions, each reminder sent once,
// each job slot claimed once), and a process killed with SIGKILL in the
// middle of a model import or a minutes approval must leave nothing
// half-written and lose nothing it had committed.
package scaleout
