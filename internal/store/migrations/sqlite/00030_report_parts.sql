-- Issue 14: each supplier's own part of the monthly report. party is the
-- supplier whose part a version is; '' is the whole agreement's report
-- (an agreement with one supplier, and every report written before parts
-- existed). A version is unique per agreement, month and part. Ticket
-- imports record the party that imported, so a supplier lists only its
-- own imports. Kept in step with migrations/postgres/00030_report_parts.sql.

-- +goose Up
CREATE TABLE monthly_reports_parts (
    id             INTEGER PRIMARY KEY,
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    month          TEXT NOT NULL,
    party          TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL,
    narrative      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(narrative)),
    data           TEXT CHECK (data IS NULL OR json_valid(data)),
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    submitted_by   TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMP,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMP,
    decision_note  TEXT NOT NULL DEFAULT '',
    UNIQUE (agreement_id, month, party, version)
);
INSERT INTO monthly_reports_parts (id, agreement_id, month, party, version, status, narrative, data, created_by, created_at,
    submitted_by, submitted_at, decided_by, decided_at, decision_note)
SELECT id, agreement_id, month, '', version, status, narrative, data, created_by, created_at,
    submitted_by, submitted_at, decided_by, decided_at, decision_note FROM monthly_reports;
DROP TABLE monthly_reports;
ALTER TABLE monthly_reports_parts RENAME TO monthly_reports;
ALTER TABLE ticket_imports ADD COLUMN party TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE ticket_imports DROP COLUMN party;
DELETE FROM monthly_reports WHERE party <> '';
CREATE TABLE monthly_reports_whole (
    id             INTEGER PRIMARY KEY,
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    month          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL,
    narrative      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(narrative)),
    data           TEXT CHECK (data IS NULL OR json_valid(data)),
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    submitted_by   TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMP,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMP,
    decision_note  TEXT NOT NULL DEFAULT '',
    UNIQUE (agreement_id, month, version)
);
INSERT INTO monthly_reports_whole (id, agreement_id, month, version, status, narrative, data, created_by, created_at,
    submitted_by, submitted_at, decided_by, decided_at, decision_note)
SELECT id, agreement_id, month, version, status, narrative, data, created_by, created_at,
    submitted_by, submitted_at, decided_by, decided_at, decision_note FROM monthly_reports;
DROP TABLE monthly_reports;
ALTER TABLE monthly_reports_whole RENAME TO monthly_reports;
