package cassandra_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/quiverfs/quiver/conformance/plugintest"
	"github.com/quiverfs/quiver/plugins/cassandra/cassandrastore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// cassandraAddr checks that the Cassandra of the tests is there; make test
// starts one (scripts/backends/cassandra.sh). Without it the tests fail,
// never skip.
func cassandraAddr(t *testing.T) {
	t.Helper()
	if os.Getenv("QUIVER_TEST_CASSANDRA_ADDR") == "" {
		t.Fatal("QUIVER_TEST_CASSANDRA_ADDR is not set: run `make test`, which starts a Cassandra " +
			"(scripts/backends/cassandra.sh start DIR prints the variable)")
	}
}

// TestConformance runs the suite against cassandrastore in process,
// through the gRPC shims, against the quiver-plugin-cassandra it builds and
// through the quiver-conformance command, all on the test Cassandra, with
// the settings of testdata/.
func TestConformance(t *testing.T) {
	cassandraAddr(t)
	plugintest.Run(t, plugintest.Plugin{
		Name:              "cassandra",
		Online:            func(*testing.T) onlinestore.Store { return cassandrastore.New(nil) },
		Config:            func(t *testing.T) json.RawMessage { return plugintest.ReadConfig(t, "testdata/config.json") },
		BadConfig:         plugintest.ReadConfig(t, "testdata/bad_config.json"),
		UnreachableConfig: plugintest.ReadConfig(t, "testdata/unreachable_config.json"),
		KeyTTLConfig:      plugintest.ReadConfig(t, "testdata/key_ttl_config.json"),
		KeyTTL:            time.Second,
	})
}
