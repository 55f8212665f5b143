package sqliteonline

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 123456000, time.UTC)

// docs is a view with a title, a price and a 2-dimensional embedding.
var docs = types.FeatureViewSpec{Name: "docs", JoinKeys: []types.Field{{Name: "id", Type: types.Int64}},
	Features: []types.Field{{Name: "title", Type: types.String}, {Name: "price", Type: types.Int64},
		{Name: "emb", Type: types.Float32List, Vector: &types.VectorSpec{Dimension: 2, Metric: types.MetricL2}}}}

func idKey(id int64) types.EntityKey {
	return types.EntityKey{{JoinKey: "id", Value: types.Int64Value(id)}}
}

// openStore configures a store on path and applies docs in project p.
func openStore(t *testing.T, path string) *Store {
	t.Helper()
	s := New()
	ctx := context.Background()
	cfg, _ := json.Marshal(map[string]string{"path": path})
	if _, err := s.Configure(ctx, &onlinestore.ConfigureRequest{Project: "p", Config: cfg}); err != nil {
		t.Fatalf("Configure: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: "p", ViewsToKeep: []types.FeatureViewSpec{docs}}); err != nil {
		t.Fatalf("ApplyInfra: %v", err)
	}
	return s
}

func writeDoc(t *testing.T, s *Store, id int64, sec int, x, y float32) {
	t.Helper()
	_, err := s.WriteBatch(context.Background(), &onlinestore.WriteBatchRequest{Project: "p", FeatureView: "docs",
		FeatureNames: []string{"title", "price", "emb"}, Rows: []onlinestore.WriteRow{{EntityKey: idKey(id),
			Values:         []types.Value{types.StringValue("t"), types.Int64Value(id), types.Float32ListValue([]float32{x, y})},
			EventTimestamp: t0.Add(time.Duration(sec) * time.Second)}}})
	if err != nil {
		t.Fatalf("WriteBatch: %v", err)
	}
}

func searchIDs(t *testing.T, s *Store, f *onlinestore.Filter) []int64 {
	t.Helper()
	resp, err := s.SearchVectors(context.Background(), &onlinestore.SearchVectorsRequest{Project: "p", FeatureView: "docs",
		VectorField: "emb", QueryVector: []float32{0, 0}, TopK: 10, Filter: f, Features: []string{"price"}})
	if err != nil {
		t.Fatalf("SearchVectors: %v", err)
	}
	var ids []int64
	for _, h := range resp.Hits {
		ids = append(ids, h.EntityKey[0].Value.Int64())
	}
	return ids
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSearchSeesWritesOfThisAndOtherStores checks that the in-memory
// vectors follow this store's writes and reload after another store (as
// another process would) writes the same file.
func TestSearchSeesWritesOfThisAndOtherStores(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "online.db")
	a, b := openStore(t, path), openStore(t, path)
	writeDoc(t, a, 1, 1, 3, 0)
	writeDoc(t, a, 2, 1, 1, 0)
	if got := searchIDs(t, a, nil); !equalIDs(got, []int64{2, 1}) {
		t.Fatalf("a sees %v, want [2 1]", got)
	}
	writeDoc(t, a, 3, 1, 2, 0) // applied to a's copy in place
	writeDoc(t, a, 2, 0, 9, 9) // older: ignored
	if got := searchIDs(t, a, nil); !equalIDs(got, []int64{2, 3, 1}) {
		t.Fatalf("a sees %v after its writes, want [2 3 1]", got)
	}
	writeDoc(t, b, 1, 2, 0.5, 0) // another store moves 1 nearest
	if got := searchIDs(t, a, nil); !equalIDs(got, []int64{1, 2, 3}) {
		t.Fatalf("a sees %v after b's write, want [1 2 3]", got)
	}
	f := &onlinestore.Filter{Field: "price", Op: onlinestore.OpGte, Value: types.Int64Value(2)}
	if got := searchIDs(t, b, f); !equalIDs(got, []int64{2, 3}) {
		t.Fatalf("b sees %v with price >= 2, want [2 3]", got)
	}
}

func TestRequestErrorsNameWhatIsWrong(t *testing.T) {
	t.Parallel()
	s := openStore(t, filepath.Join(t.TempDir(), "online.db"))
	ctx := context.Background()
	unknown, errRead := s.Read(ctx, &onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{
		{FeatureView: "nope", Features: []string{"x"}, EntityKeys: []types.EntityKey{idKey(1)}}}})
	// A view never applied holds nothing: its keys are not found.
	if errRead != nil || len(unknown.Views) != 1 || len(unknown.Views[0]) != 1 || unknown.Views[0][0].Found {
		t.Errorf("read of an unknown view: %+v, %v; want one Found=false row", unknown, errRead)
	}
	_, errWrite := s.WriteBatch(ctx, &onlinestore.WriteBatchRequest{Project: "p", FeatureView: "nope"})
	_, errFeature := s.Read(ctx, &onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{
		{FeatureView: "docs", Features: []string{"colour"}, EntityKeys: []types.EntityKey{idKey(1)}}}})
	_, errKey := s.Read(ctx, &onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{
		{FeatureView: "docs", Features: []string{"title"}, EntityKeys: []types.EntityKey{{{JoinKey: "user", Value: types.Int64Value(1)}}}}}})
	_, errDim := s.SearchVectors(ctx, &onlinestore.SearchVectorsRequest{Project: "p", FeatureView: "docs",
		VectorField: "emb", QueryVector: []float32{1, 2, 3}, TopK: 1})
	tests := []struct {
		name string
		err  error
		kind error
		says string
	}{
		{"write of an unknown view", errWrite, storeerr.ErrNotFound, `"nope"`},
		{"unknown feature", errFeature, storeerr.ErrInvalidArgument, `"colour"`},
		{"wrong join key", errKey, storeerr.ErrInvalidArgument, "[user]"},
		{"wrong dimension", errDim, storeerr.ErrInvalidArgument, "has 3 dimensions but vector field \"emb\" of view \"docs\" has 2"},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, tt.kind) || !contains(tt.err.Error(), tt.says) {
			t.Errorf("%s: error %v, want %v naming %s", tt.name, tt.err, tt.kind, tt.says)
		}
	}
}

