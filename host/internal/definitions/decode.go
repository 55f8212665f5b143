package definitions

import (
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/types"
)

// setter decodes one key's value node into a field, reporting problems.
type setter func(c collector, n *yaml.Node)

// where records the position of an object and of each of its keys' values.
type where struct {
	obj  model.Position
	keys map[string]model.Position
}

// decodeMapping walks a mapping node: known keys go to their setter, unknown
// keys are reported. It returns the positions of the keys' values.
func decodeMapping(c collector, n *yaml.Node, what string, fields map[string]setter) (where, bool) {
	w := where{obj: c.pos(n), keys: map[string]model.Position{}}
	if n.Kind != yaml.MappingNode {
		c.add(n, "%s must be a mapping, got %s", what, nodeKind(n))
		return w, false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		set, ok := fields[k.Value]
		switch {
		case !ok:
			c.add(k, "unknown key %q in %s (known: %s)", k.Value, what, knownKeys(fields))
		case seen[k.Value]:
			// reported by yamlstrict.DuplicateKeys; the first value counts
		default:
			seen[k.Value] = true
			w.keys[k.Value] = c.pos(v)
			set(c, v)
		}
	}
	return w, true
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return "a scalar " + model.QuoteName(n.Value)
	}
	return "an alias"
}

func scalar(c collector, n *yaml.Node, want string) bool {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		c.add(n, "expected %s, got %s", want, nodeKind(n))
		return false
	}
	return true
}

func str(dst *string) setter {
	return func(c collector, n *yaml.Node) {
		if scalar(c, n, "a string") {
			if n.Tag != "!!str" {
				c.add(n, "expected a string, got %s %q", n.ShortTag(), n.Value)
				return
			}
			*dst = n.Value
		}
	}
}

func boolean(dst *bool) setter {
	return func(c collector, n *yaml.Node) {
		if scalar(c, n, "true or false") {
			b, err := strconv.ParseBool(n.Value)
			if err != nil || n.Tag != "!!bool" {
				c.add(n, "expected true or false, got %q", n.Value)
				return
			}
			*dst = b
		}
	}
}

func integer(dst *int) setter {
	return func(c collector, n *yaml.Node) {
		if scalar(c, n, "an integer") {
			v, err := strconv.Atoi(n.Value)
			if err != nil || n.Tag != "!!int" {
				c.add(n, "expected an integer, got %q", n.Value)
				return
			}
			*dst = v
		}
	}
}

// name decodes the name of an object or field (what: "entity", "field",
// ...) and reports one that breaks model.CheckName. An empty name is left
// to the caller's "needs a name".
func name(dst *string, what string) setter {
	return func(c collector, n *yaml.Node) {
		str(dst)(c, n)
		if *dst == "" {
			return
		}
		if err := model.CheckName(*dst); err != nil {
			c.add(n, "%s name %v", what, err)
		}
	}
}

// nameList decodes a list of names, such as join keys, reporting each that
// breaks model.CheckName.
func nameList(dst *[]string, what string) setter {
	return func(c collector, n *yaml.Node) {
		strList(dst)(c, n)
		if n.Kind != yaml.SequenceNode {
			return
		}
		for _, item := range n.Content {
			if item.Kind == yaml.ScalarNode && item.Value != "" {
				if err := model.CheckName(item.Value); err != nil {
					c.add(item, "%s %v", what, err)
				}
			}
		}
	}
}

func strList(dst *[]string) setter {
	return func(c collector, n *yaml.Node) {
		if n.Kind != yaml.SequenceNode {
			c.add(n, "expected a list of strings, got %s", nodeKind(n))
			return
		}
		for _, item := range n.Content {
			var s string
			str(&s)(c, item)
			if s != "" {
				*dst = append(*dst, s)
			}
		}
	}
}

func strMap(dst *map[string]string) setter {
	return func(c collector, n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			c.add(n, "expected a mapping of strings, got %s", nodeKind(n))
			return
		}
		*dst = map[string]string{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if scalar(c, v, "a string value") {
				(*dst)[k.Value] = v.Value
			}
		}
	}
}

func valueType(dst *types.ValueType) setter {
	return func(c collector, n *yaml.Node) {
		if scalar(c, n, "a type name") {
			t, err := types.ParseValueType(n.Value)
			if err != nil {
				c.add(n, "unknown type %q (use one of bool, int32, int64, float32, float64, string, bytes, timestamp, or list<...> of those)", n.Value)
				return
			}
			*dst = t
		}
	}
}

func duration(dst *model.Duration) setter {
	return func(c collector, n *yaml.Node) {
		if scalar(c, n, "a duration") {
			d, err := model.ParseDuration(n.Value)
			if err != nil {
				c.add(n, "invalid ttl: %v", err)
				return
			}
			*dst = d
		}
	}
}

func meta(m *model.Meta, fields map[string]setter) map[string]setter {
	fields["description"] = str(&m.Description)
	fields["owner"] = str(&m.Owner)
	fields["tags"] = strMap(&m.Tags)
	return fields
}

func knownKeys(fields map[string]setter) string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sortStrings(names)
	out := ""
	for i, k := range names {
		if i > 0 {
			out += ", "
		}
		out += k
	}
	return out
}
