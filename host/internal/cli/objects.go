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

// parseTags reads k=v filters, each flag value a comma-separated list.
func parseTags(specs []string) (map[string]string, error) {
	var pairs []string
	for _, s := range specs {
		pairs = append(pairs, strings.Split(s, ",")...)
	}
	tags, bad, ok := objectjson.ParseTags(pairs)
	if !ok {
		return nil, fmt.Errorf("invalid --tags %q; use key=value", bad)
	}
	return tags, nil
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
