package cli

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/service"
)

// fieldJSON is a schema field as list and describe print it.
type fieldJSON struct {
	Name   string             `json:"name"`
	DType  string             `json:"dtype"`
	Vector *model.VectorField `json:"vector,omitempty"`
}

// object is a registry record decoded for output: the spec's fields by
// their JSON names, types as names ("int64"), plus version and times.
type object map[string]any

// kindAliases maps what users type to kinds.
var kindAliases = map[string]model.Kind{
	"entity": model.KindEntity, "entities": model.KindEntity,
	"data-source": model.KindDataSource, "data-sources": model.KindDataSource, "data_source": model.KindDataSource,
	"feature-view": model.KindFeatureView, "feature-views": model.KindFeatureView, "feature_view": model.KindFeatureView,
	"feature-service": model.KindFeatureService, "feature-services": model.KindFeatureService, "feature_service": model.KindFeatureService,
	"permission": model.KindPermission, "permissions": model.KindPermission,
}

// parseKind reads a kind name.
func parseKind(s string) (model.Kind, error) {
	if k, ok := kindAliases[strings.ToLower(s)]; ok {
		return k, nil
	}
	return "", fmt.Errorf("unknown kind %q; use entity, data-source, feature-view, feature-service or permission", s)
}

// decodeObject turns a registry object into an object for output.
func decodeObject(repo *model.Repo, so service.Object) (object, error) {
	rec := so.Record
	out := object{}
	if err := json.Unmarshal(rec.Spec, (*map[string]any)(&out)); err != nil {
		return nil, fmt.Errorf("%s %s: %w", rec.Kind, rec.Name, err)
	}
	switch o := so.Value.(type) {
	case *model.Entity:
		out["value_type"] = o.ValueType.String()
	case *model.DataSource:
		if len(o.Schema) > 0 {
			out["schema"] = fields(o.Schema)
		}
	case *model.FeatureView:
		out["schema"] = fields(o.Schema)
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

func fields(fs []model.Field) []fieldJSON {
	out := make([]fieldJSON, len(fs))
	for i, f := range fs {
		out[i] = fieldJSON{Name: f.Name, DType: f.DType.String(), Vector: f.Vector}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// parseTags reads k=v filters.
func parseTags(specs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, s := range specs {
		for _, kv := range strings.Split(s, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return nil, fmt.Errorf("invalid --tags %q; use key=value", kv)
			}
			out[k] = v
		}
	}
	return out, nil
}

// formatTags renders tags as "k=v,k2=v2", sorted.
func formatTags(tags map[string]string) string {
	parts := make([]string, 0, len(tags))
	for k, v := range tags {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return orDash(strings.Join(parts, ","))
}
