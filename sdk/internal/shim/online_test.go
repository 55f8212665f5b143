package shim_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/pluginclient"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

var valueCmp = cmp.Comparer(func(a, b types.Value) bool { return a.Equal(b) })

var t0 = time.Date(2025, 3, 1, 12, 30, 45, 123456000, time.UTC)

// allValues holds one value of every type, null, and empty lists.
func allValues() []types.Value {
	return []types.Value{
		types.Null(), types.BoolValue(true), types.Int32Value(-7), types.Int64Value(1 << 40),
		types.Float32Value(1.5), types.Float64Value(-2.25), types.StringValue("héllo"),
		types.BytesValue([]byte{0, 1, 255}), types.TimestampValue(t0),
		types.BoolListValue([]bool{true, false}), types.Int32ListValue([]int32{1, -2}),
		types.Int64ListValue([]int64{3, 4}), types.Float32ListValue([]float32{0.5}),
		types.Float64ListValue([]float64{1e300}), types.StringListValue([]string{"a", ""}),
		types.BytesListValue([][]byte{{1}, {}}), types.TimestampListValue([]int64{t0.UnixMicro()}),
		types.Int64ListValue(nil), types.StringListValue([]string{}), types.BytesValue([]byte{}),
	}
}

// dataPaths are the paths Read can take; the Read tests run on each.
var dataPaths = []string{pluginclient.DataPathGRPC, pluginclient.DataPathSocket}

func connectOnline(t *testing.T, store onlinestore.Store) onlinestore.Store {
	t.Helper()
	return connectOnlineVia(t, pluginclient.DataPathGRPC, store)
}

// connectOnlineVia serves store in process and connects to it with Read on
// the given data path.
func connectOnlineVia(t testing.TB, path string, store onlinestore.Store) onlinestore.Store {
	t.Helper()
	c, err := pluginclient.Connect(context.Background(), pluginclient.InProcessConfig{Name: "fake", Version: "1.2.3", OnlineStore: store, DataPath: path})
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	t.Cleanup(c.Close)
	if got := c.DataPath(); got != path {
		t.Fatalf("DataPath() = %q, want %q", got, path)
	}
	if got := c.Info(); got.Name != "fake" || got.Version != "1.2.3" {
		t.Errorf("Info = %+v, want fake 1.2.3", got)
	}
	s, ok := c.Online()
	if !ok {
		t.Fatal("Online() = false for a client serving an online store")
	}
	return s
}

func TestOnlineRequestsRoundTrip(t *testing.T) {
	t.Parallel()
	view := types.FeatureViewSpec{
		Name:     "driver_stats",
		JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}},
		Features: []types.Field{{Name: "rate", Type: types.Float32},
			{Name: "emb", Type: types.Float32List, Vector: &types.VectorSpec{Dimension: 3, Metric: types.MetricCosine, IndexType: "HNSW", IndexParams: map[string]string{"M": "16"}}}},
		TTL:  90 * time.Minute,
		Tags: map[string]string{"team": "ml"},
	}
	entity := types.EntitySpec{Name: "driver", JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}}}
	wantApply := &onlinestore.ApplyInfraRequest{Project: "p", ViewsToKeep: []types.FeatureViewSpec{view},
		ViewsToDelete:  []types.FeatureViewSpec{{Name: "old", Features: []types.Field{}, JoinKeys: []types.Field{}}},
		EntitiesToKeep: []types.EntitySpec{entity}, EntitiesToDelete: []types.EntitySpec{}, Partial: true}
	wantTeardown := &onlinestore.TeardownRequest{Project: "p", Views: []types.FeatureViewSpec{view}, Entities: []types.EntitySpec{entity}}
	var gotConfig *onlinestore.ConfigureRequest
	var gotApply *onlinestore.ApplyInfraRequest
	var gotTeardown *onlinestore.TeardownRequest
	fake := &fakeOnline{
		configure:  func(r *onlinestore.ConfigureRequest) error { gotConfig = r; return nil },
		applyInfra: func(r *onlinestore.ApplyInfraRequest) error { gotApply = r; return nil },
		teardown:   func(r *onlinestore.TeardownRequest) error { gotTeardown = r; return nil },
		health: func() (*onlinestore.HealthResponse, error) {
			return &onlinestore.HealthResponse{Serving: true, Message: "ok"}, nil
		},
	}
	s := connectOnline(t, fake)
	ctx := context.Background()
	if _, err := s.Configure(ctx, &onlinestore.ConfigureRequest{Project: "p", Config: []byte(`{"a":1}`), RepoDir: "/srv/repo"}); err != nil {
		t.Fatal(err)
	}
	if gotConfig.Project != "p" || string(gotConfig.Config) != `{"a":1}` || gotConfig.RepoDir != "/srv/repo" {
		t.Errorf("Configure got %+v", gotConfig)
	}
	if _, err := s.ApplyInfra(ctx, wantApply); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantApply, gotApply); d != "" {
		t.Errorf("ApplyInfra request (-want +got):\n%s", d)
	}
	if _, err := s.Teardown(ctx, wantTeardown); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantTeardown, gotTeardown); d != "" {
		t.Errorf("Teardown request (-want +got):\n%s", d)
	}
	h, err := s.Health(ctx, &onlinestore.HealthRequest{})
	if err != nil || !h.Serving || h.Message != "ok" {
		t.Errorf("Health = %+v, %v", h, err)
	}
}

