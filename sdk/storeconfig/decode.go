package storeconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/quiverfs/quiver/sdk/redact"
)

// Decode decodes a store block into v, refusing keys v has no field for.
// An empty or null block leaves v as it is. The error names the key or
// the bad value, with secrets scrubbed (redact); callers wrap it as
// InvalidArgument with the store's name.
func Decode(raw json.RawMessage, v any) error {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errors.New(redact.String(strings.TrimPrefix(err.Error(), "json: ")))
	}
	return nil
}
