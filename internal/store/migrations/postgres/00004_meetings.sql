-- +goose Up
-- Meetings: from the annual plan to approved minutes. A meeting belongs to
-- a forum; a forum with meetings cannot be removed from the model (mark it
-- inactive instead), so the history stays whole. People are referenced
-- with a snapshot of their name, so removing someone from the directory
-- does not rewrite past attendance or minutes.
CREATE TABLE meetings (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    forum_id       BIGINT NOT NULL REFERENCES forums (id) ON DELETE RESTRICT,
    kind           TEXT NOT NULL,           -- regular, extra, adhoc
    state          TEXT NOT NULL,
    title          TEXT NOT NULL,
    location       TEXT NOT NULL DEFAULT '',
    starts_at      TIMESTAMPTZ NOT NULL,
    ends_at        TIMESTAMPTZ NOT NULL,
    local_date     TEXT NOT NULL,           -- YYYY-MM-DD in the agreement's time zone
    materials_due  TEXT NOT NULL,
    proposals_due  TEXT,
    minutes_due    TEXT,
    ical_uid       TEXT NOT NULL UNIQUE,
    ical_sequence  INTEGER NOT NULL DEFAULT 0,
    cancel_reason  TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX meetings_forum ON meetings (forum_id, starts_at);
CREATE INDEX meetings_agreement ON meetings (agreement_id, starts_at);

CREATE TABLE agenda_items (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id     BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    type           TEXT NOT NULL,           -- information, discussion, decision
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    presenter      TEXT NOT NULL DEFAULT '',
    duration_min   INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL,           -- accepted, proposed, declined
    source         TEXT NOT NULL,           -- standard, manual, proposal, action-items, previous-minutes, yearly-duty
    proposed_by    TEXT NOT NULL DEFAULT '',
    decline_reason TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);

CREATE TABLE materials (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id     BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id BIGINT REFERENCES agenda_items (id) ON DELETE SET NULL,
    name           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    data           BYTEA NOT NULL,
    late           BOOLEAN NOT NULL,
    uploaded_by    TEXT NOT NULL,
    uploaded_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (meeting_id, name, version)
);

CREATE TABLE attendance (
    meeting_id     BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id      BIGINT REFERENCES people (id) ON DELETE SET NULL,
    person_name    TEXT NOT NULL,
    party          TEXT NOT NULL,
    role           TEXT NOT NULL,           -- chair, secretary, presenter, expert, member
    present        BOOLEAN NOT NULL,
    UNIQUE (meeting_id, person_name, party)
);

CREATE TABLE minutes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id     BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    body           TEXT NOT NULL,
    state          TEXT NOT NULL,           -- draft, submitted, returned, approved
    written_by     TEXT NOT NULL,
    written_at     TIMESTAMPTZ NOT NULL,
    submitted_at   TIMESTAMPTZ,
    approved_by    TEXT NOT NULL DEFAULT '',
    approved_at    TIMESTAMPTZ,
    return_comment TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, version)
);

CREATE TABLE action_items (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    forum_id       BIGINT NOT NULL REFERENCES forums (id) ON DELETE RESTRICT,
    meeting_id     BIGINT REFERENCES meetings (id) ON DELETE SET NULL,
    title          TEXT NOT NULL,
    owner_id       BIGINT REFERENCES people (id) ON DELETE SET NULL,
    owner_name     TEXT NOT NULL,
    owner_email    TEXT NOT NULL DEFAULT '',
    due            TEXT NOT NULL,
    status         TEXT NOT NULL,           -- open, done, cancelled
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_items_forum ON action_items (forum_id, status);
CREATE INDEX action_items_owner ON action_items (lower(owner_email), status);

CREATE TABLE action_item_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_item_id BIGINT NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
    at             TIMESTAMPTZ NOT NULL,
    actor          TEXT NOT NULL,
    change         TEXT NOT NULL
);

-- Notifications go to the outbox first, in the same transaction as the
-- change that caused them; a sender delivers them by SMTP when configured.
-- dedupe_key makes each reminder exist once, however many instances run.
CREATE TABLE outbox (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT REFERENCES agreements (id) ON DELETE CASCADE,
    meeting_id     BIGINT REFERENCES meetings (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    dedupe_key     TEXT NOT NULL UNIQUE,
    recipient      TEXT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    ics            TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    sent_at        TIMESTAMPTZ,
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_unsent ON outbox (sent_at, id);
CREATE INDEX outbox_recipient ON outbox (lower(recipient), id);

-- A background job's run for a time slot is claimed by inserting its row:
-- the primary key lets exactly one instance win.
CREATE TABLE job_runs (
    job            TEXT NOT NULL,
    slot           TEXT NOT NULL,
    claimed_by     TEXT NOT NULL,
    claimed_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job, slot)
);

-- +goose Down
DROP TABLE job_runs;
DROP TABLE outbox;
DROP TABLE action_item_events;
DROP TABLE action_items;
DROP TABLE minutes;
DROP TABLE attendance;
DROP TABLE materials;
DROP TABLE agenda_items;
DROP TABLE meetings;
