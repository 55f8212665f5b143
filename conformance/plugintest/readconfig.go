package plugintest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/conformance/internal/command"
)

// ReadConfig returns the settings of a YAML or JSON file, e.g.
// testdata/config.json, as a JSON object, as quiver-conformance --config
// reads it: ${VAR} references are replaced by the variable's value. It
// fails t when the file cannot be read or a variable is not set, so a
// test of a plugin whose backend `make test` starts fails, never skips,
// without it.
func ReadConfig(t testing.TB, path string) json.RawMessage {
	t.Helper()
	raw, err := command.LoadSettings(path)
	if err != nil {
		hint := ""
		if strings.Contains(err.Error(), "is not set") {
			hint = " (`make test` sets the QUIVER_TEST_<NAME>_ADDR variable of each backend it starts: scripts/backends/<name>.sh start DIR prints it)"
		}
		t.Fatalf("plugintest: reading settings: %v%s", err, hint)
	}
	return raw
}
