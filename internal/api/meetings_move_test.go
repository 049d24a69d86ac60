package api

import (
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestMoveMeetingThroughAPI moves a published meeting with PATCH (a
// holiday refused by name, the SEQUENCE raised, deadlines recounted),
// reorders its agenda with PUT .../items/order (another meeting's item
// or a missing one 422), and tries both as the provider (403) and as
// another supplier (404).
func TestMoveMeetingThroughAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-12-28 10:00")
		status, body := f.do("minna", "POST", np+"/forums/"+prodGroup+"/meetings", map[string]any{"date": "2027-01-12", "time": "10:00"})
		f.want(status, 201, body, "meeting")
		m := decodeAs[MeetingDetail](t, body)
		status, body = f.do("minna", "POST", np+"/forums/"+prodGroup+"/meetings", map[string]any{"date": "2027-01-19", "time": "10:00"})
		f.want(status, 201, body, "second meeting")
		m2 := decodeAs[MeetingDetail](t, body)
		for _, title := range []string{"One", "Two"} {
			status, body = f.do("minna", "POST", meetingPath(m.ID)+"/items", map[string]any{"type": "discussion", "title": title})
			f.want(status, 201, body, "item")
		}
		status, body = f.do("minna", "POST", meetingPath(m.ID)+"/publish", nil)
		f.want(status, 200, body, "publish")

		status, body = f.do("minna", "PATCH", meetingPath(m.ID), map[string]any{"date": "2027-01-06"})
		f.wantError(status, body, 422, "validation_failed", "date")
		if !strings.Contains(string(body), "Epiphany") {
			t.Errorf("the holiday is not named: %s", body)
		}
		status, body = f.do("kari", "PATCH", meetingPath(m.ID), map[string]any{"date": "2027-01-14"})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("supplier2", "PATCH", meetingPath(m.ID), map[string]any{"date": "2027-01-14"})
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("minna", "PATCH", meetingPath(m.ID), map[string]any{"date": "2027-01-14", "time": "13:00", "online_url": "https://meet.example.org/x"})
		f.want(status, 200, body, "move")
		moved := decodeAs[MeetingDetail](t, body)
		if moved.Date != "2027-01-14" || moved.ICalSequence != 1 || moved.ICalUID != m.ICalUID || moved.MaterialsDue != "2027-01-13" ||
			moved.OnlineURL != "https://meet.example.org/x" || moved.Start.Format("15:04") != "13:00" {
			t.Errorf("moved %+v", moved.Meeting)
		}

		var ids []int64
		for _, it := range moved.Items {
			if it.Status == "accepted" {
				ids = append([]int64{it.ID}, ids...) // reversed
			}
		}
		other := f.meeting("minna", m2.ID)
		bad := append([]int64{}, ids...)
		if len(other.Items) > 0 {
			bad[0] = other.Items[0].ID
		} else {
			bad[0] = 999999
		}
		status, body = f.do("minna", "PUT", meetingPath(m.ID)+"/items/order", map[string]any{"items": bad})
		f.wantError(status, body, 422, "validation_failed")
		status, body = f.do("minna", "PUT", meetingPath(m.ID)+"/items/order", map[string]any{"items": ids[1:]})
		f.wantError(status, body, 422, "validation_failed")
		status, body = f.do("kari", "PUT", meetingPath(m.ID)+"/items/order", map[string]any{"items": ids})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("minna", "PUT", meetingPath(m.ID)+"/items/order", map[string]any{"items": ids})
		f.want(status, 200, body, "reorder")
		var got []int64
		for _, it := range decodeAs[MeetingDetail](t, body).Items {
			if it.Status == "accepted" {
				got = append(got, it.ID)
			}
		}
		if len(got) != len(ids) || got[0] != ids[0] {
			t.Errorf("order %v, want %v", got, ids)
		}
		status, body = f.do("minna", "PUT", meetingPath(m.ID)+"/items/"+itoa(ids[0]), map[string]any{"type": "decision", "title": "Renamed"})
		f.want(status, 200, body, "edit item")
	})
}
