-- +goose Up
-- Calendar subscriptions: a user's personal feed (every meeting they can
-- see) or one forum's. The URL's token is the only key, so only its
-- SHA-256 is stored, as for API tokens. What a feed shows is decided when
-- it is fetched, from the user's access at that moment.
CREATE TABLE calendar_feeds (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    agreement_id   BIGINT REFERENCES agreements (id) ON DELETE CASCADE,  -- NULL for a personal feed
    forum_id       BIGINT REFERENCES forums (id) ON DELETE CASCADE,
    token_hash     TEXT NOT NULL UNIQUE,
    prefix         TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    last_used_at   TIMESTAMPTZ,
    revoked_at     TIMESTAMPTZ
);
CREATE INDEX calendar_feeds_user ON calendar_feeds (user_id);

-- Meeting surveys. A round is claimed once per meeting (the primary key),
-- so several instances never invite twice. An invitation is one person's
-- key to answer once. A response is not linked to its invitation, so the
-- answers stay apart from who gave them.
CREATE TABLE survey_rounds (
    meeting_id     BIGINT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    eligible       INTEGER NOT NULL,
    invited        INTEGER NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE survey_invitations (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id     BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    recipient      TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    created_at     TIMESTAMPTZ NOT NULL,
    answered_at    TIMESTAMPTZ,
    UNIQUE (meeting_id, recipient)
);

CREATE TABLE survey_responses (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id     BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    comment        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_responses_meeting ON survey_responses (meeting_id);

CREATE TABLE survey_answers (
    response_id    BIGINT NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    question       TEXT NOT NULL,
    score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (response_id, position)
);

-- Delivery claims: a sender sets claimed_until before it sends, so one
-- instance delivers each message; after a failure it is the earliest
-- time of the next attempt (backoff).
ALTER TABLE outbox ADD COLUMN claimed_until TIMESTAMPTZ;

-- +goose Down
ALTER TABLE outbox DROP COLUMN claimed_until;
DROP TABLE survey_answers;
DROP TABLE survey_responses;
DROP TABLE survey_invitations;
DROP TABLE survey_rounds;
DROP TABLE calendar_feeds;
