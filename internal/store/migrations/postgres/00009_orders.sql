-- Orders, time reporting and the monthly invoice basis (issue 7). Kept in
-- step with migrations/sqlite/00009_orders.sql, where the tables are
-- explained; the differences are the types. Money is in cents of the agreement's currency (integers, so
-- sums are exact); days are 'YYYY-MM-DD' and months 'YYYY-MM' texts in the
-- agreement's calendar, compared as text.

-- +goose Up
-- The people the ordering party named as ordering contacts, with the
-- order kinds they may place and the largest order they may place.
CREATE TABLE ordering_contacts (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    person         TEXT NOT NULL,
    party          TEXT NOT NULL,
    kinds          TEXT NOT NULL,
    max_cents      BIGINT NOT NULL,
    named_by       TEXT NOT NULL,
    named_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (agreement_id, person)
);

-- Orders: number is the order's id within the agreement (2026-001).
-- state: placed, answered (quote or estimate given), accepted (open for
-- work), delivered, closed (delivery approved), cancelled.
CREATE TABLE orders (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    number         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    pricing        TEXT NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL,
    supplier       TEXT NOT NULL,
    orderer        TEXT NOT NULL,
    orderer_party  TEXT NOT NULL,
    person_days    DOUBLE PRECISION NOT NULL,
    estimate_cents BIGINT NOT NULL,
    class          TEXT NOT NULL DEFAULT '',
    project_manager TEXT NOT NULL DEFAULT '',
    project_plan   TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL,
    -- The supplier's answer: a written quote (above the model's threshold)
    -- or an estimate, and a cheaper alternative where it has one.
    answer_kind    TEXT NOT NULL DEFAULT '',
    answer_cents   BIGINT NOT NULL DEFAULT 0,
    answer_days    DOUBLE PRECISION NOT NULL DEFAULT 0,
    answer_text    TEXT NOT NULL DEFAULT '',
    alt_cents      BIGINT NOT NULL DEFAULT 0,
    alt_days       DOUBLE PRECISION NOT NULL DEFAULT 0,
    alt_text       TEXT NOT NULL DEFAULT '',
    -- What the orderer accepted (the answer or the alternative).
    accepted_cents BIGINT NOT NULL DEFAULT 0,
    accepted_days  DOUBLE PRECISION NOT NULL DEFAULT 0,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    delivered_at   TIMESTAMPTZ,
    closed_at      TIMESTAMPTZ,
    -- The month (YYYY-MM) the delivery was approved in, for the basis.
    closed_month   TEXT NOT NULL DEFAULT '',
    UNIQUE (agreement_id, number)
);
CREATE INDEX orders_agreement ON orders (agreement_id, state);

-- Change requests (scope) and forecast overruns of an order. state:
-- proposed, approved, rejected. An overrun proposed on an open order
-- stops time entries on it until decided.
CREATE TABLE order_changes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id       BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    description    TEXT NOT NULL,
    person_days    DOUBLE PRECISION NOT NULL,
    cents          BIGINT NOT NULL,
    state          TEXT NOT NULL,
    proposed_by    TEXT NOT NULL,
    proposed_at    TIMESTAMPTZ NOT NULL,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMPTZ,
    decided_month  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_changes_order ON order_changes (order_id, id);

-- Every step of an order: who, when, what.
CREATE TABLE order_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id       BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    at             TIMESTAMPTZ NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- Addenda to the agreement: an additional (lasting) service ordered.
CREATE TABLE addenda (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    order_id       BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    number         TEXT NOT NULL,
    title          TEXT NOT NULL,
    forum          TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (agreement_id, number)
);

-- The monthly invoice basis of one supplier, issued once; lines is the
-- issued content (JSON), so it reads the same later.
CREATE TABLE invoice_bases (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    supplier       TEXT NOT NULL,
    month          TEXT NOT NULL,
    due            TEXT NOT NULL,
    total_cents    BIGINT NOT NULL,
    normal_cents   BIGINT NOT NULL,
    deviation      BOOLEAN NOT NULL,
    lines          JSONB NOT NULL DEFAULT '[]',
    issued_by      TEXT NOT NULL,
    issued_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (agreement_id, supplier, month)
);

-- Time entries of a supplier's staff, on an order or (order_id NULL) on
-- the continuous service. state: entered, approved, rejected.
CREATE TABLE time_entries (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id   BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    supplier       TEXT NOT NULL,
    order_id       BIGINT REFERENCES orders (id),
    person         TEXT NOT NULL,
    rate           TEXT NOT NULL,
    day            TEXT NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes > 0),
    description    TEXT NOT NULL,
    state          TEXT NOT NULL,
    source         TEXT NOT NULL,
    entered_by     TEXT NOT NULL,
    entered_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMPTZ,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX time_entries_month ON time_entries (agreement_id, supplier, day);
CREATE INDEX time_entries_order ON time_entries (order_id);

-- +goose Down
DROP TABLE time_entries;
DROP TABLE invoice_bases;
DROP TABLE addenda;
DROP TABLE order_events;
DROP TABLE order_changes;
DROP TABLE orders;
DROP TABLE ordering_contacts;
