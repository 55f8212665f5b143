package memstore

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/quiverfs/quiver/sdk/storeerr"
)

// defaultMaxVectorDimension bounds vector fields unless the config says otherwise.
const defaultMaxVectorDimension = 4096

// settings are the keys a memory store accepts in its config block.
type settings struct {
	// MaxVectorDimension is the largest dimension a vector field may declare. Optional.
	MaxVectorDimension int `json:"max_vector_dimension"`
	// KeyTTL expires a key this long after the write that stored its row,
	// a Go duration ("1s"). Optional; default never.
	KeyTTL keyTTL `json:"key_ttl"`
}

// knownKeys lists every accepted config key.
var knownKeys = map[string]bool{"max_vector_dimension": true, "key_ttl": true}

// parseSettings decodes a config block, rejecting unknown keys by name.
func parseSettings(raw json.RawMessage) (settings, error) {
	s := settings{MaxVectorDimension: defaultMaxVectorDimension}
	if len(raw) == 0 || string(raw) == "null" {
		return s, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return s, storeerr.InvalidArgument("memory store config must be a JSON object: %v", err)
	}
	var unknown []string
	for k := range fields {
		if !knownKeys[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return s, storeerr.InvalidArgument("memory store config: unknown key %q", unknown[0])
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return s, storeerr.InvalidArgument("memory store config: %v", err)
	}
	if s.MaxVectorDimension <= 0 {
		return s, storeerr.InvalidArgument("memory store config: max_vector_dimension must be positive, got %d", s.MaxVectorDimension)
	}
	return s, nil
}

// keyString encodes an entity key unambiguously: every part is length-prefixed.
func keyString(parts []keyPart) string {
	b := make([]byte, 0, 32)
	for _, p := range parts {
		b = fmt.Appendf(b, "%d:%s|%d|%d:%s;", len(p.joinKey), p.joinKey, p.typ, len(p.value), p.value)
	}
	return string(b)
}

// keyPart is the encodable form of one part of an entity key.
type keyPart struct {
	joinKey string
	typ     int
	value   string
}
