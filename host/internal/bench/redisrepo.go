package bench

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/quiverfs/quiver/sdk/types"
)

// redisRepo writes the benchRepo feature repository with the Redis plugin
// as its online store, and installs and locks the plugin binary in the
// repository's plugins/ folder, where `quiver` looks by default.
func redisRepo(quiver, plugin, dir, redisAddr string, features []types.Field, ttl string) error {
	if err := benchRepo(dir, features, ttl); err != nil {
		return err
	}
	cfg := fmt.Sprintf("project: bench\nregistry: data/registry.db\nonline_store:\n  type: redis\n  address: %s\n"+
		"  read_timeout: 5s\n  write_timeout: 5s\noffline_store:\n  type: file\n", redisAddr)
	if err := os.WriteFile(filepath.Join(dir, "quiver.yaml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	plugins := filepath.Join(dir, "plugins")
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		return err
	}
	if err := copyExecutable(plugin, filepath.Join(plugins, "quiver-plugin-redis")); err != nil {
		return fmt.Errorf("installing the redis plugin: %w", err)
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

// redisInfo returns a line of `redis-cli INFO` output, e.g. used_memory_human.
func redisInfo(addr, section, field string) string {
	host, port, _ := net.SplitHostPort(addr)
	out, err := exec.Command("redis-cli", "-h", host, "-p", port, "info", section).Output()
	if err != nil {
		return "?"
	}
	return infoField(string(out), field)
}

// infoField returns the value of field in Redis INFO output.
func infoField(info, field string) string {
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), field+":"); ok {
			return v
		}
	}
	return "?"
}
