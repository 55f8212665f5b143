package materialize

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/quiverfs/quiver/host/internal/definitions"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/localstore/fileoffline"
	"github.com/quiverfs/quiver/host/internal/localstore/sqliteonline"
	"github.com/quiverfs/quiver/host/internal/plan"
	"github.com/quiverfs/quiver/host/internal/stores"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// t0 is the first event time of the test data.
var t0 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

const testDefs = `entities:
  - {name: user, join_keys: [user_id], value_type: int64}
data_sources:
  - name: events
    type: file
    path: data/events.parquet
    timestamp_field: ts
    field_mapping: {raw_score: score}
feature_views:
  - name: scores
    entities: [user]
    ttl: %TTL%
    source: events
    field_mapping: {score: points}
    schema:
      - {name: points, dtype: float64}
      - {name: level, dtype: int32}
`

// writeEvents writes users [0, users) × hours [0, hours) of events; the
// score of a row is user*100 + hour, and level is null for odd hours.
func writeEvents(t *testing.T, path string, users, hours int) {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "user_id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}},
		{Name: "raw_score", Type: arrow.PrimitiveTypes.Float64},
		{Name: "level", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for h := range hours {
		for u := range users {
			b.Field(0).(*array.Int64Builder).Append(int64(u))
			b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(t0.Add(time.Duration(h) * time.Hour).UnixMicro()))
			b.Field(2).(*array.Float64Builder).Append(float64(u*100 + h))
			if h%2 == 1 {
				b.Field(3).AppendNull()
			} else {
				b.Field(3).(*array.Int32Builder).Append(int32(h))
			}
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pqarrow.NewFileWriter(schema, f, parquet.NewWriterProperties(), pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// newRepo writes and applies a repository of project with the events of
// users × hours, and returns the open feature store.
func newRepo(t *testing.T, project, ttl string, users, hours int) *featurestore.FeatureStore {
	t.Helper()
	dir := t.TempDir()
	cfg := "project: " + project + "\nonline_store: {type: sqlite, path: data/online.db}\n"
	if err := os.WriteFile(filepath.Join(dir, "quiver.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	defs := []byte(strings.ReplaceAll(testDefs, "%TTL%", ttl))
	if err := os.WriteFile(filepath.Join(dir, "defs.yaml"), defs, 0o644); err != nil {
		t.Fatal(err)
	}
	writeEvents(t, filepath.Join(dir, "data", "events.parquet"), users, hours)
	ctx := context.Background()
	fs, err := featurestore.Open(ctx, featurestore.Options{RepoDir: dir, Opener: &stores.Opener{Embedded: stores.Embedded{
		Online:  map[string]func() onlinestore.Store{"sqlite": func() onlinestore.Store { return sqliteonline.New() }},
		Offline: map[string]func() offlinestore.Store{"file": func() offlinestore.Store { return fileoffline.New() }},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fs.Close() })
	d, err := definitions.Load(dir, project)
	if err != nil {
		t.Fatal(err)
	}
	current, err := fs.Repo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Compute(d.Repo, current, false)
	if err != nil {
		t.Fatal(err)
	}
	online, err := fs.Online(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := online.ApplyInfra(ctx, p.Infra); err != nil {
		t.Fatal(err)
	}
	if err := fs.Registry.Apply(ctx, project, p.RegistryChanges()); err != nil {
		t.Fatal(err)
	}
	return fs
}
