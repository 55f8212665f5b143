package shim_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// BenchmarkRead100x50 measures a 100 entities x 50 features Read through the
// real shims in process, on each data path: gRPC over an in-memory
// connection, or frames over a Unix socket (conversion and transport
// costs, no process hop).
func BenchmarkRead100x50(b *testing.B) { benchmarkRead(b, 100, 50) }

// BenchmarkRead1x50 is the online serving shape: one entity, 50 features.
func BenchmarkRead1x50(b *testing.B) { benchmarkRead(b, 1, 50) }

func benchmarkRead(b *testing.B, entities, features int) {
	rows := make([]onlinestore.ReadRow, entities)
	keys := make([]types.EntityKey, entities)
	names := make([]string, features)
	for i := range names {
		names[i] = fmt.Sprintf("f%02d", i)
	}
	for i := range rows {
		vals := make([]types.Value, features)
		for f := range vals {
			vals[f] = types.Float64Value(float64(i * f))
		}
		rows[i] = onlinestore.ReadRow{Found: true, Values: vals, EventTimestamp: t0}
		keys[i] = types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(int64(i))}}
	}
	req := &onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{{FeatureView: "v", Features: names, EntityKeys: keys}}}
	for _, path := range dataPaths {
		b.Run(path, func(b *testing.B) {
			s := connectOnlineVia(b, path, &fakeOnline{read: func(*onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
				return &onlinestore.ReadResponse{Views: [][]onlinestore.ReadRow{rows}}, nil
			}})
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Read(context.Background(), req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
