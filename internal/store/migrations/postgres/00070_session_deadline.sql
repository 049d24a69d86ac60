-- A session's absolute deadline (its lifetime from sign-in), apart from
-- its expiry (the idle expiry, never later than the deadline). With both
-- stored, reading a session can extend its idle expiry by itself, at most
-- once every few minutes, instead of rewriting the whole session on every
-- request (issue #18: a signed-in GET writes nothing). NULL in rows from
-- before: their expiry is their deadline.

-- +goose Up
ALTER TABLE sessions ADD COLUMN deadline TIMESTAMPTZ;

-- +goose Down
ALTER TABLE sessions DROP COLUMN deadline;
