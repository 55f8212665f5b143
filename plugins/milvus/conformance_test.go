package milvus_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/quiverfs/quiver/conformance/plugintest"
	"github.com/quiverfs/quiver/plugins/milvus/milvusstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// milvusAddr is the Milvus server of the tests; make test starts one
// (scripts/backends/milvus.sh). Without it the tests fail, never skip.
func milvusAddr(t *testing.T) string {
	t.Helper()
	addr := os.Getenv("QUIVER_TEST_MILVUS_ADDR")
	if addr == "" {
		t.Fatal("QUIVER_TEST_MILVUS_ADDR is not set: run `make test`, which starts a Milvus server " +
			"(scripts/backends/milvus.sh start DIR prints the variable)")
	}
	return addr
}

// TestConformance runs the suite against milvusstore in process, through
// the gRPC shims, against the quiver-plugin-milvus it builds and through
// the quiver-conformance command, all on the test Milvus. The four modes
// run at once: one by one they take over 12 minutes on 2 cores.
func TestConformance(t *testing.T) {
	plugintest.Run(t, plugintest.Plugin{
		Name:   "milvus",
		Online: func(*testing.T) onlinestore.Store { return milvusstore.New() },
		Config: func(t *testing.T) json.RawMessage {
			b, err := json.Marshal(map[string]string{"address": milvusAddr(t), "collection_prefix": "qconf"})
			if err != nil {
				t.Fatal(err)
			}
			return b
		},
		BadConfig: json.RawMessage(`{"consistency": "sometimes", "address": "127.0.0.1:1"}`),
		Parallel:  true,
	})
}
