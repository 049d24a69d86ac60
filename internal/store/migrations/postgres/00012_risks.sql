-- Issue 6: what the risk register needs beyond 00008's risks table: the
-- party that entered the risk (suppliers see their own), the owner's
-- directory id (owner_name keeps the name for the record), and the forum
-- and matter the risk was last raised to — raising a risk to a level makes
-- it a matter of kind risk in a forum of that level. Kept in step with
-- migrations/sqlite/00012_risks.sql.

-- +goose Up
ALTER TABLE risks ADD COLUMN party TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN forum TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN matter_id BIGINT REFERENCES matters (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE risks DROP COLUMN matter_id;
ALTER TABLE risks DROP COLUMN forum;
ALTER TABLE risks DROP COLUMN owner;
ALTER TABLE risks DROP COLUMN party;
