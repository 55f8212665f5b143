package milvus_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/quiverfs/quiver/conformance/plugintest"
	"github.com/quiverfs/quiver/plugins/milvus/milvusstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// milvusAddr checks that the Milvus server of the tests is there; make
// test starts one (scripts/backends/milvus.sh). Without it the tests fail,
// never skip.
func milvusAddr(t *testing.T) {
	t.Helper()
	if os.Getenv("QUIVER_TEST_MILVUS_ADDR") == "" {
		t.Fatal("QUIVER_TEST_MILVUS_ADDR is not set: run `make test`, which starts a Milvus server " +
			"(scripts/backends/milvus.sh start DIR prints the variable)")
	}
}

// TestConformance runs the suite against milvusstore in process, through
// the gRPC shims, against the quiver-plugin-milvus it builds and through
// the quiver-conformance command, all on the test Milvus, with the settings
// of testdata/. The four modes run at once: one by one they take over 12
// minutes on 2 cores.
func TestConformance(t *testing.T) {
	milvusAddr(t)
	plugintest.Run(t, plugintest.Plugin{
		Name:              "milvus",
		Online:            func(*testing.T) onlinestore.Store { return milvusstore.New() },
		Config:            func(t *testing.T) json.RawMessage { return plugintest.ReadConfig(t, "testdata/config.json") },
		BadConfig:         plugintest.ReadConfig(t, "testdata/bad_config.json"),
		UnreachableConfig: plugintest.ReadConfig(t, "testdata/unreachable_config.json"),
		Parallel:          true,
	})
}
