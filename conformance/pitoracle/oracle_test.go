package pitoracle

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// TestJoinRules checks the oracle against answers worked out by hand.
func TestJoinRules(t *testing.T) {
	t.Parallel()
	src := newBuilder(arrow.Field{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		arrow.Field{Name: "v", Type: arrow.PrimitiveTypes.Int64},
		arrow.Field{Name: "e", Type: TimestampType}, arrow.Field{Name: "c", Type: TimestampType})
	defer src.Release()
	for _, r := range [][4]int64{{1, 10, 100, 5}, {1, 11, 100, 7}, {1, 12, 100, 6}, {1, 20, 200, 1}, {2, 30, 50, 0}} {
		src.Field(0).(*array.Int64Builder).Append(r[0])
		src.Field(1).(*array.Int64Builder).Append(r[1])
		appendTime(src.Field(2), r[2], false)
		appendTime(src.Field(3), r[3], r[3] == 0)
	}
	ent := newBuilder(arrow.Field{Name: "id", Type: arrow.PrimitiveTypes.Int32},
		arrow.Field{Name: "t", Type: &arrow.TimestampType{Unit: arrow.Microsecond}})
	defer ent.Release()
	// t: 100 -> created 7 wins; 199 -> 11; 200 -> 20; 99 -> none;
	// id 2 at 60 (ttl 10: 50 >= 50) -> 30; id 2 at 61 -> outside ttl.
	want := []any{int64(11), int64(11), int64(20), nil, int64(30), nil, nil}
	for _, r := range [][2]int64{{1, 100}, {1, 199}, {1, 200}, {1, 99}, {2, 60}, {2, 61}, {3, 500}} {
		ent.Field(0).(*array.Int32Builder).Append(int32(r[0]))
		appendTime(ent.Field(1), r[1], false)
	}
	srcRec, entRec := src.NewRecordBatch(), ent.NewRecordBatch()
	defer srcRec.Release()
	defer entRec.Release()
	views := []View{{Name: "a", JoinKeys: []string{"id"}, Features: []string{"v"}, EventColumn: "e", CreatedColumn: "c",
		TTL: 10 * time.Microsecond, Rows: []arrow.RecordBatch{srcRec}}}
	// ttl 10 applies to every row: rows 0-2 have e = t - 0 or within.
	views[0].TTL = 0
	out, err := Join(&Request{Entities: []arrow.RecordBatch{entRec}, TimestampColumn: "t", Views: views})
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	col := out.Column(2).(*array.Int64)
	want[5] = int64(30) // ttl 0 never expires
	for i, w := range want {
		if w == nil != col.IsNull(i) || (w != nil && col.Value(i) != w.(int64)) {
			t.Errorf("row %d: got %v, want %v", i, col.ValueStr(i), w)
		}
	}
	views[0].TTL = 10 * time.Microsecond
	out2, err := Join(&Request{Entities: []arrow.RecordBatch{entRec}, TimestampColumn: "t", Views: views})
	if err != nil {
		t.Fatal(err)
	}
	defer out2.Release()
	if c := out2.Column(2); !c.IsNull(5) || c.IsNull(4) || c.IsNull(0) || !c.IsNull(1) {
		t.Errorf("ttl 10: got %s", c)
	}
	if got := out.Schema().Field(1).Type; !arrow.TypeEqual(got, TimestampType) {
		t.Errorf("entity timestamp type %s, want %s", got, TimestampType)
	}
}

// TestGenerateCoversMatchesAndMisses checks that generated data gives
// both matches and nulls in every view.
func TestGenerateCoversMatchesAndMisses(t *testing.T) {
	t.Parallel()
	for _, full := range []bool{false, true} {
		req := Generate(Options{Seed: 7, FullNames: full})
		out, err := Join(req)
		if err != nil {
			t.Fatal(err)
		}
		for c := 4; c < int(out.NumCols()); c++ {
			nulls := out.Column(c).NullN()
			if nulls == 0 || nulls == out.Column(c).Len() {
				t.Errorf("full=%v column %s: %d nulls of %d", full, out.Schema().Field(c).Name, nulls, out.NumRows())
			}
		}
		if d := Diff(out, out); d != "" {
			t.Errorf("Diff of a result with itself: %s", d)
		}
		out.Release()
		req.Release()
	}
	req := Generate(Options{Seed: 1, FullNames: true})
	defer req.Release()
	req.FullFeatureNames = false
	if _, err := Join(req); err == nil {
		t.Error("a name collision without full names gave no error")
	}
}
