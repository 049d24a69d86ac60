-- Formal complaints (reklamation / reklamaatio) with their attachments,
-- responses and history; sanctions (vite / sanktio) proposed from late
-- complaint responses and from SLA breaches; incident reports; delivery
-- deficiencies; and the risk register. Kept in step with
-- migrations/postgres/00008_complaints.sql; the differences are types.
--
-- Dates that are deadlines (ack_due, respond_due) are calendar dates in
-- the agreement's country, stored as 'YYYY-MM-DD' text like meetings'
-- materials_due: a deadline is a day, not an instant.

-- +goose Up
CREATE TABLE complaints (
    id             INTEGER PRIMARY KEY,
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    -- The supplier the complaint is against (a party slug of the model).
    supplier       TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    status         TEXT NOT NULL,
    filed_by       TEXT NOT NULL,
    filed_party    TEXT NOT NULL,
    received_on    TEXT NOT NULL,
    ack_due        TEXT NOT NULL,
    respond_due    TEXT NOT NULL,
    acknowledged_at TIMESTAMP,
    acknowledged_by TEXT NOT NULL DEFAULT '',
    -- Where the cause was found to lie: '' (not yet found), supplier,
    -- outside. Handling is chargeable only when it lies outside.
    cause          TEXT NOT NULL DEFAULT '',
    cause_note     TEXT NOT NULL DEFAULT '',
    -- The matter that carries the complaint onto the steering group's
    -- agenda.
    matter_id      INTEGER REFERENCES matters (id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX complaints_agreement ON complaints (agreement_id, status);

CREATE TABLE complaint_attachments (
    id             INTEGER PRIMARY KEY,
    complaint_id   INTEGER NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    data           BLOB NOT NULL,
    uploaded_by    TEXT NOT NULL,
    uploaded_at    TIMESTAMP NOT NULL
);
CREATE INDEX complaint_attachments_complaint ON complaint_attachments (complaint_id, id);

-- Each written response (bemötande / vastine); a returned one is
-- followed by a new version.
CREATE TABLE complaint_responses (
    id             INTEGER PRIMARY KEY,
    complaint_id   INTEGER NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    -- The sections as a JSON array of strings, in the model's order.
    sections       TEXT NOT NULL CHECK (json_valid(sections)),
    submitted_by   TEXT NOT NULL,
    submitted_at   TIMESTAMP NOT NULL,
    late           BOOLEAN NOT NULL,
    -- '' while pending, accepted or returned.
    outcome        TEXT NOT NULL DEFAULT '',
    outcome_reason TEXT NOT NULL DEFAULT '',
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMP,
    UNIQUE (complaint_id, version)
);

CREATE TABLE complaint_events (
    id             INTEGER PRIMARY KEY,
    complaint_id   INTEGER NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    at             TIMESTAMP NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

-- Sanctions: one row per (agreement, source, source_ref), so that a
-- second proposal for the same cause finds the first. Amounts are minor
-- units of the agreement's currency; 0 when the model sets none.
CREATE TABLE sanctions (
    id             INTEGER PRIMARY KEY,
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    month          TEXT NOT NULL,
    source         TEXT NOT NULL,
    source_ref     TEXT NOT NULL,
    party          TEXT NOT NULL,
    reason         TEXT NOT NULL,
    amount         BIGINT NOT NULL DEFAULT 0,
    -- proposed, approved or disputed (by the customer, with a reason).
    status         TEXT NOT NULL,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_reason TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    UNIQUE (agreement_id, source, source_ref)
);
CREATE INDEX sanctions_month ON sanctions (agreement_id, month);

CREATE TABLE incidents (
    id             INTEGER PRIMARY KEY,
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    -- The supplier whose service it is (a party slug).
    party          TEXT NOT NULL,
    severity       TEXT NOT NULL,
    title          TEXT NOT NULL,
    occurred_at    TIMESTAMP NOT NULL,
    impact         TEXT NOT NULL DEFAULT '',
    cause          TEXT NOT NULL DEFAULT '',
    actions        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    -- The month of the service report it belongs to ('YYYY-MM').
    report_month   TEXT NOT NULL,
    matter_id      INTEGER REFERENCES matters (id) ON DELETE SET NULL,
    reported_by    TEXT NOT NULL,
    -- immediately or promptly (the model's rule for the severity), and
    -- when the customer's contact was notified.
    notify         TEXT NOT NULL,
    notified_at    TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX incidents_agreement ON incidents (agreement_id, report_month);

-- The incident's timeline: what happened when.
CREATE TABLE incident_events (
    id             INTEGER PRIMARY KEY,
    incident_id    INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at             TIMESTAMP NOT NULL,
    note           TEXT NOT NULL,
    actor          TEXT NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, at, id);

CREATE TABLE deficiencies (
    id             INTEGER PRIMARY KEY,
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    -- The party that failed and the party that bears the cost of fixing
    -- (party slugs); the bearer is '' until a forum decides.
    failed_party   TEXT NOT NULL,
    cost           BIGINT NOT NULL DEFAULT 0,
    bearer         TEXT NOT NULL DEFAULT '',
    forum          TEXT NOT NULL DEFAULT '',
    decision_id    INTEGER REFERENCES decisions (id) ON DELETE SET NULL,
    status         TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX deficiencies_agreement ON deficiencies (agreement_id, status);

CREATE TABLE risks (
    id             INTEGER PRIMARY KEY,
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    -- 1 (rare / minor) to 5 (almost certain / critical).
    probability    INTEGER NOT NULL,
    impact         INTEGER NOT NULL,
    owner_name     TEXT NOT NULL DEFAULT '',
    actions        TEXT NOT NULL DEFAULT '',
    -- open, mitigated or closed.
    status         TEXT NOT NULL,
    -- The level (slug of the model) the risk is raised to.
    level          TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    closed_at      TIMESTAMP
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
