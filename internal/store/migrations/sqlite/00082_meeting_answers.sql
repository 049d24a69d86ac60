-- Invitees' answers (issue 19): attend, absent, or "my deputy attends",
-- with the deputy invited in the model's seat order.

-- +goose Up
CREATE TABLE meeting_answers (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person      TEXT NOT NULL,          -- directory slug of the invitee
    answer      TEXT NOT NULL,          -- attend, absent, deputy
    deputy      TEXT NOT NULL DEFAULT '', -- directory slug of the deputy invited
    answered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, person)
);

-- +goose Down
DROP TABLE meeting_answers;
