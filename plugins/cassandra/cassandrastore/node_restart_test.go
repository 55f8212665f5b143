package cassandrastore_test

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// backendScript is the script that runs the tests' Cassandra.
var backendScript = filepath.Join("..", "..", "..", "scripts", "backends", "cassandra.sh")

// runScript runs cassandra.sh CMD DIR and returns its stdout.
func runScript(t *testing.T, cmd, dir string) string {
	t.Helper()
	var out, errb bytes.Buffer
	c := exec.Command("bash", backendScript, cmd, dir)
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Run(); err != nil {
		t.Fatalf("cassandra.sh %s: %v\n%s", cmd, err, errb.String())
	}
	return out.String()
}

// TestNodeStoppedAndRestarted runs a Cassandra node of its own, stops it
// under a configured store, and starts it again on the same port: while
// it is down every call fails fast with Unavailable naming the store; once
// it is back, the same store serves the data again without a new Configure.
func TestNodeStoppedAndRestarted(t *testing.T) {
	testAddr(t) // the shared node shows that make test provides Cassandra
	dir := t.TempDir()
	out := runScript(t, "start", dir)
	t.Cleanup(func() { runScript(t, "stop", dir) })
	addr := strings.TrimPrefix(strings.TrimSpace(out), "export QUIVER_TEST_CASSANDRA_ADDR=")
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("cassandra.sh start printed %q", out)
	}
	s := newStore(t, addr, map[string]any{"connect_timeout": "1s", "request_timeout": "2s"})
	project := "restart"
	v := statsView("v", types.Field{Name: "n", Type: types.Int64})
	apply(t, s, project, v)
	row := onlinestore.WriteRow{EntityKey: driver(1), EventTimestamp: base, Values: []types.Value{types.Int64Value(42)}}
	if err := write(t, s, project, v.Name, []string{"n"}, row); err != nil {
		t.Fatal(err)
	}

	runScript(t, "halt", dir)
	readReq := &onlinestore.ReadRequest{Project: project,
		Views: []onlinestore.ReadView{{FeatureView: v.Name, Features: []string{"n"}, EntityKeys: []types.EntityKey{driver(1)}}}}
	for _, call := range []struct {
		name string
		run  func() error
	}{
		{"Read", func() error { _, err := s.Read(ctx(t), readReq); return err }},
		{"WriteBatch", func() error { return write(t, s, project, v.Name, []string{"n"}, row) }},
	} {
		start := time.Now()
		err := call.run()
		took := time.Since(start)
		if !errors.Is(err, storeerr.ErrUnavailable) || !strings.Contains(err.Error(), "cassandra online store") {
			t.Errorf("%s with the node down: %v, want Unavailable naming the cassandra online store", call.name, err)
		}
		if took > 5*time.Second {
			t.Errorf("%s with the node down took %s, want a fast failure", call.name, took)
		}
	}
	if h, _ := s.Health(ctx(t), &onlinestore.HealthRequest{}); h.Serving {
		t.Errorf("Health with the node down: serving")
	}

	runScript(t, "start", dir)
	deadline := time.Now().Add(2 * time.Minute)
	var lastErr error
	for time.Now().Before(deadline) {
		resp, err := s.Read(ctx(t), readReq)
		if err == nil {
			if r := resp.Views[0][0]; !r.Found || r.Values[0].Int64() != 42 {
				t.Fatalf("after the restart: %v (found %v), want 42", r.Values, r.Found)
			}
			if err := write(t, s, project, v.Name, []string{"n"}, row); err != nil {
				t.Fatalf("WriteBatch after the restart: %v", err)
			}
			return
		}
		lastErr = err
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatal(fmt.Sprintf("the store did not recover within 2 minutes of the node's restart: %v", lastErr))
}
