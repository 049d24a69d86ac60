-- Invitations (issue #15): a party's representative (or an administrator)
-- invites a person by name and e-mail into a party of an agreement, with
-- their account role and seats; a single-use link valid 7 days lets them
-- set a password and land in the agreement. Only the link secret's hash
-- is kept; resending replaces it.

-- +goose Up
CREATE TABLE invitations (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    party        TEXT NOT NULL,
    email        TEXT NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    -- forum ids the person gets a seat (member) in, space-separated
    seats        TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    accepted_at  TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    user_id      BIGINT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX invitations_agreement ON invitations (agreement_id);

-- +goose Down
DROP TABLE invitations;
