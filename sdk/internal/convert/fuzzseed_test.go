package convert

import (
	"math"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// addMessages seeds f with the encodings of msgs.
func addMessages(f *testing.F, msgs ...proto.Message) {
	for _, m := range msgs {
		b, err := proto.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

var seedTime = time.Date(2025, 3, 1, 12, 30, 45, 123456000, time.UTC)

// seedValues holds one value of every type, null, odd floats and empty lists.
func seedValues() []types.Value {
	return []types.Value{
		types.Null(), types.BoolValue(true), types.Int32Value(math.MinInt32), types.Int64Value(1 << 40),
		types.Float32Value(float32(math.NaN())), types.Float64Value(math.Copysign(0, -1)), types.StringValue("héllo"),
		types.BytesValue([]byte{0, 1, 255}), types.TimestampValue(seedTime),
		types.BoolListValue([]bool{true, false}), types.Int32ListValue([]int32{1, -2}),
		types.Int64ListValue([]int64{3, 4}), types.Float32ListValue([]float32{0.5}),
		types.Float64ListValue([]float64{1e300}), types.StringListValue([]string{"a", ""}),
		types.BytesListValue([][]byte{{1}, {}}), types.TimestampListValue([]int64{seedTime.UnixMicro()}),
		types.Int64ListValue(nil), types.BytesValue([]byte{}),
	}
}

// seedKeys returns n keys of two join keys, one typed column and one mixed.
func seedKeys(n int) []types.EntityKey {
	keys := make([]types.EntityKey, n)
	vals := seedValues()
	for i := range keys {
		keys[i] = types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(int64(1000 + i))},
			{JoinKey: "any", Value: vals[i%len(vals)]}}
	}
	return keys
}

func seedFilter() *onlinestore.Filter {
	return &onlinestore.Filter{And: true, Children: []*onlinestore.Filter{
		{Field: "category", Op: onlinestore.OpEq, Value: types.StringValue("a")},
		{Or: true, Children: []*onlinestore.Filter{
			{Field: "price", Op: onlinestore.OpNin, Values: []types.Value{types.Float64Value(1), types.Null()}},
			{Field: "year", Op: onlinestore.OpGte, Value: types.Int64Value(2020)},
		}},
	}}
}

func seedView() types.FeatureViewSpec {
	return types.FeatureViewSpec{Name: "driver_stats", TTL: 24 * time.Hour, Tags: map[string]string{"team": "ml"},
		JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}},
		Features: []types.Field{{Name: "rate", Type: types.Float32}, {Name: "emb", Type: types.Float32List,
			Vector: &types.VectorSpec{Dimension: 8, Metric: types.MetricCosine, IndexType: "HNSW", IndexParams: map[string]string{"M": "16"}}}}}
}

func seedSource() types.DataSourceSpec {
	return types.DataSourceSpec{Name: "trips", Options: map[string]string{"path": "trips.parquet"}, TimestampField: "ts",
		CreatedTimestampColumn: "created", FieldMapping: map[string]string{"id": "driver_id"}}
}

// seedWrite returns a write of n rows of every seed value, plus a keyless one.
func seedWrites(f *testing.F) []proto.Message {
	vals := seedValues()
	names := []string{"a", "b"}
	rows := make([]onlinestore.WriteRow, len(vals))
	keyless := make([]onlinestore.WriteRow, 2)
	for i := range rows {
		rows[i] = onlinestore.WriteRow{EntityKey: seedKeys(len(vals))[i], Values: []types.Value{vals[i], types.Float64Value(float64(i))},
			EventTimestamp: seedTime, CreatedTimestamp: seedTime.Add(time.Duration(i) * time.Second)}
	}
	for i := range keyless {
		keyless[i] = onlinestore.WriteRow{EntityKey: types.EntityKey{}, Values: []types.Value{types.Null(), types.Null()}}
	}
	var out []proto.Message
	for _, rs := range [][]onlinestore.WriteRow{rows, keyless, nil} {
		m, err := WriteChunkToProto(&onlinestore.WriteBatchRequest{Project: "p", FeatureView: "v", FeatureNames: names, Rows: rs}, rs)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func seedReads(f *testing.F) []proto.Message {
	m, err := ReadRequestToProto(&onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{
		{FeatureView: "driver_stats", Features: []string{"rate"}, EntityKeys: seedKeys(5)},
		{FeatureView: "global", Features: []string{"total"}, EntityKeys: make([]types.EntityKey, 5)},
		{FeatureView: "none"},
	}})
	if err != nil {
		f.Fatal(err)
	}
	return []proto.Message{m}
}

func seedSearches() []proto.Message {
	return []proto.Message{
		SearchVectorsRequestToProto(&onlinestore.SearchVectorsRequest{Project: "p", FeatureView: "docs", VectorField: "emb",
			QueryVector: []float32{0.1, -1, float32(math.Inf(1))}, QueryText: "q", TopK: 3, Metric: types.MetricL2,
			Filter: seedFilter(), Features: []string{"text"}}),
		&pb.SearchVectorsRequest{Filter: &pb.Filter{}},
	}
}

func seedPulls(f *testing.F) []proto.Message {
	m, err := PullRequestToProto(&offlinestore.PullRequest{Project: "p", Source: seedSource(), JoinKeys: []string{"driver_id", "any"},
		FeatureColumns: []string{"rate"}, Start: seedTime, End: seedTime.Add(time.Hour), EntityKeys: seedKeys(4)})
	if err != nil {
		f.Fatal(err)
	}
	return []proto.Message{m, &pb.PullRequest{EntityKeys: &pb.EntityKeyColumns{Count: 1}}}
}
