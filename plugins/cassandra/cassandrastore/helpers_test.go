package cassandrastore_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	gocql "github.com/apache/cassandra-gocql-driver/v2"

	"github.com/quiverfs/quiver/plugins/cassandra/cassandrastore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// testKeyspace holds the tables of these tests.
const testKeyspace = "quiver_plugin_tests"

// testAddr returns the test Cassandra's address; make test starts one
// (scripts/backends/cassandra.sh). Without it the tests fail, never skip.
func testAddr(t *testing.T) string {
	t.Helper()
	addr := os.Getenv("QUIVER_TEST_CASSANDRA_ADDR")
	if addr == "" {
		t.Fatal("QUIVER_TEST_CASSANDRA_ADDR is not set: run `make test`, which starts a Cassandra " +
			"(scripts/backends/cassandra.sh start DIR prints the variable)")
	}
	return addr
}

// newStore returns a store configured on addr, closed when t ends.
func newStore(t *testing.T, addr string, extra map[string]any) *cassandrastore.Store {
	t.Helper()
	cfg := map[string]any{"hosts": []string{addr}, "keyspace": testKeyspace, "request_timeout": "20s", "connect_timeout": "5s"}
	for k, v := range extra {
		cfg[k] = v
	}
	raw, _ := json.Marshal(cfg)
	s := cassandrastore.New(nil)
	if _, err := s.Configure(ctx(t), &onlinestore.ConfigureRequest{Project: "p", Config: raw}); err != nil {
		t.Fatalf("Configure: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// session opens a driver session of the test's own, to look at the tables.
func session(t *testing.T) *gocql.Session {
	t.Helper()
	cl := gocql.NewCluster(testAddr(t))
	cl.ProtoVersion = 5
	cl.Timeout = 20 * time.Second
	sess, err := cl.CreateSession()
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	t.Cleanup(sess.Close)
	return sess
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// statsView is a view keyed by driver_id with the given features.
func statsView(name string, features ...types.Field) types.FeatureViewSpec {
	return types.FeatureViewSpec{Name: name, JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}}, Features: features}
}

func driver(id int64) types.EntityKey {
	return types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(id)}}
}

// base is the event time of the tests' rows.
var base = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func apply(t *testing.T, s *cassandrastore.Store, project string, views ...types.FeatureViewSpec) {
	t.Helper()
	if _, err := s.ApplyInfra(ctx(t), &onlinestore.ApplyInfraRequest{Project: project, ViewsToKeep: views, Partial: true}); err != nil {
		t.Fatalf("ApplyInfra %s: %v", project, err)
	}
}

func teardown(t *testing.T, s *cassandrastore.Store, project string) {
	t.Helper()
	if _, err := s.Teardown(ctx(t), &onlinestore.TeardownRequest{Project: project}); err != nil {
		t.Fatalf("Teardown %s: %v", project, err)
	}
}

func write(t *testing.T, s *cassandrastore.Store, project, view string, names []string, rows ...onlinestore.WriteRow) error {
	t.Helper()
	_, err := s.WriteBatch(ctx(t), &onlinestore.WriteBatchRequest{Project: project, FeatureView: view, FeatureNames: names, Rows: rows})
	return err
}

func read(t *testing.T, s *cassandrastore.Store, project, view string, features []string, keys ...types.EntityKey) []onlinestore.ReadRow {
	t.Helper()
	resp, err := s.Read(ctx(t), &onlinestore.ReadRequest{Project: project,
		Views: []onlinestore.ReadView{{FeatureView: view, Features: features, EntityKeys: keys}}})
	if err != nil {
		t.Fatalf("Read %s/%s: %v", project, view, err)
	}
	return resp.Views[0]
}
