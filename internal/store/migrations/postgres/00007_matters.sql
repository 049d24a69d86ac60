-- Matters (ärenden, asiat), their history and escalation path; decisions
-- on agenda items with their votes; and the full-text search index over
-- matters, minutes and decisions. Kept in step with
-- migrations/sqlite/00007_matters.sql, where the tables are explained; the
-- differences are types, the trigger syntax and the search index.
--
-- Search here: search_docs holds the text itself; a query's stems must
-- each occur in it as a substring (ILIKE), the same rule as SQLite's
-- trigram index, and to_tsvector('simple') ranks the hits (whole-word
-- prefix matches first). pg_trgm is deliberately not used: an index on its
-- operator class makes the schema-only archives `steerco backup` writes
-- unrestorable into a database without the extension (pg_dump --schema
-- does not dump extensions), and ILIKE needs no extension. An agreement's
-- documents number in the thousands; the scan is filtered by agreement.

-- +goose Up
CREATE TABLE matters (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    forum_id       BIGINT NOT NULL REFERENCES forums (id),
    origin_forum_id BIGINT NOT NULL REFERENCES forums (id),
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    owner_id       BIGINT REFERENCES people (id) ON DELETE SET NULL,
    owner_name     TEXT NOT NULL DEFAULT '',
    raised_by      TEXT NOT NULL,
    raised_party   TEXT NOT NULL,
    esc_path       TEXT NOT NULL DEFAULT '',
    waiting_since  TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX matters_agreement ON matters (agreement_id, updated_at);
CREATE INDEX matters_forum ON matters (forum_id, status);
CREATE INDEX matters_waiting ON matters (forum_id, waiting_since);

CREATE TABLE matter_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    matter_id      BIGINT NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    at             TIMESTAMPTZ NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    changes        JSONB NOT NULL DEFAULT '[]',
    note           TEXT NOT NULL DEFAULT '',
    meeting_id     BIGINT,
    agenda_item_id BIGINT,
    decision_id    BIGINT
);
CREATE INDEX matter_events_matter ON matter_events (matter_id, id);

CREATE TABLE decisions (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    forum_id       BIGINT NOT NULL REFERENCES forums (id),
    meeting_id     BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id BIGINT UNIQUE REFERENCES agenda_items (id) ON DELETE SET NULL,
    meeting_date   TEXT NOT NULL,
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    proposal       TEXT NOT NULL DEFAULT '',
    per            TEXT NOT NULL DEFAULT '',
    weighted       BOOLEAN NOT NULL DEFAULT FALSE,
    outcome        TEXT NOT NULL DEFAULT '',
    yes_weight     DOUBLE PRECISION NOT NULL DEFAULT 0,
    no_weight      DOUBLE PRECISION NOT NULL DEFAULT 0,
    abstained      DOUBLE PRECISION NOT NULL DEFAULT 0,
    present        INTEGER NOT NULL DEFAULT 0,
    eligible       INTEGER NOT NULL DEFAULT 0,
    quorum_needed  INTEGER NOT NULL DEFAULT 0,
    casting_vote   BOOLEAN NOT NULL DEFAULT FALSE,
    consensus      BOOLEAN NOT NULL DEFAULT FALSE,
    result_text    TEXT NOT NULL DEFAULT '',
    duty_person    TEXT NOT NULL DEFAULT '',
    duty_person_name TEXT NOT NULL DEFAULT '',
    term_from      TEXT NOT NULL DEFAULT '',
    term_to        TEXT NOT NULL DEFAULT '',
    opened_by      TEXT NOT NULL,
    opened_at      TIMESTAMPTZ NOT NULL,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMPTZ,
    overturned_by  BIGINT REFERENCES decisions (id) ON DELETE SET NULL,
    overturn_effect TEXT NOT NULL DEFAULT '',
    overturn_note  TEXT NOT NULL DEFAULT '',
    overturned_at  TIMESTAMPTZ
);
CREATE INDEX decisions_register ON decisions (agreement_id, meeting_date);
CREATE INDEX decisions_overturned ON decisions (overturned_by);

CREATE TABLE votes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    decision_id    BIGINT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    voter          TEXT NOT NULL,
    person         TEXT NOT NULL DEFAULT '',
    person_name    TEXT NOT NULL DEFAULT '',
    party          TEXT NOT NULL,
    choice         TEXT NOT NULL,
    weight         DOUBLE PRECISION NOT NULL,
    chair          BOOLEAN NOT NULL DEFAULT FALSE,
    cast_by        TEXT NOT NULL,
    cast_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (decision_id, voter)
);

CREATE TABLE matter_steps (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    matter_id      BIGINT NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    forum_id       BIGINT NOT NULL REFERENCES forums (id),
    entered_at     TIMESTAMPTZ NOT NULL,
    left_at        TIMESTAMPTZ,
    reason         TEXT NOT NULL DEFAULT '',
    outcome        TEXT NOT NULL DEFAULT '',
    meeting_id     BIGINT REFERENCES meetings (id) ON DELETE SET NULL,
    decision_id    BIGINT REFERENCES decisions (id) ON DELETE SET NULL,
    UNIQUE (matter_id, seq)
);

