-- +goose Up
-- Accounts: local and OpenID Connect users, web sessions shared by every
-- server instance, and failed sign-ins for rate limiting.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    -- argon2id PHC string; empty for a user who signs in only with OIDC.
    password_hash TEXT NOT NULL DEFAULT '',
    -- the organisation: a party slug, matched across agreements.
    party         TEXT NOT NULL DEFAULT '',
    -- representative, member or observer (see internal/auth).
    role          TEXT NOT NULL DEFAULT 'representative',
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    locale        TEXT NOT NULL DEFAULT '',
    oidc_subject  TEXT,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE UNIQUE INDEX users_oidc ON users (oidc_subject) WHERE oidc_subject IS NOT NULL;

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE users;
