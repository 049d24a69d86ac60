package model

import (
	"encoding/json"
	"reflect"

	"github.com/steerco/steerco/internal/gov"
)

// Schema returns a JSON Schema (draft 2020-12) of the model file format,
// derived from the same gov types and enums the parser checks against, so
// an editor's completion and steerco's validation cannot disagree on keys.
func Schema() ([]byte, error) {
	s := schemaOf(reflect.TypeFor[gov.Agreement]())
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = "https://steerco.example/schema/model-v1.json"
	s["title"] = "steerco governance model"
	return json.MarshalIndent(s, "", "  ")
}

func schemaOf(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		for _, f := range fieldsOf(t) {
			props[f.key] = schemaOf(f.typ)
			if t == reflect.TypeFor[gov.Attribute]() && f.key == "value" {
				// Attribute values are text to steerco, but a file may
				// write residents: 150000 or owner: true unquoted.
				props[f.key] = map[string]any{"type": []string{"string", "number", "boolean"}}
			}
			if t == reflect.TypeFor[gov.RecordMeta]() && f.key == "retention" {
				// Years or "permanent": retention: 10 is written unquoted.
				props[f.key] = map[string]any{"type": []string{"string", "integer"}}
			}
			if f.required {
				required = append(required, f.key)
			}
		}
		s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	}
	s := map[string]any{"type": "string"}
	if e, ok := enums[t]; ok {
		s["enum"] = e
	}
	return s
}

// TypeSchema returns the JSON Schema of a gov type (its JSON form uses
// the same keys as the model file), so the API's OpenAPI description of
// parties, people and forums cannot drift from the model format.
func TypeSchema(t reflect.Type) map[string]any { return schemaOf(t) }