CREATE TABLE matter_links (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    matter_id      BIGINT NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    meeting_id     BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id BIGINT REFERENCES agenda_items (id) ON DELETE CASCADE,
    source         TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX matter_links_matter ON matter_links (matter_id);
CREATE INDEX matter_links_item ON matter_links (agenda_item_id);

-- The waiting escalations go onto the first meeting created for their
-- forum that starts after the escalation (see the SQLite migration).
-- +goose StatementBegin
CREATE FUNCTION matters_place_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    w RECORD;
    pos INTEGER := 0;
    item BIGINT;
BEGIN
    FOR w IN SELECT m.id, m.title,
                    COALESCE((SELECT s.reason FROM matter_steps s WHERE s.matter_id = m.id AND s.left_at IS NULL), '') AS reason
             FROM matters m
             WHERE m.forum_id = NEW.forum_id AND m.waiting_since IS NOT NULL AND m.waiting_since < NEW.starts_at
             ORDER BY m.waiting_since, m.id
             FOR UPDATE OF m
    LOOP
        pos := pos + 1;
        INSERT INTO agenda_items (meeting_id, position, type, title, description, status, source, created_at)
        VALUES (NEW.id, pos, 'decision', w.title, w.reason, 'accepted', 'escalation', NEW.created_at)
        RETURNING id INTO item;
        INSERT INTO matter_links (matter_id, meeting_id, agenda_item_id, source, created_by, created_at)
        VALUES (w.id, NEW.id, item, 'escalation', 'system', NEW.created_at);
        INSERT INTO matter_events (matter_id, at, actor, action, meeting_id, agenda_item_id)
        VALUES (w.id, NEW.created_at, 'system', 'agenda', NEW.id, item);
        UPDATE matter_steps SET meeting_id = NEW.id WHERE matter_id = w.id AND left_at IS NULL;
        UPDATE matters SET waiting_since = NULL, updated_at = NEW.created_at WHERE id = w.id;
    END LOOP;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER matters_place_waiting AFTER INSERT ON meetings
    FOR EACH ROW WHEN (NEW.state IN ('planned', 'agenda-published')) EXECUTE FUNCTION matters_place_waiting();

CREATE TABLE search_docs (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    forum_id       BIGINT NOT NULL REFERENCES forums (id),
    kind           TEXT NOT NULL,
    ref_id         BIGINT NOT NULL,
    meeting_id     BIGINT,
    at             TIMESTAMPTZ NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    tsv            TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || body)) STORED,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_agreement ON search_docs (agreement_id, kind);
CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv);

-- +goose StatementBegin
CREATE FUNCTION search_index_matter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_docs WHERE kind = 'matter' AND ref_id = OLD.id;
        RETURN NULL;
    END IF;
    INSERT INTO search_docs (agreement_id, forum_id, kind, ref_id, at, title, body)
    VALUES (NEW.agreement_id, NEW.forum_id, 'matter', NEW.id, NEW.updated_at, NEW.title, NEW.description)
    ON CONFLICT (kind, ref_id) DO UPDATE SET forum_id = excluded.forum_id, at = excluded.at,
        title = excluded.title, body = excluded.body;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_matter AFTER INSERT OR UPDATE OF title, description, forum_id OR DELETE ON matters
    FOR EACH ROW EXECUTE FUNCTION search_index_matter();

-- +goose StatementBegin
CREATE FUNCTION search_index_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_docs WHERE kind = 'decision' AND ref_id = OLD.id;
        RETURN NULL;
    END IF;
    INSERT INTO search_docs (agreement_id, forum_id, kind, ref_id, meeting_id, at, title, body)
    VALUES (NEW.agreement_id, NEW.forum_id, 'decision', NEW.id, NEW.meeting_id, NEW.opened_at, NEW.title,
            NEW.proposal || E'\n' || NEW.result_text || E'\n' || NEW.duty_person_name)
    ON CONFLICT (kind, ref_id) DO UPDATE SET title = excluded.title, body = excluded.body;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_decision AFTER INSERT OR UPDATE OF title, proposal, result_text, duty_person_name OR DELETE ON decisions
    FOR EACH ROW EXECUTE FUNCTION search_index_decision();

-- +goose StatementBegin
CREATE FUNCTION search_index_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.version < (SELECT MAX(version) FROM minutes WHERE meeting_id = NEW.meeting_id) THEN
        RETURN NULL; -- an older version: the newest is the one indexed
    END IF;
    INSERT INTO search_docs (agreement_id, forum_id, kind, ref_id, meeting_id, at, title, body)
    SELECT m.agreement_id, m.forum_id, 'minutes', m.id, m.id, NEW.written_at, m.title || ' ' || m.local_date, NEW.body
    FROM meetings m WHERE m.id = NEW.meeting_id
    ON CONFLICT (kind, ref_id) DO UPDATE SET at = excluded.at, title = excluded.title, body = excluded.body;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_minutes AFTER INSERT OR UPDATE OF body ON minutes
    FOR EACH ROW EXECUTE FUNCTION search_index_minutes();

-- +goose StatementBegin
CREATE FUNCTION search_unindex_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_docs WHERE kind = 'minutes' AND ref_id = OLD.id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_meeting_delete AFTER DELETE ON meetings
    FOR EACH ROW EXECUTE FUNCTION search_unindex_meeting();

-- +goose Down
DROP TRIGGER search_meeting_delete ON meetings;
DROP FUNCTION search_unindex_meeting();
DROP TRIGGER search_minutes ON minutes;
DROP FUNCTION search_index_minutes();
DROP TRIGGER search_decision ON decisions;
DROP FUNCTION search_index_decision();
DROP TRIGGER search_matter ON matters;
DROP FUNCTION search_index_matter();
DROP TABLE search_docs;
DROP TRIGGER matters_place_waiting ON meetings;
DROP FUNCTION matters_place_waiting();
DROP TABLE matter_links;
DROP TABLE matter_steps;
DROP TABLE votes;
DROP TABLE decisions;
DROP TABLE matter_events;
DROP TABLE matters;
