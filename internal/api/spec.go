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
// schemas of the model's types (Model, Party, Person, Forum, Membership)
// generated from the same Go types the model file uses.
func Spec() ([]byte, error) {
	specOnce.Do(func() {
		var doc map[string]any
		if specErr = yaml.Unmarshal(specYAML, &doc); specErr != nil {
			return
		}
		schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
		for name, t := range map[string]reflect.Type{
			"Model":      reflect.TypeFor[gov.Agreement](),
			"Party":      reflect.TypeFor[gov.Party](),
			"Person":     reflect.TypeFor[gov.Person](),
			"Forum":      reflect.TypeFor[gov.Forum](),
			"Membership": reflect.TypeFor[gov.Membership](),
		} {
			schemas[name] = model.TypeSchema(t)
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
