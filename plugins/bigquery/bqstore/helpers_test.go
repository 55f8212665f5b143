package bqstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
	"time"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/option"

	"github.com/quiverfs/quiver/plugins/bigquery/bqstore"
	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// testDataset holds the tables of these tests.
const testDataset = "quiver_plugin_tests"

// emulator returns the test emulator's REST and gRPC addresses and
// project; make test starts one (scripts/backends/bigquery.sh). Without it
// the tests fail, never skip.
func emulator(t *testing.T) (rest, grpc, project string) {
	t.Helper()
	rest, grpc, project = os.Getenv("QUIVER_TEST_BIGQUERY_REST"), os.Getenv("QUIVER_TEST_BIGQUERY_GRPC"), os.Getenv("QUIVER_TEST_BIGQUERY_PROJECT")
	if rest == "" || grpc == "" || project == "" {
		t.Fatal("QUIVER_TEST_BIGQUERY_REST, _GRPC and _PROJECT must be set: run `make test`, which starts a BigQuery " +
			"emulator (scripts/backends/bigquery.sh start DIR prints them)")
	}
	return rest, grpc, project
}

// settings returns the store block of the test emulator, with extra keys.
func settings(t *testing.T, extra map[string]any) json.RawMessage {
	t.Helper()
	rest, grpc, project := emulator(t)
	cfg := map[string]any{"project_id": project, "dataset": testDataset, "endpoint": rest, "storage_endpoint": grpc,
		"without_authentication": true, "upload_chunk_bytes": 0}
	for k, v := range extra {
		cfg[k] = v
	}
	raw, _ := json.Marshal(cfg)
	return raw
}

// newStore returns a store configured on the test emulator.
func newStore(t *testing.T, extra map[string]any) *bqstore.Store {
	t.Helper()
	s := bqstore.New(nil)
	if _, err := s.Configure(ctx(t), &offlinestore.ConfigureRequest{Project: "p", Config: settings(t, extra)}); err != nil {
		t.Fatalf("Configure: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// client returns a BigQuery client of the test's own, to set tables up.
func client(t *testing.T) *bigquery.Client {
	t.Helper()
	rest, _, project := emulator(t)
	c, err := bigquery.NewClient(ctx(t), project, option.WithEndpoint(rest), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	ds := c.Dataset(testDataset)
	if _, err := ds.Metadata(ctx(t)); err != nil {
		if err := ds.Create(ctx(t), &bigquery.DatasetMetadata{}); err != nil {
			t.Logf("creating dataset %s: %v (another test may have created it)", testDataset, err)
		}
	}
	return c
}

// runSQL runs a statement to its end.
func runSQL(t *testing.T, c *bigquery.Client, sql string) {
	t.Helper()
	job, err := c.Query(sql).Run(ctx(t))
	if err == nil {
		var st *bigquery.JobStatus
		if st, err = job.Wait(ctx(t)); err == nil {
			err = st.Err()
		}
	}
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// tableName returns a new table name with a prefix, dropped when t ends.
func tableName(t *testing.T, c *bigquery.Client, prefix string) string {
	t.Helper()
	var b [5]byte
	_, _ = rand.Read(b[:])
	name := prefix + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = c.Dataset(testDataset).Table(name).Delete(ctx)
	})
	return name
}

// ctx bounds one call of a test.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}
