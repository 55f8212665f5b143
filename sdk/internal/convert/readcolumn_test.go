package convert

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// genericViewRowsToProto is ViewRowsToProto as it was before the fast path:
// every column through ValueColumnToProto.
func genericViewRowsToProto(vi, first int, rows []onlinestore.ReadRow, nFeatures int) *pb.ReadResponse_ViewRows {
	out := &pb.ReadResponse_ViewRows{ViewIndex: uint32(vi), FirstRow: uint32(first),
		Found: make([]bool, len(rows)), EventTimestamps: make([]int64, len(rows)), CreatedTimestamps: make([]int64, len(rows))}
	for i := range rows {
		out.Found[i] = rows[i].Found
		out.EventTimestamps[i] = types.ToMicros(rows[i].EventTimestamp)
		out.CreatedTimestamps[i] = types.ToMicros(rows[i].CreatedTimestamp)
	}
	for f := range nFeatures {
		out.Columns = append(out.Columns, ValueColumnToProto(len(rows), func(i int) types.Value {
			if !rows[i].Found || f >= len(rows[i].Values) {
				return types.Null()
			}
			return rows[i].Values[f]
		}))
	}
	return out
}

// randomColumnValue returns a value for a column of kind k: one type with
// some nulls, a mixed column, or lists.
func randomColumnValue(r *rand.Rand, k int) types.Value {
	if r.IntN(5) == 0 {
		return types.Null()
	}
	switch k {
	case 0:
		return types.BoolValue(r.IntN(2) == 0)
	case 1:
		return types.Int32Value(r.Int32())
	case 2:
		return types.Int64Value(r.Int64())
	case 3:
		return types.Float32Value(r.Float32())
	case 4:
		return types.Float64Value(r.NormFloat64())
	case 5:
		return types.StringValue(string(rune('a' + r.IntN(26))))
	case 6:
		return types.BytesValue([]byte{byte(r.IntN(256))})
	case 7:
		return types.TimestampMicrosValue(r.Int64N(1 << 50))
	case 8:
		return types.Float64ListValue([]float64{r.Float64()})
	case 9: // mixed
		return randomColumnValue(r, r.IntN(8))
	}
	return types.Null()
}

// TestReadColumnsMatchTheGenericPath checks that the fast path packs
// exactly the messages the generic one does, and unpacks them to the same
// rows, for columns of every kind with nulls, rows not found and rows with
// too few values.
func TestReadColumnsMatchTheGenericPath(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 500 {
		n, nf := r.IntN(20), 1+r.IntN(11)
		rows := make([]onlinestore.ReadRow, n)
		for i := range rows {
			if r.IntN(6) == 0 {
				continue // not found
			}
			vals := make([]types.Value, nf-r.IntN(2)) // sometimes a value short
			for f := range vals {
				vals[f] = randomColumnValue(r, f%10)
				if iter%7 == 0 {
					vals[f] = types.Null()
				}
			}
			rows[i] = onlinestore.ReadRow{Found: true, Values: vals, EventTimestamp: time.UnixMicro(r.Int64N(1 << 50)).UTC()}
		}
		fast, generic := ViewRowsToProto(0, 0, rows, nf), genericViewRowsToProto(0, 0, rows, nf)
		if d := cmp.Diff(generic, fast, protocmp.Transform()); d != "" {
			t.Fatalf("iteration %d: the fast path packs differently (-generic +fast):\n%s", iter, d)
		}
		got := make([]onlinestore.ReadRow, n)
		if err := ViewRowsFromProto(fast, got, nf); err != nil {
			t.Fatalf("iteration %d: %v", iter, err)
		}
		for i := range rows {
			if got[i].Found != rows[i].Found {
				t.Fatalf("iteration %d row %d: found %t, want %t", iter, i, got[i].Found, rows[i].Found)
			}
			for f := 0; rows[i].Found && f < nf; f++ {
				want := types.Null()
				if f < len(rows[i].Values) {
					want = rows[i].Values[f]
				}
				if !got[i].Values[f].Equal(want) {
					t.Fatalf("iteration %d row %d feature %d: %v, want %v", iter, i, f, got[i].Values[f], want)
				}
			}
		}
	}
}

// FuzzViewRowsFromProto feeds the host's unpacking of a plugin's read
// chunk arbitrary messages: it must refuse or unpack, never panic, and what
// it unpacks must pack back to rows that unpack the same.
func FuzzViewRowsFromProto(f *testing.F) {
	rows := []onlinestore.ReadRow{{Found: true, Values: []types.Value{types.Float64Value(1), types.StringValue("x")}}, {}}
	seed, _ := proto.Marshal(ViewRowsToProto(0, 0, rows, 2))
	f.Add(seed, uint8(2))
	f.Fuzz(func(t *testing.T, b []byte, nf uint8) {
		p := &pb.ReadResponse_ViewRows{}
		if proto.Unmarshal(b, p) != nil || len(p.GetFound()) > 1<<12 {
			return
		}
		dst := make([]onlinestore.ReadRow, len(p.GetFound()))
		if ViewRowsFromProto(p, dst, int(nf)) != nil {
			return
		}
		again := make([]onlinestore.ReadRow, len(dst))
		if err := ViewRowsFromProto(ViewRowsToProto(0, 0, dst, int(nf)), again, int(nf)); err != nil {
			t.Fatalf("rows unpacked from a chunk do not survive a round trip: %v", err)
		}
		for i := range dst {
			for j := range dst[i].Values {
				if !again[i].Values[j].Equal(dst[i].Values[j]) {
					t.Fatalf("row %d value %d: %v, then %v", i, j, dst[i].Values[j], again[i].Values[j])
				}
			}
		}
	})
}
