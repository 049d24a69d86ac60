-- +goose Up
-- A token created with a token records its parent: revoking the parent
-- revokes it too, and it expires no later than the parent (issue 17).
ALTER TABLE api_tokens ADD COLUMN parent_id BIGINT REFERENCES api_tokens (id);
CREATE INDEX api_tokens_parent ON api_tokens (parent_id);

-- +goose Down
DROP INDEX api_tokens_parent;
ALTER TABLE api_tokens DROP COLUMN parent_id;
