-- Matters (ärenden, asiat), their history and escalation path; decisions
-- on agenda items with their votes; and the full-text search index over
-- matters, minutes and decisions. Kept in step with
-- migrations/postgres/00007_matters.sql; the differences are types, the
-- trigger syntax and the search index (FTS5 here, tsvector and ILIKE there).

-- +goose Up
CREATE TABLE matters (
    id             INTEGER PRIMARY KEY,
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    -- The forum the matter sits in now; origin_forum_id where it was raised.
    -- A forum with matters cannot be removed from the model.
    forum_id       INTEGER NOT NULL REFERENCES forums (id),
    origin_forum_id INTEGER NOT NULL REFERENCES forums (id),
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    owner_id       INTEGER REFERENCES people (id) ON DELETE SET NULL,
    owner_name     TEXT NOT NULL DEFAULT '',
    raised_by      TEXT NOT NULL,
    raised_party   TEXT NOT NULL,
    -- The named escalation path the matter follows; '' for the forums'
    -- own escalates_to.
    esc_path       TEXT NOT NULL DEFAULT '',
    -- Set while an escalated matter waits for its forum's next meeting:
    -- the trigger below puts it on the agenda of the first meeting created
    -- that starts after this time.
    waiting_since  TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX matters_agreement ON matters (agreement_id, updated_at);
CREATE INDEX matters_forum ON matters (forum_id, status);
CREATE INDEX matters_waiting ON matters (forum_id, waiting_since);

-- Every change to a matter: who, when, what.
CREATE TABLE matter_events (
    id             INTEGER PRIMARY KEY,
    matter_id      INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    at             TIMESTAMP NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    changes        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes)),
    note           TEXT NOT NULL DEFAULT '',
    meeting_id     INTEGER,
    agenda_item_id INTEGER,
    decision_id    INTEGER
);
CREATE INDEX matter_events_matter ON matter_events (matter_id, id);

-- Decisions on agenda items of type decision: a vote, a consensus, or a
-- yearly duty's outcome. The title is the item's at the time, so the
-- register reads the same if the item is later renamed.
CREATE TABLE decisions (
    id             INTEGER PRIMARY KEY,
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    forum_id       INTEGER NOT NULL REFERENCES forums (id),
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id INTEGER UNIQUE REFERENCES agenda_items (id) ON DELETE SET NULL,
    meeting_date   TEXT NOT NULL,
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL,          -- vote, consensus, duty
    status         TEXT NOT NULL,          -- voting, decided
    proposal       TEXT NOT NULL DEFAULT '',
    per            TEXT NOT NULL DEFAULT '',
    weighted       BOOLEAN NOT NULL DEFAULT FALSE,
    outcome        TEXT NOT NULL DEFAULT '',
    yes_weight     REAL NOT NULL DEFAULT 0,
    no_weight      REAL NOT NULL DEFAULT 0,
    abstained      REAL NOT NULL DEFAULT 0,
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
    opened_at      TIMESTAMP NOT NULL,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMP,
    -- A higher level's decision that changed or overturned this one.
    overturned_by  INTEGER REFERENCES decisions (id) ON DELETE SET NULL,
    overturn_effect TEXT NOT NULL DEFAULT '',
    overturn_note  TEXT NOT NULL DEFAULT '',
    overturned_at  TIMESTAMP
);
CREATE INDEX decisions_register ON decisions (agreement_id, meeting_date);
CREATE INDEX decisions_overturned ON decisions (overturned_by);

-- One vote per seat or organisation (voter), enforced here as well.
CREATE TABLE votes (
    id             INTEGER PRIMARY KEY,
    decision_id    INTEGER NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    voter          TEXT NOT NULL,          -- person slug (per seat) or party slug (per party)
    person         TEXT NOT NULL DEFAULT '',
    person_name    TEXT NOT NULL DEFAULT '',
    party          TEXT NOT NULL,
    choice         TEXT NOT NULL,
    weight         REAL NOT NULL,
    chair          BOOLEAN NOT NULL DEFAULT FALSE,
    cast_by        TEXT NOT NULL,
    cast_at        TIMESTAMP NOT NULL,
    UNIQUE (decision_id, voter)
);

