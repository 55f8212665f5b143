package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/quiverfs/quiver/sdk/types"
)

// PluginStore is the online store plugin a benchmark runs on.
type PluginStore struct {
	// Type is the online_store type, e.g. "redis"; the plugin binary is
	// installed as quiver-plugin-<Type>.
	Type string
	// Plugin is the plugin binary.
	Plugin string
	// Config is the online_store block's keys but type, as YAML lines
	// indented by two spaces.
	Config string
	// Describe names the store and its server for the report, e.g.
	// "quiver-plugin-redis (redis-server 7.0.15)".
	Describe func() string
	// Floor measures the same reads in process, without the host and the
	// plugin hop: 1 and 100 entities of every feature back to back, then
	// the 1-entity read paced as pace says, as the served 1 x N run is
	// (none when pace.Rate is 0). Optional.
	Floor func(ctx context.Context, drivers int, pace Pace) ([]Summary, error)
}

// pluginRepo writes the benchRepo feature repository with the plugin's
// store as its online store, and installs and locks the plugin binary in
// the repository's plugins/ folder, where `quiver` looks by default.
func pluginRepo(quiver string, st PluginStore, dir string, features []types.Field, ttl string) error {
	if err := benchRepo(dir, features, ttl); err != nil {
		return err
	}
	cfg := fmt.Sprintf("project: bench\nregistry: data/registry.db\nonline_store:\n  type: %s\n%soffline_store:\n  type: file\n",
		st.Type, st.Config)
	if err := os.WriteFile(filepath.Join(dir, "quiver.yaml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	plugins := filepath.Join(dir, "plugins")
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		return err
	}
	if err := copyExecutable(st.Plugin, filepath.Join(plugins, "quiver-plugin-"+st.Type)); err != nil {
		return fmt.Errorf("installing the %s plugin: %w", st.Type, err)
	}
	_, err := quiverCmd(quiver, dir, "plugins", "lock")
	return err
}

// copyExecutable copies a binary and makes the copy executable.
func copyExecutable(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
