-- Privacy: erasure that pseudonymises a person without breaking the audit
-- chain. Kept in step with migrations/sqlite/00006_privacy.sql, where the
-- design is explained: v2 entries hash digests kept in audit_digests, so
-- erasure can redact their actor, before and after; v1 entries (written
-- before this migration, no audit_digests row) cannot be redacted.
-- Down keeps audit_digests, whose rows the v2 hashes depend on.

-- +goose Up
CREATE TABLE IF NOT EXISTS audit_digests (
    entry_id      BIGINT PRIMARY KEY,
    hash_version  INTEGER NOT NULL CHECK (hash_version = 2),
    salt          TEXT,
    actor_digest  TEXT NOT NULL,
    before_digest TEXT,
    after_digest  TEXT,
    redacted_at   TIMESTAMPTZ,
    CHECK (redacted_at IS NULL OR salt IS NULL)
);

-- audit_log stays append-only, except for the one update erasure makes:
-- the actor, before and after of a v2 entry whose digests row was marked
-- redacted (salt cleared, redacted_at set) just before. The same function
-- still refuses DELETE and (as a statement trigger) TRUNCATE.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Nested: NEW and OLD are only there for a row UPDATE.
    IF TG_OP = 'UPDATE' THEN
        IF NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
           AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id
           AND NEW.agreement_id IS NOT DISTINCT FROM OLD.agreement_id
           AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
           AND NEW.actor IS NOT NULL
           AND EXISTS (SELECT 1 FROM audit_digests d
                       WHERE d.entry_id = OLD.id AND d.redacted_at IS NOT NULL AND d.salt IS NULL)
        THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
-- +goose StatementEnd

-- A digests row changes once per erasure, and only to mark redaction:
-- the salt goes, redacted_at comes; the digests themselves never change.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_digests_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.entry_id = OLD.entry_id AND NEW.hash_version = OLD.hash_version
           AND NEW.actor_digest = OLD.actor_digest
           AND NEW.before_digest IS NOT DISTINCT FROM OLD.before_digest
           AND NEW.after_digest IS NOT DISTINCT FROM OLD.after_digest
           AND NEW.salt IS NULL AND NEW.redacted_at IS NOT NULL
        THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_digests is append-only';
END;
$$;
-- +goose StatementEnd

DROP TRIGGER IF EXISTS audit_digests_no_change ON audit_digests;
CREATE TRIGGER audit_digests_no_change BEFORE UPDATE OR DELETE ON audit_digests
    FOR EACH ROW EXECUTE FUNCTION audit_digests_append_only();
DROP TRIGGER IF EXISTS audit_digests_no_truncate ON audit_digests;
CREATE TRIGGER audit_digests_no_truncate BEFORE TRUNCATE ON audit_digests
    FOR EACH STATEMENT EXECUTE FUNCTION audit_digests_append_only();

-- +goose Down
-- audit_digests, its function and its triggers stay; audit_log goes back
-- to refusing every change.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
-- +goose StatementEnd
