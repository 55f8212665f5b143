package objectjson

import "strings"

// ParseTags reads KEY=VALUE tag filters, as `quiver list --tags` and
// GET /api/v1/registry/{kind}?tag= take them. On a pair that is not one
// (no "=", or no key) it returns that pair as bad.
func ParseTags(pairs []string) (tags map[string]string, bad string, ok bool) {
	tags = make(map[string]string, len(pairs))
	for _, kv := range pairs {
		k, v, found := strings.Cut(kv, "=")
		if !found || k == "" {
			return nil, kv, false
		}
		tags[k] = v
	}
	return tags, "", true
}