func TestWriteBatchAndReadRoundTripEveryValueType(t *testing.T) {
	t.Parallel()
	for _, path := range dataPaths {
		t.Run(path, func(t *testing.T) {
			vals := allValues()
			names := make([]string, len(vals))
			for i := range vals {
				names[i] = fmt.Sprintf("f%d", i)
			}
			key := types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(1001)}, {JoinKey: "city", Value: types.StringValue("x")}}
			want := &onlinestore.WriteBatchRequest{Project: "p", FeatureView: "v", FeatureNames: names,
				Rows: []onlinestore.WriteRow{{EntityKey: key, Values: vals, EventTimestamp: t0, CreatedTimestamp: t0.Add(time.Microsecond)}}}
			stored := onlinestore.ReadRow{Found: true, Values: vals, EventTimestamp: t0, CreatedTimestamp: t0.Add(time.Microsecond)}
			readReq := &onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{
				{FeatureView: "v", Features: names, EntityKeys: []types.EntityKey{key, {{JoinKey: "driver_id", Value: types.Int64Value(1)}, {JoinKey: "city", Value: types.Null()}}}},
				{FeatureView: "w", Features: []string{"x"}, EntityKeys: []types.EntityKey{{}}},
			}}
			var gotWrite *onlinestore.WriteBatchRequest
			var gotRead *onlinestore.ReadRequest
			s := connectOnlineVia(t, path, &fakeOnline{
				writeBatch: func(r *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
					gotWrite = r
					return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(r.Rows))}, nil
				},
				read: func(r *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
					gotRead = r
					return &onlinestore.ReadResponse{Views: [][]onlinestore.ReadRow{{stored, {}}, {{}}}}, nil
				},
			})
			ctx := context.Background()
			resp, err := s.WriteBatch(ctx, want)
			if err != nil || resp.RowsReceived != 1 {
				t.Fatalf("WriteBatch = %+v, %v", resp, err)
			}
			if d := cmp.Diff(want, gotWrite, valueCmp); d != "" {
				t.Errorf("WriteBatch request (-want +got):\n%s", d)
			}
			got, err := s.Read(ctx, readReq)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(readReq, gotRead, valueCmp); d != "" {
				t.Errorf("Read request (-want +got):\n%s", d)
			}
			wantResp := &onlinestore.ReadResponse{Views: [][]onlinestore.ReadRow{{stored, {}}, {{}}}}
			if d := cmp.Diff(wantResp, got, valueCmp); d != "" {
				t.Errorf("Read response (-want +got):\n%s", d)
			}
		})
	}
}

func TestLargeWriteAndReadAreChunked(t *testing.T) {
	t.Parallel()
	for _, path := range dataPaths {
		t.Run(path, func(t *testing.T) {
			const rows = 3000
			blob := types.BytesValue([]byte(strings.Repeat("x", 4096))) // 3000 x 4 KiB = 12 MiB
			req := &onlinestore.WriteBatchRequest{Project: "p", FeatureView: "v", FeatureNames: []string{"blob"}}
			keys := make([]types.EntityKey, rows)
			for i := range rows {
				keys[i] = types.EntityKey{{JoinKey: "id", Value: types.Int64Value(int64(i))}}
				req.Rows = append(req.Rows, onlinestore.WriteRow{EntityKey: keys[i], Values: []types.Value{blob}, EventTimestamp: t0})
			}
			var chunks, received int
			s := connectOnlineVia(t, path, &fakeOnline{
				writeBatch: func(r *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
					chunks++
					received += len(r.Rows)
					return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(r.Rows))}, nil
				},
				read: func(r *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
					out := make([]onlinestore.ReadRow, len(r.Views[0].EntityKeys))
					for i, k := range r.Views[0].EntityKeys {
						out[i] = onlinestore.ReadRow{Found: true, Values: []types.Value{types.Int64Value(k[0].Value.Int64()), blob}, EventTimestamp: t0}
					}
					return &onlinestore.ReadResponse{Views: [][]onlinestore.ReadRow{out}}, nil
				},
			})
			resp, err := s.WriteBatch(context.Background(), req)
			if err != nil || resp.RowsReceived != rows || received != rows {
				t.Fatalf("WriteBatch = %+v, %v; store received %d rows", resp, err, received)
			}
			if chunks < 12 {
				t.Errorf("12 MiB write arrived in %d chunks, want >= 12 (1 MiB each)", chunks)
			}
			got, err := s.Read(context.Background(), &onlinestore.ReadRequest{Project: "p",
				Views: []onlinestore.ReadView{{FeatureView: "v", Features: []string{"id", "blob"}, EntityKeys: keys}}})
			if err != nil {
				t.Fatal(err)
			}
			for i, row := range got.Views[0] {
				if !row.Found || row.Values[0].Int64() != int64(i) || !row.Values[1].Equal(blob) {
					t.Fatalf("row %d = %+v, want id %d with the blob", i, row.Found, i)
				}
			}
		})
	}
}

