//go:build duckdb_arrow

package fileoffline

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// wideRecord has one row of many column types, two of them unsupported.
func wideRecord() arrow.RecordBatch {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "conv", Type: arrow.PrimitiveTypes.Float64},
		{Name: "small", Type: arrow.PrimitiveTypes.Int16},
		{Name: "tags", Type: arrow.ListOf(arrow.BinaryTypes.String)},
		{Name: "big", Type: arrow.PrimitiveTypes.Uint64},
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Nanosecond}},
		{Name: "created", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).Append(7)
	b.Field(1).(*array.Float64Builder).Append(0.5)
	b.Field(2).(*array.Int16Builder).Append(3)
	lb := b.Field(3).(*array.ListBuilder)
	lb.Append(true)
	lb.ValueBuilder().(*array.StringBuilder).AppendValues([]string{"a", "b"}, nil)
	b.Field(4).(*array.Uint64Builder).Append(1 << 63)
	b.Field(5).(*array.TimestampBuilder).Append(arrow.Timestamp(us(5).UnixNano() + 999)) // ns cut to us
	b.Field(6).(*array.TimestampBuilder).Append(arrow.Timestamp(us(6).UnixMicro()))
	return b.NewRecordBatch()
}

// wideSource is a source over a file of wideRecord, with conv mapped to
// conv_rate.
func wideSource(t *testing.T) types.DataSourceSpec {
	path := filepath.Join(t.TempDir(), "wide.parquet")
	writeRecord(t, path, wideRecord())
	src := fixtureSource(path)
	src.FieldMapping = map[string]string{"conv": "conv_rate"}
	return src
}

func TestGetSourceSchema(t *testing.T) {
	t.Parallel()
	s := newStore(t, `{}`)
	resp, err := s.GetSourceSchema(t.Context(), &offlinestore.GetSourceSchemaRequest{Source: wideSource(t)})
	if err != nil {
		t.Fatal(err)
	}
	want := []types.Field{
		{Name: "driver_id", Type: types.Int64}, {Name: "conv_rate", Type: types.Float64},
		{Name: "small", Type: types.Int32}, {Name: "tags", Type: types.StringList},
		{Name: "ts", Type: types.Timestamp}, {Name: "created", Type: types.Timestamp},
	}
	if d := cmp.Diff(want, resp.Columns); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
}

func TestPullMappedAndCastColumns(t *testing.T) {
	t.Parallel()
	s := newStore(t, `{}`)
	req := &offlinestore.PullRequest{Source: wideSource(t), JoinKeys: []string{"driver_id"},
		FeatureColumns: []string{"conv_rate", "small", "tags"}}
	want := []string{`driver_id=7 conv_rate=0.5 small=3 tags=["a","b"] ts=t0+5us created=t0+6us`}
	if d := cmp.Diff(want, pullRows(t, s, false, req)); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
}

func TestPullErrors(t *testing.T) {
	t.Parallel()
	s := newStore(t, `{}`)
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.parquet")
	tests := []struct {
		name     string
		src      types.DataSourceSpec
		features []string
		kind     error
		mention  string
	}{
		{"missing file", fixtureSource(missing), []string{"conv"}, storeerr.ErrNotFound, missing},
		{"glob matching nothing", fixtureSource(filepath.Join(dir, "*.parquet")), []string{"conv"}, storeerr.ErrNotFound, "*.parquet"},
		{"empty directory", fixtureSource(dir), []string{"conv"}, storeerr.ErrNotFound, dir},
		{"relative path", fixtureSource("x.parquet"), []string{"conv"}, storeerr.ErrInvalidArgument, "relative"},
		{"unsupported type", wideSource(t), []string{"big"}, storeerr.ErrInvalidArgument, "UBIGINT"},
		{"unknown feature", wideSource(t), []string{"conv"}, storeerr.ErrInvalidArgument, `"conv"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := s.PullLatest(t.Context(), &offlinestore.PullRequest{Source: tt.src,
				JoinKeys: []string{"driver_id"}, FeatureColumns: tt.features})
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("PullLatest error = %v, want %v mentioning %q", err, tt.kind, tt.mention)
			}
		})
	}
	stringKey := types.EntityKey{{JoinKey: "driver_id", Value: types.StringValue("7")}}
	_, err := s.PullLatest(t.Context(), &offlinestore.PullRequest{Source: wideSource(t), JoinKeys: []string{"driver_id"},
		FeatureColumns: []string{"conv_rate"}, EntityKeys: []types.EntityKey{stringKey}})
	if !errors.Is(err, storeerr.ErrInvalidArgument) || !strings.Contains(err.Error(), "string") {
		t.Errorf("PullLatest with string keys for an int64 column: error = %v, want InvalidArgument", err)
	}
	_, err = s.GetSourceSchema(t.Context(), &offlinestore.GetSourceSchemaRequest{Source: fixtureSource(missing)})
	if !errors.Is(err, storeerr.ErrNotFound) {
		t.Errorf("GetSourceSchema of a missing file: error = %v, want NotFound", err)
	}
}

func TestConfigure(t *testing.T) {
	t.Parallel()
	s := newStore(t, `{"memory_limit": "1GB", "threads": 1, "temp_directory": "`+t.TempDir()+`"}`)
	for _, bad := range []string{`{"memroy_limit": "1GB"}`, `{"threads": "two"}`, `{"threads": -1}`, `[]`, `{"memory_limit": "lots"}`} {
		_, err := s.Configure(t.Context(), &offlinestore.ConfigureRequest{Config: []byte(bad)})
		if !errors.Is(err, storeerr.ErrInvalidArgument) {
			t.Errorf("Configure(%s) error = %v, want InvalidArgument", bad, err)
		}
		if strings.Contains(bad, "memroy") && !strings.Contains(err.Error(), "memroy_limit") {
			t.Errorf("Configure(%s) error %q does not name the key", bad, err)
		}
	}
	// The rejected configs left the store working.
	if _, err := s.GetSourceSchema(t.Context(), &offlinestore.GetSourceSchemaRequest{Source: wideSource(t)}); err != nil {
		t.Errorf("GetSourceSchema after rejected configs: %v", err)
	}
}

// TestQuotedNames reads a path and column names full of SQL quotes.
func TestQuotedNames(t *testing.T) {
	t.Parallel()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: `id"); DROP TABLE x; --`, Type: arrow.PrimitiveTypes.Int64},
		{Name: `it's "v"`, Type: arrow.PrimitiveTypes.Float64},
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).Append(1)
	b.Field(1).(*array.Float64Builder).Append(2)
	b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(us(3).UnixMicro()))
	path := filepath.Join(t.TempDir(), `it's a ' path`, "f.parquet")
	writeRecord(t, path, b.NewRecordBatch())
	src := fixtureSource(filepath.Dir(path))
	src.CreatedTimestampColumn = ""
	src.FieldMapping = map[string]string{`id"); DROP TABLE x; --`: `k'ey`}
	s := newStore(t, `{}`)
	req := &offlinestore.PullRequest{Source: src, JoinKeys: []string{`k'ey`}, FeatureColumns: []string{`it's "v"`},
		EntityKeys: []types.EntityKey{{{JoinKey: `k'ey`, Value: types.Int64Value(1)}}}}
	want := []string{`k'ey=1 it's "v"=2 ts=t0+3us`}
	if d := cmp.Diff(want, pullRows(t, s, true, req)); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
}
