-- Checked and signed minutes (issue 19): the checkers chosen at a meeting,
-- each signer's signature (or rejection) of an approved version, and the
-- sealed PDF that is the record once all have signed.

-- +goose Up
CREATE TABLE minutes_checkers (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person      TEXT NOT NULL,          -- directory slug
    name        TEXT NOT NULL,
    chosen_by   TEXT NOT NULL,
    chosen_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, person)
);

CREATE TABLE minutes_signatures (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    person      TEXT NOT NULL,          -- directory slug
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    role        TEXT NOT NULL,          -- chair, checker
    status      TEXT NOT NULL,          -- pending, signed, rejected
    comment     TEXT NOT NULL DEFAULT '',
    due         TEXT NOT NULL,          -- YYYY-MM-DD, the last day to sign
    signed_at   TIMESTAMP,
    PRIMARY KEY (meeting_id, version, person)
);

CREATE TABLE minutes_seals (
    meeting_id  INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    pdf         BLOB NOT NULL,
    sha256      TEXT NOT NULL,
    audit_head  TEXT NOT NULL,
    signed      BOOLEAN NOT NULL,       -- carries the instance's PAdES signature
    sealed_at   TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE minutes_seals;
DROP TABLE minutes_signatures;
DROP TABLE minutes_checkers;
