package store

import (
	"context"
	"database/sql"
)

// DecidedItems are the agenda items of a meeting that carry a decision
// (voting or decided): the agenda keeps them (issue 19).
func (t *Tx) DecidedItems(ctx context.Context, meetingID int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	err := queryEach(ctx, t, `SELECT agenda_item_id FROM decisions WHERE meeting_id = ? AND agenda_item_id IS NOT NULL`, []any{meetingID},
		func(rows *sql.Rows) error {
			var id int64
			err := rows.Scan(&id)
			out[id] = true
			return err
		})
	return out, err
}
