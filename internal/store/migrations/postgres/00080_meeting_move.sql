-- Meetings people move (issue 19): the online-meeting link an invitation
-- carries, and the date the annual plan gave a meeting that was moved, so
-- that applying the plan again does not re-create it on its old date.

-- +goose Up
ALTER TABLE meetings ADD COLUMN online_url TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN plan_date TEXT;
ALTER TABLE meetings ADD COLUMN organiser_name TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN organiser_email TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE meetings DROP COLUMN organiser_email;
ALTER TABLE meetings DROP COLUMN organiser_name;
ALTER TABLE meetings DROP COLUMN plan_date;
ALTER TABLE meetings DROP COLUMN online_url;
