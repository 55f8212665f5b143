package redis_test

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/quiverfs/quiver/conformance"
	"github.com/quiverfs/quiver/plugins/redis/internal/redistest"
	"github.com/quiverfs/quiver/plugins/redis/redisstore"
)

// storeConfig is the Configure block of the test Redis.
func storeConfig(t *testing.T) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"address": %q, "dial_timeout": "2s", "read_timeout": "5s", "write_timeout": "5s"}`, redistest.Addr(t)))
}

// badConfig is a block the store must reject.
var badConfig = json.RawMessage(`{"mode": "ring"}`)

func newConfig(t *testing.T) conformance.Config {
	cfg := conformance.NewConfig()
	cfg.StoreConfig = storeConfig(t)
	cfg.BadConfig = badConfig
	cfg.ProjectPrefix = "conf_redis_"
	return cfg
}

// TestConformanceInProcess runs the suite against the store through the real gRPC shims.
func TestConformanceInProcess(t *testing.T) {
	cfg := newConfig(t)
	cfg.Name = "redis"
	cfg.Online = redisstore.New()
	conformance.Run(t, cfg)
}

// TestConformanceBinary builds quiver-plugin-redis and runs the suite against it.
func TestConformanceBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "quiver-plugin-redis")
	build := exec.Command("go", "build", "-o", bin, "./cmd/quiver-plugin-redis")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/quiver-plugin-redis: %v\n%s", err, out)
	}
	cfg := newConfig(t)
	cfg.PluginPath = bin
	conformance.Run(t, cfg)
}
