package vector

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/quiverfs/quiver/host/internal/apierr"
)

// jsonFilter is Feast's v2 filter tree (the shape of OpenAI's vector store
// filters): a comparison {"type": "eq", "key": "category", "value": "a"},
// with a list value for in and nin, or a compound
// {"type": "and"|"or", "filters": [...]}.
type jsonFilter struct {
	Type    string            `json:"type"`
	Key     string            `json:"key"`
	Value   json.RawMessage   `json:"value"`
	Filters []json.RawMessage `json:"filters"`
}

// DecodeJSONFilter decodes Feast's filter tree; empty input or null is no
// filter. Input longer than MaxJSONFilterBytes or nesting filters deeper
// than MaxFilterDepth is refused. Errors are apierr KindInvalid.
func DecodeJSONFilter(raw json.RawMessage) (*Node, error) {
	if len(raw) > MaxJSONFilterBytes {
		return nil, apierr.Invalid("filters: %d bytes is longer than the limit of %d", len(raw), MaxJSONFilterBytes)
	}
	return decodeJSONFilter(raw, 1)
}

// decodeJSONFilter decodes a filter nested depth levels deep (1 at the top).
func decodeJSONFilter(raw json.RawMessage, depth int) (*Node, error) {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return nil, nil
	}
	if depth > MaxFilterDepth {
		return nil, apierr.Invalid("filters: filters nest deeper than %d levels", MaxFilterDepth)
	}
	var f jsonFilter
	if err := strictDecode(raw, &f); err != nil {
		return nil, apierr.Invalid("filters: %v", err)
	}
	switch f.Type {
	case "and", "or":
		n := &Node{Op: f.Type}
		for _, c := range f.Filters {
			child, err := decodeJSONFilter(c, depth+1)
			if err != nil {
				return nil, err
			}
			if child == nil {
				return nil, apierr.Invalid("filters: a %s filter holds a null filter", f.Type)
			}
			n.Children = append(n.Children, child)
		}
		return n, nil
	case "":
		return nil, apierr.Invalid("filters: a filter needs a type (eq, ne, gt, gte, lt, lte, in, nin, and, or)")
	}
	if _, ok := ops[f.Type]; !ok {
		return nil, apierr.Invalid("filters: unknown filter type %q (use eq, ne, gt, gte, lt, lte, in, nin, and, or)", f.Type)
	}
	if f.Key == "" {
		return nil, apierr.Invalid("filters: the %s filter needs a key", f.Type)
	}
	n := &Node{Op: f.Type, Key: f.Key}
	if f.Type == "in" || f.Type == "nin" {
		if err := strictDecode(f.Value, &n.Values); err != nil || n.Values == nil {
			return nil, apierr.Invalid("filters: the %s filter on %q needs a list value", f.Type, f.Key)
		}
		return n, nil
	}
	if len(f.Value) > 0 {
		if err := strictDecode(f.Value, &n.Value); err != nil {
			return nil, apierr.Invalid("filters: value of %q: %v", f.Key, err)
		}
	}
	return n, nil
}

// strictDecode decodes one JSON value keeping numbers exact and refusing
// unknown keys and trailing data.
func strictDecode(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the filter")
	}
	return nil
}
