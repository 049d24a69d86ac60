package model

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/steerco/steerco/internal/gov"
)

// field is one key of a mapping in the model format, read off the gov
// types' yaml tags so the format has a single definition.
type field struct {
	key      string
	index    int
	required bool
	typ      reflect.Type
}

func fieldsOf(t reflect.Type) []field {
	var fs []field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("yaml")
		if tag == "" || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fs = append(fs, field{key: name, index: i, required: !strings.Contains(opts, "omitempty"), typ: sf.Type})
	}
	return fs
}

func keysOf(fs []field) string {
	ks := make([]string, len(fs))
	for i, f := range fs {
		ks[i] = f.key
	}
	return strings.Join(ks, ", ")
}

// enums lists the allowed values of the format's enumerated string types;
// the walker checks them and the JSON Schema publishes them.
var enums = map[reflect.Type][]string{
	reflect.TypeFor[gov.PartyKind]():      strs(gov.PartyKinds),
	reflect.TypeFor[gov.Frequency]():      strs(gov.Frequencies),
	reflect.TypeFor[gov.SeatRole]():       strs(gov.SeatRoles),
	reflect.TypeFor[gov.Approval]():       strs(gov.Approvals),
	reflect.TypeFor[gov.DecisionMethod](): {string(gov.DecideConsensus), string(gov.DecideMajority)},
	reflect.TypeFor[gov.AgendaItemType](): strs(gov.AgendaItemTypes),
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// nouns names a mapping's type in messages ("unknown key in forum").
var nouns = map[reflect.Type]string{
	reflect.TypeFor[gov.Agreement]():  "the model",
	reflect.TypeFor[gov.Forum]():      "a forum",
	reflect.TypeFor[gov.Party]():      "a party",
	reflect.TypeFor[gov.Person]():     "a person",
	reflect.TypeFor[gov.Membership](): "a membership",
	reflect.TypeFor[gov.Cadence]():    "cadence",
}

func noun(t reflect.Type, path string) string {
	if n, ok := nouns[t]; ok {
		return n
	}
	if i := strings.LastIndexAny(path, "."); i >= 0 {
		return strings.TrimRight(path[i+1:], "]0123456789[")
	}
	return strings.TrimRight(path, "]0123456789[")
}

// walk checks node against the Go type t: every key known, none twice,
// every value of the right shape and type, every required key present.
// It records where each path is so later checks can point at it. It
// returns false when the node cannot be decoded into t.
func (c *collector) walk(n *yaml.Node, t reflect.Type, path string, depth int) bool {
	if depth > 40 {
		c.addAt(pos{n.Line, n.Column}, path, "nested too deeply")
		return false
	}
	c.where[path] = pos{n.Line, n.Column}
	if n.Kind == yaml.AliasNode {
		c.addAt(pos{n.Line, n.Column}, path, "aliases (*name) are not allowed in a model file; write the value out")
		return false
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		return c.walkMapping(n, t, path, depth)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			c.addAt(pos{n.Line, n.Column}, path, "want a list (- item), got %s", describe(n))
			return false
		}
		ok := true
		for i, item := range n.Content {
			ok = c.walk(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i), depth+1) && ok
		}
		return ok
	default:
		return c.walkScalar(n, t, path)
	}
}

func (c *collector) walkMapping(n *yaml.Node, t reflect.Type, path string, depth int) bool {
	if n.Kind != yaml.MappingNode {
		c.addAt(pos{n.Line, n.Column}, path, "want a mapping (key: value), got %s", describe(n))
		return false
	}
	fs := fieldsOf(t)
	seen := map[string]bool{}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			c.addAt(pos{k.Line, k.Column}, path, "a key must be a plain word")
			ok = false
			continue
		}
		sub := join(path, k.Value)
		if seen[k.Value] {
			c.addAt(pos{k.Line, k.Column}, sub, "key %q appears twice", k.Value)
			ok = false
			continue
		}
		seen[k.Value] = true
		f, found := lookup(fs, k.Value)
		if !found {
			c.addAt(pos{k.Line, k.Column}, sub, "unknown key %q in %s; allowed: %s", k.Value, noun(t, path), keysOf(fs))
			ok = false
			continue
		}
		if isNull(v) {
			if f.required {
				c.addAt(pos{v.Line, v.Column}, sub, "%s needs a value", k.Value)
				ok = false
			}
			continue
		}
		ok = c.walk(v, f.typ, sub, depth+1) && ok
	}
	for _, f := range fs {
		if f.required && !seen[f.key] {
			c.addAt(pos{n.Line, n.Column}, path, "missing key %q in %s", f.key, noun(t, path))
		}
	}
	return ok
}

func (c *collector) walkScalar(n *yaml.Node, t reflect.Type, path string) bool {
	at := pos{n.Line, n.Column}
	if n.Kind != yaml.ScalarNode {
		c.addAt(at, path, "want %s, got %s", kindName(t), describe(n))
		return false
	}
	switch t.Kind() {
	case reflect.String:
		if allowed, ok := enums[t]; ok && !contains(allowed, n.Value) {
			c.addAt(at, path, "%q is not allowed; use one of: %s", n.Value, strings.Join(allowed, ", "))
		}
		return true
	case reflect.Int:
		if _, err := strconv.Atoi(n.Value); err != nil || n.Tag != "!!int" {
			c.addAt(at, path, "want a whole number, got %q", n.Value)
			return false
		}
	case reflect.Float64:
		if _, err := strconv.ParseFloat(n.Value, 64); err != nil || (n.Tag != "!!int" && n.Tag != "!!float") {
			c.addAt(at, path, "want a number, got %q", n.Value)
			return false
		}
	case reflect.Bool:
		if n.Tag != "!!bool" {
			c.addAt(at, path, "want true or false, got %q", n.Value)
			return false
		}
	}
	return true
}

func lookup(fs []field, key string) (field, bool) {
	for _, f := range fs {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return strconv.Quote(n.Value)
	}
	return "something else"
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	}
	return "text"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
