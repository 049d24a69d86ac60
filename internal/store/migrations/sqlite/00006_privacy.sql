-- Privacy: erasure that pseudonymises a person without breaking the audit
-- chain. Kept in step with migrations/postgres/00006_privacy.sql.
--
-- Entries written from here on are hash version 2: their hash covers
-- digests of the actor, before and after (kept in audit_digests), not the
-- texts themselves, so erasure can replace those texts (redact them) while
-- the chain still verifies. Entries written before this migration keep
-- version 1 (no audit_digests row): their hash covers the raw texts, and
-- they cannot be redacted without breaking the chain. A new installation
-- runs every migration before its first entry, so all its entries are v2.
--
-- The digests live in a table of their own rather than in new columns of
-- audit_log so that Down can keep them: an entry's version is the presence
-- of its digests row, and dropping the rows would leave every entry
-- written since this migration unverifiable. A later Up finds them again.
-- entry_id has no foreign key, like audit_log.agreement_id: the hash chain
-- ties a digests row to its entry, and CheckAudit checks it.

-- +goose Up
CREATE TABLE IF NOT EXISTS audit_digests (
    entry_id      INTEGER PRIMARY KEY,
    hash_version  INTEGER NOT NULL CHECK (hash_version = 2),
    -- hex(sha256(salt || text)) of each field. The random salt keeps a
    -- redacted entry's digests from confirming a guess of what it said
    -- (sha256 of a known e-mail address); redaction clears it.
    salt          TEXT,
    actor_digest  TEXT NOT NULL,
    before_digest TEXT,
    after_digest  TEXT,
    -- Set only by erasure (store.ErasePerson), which lists the entry in
    -- its own privacy.erase entry.
    redacted_at   TIMESTAMP,
    CHECK (redacted_at IS NULL OR salt IS NULL)
);

-- audit_log stays append-only, except for the one update erasure makes:
-- the actor, before and after of a v2 entry whose digests row was marked
-- redacted (salt cleared, redacted_at set) just before. Every other
-- column must stay as it was.
DROP TRIGGER IF EXISTS audit_log_no_update;
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (
    NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.action IS OLD.action
    AND NEW.object_type IS OLD.object_type AND NEW.object_id IS OLD.object_id
    AND NEW.agreement_id IS OLD.agreement_id
    AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
    AND NEW.actor IS NOT NULL
    AND EXISTS (SELECT 1 FROM audit_digests d
                WHERE d.entry_id = OLD.id AND d.redacted_at IS NOT NULL AND d.salt IS NULL)
)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- A digests row changes once per erasure, and only to mark redaction:
-- the salt goes, redacted_at comes; the digests themselves never change.
-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS audit_digests_no_update BEFORE UPDATE ON audit_digests
WHEN NOT (
    NEW.entry_id IS OLD.entry_id AND NEW.hash_version IS OLD.hash_version
    AND NEW.actor_digest IS OLD.actor_digest AND NEW.before_digest IS OLD.before_digest
    AND NEW.after_digest IS OLD.after_digest
    AND NEW.salt IS NULL AND NEW.redacted_at IS NOT NULL
)
BEGIN
    SELECT RAISE(ABORT, 'audit_digests is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS audit_digests_no_delete BEFORE DELETE ON audit_digests
BEGIN
    SELECT RAISE(ABORT, 'audit_digests is append-only');
END;
-- +goose StatementEnd

-- +goose Down
-- audit_digests and its triggers stay (see above); audit_log goes back to
-- refusing every update.
DROP TRIGGER IF EXISTS audit_log_no_update;
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
