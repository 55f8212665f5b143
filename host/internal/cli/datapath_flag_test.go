package cli

import (
	"strings"
	"testing"
)

// TestPluginDataPathIsCheckedUpFront: a bad --plugin-data-path (or
// QUIVER_PLUGIN_DATA_PATH) is refused by every command, even one that
// launches no plugin, naming the values it takes.
func TestPluginDataPathIsCheckedUpFront(t *testing.T) {
	dir := t.TempDir()
	r := quiver(t, dir, "--plugin-data-path", "tcp", "version")
	if r.code != 1 || !strings.Contains(r.stderr, `--plugin-data-path: unknown plugin data path "tcp" (want grpc or socket)`) {
		t.Errorf("--plugin-data-path tcp: exit %d, stderr %q", r.code, r.stderr)
	}
	t.Setenv("QUIVER_PLUGIN_DATA_PATH", "fast")
	if r := quiver(t, dir, "version"); r.code != 1 || !strings.Contains(r.stderr, `"fast"`) {
		t.Errorf("QUIVER_PLUGIN_DATA_PATH=fast: exit %d, stderr %q", r.code, r.stderr)
	}
	t.Setenv("QUIVER_PLUGIN_DATA_PATH", "socket")
	if r := quiver(t, dir, "version"); r.code != 0 {
		t.Errorf("QUIVER_PLUGIN_DATA_PATH=socket: exit %d, stderr %q", r.code, r.stderr)
	}
}
