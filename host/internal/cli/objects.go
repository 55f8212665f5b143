package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/objectjson"
)

// parseKind reads a kind name.
func parseKind(s string) (model.Kind, error) {
	if k, ok := objectjson.ParseKind(s); ok {
		return k, nil
	}
	return "", fmt.Errorf("unknown kind %q; use %s", s, objectjson.KindNames)
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
