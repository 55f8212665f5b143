package convert

import "github.com/quiverfs/quiver/sdk/types"

// EstimateSize returns about how many bytes v takes in a ValueColumn; it is
// cheap and errs high, for cutting transfers into chunks.
func EstimateSize(v types.Value) int { return estimateSize(&v) }

// estimateSize is EstimateSize without copying the value.
func estimateSize(v *types.Value) int {
	switch v.Type() {
	case types.Bool, types.Int32, types.Int64, types.Float32, types.Float64, types.Timestamp:
		return 11
	case types.Invalid:
		return 2
	case types.String:
		return len(v.Str()) + 6
	case types.Bytes:
		return len(v.BytesVal()) + 6
	case types.BoolList:
		return len(v.BoolList()) + 8
	case types.Int32List:
		return 5*len(v.Int32List()) + 8
	case types.Int64List, types.TimestampList:
		return 10*len(v.Int64List()) + 8
	case types.Float32List:
		return 4*len(v.Float32List()) + 8
	case types.Float64List:
		return 8*len(v.Float64List()) + 8
	case types.StringList:
		n := 8
		for _, s := range v.StringList() {
			n += len(s) + 3
		}
		return n
	case types.BytesList:
		n := 8
		for _, b := range v.BytesList() {
			n += len(b) + 3
		}
		return n
	}
	return 11
}

// EstimateRowSize returns about how many bytes a row with key and values takes.
func EstimateRowSize(key types.EntityKey, values []types.Value) int {
	n := 24 // timestamps and flags
	for _, p := range key {
		n += EstimateSize(p.Value)
	}
	for i := range values {
		n += estimateSize(&values[i])
	}
	return n
}
