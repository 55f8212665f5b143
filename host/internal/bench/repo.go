package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/quiverfs/quiver/sdk/types"
)

// benchRepo writes a feature repository with one view, driver_stats, whose
// features are the given fields, over data/stats.parquet.
func benchRepo(dir string, features []types.Field, ttl string) error {
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		return err
	}
	cfg := "project: bench\nregistry: data/registry.db\nonline_store:\n  type: sqlite\n  path: data/online.db\noffline_store:\n  type: file\n"
	var b strings.Builder
	fmt.Fprintf(&b, `entities:
  - name: driver
    join_keys: [driver_id]
    value_type: int64
data_sources:
  - name: stats_source
    type: file
    path: data/stats.parquet
    timestamp_field: event_timestamp
    created_timestamp_column: created
feature_views:
  - name: driver_stats
    entities: [driver]
    ttl: %s
    source: stats_source
    schema:
`, ttl)
	for _, f := range features {
		fmt.Fprintf(&b, "      - {name: %s, dtype: %s}\n", f.Name, f.Type)
	}
	if err := os.WriteFile(filepath.Join(dir, "quiver.yaml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "features.yaml"), []byte(b.String()), 0o644)
}

// quiverCmd runs bin/quiver with args in a repo and returns its output.
func quiverCmd(quiver, repo string, args ...string) (string, error) {
	cmd := exec.Command(quiver, append([]string{"--repo", repo}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("quiver %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}