func TestOversizedRowIsInvalidArgument(t *testing.T) {
	t.Parallel()
	s := connectOnline(t, &fakeOnline{})
	big := types.BytesValue(make([]byte, 5<<20))
	_, err := s.WriteBatch(context.Background(), &onlinestore.WriteBatchRequest{Project: "p", FeatureView: "v", FeatureNames: []string{"b"},
		Rows: []onlinestore.WriteRow{{Values: []types.Value{big}, EventTimestamp: t0}}})
	if !errors.Is(err, storeerr.ErrInvalidArgument) || !strings.Contains(err.Error(), "message limit") {
		t.Fatalf("err = %v, want InvalidArgument naming the message limit", err)
	}
}

func TestSearchVectorsRoundTripWithFilterTree(t *testing.T) {
	t.Parallel()
	filter := &onlinestore.Filter{And: true, Children: []*onlinestore.Filter{
		{Field: "a", Op: onlinestore.OpEq, Value: types.StringValue("x")},
		{Or: true, Children: []*onlinestore.Filter{
			{Field: "b", Op: onlinestore.OpIn, Values: []types.Value{types.Int64Value(1), types.Int64Value(2)}},
			{Field: "c", Op: onlinestore.OpNin, Values: []types.Value{types.StringValue("z")}},
			{Field: "d", Op: onlinestore.OpGte, Value: types.Float64Value(0.5)},
		}},
	}}
	req := &onlinestore.SearchVectorsRequest{Project: "p", FeatureView: "docs", VectorField: "emb",
		QueryVector: []float32{0.1, 0.2}, TopK: 3, Metric: types.MetricCosine, Filter: filter, Features: []string{"text"}}
	hits := &onlinestore.SearchVectorsResponse{Hits: []onlinestore.SearchHit{
		{EntityKey: types.EntityKey{{JoinKey: "chunk_id", Value: types.StringValue("c1")}}, Distance: 0.125,
			Values: []types.Value{types.StringValue("hello")}, EventTimestamp: t0},
	}}
	var got *onlinestore.SearchVectorsRequest
	s := connectOnline(t, fakeVector{&fakeOnline{search: func(r *onlinestore.SearchVectorsRequest) (*onlinestore.SearchVectorsResponse, error) {
		got = r
		return hits, nil
	}}})
	vs, ok := s.(onlinestore.StoreWithVectorSearch)
	if !ok {
		t.Fatal("a store advertising vector search is not handed out as StoreWithVectorSearch")
	}
	if opts := vs.VectorSearchOptions(); !opts.Filters || len(opts.Metrics) != 2 || opts.TextQuery {
		t.Errorf("VectorSearchOptions = %+v", opts)
	}
	resp, err := vs.SearchVectors(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(req, got, valueCmp); d != "" {
		t.Errorf("request (-want +got):\n%s", d)
	}
	if d := cmp.Diff(hits, resp, valueCmp); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
	req.QueryText = "what is quiver"
	if _, err := vs.SearchVectors(context.Background(), req); !errors.Is(err, storeerr.ErrUnsupported) {
		t.Errorf("query text on a store without text queries: err = %v, want Unsupported", err)
	}
}

func TestStoreWithoutVectorSearchIsNotHandedOutAsOne(t *testing.T) {
	t.Parallel()
	s := connectOnline(t, &fakeOnline{})
	if _, ok := s.(onlinestore.StoreWithVectorSearch); ok {
		t.Fatal("a store that did not advertise vector search implements StoreWithVectorSearch on the host side")
	}
}

func TestKeysOfOneViewMustShareJoinKeys(t *testing.T) {
	t.Parallel()
	s := connectOnline(t, &fakeOnline{})
	_, err := s.Read(context.Background(), &onlinestore.ReadRequest{Views: []onlinestore.ReadView{{FeatureView: "v",
		EntityKeys: []types.EntityKey{{{JoinKey: "a", Value: types.Int64Value(1)}}, {{JoinKey: "b", Value: types.Int64Value(1)}}}}}})
	if !errors.Is(err, storeerr.ErrInvalidArgument) || !strings.Contains(err.Error(), "join keys") {
		t.Fatalf("err = %v, want InvalidArgument about join keys", err)
	}
}
