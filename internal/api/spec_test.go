package api

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSpecCoversEveryRoute: every route is an operation of the OpenAPI
// description, with an operationId, a tag, a summary and a description,
// and the description names no operation the API does not serve.
func TestSpecCoversEveryRoute(t *testing.T) {
	raw, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, rt := range New(nil, nil).Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		method = strings.ToLower(method)
		served[method+" "+path] = true
		op, ok := doc.Paths[path][method]
		if !ok {
			t.Errorf("%s is not in openapi.yaml", rt.Pattern)
			continue
		}
		var o struct {
			OperationID string   `json:"operationId"`
			Tags        []string `json:"tags"`
			Summary     string   `json:"summary"`
			Description string   `json:"description"`
		}
		if err := json.Unmarshal(op, &o); err != nil {
			t.Fatal(err)
		}
		if o.OperationID == "" || len(o.Tags) == 0 || o.Summary == "" || o.Description == "" {
			t.Errorf("%s: operationId, tags, summary or description missing", rt.Pattern)
		}
	}
	for path, item := range doc.Paths {
		for method := range item {
			if method != "parameters" && !served[method+" "+path] {
				t.Errorf("openapi.yaml describes %s %s, which the API does not serve", strings.ToUpper(method), path)
			}
		}
	}
}
