-- Records for public bodies (issue 21): agenda items and materials marked
-- secret with a public title, minutes published at public URLs, and legal
-- holds that stop the disposal of records past their retention.

-- +goose Up
CREATE TABLE record_secrecy (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id  BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    object_type   TEXT NOT NULL,           -- agenda_item, material
    object_id     TEXT NOT NULL,           -- agenda item id; material: MEETING/NAME (every version)
    meeting_id    BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    public_title  TEXT NOT NULL,
    secrecy_basis TEXT NOT NULL,
    secrecy_years INTEGER NOT NULL,
    marked_by     TEXT NOT NULL,
    marked_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (object_type, object_id)
);
CREATE INDEX record_secrecy_meeting ON record_secrecy (meeting_id);

CREATE TABLE published_minutes (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    forum        TEXT NOT NULL,
    meeting_id   BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    minutes_id   BIGINT NOT NULL REFERENCES minutes (id) ON DELETE CASCADE,
    published_by TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    UNIQUE (meeting_id)
);
CREATE INDEX published_minutes_forum ON published_minutes (agreement_id, forum, published_at);

CREATE TABLE legal_holds (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    record_type  TEXT NOT NULL,            -- a record type, or '' for every record of the agreement
    reason       TEXT NOT NULL,
    placed_by    TEXT NOT NULL,
    placed_at    TIMESTAMPTZ NOT NULL,
    released_by  TEXT NOT NULL DEFAULT '',
    released_at  TIMESTAMPTZ
);
CREATE INDEX legal_holds_agreement ON legal_holds (agreement_id);

-- +goose Down
DROP TABLE legal_holds;
DROP TABLE published_minutes;
DROP TABLE record_secrecy;
