-- An agreement's model revision: raised in the transaction of every change
-- to the model (ApplyAgreement, directory edits, erasure), so that each
-- server process can keep the loaded model in memory and know with one
-- indexed read whether it is still current — also when another instance
-- on the same PostgreSQL made the change.

-- +goose Up
ALTER TABLE agreements ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE agreements DROP COLUMN revision;
