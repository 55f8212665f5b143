package redis_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/quiverfs/quiver/conformance/plugintest"
	"github.com/quiverfs/quiver/plugins/redis/internal/redistest"
	"github.com/quiverfs/quiver/plugins/redis/redisstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// TestConformance runs the suite against redisstore in process, through the
// gRPC shims, against the quiver-plugin-redis it builds and through the
// quiver-conformance command, all on the test Redis (redistest.Addr).
func TestConformance(t *testing.T) {
	plugintest.Run(t, plugintest.Plugin{
		Name:   "redis",
		Online: func(*testing.T) onlinestore.Store { return redisstore.New() },
		Config: func(t *testing.T) json.RawMessage {
			return json.RawMessage(fmt.Sprintf(`{"address": %q, "dial_timeout": "2s", "read_timeout": "5s", "write_timeout": "5s"}`,
				redistest.Addr(t)))
		},
		BadConfig: json.RawMessage(`{"mode": "ring"}`),
	})
}
