package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// InsertActionItem stores an action item and its first history event.
func (t *Tx) InsertActionItem(ctx context.Context, a *gov.ActionItem, actor string) error {
	aid, fid, err := t.ids(ctx, a.Agreement, a.Forum)
	if err != nil {
		return err
	}
	var owner, meeting any
	if a.Owner != "" {
		var id int64
		if err := t.QueryRowContext(ctx, `SELECT id FROM people WHERE agreement_id = ? AND slug = ?`, aid, a.Owner).Scan(&id); err == nil {
			owner = id
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	if a.MeetingID != 0 {
		meeting = a.MeetingID
	}
	if err := t.QueryRowContext(ctx, `INSERT INTO action_items (agreement_id, forum_id, meeting_id, title, owner_id, owner_name, owner_email, due, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, aid, fid, meeting, a.Title, owner, a.OwnerName, a.OwnerEmail, a.Due, a.Status,
		a.CreatedAt.UTC(), a.UpdatedAt.UTC()).Scan(&a.ID); err != nil {
		return err
	}
	return t.actionEvent(ctx, a.ID, actor, fmt.Sprintf("created: %q, owner %s, due %s", a.Title, a.OwnerName, a.Due), a.CreatedAt)
}

func (t *Tx) actionEvent(ctx context.Context, id int64, actor, change string, at time.Time) error {
	_, err := t.ExecContext(ctx, `INSERT INTO action_item_events (action_item_id, at, actor, change) VALUES (?, ?, ?, ?)`, id, at.UTC(), actor, change)
	return err
}

// UpdateActionItem writes an item's status, due date and title, with a
// history event describing the change.
func (t *Tx) UpdateActionItem(ctx context.Context, a *gov.ActionItem, actor, change string) error {
	if _, err := t.ExecContext(ctx, `UPDATE action_items SET title = ?, due = ?, status = ?, updated_at = ? WHERE id = ?`,
		a.Title, a.Due, a.Status, a.UpdatedAt.UTC(), a.ID); err != nil {
		return err
	}
	return t.actionEvent(ctx, a.ID, actor, change, a.UpdatedAt)
}

// ActionFilter narrows a list of action items.
type ActionFilter struct {
	Agreement  string
	Forum      string
	OwnerEmail string
	MeetingID  int64
	Status     gov.ActionStatus
}

const actionColumns = `ai.id, a.slug, f.slug, COALESCE(ai.meeting_id, 0), ai.title, COALESCE(p.slug, ''), ai.owner_name, ai.owner_email, ai.due, ai.status, ai.created_at, ai.updated_at`

// ActionItems lists action items by due date.
func (t *Tx) ActionItems(ctx context.Context, f ActionFilter) ([]gov.ActionItem, error) {
	q := `SELECT ` + actionColumns + ` FROM action_items ai JOIN agreements a ON a.id = ai.agreement_id JOIN forums f ON f.id = ai.forum_id
		LEFT JOIN people p ON p.id = ai.owner_id WHERE 1 = 1`
	var args []any
	if f.Agreement != "" {
		q += ` AND a.slug = ?`
		args = append(args, f.Agreement)
	}
	if f.Forum != "" {
		q += ` AND f.slug = ?`
		args = append(args, f.Forum)
	}
	if f.OwnerEmail != "" {
		q += ` AND lower(ai.owner_email) = ?`
		args = append(args, strings.ToLower(f.OwnerEmail))
	}
	if f.MeetingID != 0 {
		q += ` AND ai.meeting_id = ?`
		args = append(args, f.MeetingID)
	}
	if f.Status != "" {
		q += ` AND ai.status = ?`
		args = append(args, f.Status)
	}
	q += ` ORDER BY ai.due, ai.id`
	var out []gov.ActionItem
	err := queryEach(ctx, t, q, args, func(rows *sql.Rows) error {
		var a gov.ActionItem
		err := rows.Scan(&a.ID, &a.Agreement, &a.Forum, &a.MeetingID, &a.Title, &a.Owner, &a.OwnerName, &a.OwnerEmail, &a.Due, &a.Status, &a.CreatedAt, &a.UpdatedAt)
		out = append(out, a)
		return err
	})
	return out, err
}

// ActionItem loads one action item of an agreement.
func (t *Tx) ActionItem(ctx context.Context, agreement string, id int64) (*gov.ActionItem, error) {
	items, err := t.ActionItems(ctx, ActionFilter{Agreement: agreement})
	if err != nil {
		return nil, err
	}
	for i := range items {
		if items[i].ID == id {
			return &items[i], nil
		}
	}
	return nil, fmt.Errorf("action item %d: %w", id, ErrNotFound)
}

// ActionEvent is one entry of an action item's history.
type ActionEvent struct {
	At     time.Time
	Actor  string
	Change string
}

// ActionHistory lists an action item's history, oldest first.
func (t *Tx) ActionHistory(ctx context.Context, id int64) ([]ActionEvent, error) {
	var out []ActionEvent
	err := queryEach(ctx, t, `SELECT at, actor, change FROM action_item_events WHERE action_item_id = ? ORDER BY id`, []any{id},
		func(rows *sql.Rows) error {
			var e ActionEvent
			err := rows.Scan(&e.At, &e.Actor, &e.Change)
			out = append(out, e)
			return err
		})
	return out, err
}
