package redis_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/quiverfs/quiver/conformance/plugintest"
	"github.com/quiverfs/quiver/plugins/redis/redisstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// TestConformance runs the suite against redisstore in process, through the
// gRPC shims, against the quiver-plugin-redis it builds and through the
// quiver-conformance command, all on the test Redis ($QUIVER_TEST_REDIS_ADDR,
// which `make test` sets). The settings are the files of testdata/, which
// quiver-conformance --config (and --bad-config, ...) takes as they are.
func TestConformance(t *testing.T) {
	plugintest.Run(t, plugintest.Plugin{
		Name:              "redis",
		Online:            func(*testing.T) onlinestore.Store { return redisstore.New() },
		Config:            func(t *testing.T) json.RawMessage { return plugintest.ReadConfig(t, "testdata/config.json") },
		BadConfig:         plugintest.ReadConfig(t, "testdata/bad_config.json"),
		UnreachableConfig: plugintest.ReadConfig(t, "testdata/unreachable_config.json"),
		KeyTTLConfig:      plugintest.ReadConfig(t, "testdata/key_ttl_config.json"),
		KeyTTL:            time.Second,
	})
}
