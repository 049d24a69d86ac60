-- Model changes agreed by both parties (issue #15): a proposal holds the
-- whole proposed model, the model it was made against (to refuse it when
-- stale) and its diff; once approved it is a revision of the model, with
-- its number, who proposed, who approved and the day it takes effect.

-- +goose Up
CREATE TABLE model_proposals (
    id             INTEGER PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    base_yaml      TEXT NOT NULL,
    yaml           TEXT NOT NULL,
    diff           TEXT NOT NULL,
    summary        TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    proposed_by    TEXT NOT NULL,
    proposed_email TEXT NOT NULL,
    proposed_party TEXT NOT NULL,
    proposed_at    TIMESTAMP NOT NULL,
    -- open, scheduled (approved, to take effect later), applied, rejected
    state          TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    decided_email  TEXT NOT NULL,
    decided_party  TEXT NOT NULL,
    decided_at     TIMESTAMP,
    reason         TEXT NOT NULL,
    -- the revision number once applied (1, 2, ...), else 0
    revision       INTEGER NOT NULL
);
CREATE INDEX model_proposals_agreement ON model_proposals (agreement_id, state);

-- +goose Down
DROP TABLE model_proposals;