// TestSchemaChangeKeepsOlderRowsReadable adds a feature to a view: old rows
// read it as null.
func TestSchemaChangeKeepsOlderRowsReadable(t *testing.T) {
	t.Parallel()
	s := openStore(t, filepath.Join(t.TempDir(), "online.db"))
	writeDoc(t, s, 1, 1, 1, 1)
	v := docs
	v.Features = append([]types.Field{{Name: "lang", Type: types.String}}, v.Features...)
	ctx := context.Background()
	if _, err := s.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: "p", ViewsToKeep: []types.FeatureViewSpec{v}}); err != nil {
		t.Fatalf("ApplyInfra: %v", err)
	}
	resp, err := s.Read(ctx, &onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{
		{FeatureView: "docs", Features: []string{"price", "lang"}, EntityKeys: []types.EntityKey{idKey(1)}}}})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	row := resp.Views[0][0]
	if !row.Found || !row.Values[0].Equal(types.Int64Value(1)) || !row.Values[1].IsNull() || !row.EventTimestamp.Equal(t0.Add(time.Second)) {
		t.Errorf("row after the schema change: %+v", row)
	}
	if got := searchIDs(t, s, nil); !equalIDs(got, []int64{1}) {
		t.Errorf("search after the schema change: %v", got)
	}
}

// TestSpecChangedByAnotherStoreIsSeen reads a view through one store (which
// caches its spec), changes the view's spec through another store on the
// same file, and reads the new feature through the first: the catalog
// lookup must answer the new spec's text since its version moved.
func TestSpecChangedByAnotherStoreIsSeen(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "online.db")
	a, b := openStore(t, path), openStore(t, path)
	writeDoc(t, a, 1, 1, 1, 1)
	ctx := context.Background()
	read := func(features ...string) error {
		_, err := a.Read(ctx, &onlinestore.ReadRequest{Project: "p", Views: []onlinestore.ReadView{
			{FeatureView: "docs", Features: features, EntityKeys: []types.EntityKey{idKey(1)}}}})
		return err
	}
	if err := read("price"); err != nil {
		t.Fatalf("Read before the change: %v", err)
	}
	if err := read("lang"); !errors.Is(err, storeerr.ErrInvalidArgument) {
		t.Fatalf("Read of a feature not yet applied: %v, want InvalidArgument", err)
	}
	v := docs
	v.Features = append([]types.Field{{Name: "lang", Type: types.String}}, v.Features...)
	if _, err := b.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: "p", ViewsToKeep: []types.FeatureViewSpec{v}}); err != nil {
		t.Fatalf("ApplyInfra: %v", err)
	}
	if err := read("lang", "price"); err != nil {
		t.Fatalf("Read after another store changed the spec: %v", err)
	}
}

// TestSpecCacheWithoutTextAnswersOnlyItsVersion: a catalog row read without
// the spec's text (the cache held its version when the query was made) is
// answered from the cache only if the cache still holds that version.
func TestSpecCacheWithoutTextAnswersOnlyItsVersion(t *testing.T) {
	var c specCache
	id := viewID{"p", "docs"}
	raw, _ := json.Marshal(docs)
	if _, ok, err := c.parse(id, "t", 1, sql.NullString{String: string(raw), Valid: true}); !ok || err != nil {
		t.Fatalf("parse with text: %v, %v", ok, err)
	}
	if got := c.version(id); got != 1 {
		t.Fatalf("version: %d, want 1", got)
	}
	if spec, ok, _ := c.parse(id, "t", 1, sql.NullString{}); !ok || spec.Name != "docs" {
		t.Fatalf("parse of the cached version without text: %v, %v", spec, ok)
	}
	if _, ok, _ := c.parse(id, "t", 2, sql.NullString{}); ok {
		t.Fatal("parse of another version without text answered the cached spec")
	}
}
