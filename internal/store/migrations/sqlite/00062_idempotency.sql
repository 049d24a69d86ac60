-- +goose Up
-- The first response to a request sent with an idempotency key (the API's
-- Idempotency-Key header, a web form's one-time token), so that a repeat
-- within 24 hours returns it and changes nothing (issue 17). scope is
-- who sent it ("api:user:7", "web:user:7"); done is false while the first
-- request is still running.
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    done         BOOLEAN NOT NULL DEFAULT FALSE,
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    location     TEXT NOT NULL DEFAULT '',
    body         BLOB,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
