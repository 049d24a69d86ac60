-- Organisations (issue 14): an account is a person in an organisation,
-- and an organisation takes part in an agreement only where that
-- agreement links one of its parties to it. Party ids are local to their
-- agreement, so two agreements applied from one template with unchanged
-- ids do not see each other.
--
-- users.party now holds the account's organisation slug. So that nothing
-- changes for existing users, every party id in use becomes an
-- organisation of the same slug, linked to every agreement naming it.

-- +goose Up
CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- One row per party of an agreement: the organisation that party is.
-- Keyed by the party's slug rather than its row so that the link
-- outlives a party row rewritten by a model apply.
CREATE TABLE party_organisations (
    agreement_id    INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    party_slug      TEXT NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (agreement_id, party_slug),
    UNIQUE (agreement_id, organisation_id)
);
CREATE INDEX party_organisations_org ON party_organisations (organisation_id);

INSERT INTO organisations (slug, name, created_at)
    SELECT slug, MIN(name), CURRENT_TIMESTAMP FROM parties GROUP BY slug;
INSERT INTO organisations (slug, name, created_at)
    SELECT DISTINCT party, party, CURRENT_TIMESTAMP FROM users
    WHERE party <> '' AND party NOT IN (SELECT slug FROM organisations);
INSERT INTO party_organisations (agreement_id, party_slug, organisation_id)
    SELECT p.agreement_id, p.slug, o.id FROM parties p JOIN organisations o ON o.slug = p.slug;

-- +goose Down
DROP TABLE party_organisations;
DROP TABLE organisations;
