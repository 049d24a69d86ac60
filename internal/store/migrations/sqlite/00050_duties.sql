-- Issue 16: the duty ledger. Every deadline in steerco is a row here,
-- opened and closed by the feature's service in the same transaction as
-- the state change that causes it (internal/duty). (agreement, kind,
-- source, occurrence) is a duty's key, so opening it twice changes
-- nothing. Dates are local dates ("YYYY-MM-DD") on the agreement's
-- calendar; "late" is not stored but computed from due and today.
-- Kept in step with migrations/postgres/00050_duties.sql.

-- +goose Up
CREATE TABLE duties (
    id             INTEGER PRIMARY KEY,
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    -- materials, complaint-response, obligation... (internal/duty.Kinds)
    kind           TEXT NOT NULL,
    -- the object it is about: "complaint:12", "obligation:sla-uppfoljning"
    source         TEXT NOT NULL,
    -- which occurrence of a recurring duty ("2027-Q1"); '' for one-off ones
    occurrence     TEXT NOT NULL DEFAULT '',
    -- words from the object or the model (a complaint's title, an
    -- obligation's title); the reader's language renders the kind
    title          TEXT NOT NULL DEFAULT '',
    -- the page that does the duty, a path inside the application
    link           TEXT NOT NULL DEFAULT '',
    -- party slugs; person is a directory slug when one person owes it
    owed_by        TEXT NOT NULL,
    owed_by_person TEXT NOT NULL DEFAULT '',
    owed_to        TEXT NOT NULL DEFAULT '',
    -- the forum it is reported to or decided in, when the model names one
    forum          TEXT NOT NULL DEFAULT '',
    -- from when it can be done (the period's first day); '' = at once
    starts         TEXT NOT NULL DEFAULT '',
    due            TEXT NOT NULL,
    -- open, done or waived
    state          TEXT NOT NULL DEFAULT 'open',
    -- evidence: '' (none), submitted, returned or accepted
    evidence       TEXT NOT NULL DEFAULT '',
    closed_by      TEXT NOT NULL DEFAULT '',
    closed_at      TIMESTAMP,
    note           TEXT NOT NULL DEFAULT '',
    -- the matter an overdue duty became in its forum
    matter_id      INTEGER REFERENCES matters (id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (agreement_id, kind, source, occurrence)
);
CREATE INDEX duties_open ON duties (state, due);
CREATE INDEX duties_agreement ON duties (agreement_id, state, due);

CREATE TABLE duty_evidence (
    id           INTEGER PRIMARY KEY,
    duty_id      INTEGER NOT NULL REFERENCES duties (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    body         TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    -- '' while waiting, accepted or returned (by the receiving party)
    outcome      TEXT NOT NULL DEFAULT '',
    comment      TEXT NOT NULL DEFAULT '',
    decided_by   TEXT NOT NULL DEFAULT '',
    decided_at   TIMESTAMP,
    UNIQUE (duty_id, version)
);

CREATE TABLE duty_files (
    id           INTEGER PRIMARY KEY,
    evidence_id  INTEGER NOT NULL REFERENCES duty_evidence (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         BLOB NOT NULL
);

-- People who turned the weekly digest of their duties off (account page).
CREATE TABLE duty_digest_optout (
    email      TEXT PRIMARY KEY,
    created_at TIMESTAMP NOT NULL
);

-- Who decides a sanction and where: a forum's decision in its register.
ALTER TABLE sanctions ADD COLUMN forum TEXT NOT NULL DEFAULT '';
ALTER TABLE sanctions ADD COLUMN matter_id INTEGER REFERENCES matters (id) ON DELETE SET NULL;
ALTER TABLE sanctions ADD COLUMN decision_id INTEGER REFERENCES decisions (id) ON DELETE SET NULL;

-- +goose Down
DROP TABLE duty_digest_optout;
DROP TABLE duty_files;
DROP TABLE duty_evidence;
DROP TABLE duties;