-- The forums a matter has been in, in order, with the outcome at each.
CREATE TABLE matter_steps (
    id             INTEGER PRIMARY KEY,
    matter_id      INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    forum_id       INTEGER NOT NULL REFERENCES forums (id),
    entered_at     TIMESTAMP NOT NULL,
    left_at        TIMESTAMP,
    reason         TEXT NOT NULL DEFAULT '',
    outcome        TEXT NOT NULL DEFAULT '',
    meeting_id     INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    decision_id    INTEGER REFERENCES decisions (id) ON DELETE SET NULL,
    UNIQUE (matter_id, seq)
);

-- A matter on a meeting's agenda (agenda_item_id NULL: the meeting only).
CREATE TABLE matter_links (
    id             INTEGER PRIMARY KEY,
    matter_id      INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id INTEGER REFERENCES agenda_items (id) ON DELETE CASCADE,
    source         TEXT NOT NULL,          -- escalation, agenda, manual
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX matter_links_matter ON matter_links (matter_id);
CREATE INDEX matter_links_item ON matter_links (agenda_item_id);

-- An escalated matter waiting for its forum's next meeting goes onto the
-- agenda of the first meeting created for that forum that starts after
-- the escalation: here, whatever creates the meeting (annual plan, ad hoc,
-- extra, import). Items come first, numbered by escalation order, before
-- the standard agenda the meeting service adds next.
-- +goose StatementBegin
CREATE TRIGGER matters_place_waiting AFTER INSERT ON meetings
WHEN NEW.state IN ('planned', 'agenda-published')
BEGIN
    INSERT INTO agenda_items (meeting_id, position, type, title, description, status, source, created_at)
    SELECT NEW.id, w.rn, 'decision', w.title, w.reason, 'accepted', 'escalation', NEW.created_at
    FROM (SELECT m.id, m.title,
                 COALESCE((SELECT s.reason FROM matter_steps s WHERE s.matter_id = m.id AND s.left_at IS NULL), '') AS reason,
                 ROW_NUMBER() OVER (ORDER BY m.waiting_since, m.id) AS rn
          FROM matters m
          WHERE m.forum_id = NEW.forum_id AND m.waiting_since IS NOT NULL AND m.waiting_since < NEW.starts_at) w;
    INSERT INTO matter_links (matter_id, meeting_id, agenda_item_id, source, created_by, created_at)
    SELECT w.id, NEW.id, ai.id, 'escalation', 'system', NEW.created_at
    FROM (SELECT m.id, ROW_NUMBER() OVER (ORDER BY m.waiting_since, m.id) AS rn
          FROM matters m
          WHERE m.forum_id = NEW.forum_id AND m.waiting_since IS NOT NULL AND m.waiting_since < NEW.starts_at) w
    JOIN agenda_items ai ON ai.meeting_id = NEW.id AND ai.source = 'escalation' AND ai.position = w.rn;
    INSERT INTO matter_events (matter_id, at, actor, action, meeting_id, agenda_item_id)
    SELECT l.matter_id, NEW.created_at, 'system', 'agenda', NEW.id, l.agenda_item_id
    FROM matter_links l WHERE l.meeting_id = NEW.id AND l.source = 'escalation';
    UPDATE matter_steps SET meeting_id = NEW.id
    WHERE left_at IS NULL AND matter_id IN (SELECT matter_id FROM matter_links WHERE meeting_id = NEW.id AND source = 'escalation');
    UPDATE matters SET waiting_since = NULL, updated_at = NEW.created_at
    WHERE id IN (SELECT matter_id FROM matter_links WHERE meeting_id = NEW.id AND source = 'escalation');
END;
-- +goose StatementEnd

-- Search. search_docs says what each indexed text is and where it
-- belongs (for scoping results to the forums a user may see); search_fts
-- holds the text, under the same rowid. The trigram tokenizer matches any
-- substring of three or more characters, case-insensitively, so that a
-- query's stem finds the inflected and compound forms of Finnish and
-- Swedish words ("sopim" finds "palvelusopimuksen"). Triggers keep the
-- index in the same transaction as the write.
CREATE TABLE search_docs (
    id             INTEGER PRIMARY KEY,
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    forum_id       INTEGER NOT NULL REFERENCES forums (id),
    kind           TEXT NOT NULL,          -- matter, minutes, decision
    ref_id         INTEGER NOT NULL,       -- matter id, meeting id, decision id
    meeting_id     INTEGER,
    at             TIMESTAMP NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_agreement ON search_docs (agreement_id, kind);
CREATE VIRTUAL TABLE search_fts USING fts5 (title, body, tokenize = 'trigram');

-- +goose StatementBegin
CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs
BEGIN
    DELETE FROM search_fts WHERE rowid = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_matter_insert AFTER INSERT ON matters
BEGIN
    INSERT INTO search_docs (agreement_id, forum_id, kind, ref_id, at)
    VALUES (NEW.agreement_id, NEW.forum_id, 'matter', NEW.id, NEW.updated_at);
    INSERT INTO search_fts (rowid, title, body)
    VALUES ((SELECT id FROM search_docs WHERE kind = 'matter' AND ref_id = NEW.id), NEW.title, NEW.description);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_matter_update AFTER UPDATE OF title, description, forum_id ON matters
BEGIN
    UPDATE search_docs SET forum_id = NEW.forum_id, at = NEW.updated_at WHERE kind = 'matter' AND ref_id = NEW.id;
    UPDATE search_fts SET title = NEW.title, body = NEW.description
    WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'matter' AND ref_id = NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_matter_delete AFTER DELETE ON matters
BEGIN
    DELETE FROM search_docs WHERE kind = 'matter' AND ref_id = OLD.id;
END;
-- +goose StatementEnd

-- A decision is found by its title, proposal, result and duty outcome.
-- +goose StatementBegin
CREATE TRIGGER search_decision_insert AFTER INSERT ON decisions
BEGIN
    INSERT INTO search_docs (agreement_id, forum_id, kind, ref_id, meeting_id, at)
    VALUES (NEW.agreement_id, NEW.forum_id, 'decision', NEW.id, NEW.meeting_id, NEW.opened_at);
    INSERT INTO search_fts (rowid, title, body)
    VALUES ((SELECT id FROM search_docs WHERE kind = 'decision' AND ref_id = NEW.id), NEW.title,
            NEW.proposal || char(10) || NEW.result_text || char(10) || NEW.duty_person_name);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_decision_update AFTER UPDATE OF title, proposal, result_text, duty_person_name ON decisions
BEGIN
    UPDATE search_fts SET title = NEW.title,
        body = NEW.proposal || char(10) || NEW.result_text || char(10) || NEW.duty_person_name
    WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'decision' AND ref_id = NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_decision_delete AFTER DELETE ON decisions
BEGIN
    DELETE FROM search_docs WHERE kind = 'decision' AND ref_id = OLD.id;
END;
-- +goose StatementEnd

-- A meeting's minutes are one document: the newest version's body,
-- titled by the meeting.
-- +goose StatementBegin
CREATE TRIGGER search_minutes_insert AFTER INSERT ON minutes
BEGIN
    INSERT INTO search_docs (agreement_id, forum_id, kind, ref_id, meeting_id, at)
    SELECT m.agreement_id, m.forum_id, 'minutes', m.id, m.id, NEW.written_at FROM meetings m WHERE m.id = NEW.meeting_id
    ON CONFLICT (kind, ref_id) DO UPDATE SET at = excluded.at;
    DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'minutes' AND ref_id = NEW.meeting_id);
    INSERT INTO search_fts (rowid, title, body)
    SELECT d.id, m.title || ' ' || m.local_date, NEW.body
    FROM search_docs d JOIN meetings m ON m.id = d.ref_id WHERE d.kind = 'minutes' AND d.ref_id = NEW.meeting_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_minutes_update AFTER UPDATE OF body ON minutes
WHEN NEW.version = (SELECT MAX(version) FROM minutes WHERE meeting_id = NEW.meeting_id)
BEGIN
    UPDATE search_docs SET at = NEW.written_at WHERE kind = 'minutes' AND ref_id = NEW.meeting_id;
    UPDATE search_fts SET body = NEW.body
    WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'minutes' AND ref_id = NEW.meeting_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_meeting_delete AFTER DELETE ON meetings
BEGIN
    DELETE FROM search_docs WHERE kind = 'minutes' AND ref_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER search_meeting_delete;
DROP TRIGGER search_minutes_update;
DROP TRIGGER search_minutes_insert;
DROP TRIGGER search_decision_delete;
DROP TRIGGER search_decision_update;
DROP TRIGGER search_decision_insert;
DROP TRIGGER search_matter_delete;
DROP TRIGGER search_matter_update;
DROP TRIGGER search_matter_insert;
DROP TRIGGER search_docs_delete;
DROP TABLE search_fts;
DROP TABLE search_docs;
DROP TRIGGER matters_place_waiting;
DROP TABLE matter_links;
DROP TABLE matter_steps;
DROP TABLE votes;
DROP TABLE decisions;
DROP TABLE matter_events;
DROP TABLE matters;
