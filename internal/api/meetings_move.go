package api

import (
	"context"
	"net/http"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
)

// Moving a meeting and editing its agenda through the API (issue 19).

// MoveInput is the body of PATCH .../meetings/{meeting}: the fields given
// change, the others stay.
type MoveInput struct {
	Date      string  `json:"date,omitempty"`
	Time      string  `json:"time,omitempty"`
	Minutes   int     `json:"minutes,omitempty"`
	Location  *string `json:"location,omitempty"`
	OnlineURL *string `json:"online_url,omitempty"`
}

// moveMeeting reschedules a meeting: deadlines counted again, a published
// meeting's invitation sent again with a higher SEQUENCE.
func (a *API) moveMeeting(w http.ResponseWriter, r *Req) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	var in MoveInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	_, err := a.meetings.Reschedule(r.Context(), r.Agreement, a.actor(r), id,
		meeting.MoveInput{Date: in.Date, Time: in.Time, Minutes: in.Minutes, Location: in.Location, OnlineURL: in.OnlineURL})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeDetail(w, r, http.StatusOK, id)
}

// ItemOrder is the body of PUT .../meetings/{meeting}/items/order: every
// item on the agenda, each once, in the new order.
type ItemOrder struct {
	Items []int64 `json:"items"`
}

func (a *API) reorderItems(w http.ResponseWriter, r *Req) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	var in ItemOrder
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	if err := a.meetings.ReorderItems(r.Context(), r.Agreement, a.actor(r), id, in.Items); err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeDetail(w, r, http.StatusOK, id)
}

// editItem replaces an agenda item's type, title, description, presenter
// and duration (the body of POST .../items).
func (a *API) editItem(w http.ResponseWriter, r *Req) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	item, ok := pathID(r, "item")
	if !ok {
		writeError(w, errNotFound("no agenda item "+r.PathValue("item")))
		return
	}
	var in ItemInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	it, err := a.meetings.EditItem(r.Context(), r.Agreement, a.actor(r), id, item,
		meeting.ItemInput{Type: gov.AgendaItemType(in.Type), Title: in.Title, Description: in.Description, Presenter: in.Presenter, Minutes: in.Minutes})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, itemOut(*it))
}

// RSVPInput is the body of POST .../meetings/{meeting}/answer.
type RSVPInput struct {
	Answer string `json:"answer"`
}

// Answer is an invitee's answer and the deputy invited in their place.
type Answer struct {
	Person string `json:"person"`
	Answer string `json:"answer"`
	Deputy string `json:"deputy,omitempty"`
}

// answerMeeting records the caller's answer to the invitation.
func (a *API) answerMeeting(w http.ResponseWriter, r *Req) {
	var in RSVPInput
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	a.change(w, r, func(ctx context.Context, ag *gov.Agreement, x meeting.Actor, id int64) error {
		_, err := a.meetings.Answer(ctx, ag, x, id, in.Answer)
		return err
	})
}
