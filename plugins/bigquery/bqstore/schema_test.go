package bqstore_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// allTypesTable creates a table with a column of every BigQuery type the
// emulator holds and one row, and returns its name. Not here: GEOGRAPHY
// (the emulator would need a DuckDB extension it cannot download) and
// JSON (the emulator reports it as STRING).
func allTypesTable(t *testing.T) string {
	c := client(t)
	name := tableName(t, c, "types_")
	runSQL(t, c, fmt.Sprintf("CREATE TABLE `%s.%s` AS SELECT "+
		"TRUE AS b, 42 AS i, 1.5 AS f, CAST(2.25 AS NUMERIC) AS n, CAST(-3.5 AS BIGNUMERIC) AS bn, 'x' AS s, b'\\x01\\x02' AS by, "+
		"TIMESTAMP '2025-03-01 10:00:00.123456+00' AS ts, DATETIME '2025-03-01 11:30:00' AS dt, DATE '2025-03-01' AS d, "+
		"TIME '10:00:00' AS tm, STRUCT(1 AS x) AS rec, "+
		"[TRUE, FALSE] AS ab, [1, 2, 3] AS ai, [0.5, 1.5] AS af, ['p', 'q'] AS astr, [b'\\x03'] AS aby, "+
		"[TIMESTAMP '2025-01-01 00:00:00+00'] AS ats, [CAST(1.25 AS NUMERIC)] AS an, [DATETIME '2025-01-02 03:04:05'] AS adt",
		testDataset, name))
	return name
}

// TestGetSourceSchemaMapsEveryType checks the type of every BigQuery
// column GetSourceSchema lists, the columns without a Quiver type it
// leaves out, and the field mapping's names.
func TestGetSourceSchemaMapsEveryType(t *testing.T) {
	name := allTypesTable(t)
	s := newStore(t, nil)
	src := types.DataSourceSpec{Name: "all", Options: map[string]string{"table": name}, TimestampField: "ts",
		FieldMapping: map[string]string{"i": "trips"}}
	resp, err := s.GetSourceSchema(ctx(t), &offlinestore.GetSourceSchemaRequest{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	want := []types.Field{
		{Name: "b", Type: types.Bool}, {Name: "trips", Type: types.Int64}, {Name: "f", Type: types.Float64},
		{Name: "n", Type: types.Float64}, {Name: "bn", Type: types.Float64}, {Name: "s", Type: types.String},
		{Name: "by", Type: types.Bytes}, {Name: "ts", Type: types.Timestamp}, {Name: "dt", Type: types.Timestamp},
		{Name: "ab", Type: types.BoolList}, {Name: "ai", Type: types.Int64List}, {Name: "af", Type: types.Float64List},
		{Name: "astr", Type: types.StringList}, {Name: "aby", Type: types.BytesList}, {Name: "ats", Type: types.TimestampList},
		{Name: "an", Type: types.Float64List}, {Name: "adt", Type: types.TimestampList},
	}
	if d := cmp.Diff(want, resp.Columns); d != "" {
		t.Errorf("GetSourceSchema (-want +got):\n%s", d)
	}
}

// TestPullReadsEveryTypeAsItsQuiverType pulls every mapped column and
// checks the Arrow type and value of each; a column without a Quiver type
// is InvalidArgument.
func TestPullReadsEveryTypeAsItsQuiverType(t *testing.T) {
	name := allTypesTable(t)
	s := newStore(t, nil)
	src := types.DataSourceSpec{Name: "all", Options: map[string]string{"table": name}, TimestampField: "ts",
		FieldMapping: map[string]string{"i": "trips"}}
	feats := []string{"b", "f", "n", "bn", "s", "by", "dt", "ab", "ai", "af", "astr", "aby", "ats", "an", "adt"}
	resp, err := s.PullRange(ctx(t), &offlinestore.PullRequest{Project: "p", Source: src, JoinKeys: []string{"trips"},
		FeatureColumns: feats, Start: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Records.Release()
	ts := "timestamp[us, tz=UTC]"
	want := map[string][2]string{ // column -> Arrow type, value
		"trips": {"int64", "42"}, "b": {"bool", "true"}, "f": {"float64", "1.5"}, "n": {"float64", "2.25"},
		"bn": {"float64", "-3.5"}, "s": {"utf8", "x"}, "by": {"binary", "AQI="}, "dt": {ts, "2025-03-01T11:30:00Z"},
		"ab": {"list<item: bool, nullable>", "[true,false]"}, "ai": {"list<item: int64, nullable>", "[1,2,3]"},
		"af": {"list<item: float64, nullable>", "[0.5,1.5]"}, "astr": {"list<item: utf8, nullable>", `["p","q"]`},
		"aby": {"list<item: binary, nullable>", `["Aw=="]`}, "ats": {"list<item: timestamp[us, tz=UTC], nullable>", `["2025-01-01T00:00:00Z"]`},
		"an": {"list<item: float64, nullable>", "[1.25]"}, "adt": {"list<item: timestamp[us, tz=UTC], nullable>", `["2025-01-02T03:04:05Z"]`},
		"ts": {ts, "2025-03-01T10:00:00.123456Z"},
	}
	rows := 0
	for resp.Records.Next() {
		rec := resp.Records.RecordBatch()
		for i, f := range rec.Schema().Fields() {
			w, ok := want[f.Name]
			if !ok {
				t.Errorf("unexpected column %s", f.Name)
				continue
			}
			if f.Type.String() != w[0] {
				t.Errorf("column %s is %s, want %s", f.Name, f.Type, w[0])
			}
			if got := valueString(rec.Column(i), 0); got != w[1] {
				t.Errorf("column %s = %s, want %s", f.Name, got, w[1])
			}
		}
		if rec.NumCols() != int64(len(want)) {
			t.Errorf("pulled %d columns, want %d", rec.NumCols(), len(want))
		}
		rows += int(rec.NumRows())
	}
	if err := resp.Records.Err(); err != nil || rows != 1 {
		t.Fatalf("pulled %d rows (error %v), want 1", rows, err)
	}
	for _, col := range []string{"d", "tm", "rec", "nope"} {
		_, err := s.PullRange(ctx(t), &offlinestore.PullRequest{Project: "p", Source: src, JoinKeys: []string{"trips"},
			FeatureColumns: []string{col}, Start: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)})
		if !errors.Is(err, storeerr.ErrInvalidArgument) || !strings.Contains(err.Error(), col) {
			t.Errorf("pulling column %s: %v, want InvalidArgument naming it", col, err)
		}
	}
}

// valueString renders one value for comparisons.
func valueString(a arrow.Array, i int) string {
	switch c := a.(type) {
	case *array.Timestamp:
		return c.Value(i).ToTime(arrow.Microsecond).UTC().Format(time.RFC3339Nano)
	case *array.List:
		return c.ValueStr(i)
	}
	return a.ValueStr(i)
}
