package registryapi

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	feastcore "github.com/quiverfs/quiver/host/internal/gen/feast/core"
	feasttypes "github.com/quiverfs/quiver/host/internal/gen/feast/types"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/types"
)

// valueTypes maps Quiver's value types onto Feast's.
var valueTypes = map[types.ValueType]feasttypes.ValueType_Enum{
	types.Bool:          feasttypes.ValueType_BOOL,
	types.Int32:         feasttypes.ValueType_INT32,
	types.Int64:         feasttypes.ValueType_INT64,
	types.Float32:       feasttypes.ValueType_FLOAT,
	types.Float64:       feasttypes.ValueType_DOUBLE,
	types.String:        feasttypes.ValueType_STRING,
	types.Bytes:         feasttypes.ValueType_BYTES,
	types.Timestamp:     feasttypes.ValueType_UNIX_TIMESTAMP,
	types.BoolList:      feasttypes.ValueType_BOOL_LIST,
	types.Int32List:     feasttypes.ValueType_INT32_LIST,
	types.Int64List:     feasttypes.ValueType_INT64_LIST,
	types.Float32List:   feasttypes.ValueType_FLOAT_LIST,
	types.Float64List:   feasttypes.ValueType_DOUBLE_LIST,
	types.StringList:    feasttypes.ValueType_STRING_LIST,
	types.BytesList:     feasttypes.ValueType_BYTES_LIST,
	types.TimestampList: feasttypes.ValueType_UNIX_TIMESTAMP_LIST,
}

// valueType is Feast's type for t (INVALID for none).
func valueType(t types.ValueType) feasttypes.ValueType_Enum {
	return valueTypes[t]
}

// field is a column of a view or request source.
func field(f model.Field) *feastcore.FeatureSpecV2 {
	spec := &feastcore.FeatureSpecV2{Name: f.Name, ValueType: valueType(f.DType)}
	if f.Vector != nil {
		spec.VectorIndex = true
		spec.VectorSearchMetric = f.Vector.Metric
		spec.VectorLength = int32(f.Vector.Dimension)
	}
	return spec
}

// fields maps field over fs.
func fields(fs []model.Field) []*feastcore.FeatureSpecV2 {
	out := make([]*feastcore.FeatureSpecV2, len(fs))
	for i, f := range fs {
		out[i] = field(f)
	}
	return out
}

// timestamp is t as a protobuf timestamp, nil for the zero time (Feast's
// client reads an absent timestamp as unknown).
func timestamp(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

// tags copies a tag map (nil stays nil).
func tags(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
