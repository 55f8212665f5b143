package objectjson

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/host/internal/service"
)

// Field is a schema field as readers show it.
type Field struct {
	Name   string             `json:"name"`
	DType  string             `json:"dtype"`
	Vector *model.VectorField `json:"vector,omitempty"`
}

// Object is a registry record decoded for output.
type Object map[string]any

// Decode turns a registry object into an Object.
func Decode(repo *model.Repo, so service.Object) (Object, error) {
	rec := so.Record
	out := Object{}
	if err := json.Unmarshal(rec.Spec, (*map[string]any)(&out)); err != nil {
		return nil, fmt.Errorf("%s %s: %w", rec.Kind, rec.Name, err)
	}
	switch o := so.Value.(type) {
	case *model.Entity:
		out["value_type"] = o.ValueType.String()
	case *model.DataSource:
		if len(o.Schema) > 0 {
			out["schema"] = Fields(o.Schema)
		}
	case *model.FeatureView:
		out["schema"] = Fields(o.Schema)
		out["join_keys"] = nonNil(repo.JoinKeyNames(o))
		out["ttl"] = o.TTL.String()
		out["entities"] = nonNil(o.Entities)
		out["source"] = o.Source
		out["online"] = o.Online
	case *model.Permission:
		out["policy"] = o.Policy.Describe()
		if len(o.Types) == 0 {
			out["types"] = "all"
		}
		if len(o.NamePatterns) == 0 {
			out["name_patterns"] = "all"
		}
	}
	if out["tags"] == nil {
		out["tags"] = map[string]string{}
	}
	for _, k := range []string{"owner", "description"} {
		if out[k] == nil {
			out[k] = ""
		}
	}
	out["kind"] = string(rec.Kind)
	out["version"] = rec.Version
	out["created_at"] = rec.CreatedAt.Format(time.RFC3339Nano)
	out["updated_at"] = rec.UpdatedAt.Format(time.RFC3339Nano)
	return out, nil
}

// DecodeAll decodes a list of objects.
func DecodeAll(repo *model.Repo, list []service.Object) ([]Object, error) {
	out := make([]Object, 0, len(list))
	for _, o := range list {
		obj, err := Decode(repo, o)
		if err != nil {
			return nil, err
		}
		out = append(out, obj)
	}
	return out, nil
}

// Fields converts a schema.
func Fields(fs []model.Field) []Field {
	out := make([]Field, len(fs))
	for i, f := range fs {
		out[i] = Field{Name: f.Name, DType: f.DType.String(), Vector: f.Vector}
	}
	return out
}

// Version is one entry of an object's history; Spec is the spec applied
// at that version (absent for a deletion).
type Version struct {
	Version   int             `json:"version"`
	Op        string          `json:"op"`
	AppliedAt string          `json:"applied_at"`
	Spec      json.RawMessage `json:"spec,omitempty"`
}

// Versions converts a history, oldest first; withSpecs keeps each version's
// spec.
func Versions(history []registry.Version, withSpecs bool) []Version {
	out := make([]Version, len(history))
	for i, v := range history {
		out[i] = Version{Version: v.Version, Op: string(v.Op), AppliedAt: v.AppliedAt.Format(time.RFC3339Nano)}
		if withSpecs {
			out[i].Spec = v.Spec
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
