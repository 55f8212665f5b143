package sqliteonline

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// BenchmarkRead100x50 reads 100 entities x 50 float32 features.
func BenchmarkRead100x50(b *testing.B) { benchmarkRead(b, 100) }

// BenchmarkRead1x50 reads 1 entity x 50 float32 features, the request whose
// fixed costs (catalog lookup, checks, transaction) weigh the most.
func BenchmarkRead1x50(b *testing.B) { benchmarkRead(b, 1) }

// benchmarkRead reads entities of 1000 rows x 50 float32 features.
func benchmarkRead(b *testing.B, entities int) {
	ctx := context.Background()
	s := New()
	defer s.Close()
	cfg := fmt.Sprintf(`{"path": %q}`, filepath.Join(b.TempDir(), "online.db"))
	if _, err := s.Configure(ctx, &onlinestore.ConfigureRequest{Project: "p", Config: []byte(cfg)}); err != nil {
		b.Fatal(err)
	}
	view := types.FeatureViewSpec{Name: "v", JoinKeys: []types.Field{{Name: "id", Type: types.Int64}}}
	names := make([]string, 50)
	for i := range names {
		names[i] = fmt.Sprintf("f%02d", i)
		view.Features = append(view.Features, types.Field{Name: names[i], Type: types.Float32})
	}
	if _, err := s.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: "p", ViewsToKeep: []types.FeatureViewSpec{view}}); err != nil {
		b.Fatal(err)
	}
	w := &onlinestore.WriteBatchRequest{Project: "p", FeatureView: "v", FeatureNames: names}
	keys := make([]types.EntityKey, 0, entities)
	for e := range 1000 {
		vals := make([]types.Value, 50)
		for f := range vals {
			vals[f] = types.Float32Value(float32(e + f))
		}
		k := types.EntityKey{{JoinKey: "id", Value: types.Int64Value(int64(e))}}
		w.Rows = append(w.Rows, onlinestore.WriteRow{EntityKey: k, Values: vals, EventTimestamp: time.Now()})
		if e%(1000/entities) == 0 && len(keys) < entities {
			keys = append(keys, k)
		}
	}
	if _, err := s.WriteBatch(ctx, w); err != nil {
		b.Fatal(err)
	}
	req := &onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{{FeatureView: "v", Features: names, EntityKeys: keys}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Read(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
