package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/steerco/steerco/internal/model"
)

// compileSchema compiles what `steerco model schema` prints.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	out := ok(t, "model", "schema")
	if !json.Valid([]byte(out)) {
		t.Fatalf("model schema does not print valid JSON:\n%s", firstLines(out, 10))
	}
	var head struct {
		Schema string `json:"$schema"`
		Type   string `json:"type"`
	}
	json.Unmarshal([]byte(out), &head)
	if head.Schema != "https://json-schema.org/draft/2020-12/schema" || head.Type != "object" {
		t.Errorf("model schema: $schema %q, type %q", head.Schema, head.Type)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("model-schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("model-schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// yamlToJSON turns a model file into the JSON value an editor's YAML
// language server would check against the schema.
func yamlToJSON(t *testing.T, src []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// TestModelSchema: the schema is valid JSON Schema, every model that
// validates (templates, their exports, the small test model) is valid
// against it, and it rejects what an editor should flag.
func TestModelSchema(t *testing.T) {
	s := compileSchema(t)
	check := func(name string, src []byte) {
		t.Helper()
		if err := s.Validate(yamlToJSON(t, src)); err != nil {
			t.Errorf("%s passes `model validate` but not the schema:\n%v", name, err)
		}
	}
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "schema.db")
	for _, name := range model.Templates() {
		src, err := model.Template(name)
		if err != nil {
			t.Fatal(err)
		}
		check(name, src)
		file := writeFile(t, dir, name+".yaml", string(src))
		ok(t, "model", "apply", file, "--db", db)
		check(name+" (exported)", []byte(ok(t, "model", "export", name, "--db", db)))
	}
	check("tiny", []byte(tinyModel))
	if src, err := os.ReadFile("../../internal/model/testdata/minimal.yaml"); err == nil {
		check("internal/model/testdata/minimal.yaml", src)
	}

	for _, bad := range []struct{ name, yaml string }{
		{"unknown key", replace(t, tinyModel, "currency: EUR\n", "currency: EUR\ncolour: blue\n")},
		{"unknown key in a forum", replace(t, tinyModel, "    name: Operations\n", "    name: Operations\n    colour: red\n")},
		{"wrong type", replace(t, tinyModel, "      weekday: monday\n", "      weekday: monday\n      week: second\n")},
		{"unknown frequency", replace(t, tinyModel, "      frequency: weekly\n", "      frequency: fortnightly\n")},
		{"missing forums", tinyModel[:strings.Index(tinyModel, "forums:")]},
	} {
		if err := s.Validate(yamlToJSON(t, []byte(bad.yaml))); err == nil {
			t.Errorf("the schema accepts a model with %s", bad.name)
		}
	}
}
