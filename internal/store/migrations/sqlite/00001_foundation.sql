-- Foundation: agreements and their governance model, and the audit log.
-- Kept in step with migrations/postgres/00001_foundation.sql; differences
-- are types only (ids, booleans, times, JSON) and the trigger syntax.
-- Dates (YYYY-MM-DD) are TEXT in both dialects: see doc.go.
-- Times are declared TIMESTAMP so that modernc.org/sqlite reads them back
-- as time.Time; they are written in UTC.

-- +goose Up
CREATE TABLE agreements (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    country        TEXT NOT NULL,
    timezone       TEXT NOT NULL,
    language       TEXT NOT NULL,
    currency       TEXT NOT NULL,
    period_from    TEXT NOT NULL,
    period_to      TEXT,
    eves_working   BOOLEAN NOT NULL DEFAULT FALSE,
    format_version INTEGER NOT NULL,
    -- The agreement-level rule blocks (escalation_paths, complaints,
    -- incidents, orders, time_reporting, reports, obligations, survey) as
    -- one JSON object in the model file's own shape.
    rules          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(rules)),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE levels (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    slug         TEXT NOT NULL,
    name         TEXT NOT NULL,
    -- 0 is the highest level; the order of the model file.
    rank         INTEGER NOT NULL,
    UNIQUE (agreement_id, slug)
);

CREATE TABLE parties (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    -- The organisation's identity across agreements.
    slug         TEXT NOT NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    position     INTEGER NOT NULL,
    UNIQUE (agreement_id, slug)
);
CREATE INDEX parties_slug ON parties (slug);

CREATE TABLE party_attributes (
    id         INTEGER PRIMARY KEY,
    party_id   INTEGER NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    position   INTEGER NOT NULL,
    UNIQUE (party_id, key, valid_from)
);

CREATE TABLE people (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    slug         TEXT NOT NULL,
    name         TEXT NOT NULL,
    party_id     INTEGER NOT NULL REFERENCES parties (id),
    titles       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(titles)),
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    deputy_id    INTEGER REFERENCES people (id) ON DELETE SET NULL,
    position     INTEGER NOT NULL,
    UNIQUE (agreement_id, slug)
);
CREATE INDEX people_email ON people (lower(email));
CREATE INDEX people_party ON people (party_id);
CREATE INDEX people_deputy ON people (deputy_id);

CREATE TABLE forums (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    slug         TEXT NOT NULL,
    name         TEXT NOT NULL,
    -- Slug of a level of the same agreement.
    level        TEXT NOT NULL,
    area         TEXT NOT NULL DEFAULT '',
    purpose      TEXT NOT NULL DEFAULT '',
    inactive     BOOLEAN NOT NULL DEFAULT FALSE,
    -- Slug of a forum of the same agreement, '' for none.
    escalates_to TEXT NOT NULL DEFAULT '',
    -- A copy of rules.cadence.frequency for queries (the annual plan);
    -- written together with rules by ApplyAgreement only.
    frequency    TEXT NOT NULL,
    position     INTEGER NOT NULL,
    -- The rest of the forum (tasks, parties, cadence, responsibilities,
    -- materials, minutes, seats, votes, decision, standard_agenda,
    -- extra_meeting, agenda_proposals, yearly_duties) in the model file's
    -- own shape.
    rules        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(rules)),
    UNIQUE (agreement_id, slug)
);

CREATE TABLE memberships (
    id         INTEGER PRIMARY KEY,
    forum_id   INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    -- NULL while the seat is held.
    valid_to   TEXT,
    -- Order within the agreement's list of memberships.
    position   INTEGER NOT NULL,
    UNIQUE (forum_id, person_id, role, valid_from)
);
CREATE INDEX memberships_person ON memberships (person_id);

-- The audit log is append-only and hash-chained: hash covers prev_hash and
-- the entry's own fields (see audit.go). before_json and after_json are
-- TEXT, not a JSON type, because the hash is over their exact bytes.
-- agreement_id has no foreign key: the log outlives what it describes.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TIMESTAMP NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    agreement_id INTEGER,
    before_json  TEXT,
    after_json   TEXT,
    -- UNIQUE: two entries can never follow the same one, so the chain
    -- cannot fork even if the head lock were bypassed.
    prev_hash    TEXT NOT NULL UNIQUE,
    hash         TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_agreement ON audit_log (agreement_id, id);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- The head of the chain: one row, locked by every append so that appends
-- are serialised; seq counts the entries so that a cut-off tail is seen.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE memberships;
DROP TABLE forums;
DROP TABLE people;
DROP TABLE party_attributes;
DROP TABLE parties;
DROP TABLE levels;
DROP TABLE agreements;
