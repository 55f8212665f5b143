package milvus

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/quiverfs/quiver/conformance"
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

// storeConfig is the Configure payload of a test; prefix keeps runs apart.
func storeConfig(t *testing.T, prefix string) json.RawMessage {
	b, err := json.Marshal(map[string]string{"address": milvusAddr(t), "collection_prefix": prefix})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var built struct {
	once sync.Once
	dir  string
	err  error
	out  []byte
}

// binaries builds quiver-plugin-milvus and quiver-conformance once.
func binaries(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "quiver-milvus-test-")
		if built.err != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", built.dir+string(filepath.Separator),
			"./cmd/quiver-plugin-milvus", "github.com/quiverfs/quiver/conformance/cmd/quiver-conformance")
		built.out, built.err = cmd.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("building the test binaries: %v\n%s", built.err, built.out)
	}
	return built.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// TestConformanceInProcess runs the suite against the store in this
// process, through the real gRPC shims.
func TestConformanceInProcess(t *testing.T) {
	t.Parallel()
	cfg := conformance.NewConfig()
	cfg.Name = "milvus"
	cfg.Online = New()
	cfg.StoreConfig = storeConfig(t, "qinproc")
	cfg.BadConfig = json.RawMessage(`{"address": 42}`)
	conformance.Run(t, cfg)
}

// TestConformancePlugin runs the suite against the built plugin binary.
func TestConformancePlugin(t *testing.T) {
	t.Parallel()
	cfg := conformance.NewConfig()
	cfg.PluginPath = filepath.Join(binaries(t), "quiver-plugin-milvus")
	cfg.StoreConfig = storeConfig(t, "qplugin")
	cfg.BadConfig = json.RawMessage(`{"consistency": "sometimes", "address": "127.0.0.1:1"}`)
	conformance.Run(t, cfg)
}
