package api

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"reflect"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
)

//go:embed openapi.yaml
var specYAML []byte

var (
	specOnce sync.Once
	specJSON []byte
	specErr  error
)

// Spec returns the OpenAPI description as JSON: openapi.yaml with the
// schemas of the model's types (Model, Party, Person, Forum, Membership,
// AgendaItemType) generated from the same Go types the model
// file uses, and the meeting enums from the gov package's own lists, so
// neither can drift from the code.
func Spec() ([]byte, error) {
	specOnce.Do(func() {
		var doc map[string]any
		if specErr = yaml.Unmarshal(specYAML, &doc); specErr != nil {
			return
		}
		schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
		for name, t := range map[string]reflect.Type{
			"Model":          reflect.TypeFor[gov.Agreement](),
			"Party":          reflect.TypeFor[gov.Party](),
			"Person":         reflect.TypeFor[gov.Person](),
			"Forum":          reflect.TypeFor[gov.Forum](),
			"Membership":     reflect.TypeFor[gov.Membership](),
			"AgendaItemType": reflect.TypeFor[gov.AgendaItemType](),
		} {
			schemas[name] = model.TypeSchema(t)
		}
		for name, e := range map[string]struct {
			desc   string
			values any
		}{
			"MeetingState": {"Where a meeting is: planned → agenda-published → held → minutes-drafted → minutes-submitted → minutes-approved, or cancelled; returned minutes go back to minutes-drafted.", gov.MeetingStates},
			"MeetingKind":  {"How a meeting came about: from the annual plan, an extra meeting under the forum's notice rule, or one added ad hoc.", []gov.MeetingKind{gov.KindRegular, gov.KindExtra, gov.KindAdHoc}},
			"ItemStatus":   {"Whether an agenda item is on the agenda: a proposal waits for the convener.", []gov.ItemStatus{gov.ItemAccepted, gov.ItemProposed, gov.ItemDeclined}},
			"AttendeeRole": {"A person's role at a meeting.", gov.AttendeeRoles},
			"MinutesStatus": {"The state of one version of the minutes.",
				[]gov.MinutesStatus{gov.MinutesDraft, gov.MinutesSubmitted, gov.MinutesReturned, gov.MinutesFinal}},
			"ActionStatus": {"An action item's status.", []gov.ActionStatus{gov.ActionOpen, gov.ActionDone, gov.ActionCancelled}},
		} {
			schemas[name] = map[string]any{"type": "string", "description": e.desc, "enum": e.values}
		}
		specJSON, specErr = json.MarshalIndent(doc, "", "  ")
	})
	return specJSON, specErr
}

func serveSpec(w http.ResponseWriter, r *http.Request) {
	b, err := Spec()
	if err != nil {
		writeError(w, errInternal())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(b)
}
