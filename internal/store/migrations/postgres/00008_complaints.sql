-- Complaints, sanctions, incidents, deficiencies and risks. Kept in step
-- with migrations/sqlite/00008_complaints.sql, where the tables are
-- explained; the differences are types.

-- +goose Up
CREATE TABLE complaints (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    supplier       TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    status         TEXT NOT NULL,
    filed_by       TEXT NOT NULL,
    filed_party    TEXT NOT NULL,
    received_on    TEXT NOT NULL,
    ack_due        TEXT NOT NULL,
    respond_due    TEXT NOT NULL,
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by TEXT NOT NULL DEFAULT '',
    cause          TEXT NOT NULL DEFAULT '',
    cause_note     TEXT NOT NULL DEFAULT '',
    matter_id      BIGINT REFERENCES matters (id) ON DELETE SET NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX complaints_agreement ON complaints (agreement_id, status);

CREATE TABLE complaint_attachments (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id   BIGINT NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    data           BYTEA NOT NULL,
    uploaded_by    TEXT NOT NULL,
    uploaded_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX complaint_attachments_complaint ON complaint_attachments (complaint_id, id);

CREATE TABLE complaint_responses (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id   BIGINT NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    sections       TEXT NOT NULL,
    submitted_by   TEXT NOT NULL,
    submitted_at   TIMESTAMPTZ NOT NULL,
    late           BOOLEAN NOT NULL,
    outcome        TEXT NOT NULL DEFAULT '',
    outcome_reason TEXT NOT NULL DEFAULT '',
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMPTZ,
    UNIQUE (complaint_id, version)
);

CREATE TABLE complaint_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id   BIGINT NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    at             TIMESTAMPTZ NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

CREATE TABLE sanctions (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    month          TEXT NOT NULL,
    source         TEXT NOT NULL,
    source_ref     TEXT NOT NULL,
    party          TEXT NOT NULL,
    reason         TEXT NOT NULL,
    amount         BIGINT NOT NULL DEFAULT 0,
    status         TEXT NOT NULL,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_reason TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (agreement_id, source, source_ref)
);
CREATE INDEX sanctions_month ON sanctions (agreement_id, month);

CREATE TABLE incidents (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    party          TEXT NOT NULL,
    severity       TEXT NOT NULL,
    title          TEXT NOT NULL,
    occurred_at    TIMESTAMPTZ NOT NULL,
    impact         TEXT NOT NULL DEFAULT '',
    cause          TEXT NOT NULL DEFAULT '',
    actions        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    report_month   TEXT NOT NULL,
    matter_id      BIGINT REFERENCES matters (id) ON DELETE SET NULL,
    reported_by    TEXT NOT NULL,
    notify         TEXT NOT NULL,
    notified_at    TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX incidents_agreement ON incidents (agreement_id, report_month);

CREATE TABLE incident_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id    BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at             TIMESTAMPTZ NOT NULL,
    note           TEXT NOT NULL,
    actor          TEXT NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, at, id);

CREATE TABLE deficiencies (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    failed_party   TEXT NOT NULL,
    cost           BIGINT NOT NULL DEFAULT 0,
    bearer         TEXT NOT NULL DEFAULT '',
    forum          TEXT NOT NULL DEFAULT '',
    decision_id    BIGINT REFERENCES decisions (id) ON DELETE SET NULL,
    status         TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX deficiencies_agreement ON deficiencies (agreement_id, status);

CREATE TABLE risks (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    probability    INTEGER NOT NULL,
    impact         INTEGER NOT NULL,
    owner_name     TEXT NOT NULL DEFAULT '',
    actions        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    level          TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    closed_at      TIMESTAMPTZ
);
CREATE INDEX risks_agreement ON risks (agreement_id, status);

-- +goose Down
DROP TABLE risks;
DROP TABLE deficiencies;
DROP TABLE incident_events;
DROP TABLE incidents;
DROP TABLE sanctions;
DROP TABLE complaint_events;
DROP TABLE complaint_responses;
DROP TABLE complaint_attachments;
DROP TABLE complaints;
