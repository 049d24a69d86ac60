-- Issue 14: each supplier's own part of the monthly report (see
-- migrations/sqlite/00030_report_parts.sql). party '' is the whole
-- agreement's report.

-- +goose Up
ALTER TABLE monthly_reports ADD COLUMN party TEXT NOT NULL DEFAULT '';
ALTER TABLE monthly_reports DROP CONSTRAINT monthly_reports_agreement_id_month_version_key;
ALTER TABLE monthly_reports ADD CONSTRAINT monthly_reports_part_version_key UNIQUE (agreement_id, month, party, version);
ALTER TABLE ticket_imports ADD COLUMN party TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE ticket_imports DROP COLUMN party;
DELETE FROM monthly_reports WHERE party <> '';
ALTER TABLE monthly_reports DROP CONSTRAINT monthly_reports_part_version_key;
ALTER TABLE monthly_reports DROP COLUMN party;
ALTER TABLE monthly_reports ADD CONSTRAINT monthly_reports_agreement_id_month_version_key UNIQUE (agreement_id, month, version);
