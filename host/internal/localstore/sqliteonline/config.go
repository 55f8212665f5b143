package sqliteonline

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/quiverfs/quiver/host/internal/stores"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// settings are the store's quiver.yaml settings.
type settings struct {
	// Path is the SQLite file. Required.
	Path string
}

// knownKeys lists the settings keys.
var knownKeys = []string{"path"}

// parseSettings reads the JSON settings strictly: unknown keys and values
// of the wrong type are InvalidArgument errors naming the key.
func parseSettings(raw json.RawMessage) (settings, error) {
	var s settings
	if len(strings.TrimSpace(string(raw))) == 0 {
		raw = json.RawMessage(`{}`)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return s, storeerr.InvalidArgument("sqlite online store: settings must be a JSON object, got %s", raw)
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch k {
		case "path":
			if err := json.Unmarshal(obj[k], &s.Path); err != nil {
				return s, settingErr(k, "setting %q must be a string, got %s", k, obj[k])
			}
		default:
			return s, settingErr(k, "unknown setting %q (known: %s)", k, strings.Join(knownKeys, ", "))
		}
	}
	switch {
	case strings.TrimSpace(s.Path) == "":
		return s, settingErr("path", "setting %q is required", "path")
	case strings.ContainsAny(s.Path, "?\x00"):
		return s, settingErr("path", "setting %q must not contain '?' or NUL: %q", "path", s.Path)
	}
	return s, nil
}

// settingErr is an InvalidArgument error about setting key.
func settingErr(key, format string, args ...any) error {
	return &stores.SettingError{Key: key, Err: storeerr.InvalidArgument("sqlite online store: "+format, args...)}
}
