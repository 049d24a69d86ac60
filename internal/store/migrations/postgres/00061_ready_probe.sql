-- +goose Up
-- One row that /readyz writes, so that readiness covers a database that
-- answers but cannot be written (read-only, disk full; issue 17).
CREATE TABLE ready_probe (
    id INTEGER PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE ready_probe;
