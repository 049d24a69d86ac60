package meeting

import (
	"context"
	"errors"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// ICS is the iCalendar text of a meeting the actor can see, as the
// members' invitations carry it (METHOD:REQUEST, or METHOD:CANCEL once
// cancelled; the same UID and the current SEQUENCE), for a download
// link on the meeting's page.
func (s *Service) ICS(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) (string, error) {
	var out string
	err := s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		m, err := tx.Meeting(ctx, a.Slug, meetingID, false)
		if errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "meeterr.nomeeting", "no meeting {ID}", "ID", meetingID)
		} else if err != nil {
			return err
		}
		sc, err := s.scope(a, x, m.Forum)
		if err != nil {
			return errf(gov.CodeNotFound, "meeterr.nomeeting", "no meeting {ID}", "ID", meetingID)
		}
		items, err := tx.Items(ctx, m.ID)
		if err != nil {
			return err
		}
		answers, err := tx.Answers(ctx, m.ID)
		if err != nil {
			return err
		}
		out = s.invitation(sc, m, invited(a, sc.f, m, answers), items, answers)
		return nil
	})
	return out, err
}

// NextHeld reports whether the forum's meeting after m has been held:
// minutes approved at the next meeting wait for it. Pages use it to
// offer approval only when the service would accept it.
func NextHeld(ctx context.Context, tx *store.Tx, m *gov.Meeting) (bool, error) {
	return nextHeld(ctx, tx, m)
}
