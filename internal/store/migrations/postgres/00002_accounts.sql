-- +goose Up
-- Accounts: local and OpenID Connect users, web sessions shared by every
-- server instance, and failed sign-ins for rate limiting.
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    party         TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT 'representative',
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    locale        TEXT NOT NULL DEFAULT '',
    oidc_subject  TEXT,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE UNIQUE INDEX users_oidc ON users (oidc_subject) WHERE oidc_subject IS NOT NULL;

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BYTEA NOT NULL,
    expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE login_failures (
    id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE users;
