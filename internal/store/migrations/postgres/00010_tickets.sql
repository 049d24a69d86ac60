-- Service reporting (issue #8): tickets imported from the suppliers' ITSM
-- tools, the imports, per-month aggregates kept up to date on import (a
-- month's report reads these, never the tickets), breach exclusions and
-- the monthly report pack with its versions. Kept in step with
-- migrations/sqlite/00010_tickets.sql, where the tables are explained; the
-- differences are types.

-- +goose Up
-- One row per import: what was read and what it did. rejects holds the
-- rejected rows (line, column, reason), at most the first 1000.
CREATE TABLE ticket_imports (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id  BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    source        TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT '',
    file_name     TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    imported_at   TIMESTAMPTZ NOT NULL,
    rows_read     INTEGER NOT NULL,
    created       INTEGER NOT NULL,
    updated       INTEGER NOT NULL,
    unchanged     INTEGER NOT NULL,
    rejected      INTEGER NOT NULL,
    rejects       TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX ticket_imports_agreement ON ticket_imports (agreement_id, id);

-- A ticket as last imported: one row per (agreement, kind, number), the
-- latest version of it by the tool's update time. The measured columns
-- (service, *_minutes, *_breached, sla, months) are steerco's own,
-- computed on import from the agreement's service levels.
CREATE TABLE tickets (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id        BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,
    number              TEXT NOT NULL,
    import_id           BIGINT NOT NULL REFERENCES ticket_imports (id),
    title               TEXT NOT NULL DEFAULT '',
    state               TEXT NOT NULL DEFAULT '',
    priority            INTEGER NOT NULL,
    priority_label      TEXT NOT NULL DEFAULT '',
    service             TEXT NOT NULL DEFAULT '',
    source_service      TEXT NOT NULL DEFAULT '',
    category            TEXT NOT NULL DEFAULT '',
    subcategory         TEXT NOT NULL DEFAULT '',
    ci                  TEXT NOT NULL DEFAULT '',
    assignment_group    TEXT NOT NULL DEFAULT '',
    assigned_to         TEXT NOT NULL DEFAULT '',
    caller              TEXT NOT NULL DEFAULT '',
    contact_type        TEXT NOT NULL DEFAULT '',
    opened_at           TIMESTAMPTZ NOT NULL,
    responded_at        TIMESTAMPTZ,
    resolved_at         TIMESTAMPTZ,
    closed_at           TIMESTAMPTZ,
    source_updated_at   TIMESTAMPTZ,
    mod_count           INTEGER NOT NULL DEFAULT 0,
    -- The tool's own verdict (ServiceNow made_sla): NULL when not given.
    made_sla            INTEGER,
    problem_ref         TEXT NOT NULL DEFAULT '',
    change_ref          TEXT NOT NULL DEFAULT '',
    caused_by           TEXT NOT NULL DEFAULT '',
    reopens             INTEGER NOT NULL DEFAULT 0,
    reassignments       INTEGER NOT NULL DEFAULT 0,
    proactive           INTEGER NOT NULL DEFAULT 0,
    security            INTEGER NOT NULL DEFAULT 0,
    paused_minutes      INTEGER NOT NULL DEFAULT 0,
    response_minutes    INTEGER NOT NULL DEFAULT -1,
    resolution_minutes  INTEGER NOT NULL DEFAULT -1,
    response_breached   INTEGER NOT NULL DEFAULT 0,
    resolution_breached INTEGER NOT NULL DEFAULT 0,
    sla                 INTEGER NOT NULL DEFAULT 0,
    opened_month        TEXT NOT NULL,
    resolved_month      TEXT NOT NULL DEFAULT '',
    UNIQUE (agreement_id, kind, number)
);
CREATE INDEX tickets_resolved ON tickets (agreement_id, resolved_month, sla);
CREATE INDEX tickets_opened ON tickets (agreement_id, opened_month, kind);
CREATE INDEX tickets_caused_by ON tickets (agreement_id, caused_by);

-- Counts per month, kind, service and priority. Opened counts sit in the
-- opening month; resolved, measured, met, breached and the tool's verdict
-- in the month of resolution.
CREATE TABLE ticket_months (
    agreement_id        BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    month               TEXT NOT NULL,
    kind                TEXT NOT NULL,
    service             TEXT NOT NULL,
    priority            INTEGER NOT NULL,
    opened              INTEGER NOT NULL DEFAULT 0,
    resolved            INTEGER NOT NULL DEFAULT 0,
    measured            INTEGER NOT NULL DEFAULT 0,
    breached            INTEGER NOT NULL DEFAULT 0,
    response_breached   INTEGER NOT NULL DEFAULT 0,
    resolution_breached INTEGER NOT NULL DEFAULT 0,
    tool_measured       INTEGER NOT NULL DEFAULT 0,
    tool_breached       INTEGER NOT NULL DEFAULT 0,
    resolution_minutes  INTEGER NOT NULL DEFAULT 0,
    proactive           INTEGER NOT NULL DEFAULT 0,
    with_problem        INTEGER NOT NULL DEFAULT 0,
    caused_by_change    INTEGER NOT NULL DEFAULT 0,
    security            INTEGER NOT NULL DEFAULT 0,
    reopened            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agreement_id, month, kind, service, priority)
);

-- The month's most frequent categories per kind, for the report's
-- "frequent incidents" without reading the month's tickets.
CREATE TABLE ticket_month_categories (
    agreement_id  BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    month         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    category      TEXT NOT NULL,
    opened        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agreement_id, month, kind, category)
);

-- A breach the supplier proposes as not attributable to it, and the
-- customer's answer. One per ticket; a rejected one may be proposed again.
CREATE TABLE sla_exclusions (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    ticket_id      BIGINT NOT NULL UNIQUE REFERENCES tickets (id) ON DELETE CASCADE,
    status         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    proposed_by    TEXT NOT NULL,
    proposed_party TEXT NOT NULL DEFAULT '',
    proposed_at    TIMESTAMPTZ NOT NULL,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMPTZ,
    decision_note  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sla_exclusions_agreement ON sla_exclusions (agreement_id, status);

-- The monthly report pack, one row per version. narrative holds the
-- supplier's texts and figures (JSON object); data the computed sections
-- frozen when the version was submitted, so an approved report reads the
-- same after later imports.
CREATE TABLE monthly_reports (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    month          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL,
    narrative      TEXT NOT NULL DEFAULT '{}',
    data           TEXT,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    submitted_by   TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMPTZ,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMPTZ,
    decision_note  TEXT NOT NULL DEFAULT '',
    UNIQUE (agreement_id, month, version)
);

-- +goose Down
DROP TABLE monthly_reports;
DROP TABLE sla_exclusions;
DROP TABLE ticket_month_categories;
DROP TABLE ticket_months;
DROP TABLE tickets;
DROP TABLE ticket_imports;
