package api

import (
	"net/http"
	"time"

	"github.com/steerco/steerco/internal/history"
)

// An object's history through the API: the same entries, under the same
// rules, as the web's history page (internal/history).

// HistoryEntry is one audit entry about an object.
type HistoryEntry struct {
	ID int64     `json:"id"`
	At time.Time `json:"at"`
	// Actor is the account or process that acted ("user:EMAIL",
	// "system", an operator's name); empty when hidden.
	Actor     string          `json:"actor"`
	ActorName string          `json:"actor_name,omitempty"`
	Hidden    bool            `json:"hidden"`
	Action    string          `json:"action"`
	Redacted  bool            `json:"redacted"`
	Changes   []HistoryChange `json:"changes"`
}

// HistoryChange is one field that changed.
type HistoryChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// History is an object and its entries, newest first.
type History struct {
	Type    string         `json:"type"`
	ID      string         `json:"id"`
	Label   string         `json:"label"`
	Entries []HistoryEntry `json:"entries"`
}

// hiddenPerson stands for a person the directory hides from the caller
// wherever an entry holds them by value.
const hiddenPerson = "(hidden)"

// getHistory answers an object's history.
func (a *API) getHistory(w http.ResponseWriter, r *Req) {
	o, entries, err := history.New(a.store).Of(r.Context(), r.Agreement, r.Principal, r.Role, r.PathValue("type"), r.PathValue("id"), hiddenPerson)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := History{Type: o.Type, ID: o.ID, Label: o.Label, Entries: []HistoryEntry{}}
	for _, e := range entries {
		he := HistoryEntry{ID: e.ID, At: e.At, Actor: e.Actor, ActorName: e.ActorName, Hidden: e.Hidden, Action: e.Action,
			Redacted: e.Redacted, Changes: []HistoryChange{}}
		for _, c := range e.Changes {
			he.Changes = append(he.Changes, HistoryChange{Field: c.Field, Before: c.Before, After: c.After})
		}
		out.Entries = append(out.Entries, he)
	}
	writeJSON(w, http.StatusOK, out)
}
