package config

import (
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/yamlstrict"
)

// parser walks the YAML tree and collects every problem with its position.
type parser struct {
	file string
	errs []string
	// values counts the values of store settings built so far, aliases
	// expanded, against maxSettingValues.
	values int
}

// maxSettingValues bounds the values, aliases expanded, of all store
// settings: a few nested aliases could otherwise expand to billions.
const maxSettingValues = 100_000

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	msg := yamlstrict.Clip(fmt.Sprintf(format, args...))
	p.errs = append(p.errs, fmt.Sprintf("%s:%d:%d: %s", p.file, n.Line, n.Column, msg))
}

func pos(n *yaml.Node) Position { return Position{Line: n.Line, Column: n.Column} }

// mapping calls fn for each key of a mapping node.
func (p *parser) mapping(n *yaml.Node, what string, fn func(k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping", what)
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		fn(n.Content[i], n.Content[i+1])
	}
}

func (p *parser) top(cfg *Config, n *yaml.Node) {
	p.mapping(n, "quiver.yaml", func(k, v *yaml.Node) {
		switch k.Value {
		case "project":
			cfg.Project = p.str(v)
			if err := model.CheckName(cfg.Project); err != nil && cfg.Project != "" {
				p.errorf(v, "project %v", err)
			}
		case "registry":
			p.registry(&cfg.Registry, v)
		case "online_store":
			cfg.OnlineStore = p.store(v, "online_store")
		case "offline_store":
			cfg.OfflineStore = p.store(v, "offline_store")
		case "auth":
			p.auth(&cfg.Auth, v)
		case "feature_server":
			p.server(&cfg.Server, v)
		case "ingestion":
			p.ingestion(&cfg.Ingestion, v)
		case "embedder":
			p.embedder(&cfg.Embedder, v)
		case "tracing":
			p.tracing(&cfg.Tracing, v)
		case "provider", "entity_key_serialization_version":
			// Feast keys with no meaning here; accepted so a Feast file loads.
		default:
			p.errorf(k, "unknown key %q (known: project, registry, online_store, offline_store, auth, feature_server, ingestion, embedder, tracing)", k.Value)
		}
	})
	if cfg.Project == "" {
		p.errorf(n, "project is required")
	}
}

func (p *parser) registry(r *Registry, n *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		r.Path = p.str(n)
		return
	}
	p.mapping(n, "registry", func(k, v *yaml.Node) {
		switch k.Value {
		case "path":
			r.Path = p.str(v)
		case "registry_type", "type":
			r.Type = p.str(v)
			if r.Type != "sqlite" {
				p.errorf(v, "registry type %q is not supported (use sqlite)", r.Type)
			}
		case "cache_ttl_seconds":
		default:
			p.errorf(k, "unknown key %q in registry (known: path, type)", k.Value)
		}
	})
}

func (p *parser) store(n *yaml.Node, what string) Store {
	s := Store{Pos: pos(n), Keys: map[string]Position{}}
	settings := map[string]any{}
	p.mapping(n, what, func(k, v *yaml.Node) {
		if k.Value == "type" {
			s.Type, s.TypePos = p.str(v), pos(v)
			return
		}
		settings[k.Value] = p.value(v)
		s.Keys[k.Value] = pos(k)
	})
	if s.Type == "" && n.Kind == yaml.MappingNode {
		p.errorf(n, "%s needs a type", what)
	}
	b, err := json.Marshal(settings)
	if err != nil {
		p.errorf(n, "%s: %v", what, err)
	}
	s.Settings = b
	return s
}

// str returns a scalar with ${ENV} references expanded.
func (p *parser) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "expected a single value")
		return ""
	}
	return p.expand(n)
}

// value converts any node to plain Go values, expanding ${ENV} in strings.
func (p *parser) value(n *yaml.Node) any {
	if p.values++; p.values > maxSettingValues {
		if p.values == maxSettingValues+1 {
			p.errorf(n, "store settings expand to too many values (more than %d; nested aliases?)", maxSettingValues)
		}
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		p.mapping(n, "value", func(k, v *yaml.Node) { m[k.Value] = p.value(v) })
		return m
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = p.value(c)
		}
		return out
	case yaml.AliasNode:
		return p.value(n.Alias)
	}
	if n.Tag == "!!str" {
		return p.str(n)
	}
	var v any
	if err := n.Decode(&v); err != nil {
		p.errorf(n, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return v
}
