package pitjoin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/conformance/pitoracle"
	"github.com/quiverfs/quiver/host/internal/localstore/fileoffline"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// plainStore hides a store's optional interfaces, so the engine pulls.
type plainStore struct{ offlinestore.Store }

// stores are the offline stores the engine is checked over.
func stores(t *testing.T) map[string]offlinestore.Store {
	file := fileoffline.New()
	cfg, _ := json.Marshal(map[string]any{"root": t.TempDir(), "threads": 1})
	if _, err := file.Configure(context.Background(), &offlinestore.ConfigureRequest{Project: "p", Config: cfg}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { file.Close() })
	return map[string]offlinestore.Store{"file": file, "memory": plainStore{memstore.NewOffline()}}
}

// writeScenario writes each view's raw rows to a table and returns the request.
func writeScenario(t *testing.T, store offlinestore.Store, scen *pitoracle.Request) *offlinestore.HistoricalFeaturesRequest {
	prefix := strings.NewReplacer("/", "_", "-", "_").Replace(t.Name())
	req := &offlinestore.HistoricalFeaturesRequest{Project: "p", EntityTimestampColumn: scen.TimestampColumn, FullFeatureNames: scen.FullFeatureNames}
	for i := range scen.Views {
		v := &scen.Views[i]
		src := types.DataSourceSpec{Name: v.Name, Options: map[string]string{"table": fmt.Sprintf("%s_%s", prefix, v.Name)},
			TimestampField: v.EventColumn, CreatedTimestampColumn: v.CreatedColumn, FieldMapping: v.FieldMapping}
		raw := pitoracle.RawRows(v)
		rd, err := array.NewRecordReader(raw[0].Schema(), raw)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range raw {
			r.Release()
		}
		if _, err := store.WriteBatch(context.Background(), &offlinestore.WriteBatchRequest{Project: "p", Destination: src, Records: rd}); err != nil {
			t.Fatalf("WriteBatch %s: %v", v.Name, err)
		}
		rd.Release()
		spec := types.FeatureViewSpec{Name: v.Name, TTL: v.TTL}
		for _, k := range v.JoinKeys {
			spec.JoinKeys = append(spec.JoinKeys, field(t, v, k))
		}
		for _, f := range v.Features {
			spec.Features = append(spec.Features, field(t, v, f))
		}
		req.Views = append(req.Views, offlinestore.ViewRef{View: spec, Source: src, Features: v.Features, JoinKeyMap: v.JoinKeyMap})
	}
	return req
}

func field(t *testing.T, v *pitoracle.View, name string) types.Field {
	s := v.Rows[0].Schema()
	idx := s.FieldIndices(name)
	if len(idx) == 0 {
		t.Fatalf("view %s has no column %s", v.Name, name)
	}
	typ := map[arrow.Type]types.ValueType{arrow.INT64: types.Int64, arrow.INT32: types.Int32, arrow.FLOAT64: types.Float64,
		arrow.FLOAT32: types.Float32, arrow.STRING: types.String, arrow.BOOL: types.Bool}[s.Field(idx[0]).Type.ID()]
	return types.Field{Name: name, Type: typ}
}

// TestJoinMatchesOracle runs generated adversarial scenarios through the
// engine over each store and compares every cell with the oracle.
func TestJoinMatchesOracle(t *testing.T) {
	t.Parallel()
	e := &Engine{Settings: Settings{MemoryLimit: "512MB", TempDirectory: t.TempDir(), Threads: 2}}
	defer e.Close()
	opts := []pitoracle.Options{
		{Seed: 1}, {Seed: 2, FullNames: true}, {Seed: 3, TZTimestamp: true, Batches: 1},
		{Seed: 4, EntityRows: 3000, Drivers: 40, RowsPerKey: 30, FullNames: true, Batches: 5},
	}
	for name, store := range stores(t) {
		for _, o := range opts {
			for _, maxKeys := range []int{-1, 0} {
				t.Run(fmt.Sprintf("%s/seed%d/filter%d", name, o.Seed, maxKeys), func(t *testing.T) {
					e := &Engine{Settings: e.Settings, MaxFilterKeys: maxKeys, db: e.mustDB(t)}
					e.once.Do(func() {})
					checkAgainstOracle(t, e, store, o)
				})
			}
		}
	}
}

// mustDB opens the shared database for sub-engines.
func (e *Engine) mustDB(t *testing.T) *duckdbConnector {
	db, err := e.connector()
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func checkAgainstOracle(t *testing.T, e *Engine, store offlinestore.Store, o pitoracle.Options) {
	scen := pitoracle.Generate(o)
	defer scen.Release()
	want, err := pitoracle.Join(scen)
	if err != nil {
		t.Fatal(err)
	}
	defer want.Release()
	req := writeScenario(t, store, scen)
	ents, err := array.NewRecordReader(scen.Entities[0].Schema(), scen.Entities)
	if err != nil {
		t.Fatal(err)
	}
	defer ents.Release()
	req.Entities = ents
	rd, err := e.Join(context.Background(), store, req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pitoracle.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Release()
	if d := pitoracle.Diff(want, got); d != "" {
		t.Errorf("engine differs from the oracle:\n%s", d)
	}
}
