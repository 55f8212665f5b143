package convert

import (
	"math"
	"time"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/types"
)

// FieldToProto converts a field.
func FieldToProto(f types.Field) *pb.Field {
	out := &pb.Field{Name: f.Name, Type: pb.ValueType(f.Type)}
	if f.Vector != nil {
		out.Vector = &pb.VectorSpec{
			Dimension:   int32(f.Vector.Dimension),
			Metric:      pb.DistanceMetric(f.Vector.Metric),
			IndexType:   f.Vector.IndexType,
			IndexParams: f.Vector.IndexParams,
		}
	}
	return out
}

// FieldFromProto converts a field.
func FieldFromProto(p *pb.Field) types.Field {
	out := types.Field{Name: p.GetName(), Type: types.ValueType(p.GetType())}
	if v := p.GetVector(); v != nil {
		out.Vector = &types.VectorSpec{
			Dimension:   int(v.GetDimension()),
			Metric:      types.DistanceMetric(v.GetMetric()),
			IndexType:   v.GetIndexType(),
			IndexParams: v.GetIndexParams(),
		}
	}
	return out
}

// FieldsToProto converts a slice of fields.
func FieldsToProto(fs []types.Field) []*pb.Field {
	out := make([]*pb.Field, len(fs))
	for i, f := range fs {
		out[i] = FieldToProto(f)
	}
	return out
}

// FieldsFromProto converts a slice of fields.
func FieldsFromProto(ps []*pb.Field) []types.Field {
	out := make([]types.Field, len(ps))
	for i, p := range ps {
		out[i] = FieldFromProto(p)
	}
	return out
}

// FeatureViewSpecToProto converts a feature view spec.
func FeatureViewSpecToProto(v types.FeatureViewSpec) *pb.FeatureViewSpec {
	return &pb.FeatureViewSpec{
		Name:      v.Name,
		JoinKeys:  FieldsToProto(v.JoinKeys),
		Features:  FieldsToProto(v.Features),
		TtlMicros: v.TTL.Microseconds(),
		Tags:      v.Tags,
	}
}

// FeatureViewSpecFromProto converts a feature view spec.
func FeatureViewSpecFromProto(p *pb.FeatureViewSpec) types.FeatureViewSpec {
	return types.FeatureViewSpec{
		Name:     p.GetName(),
		JoinKeys: FieldsFromProto(p.GetJoinKeys()),
		Features: FieldsFromProto(p.GetFeatures()),
		TTL:      ttlFromMicros(p.GetTtlMicros()),
		Tags:     p.GetTags(),
	}
}

// maxTTLMicros is the longest TTL a time.Duration holds, in whole microseconds.
const maxTTLMicros = math.MaxInt64 / int64(time.Microsecond)

// ttlFromMicros converts a TTL, saturating at about ±292 years (the range of
// time.Duration) rather than overflowing.
func ttlFromMicros(us int64) time.Duration {
	return time.Duration(max(-maxTTLMicros, min(us, maxTTLMicros))) * time.Microsecond
}

// FeatureViewSpecsToProto converts a slice of feature view specs.
func FeatureViewSpecsToProto(vs []types.FeatureViewSpec) []*pb.FeatureViewSpec {
	out := make([]*pb.FeatureViewSpec, len(vs))
	for i, v := range vs {
		out[i] = FeatureViewSpecToProto(v)
	}
	return out
}

// FeatureViewSpecsFromProto converts a slice of feature view specs.
func FeatureViewSpecsFromProto(ps []*pb.FeatureViewSpec) []types.FeatureViewSpec {
	out := make([]types.FeatureViewSpec, len(ps))
	for i, p := range ps {
		out[i] = FeatureViewSpecFromProto(p)
	}
	return out
}

// EntitySpecsToProto converts a slice of entity specs.
func EntitySpecsToProto(es []types.EntitySpec) []*pb.EntitySpec {
	out := make([]*pb.EntitySpec, len(es))
	for i, e := range es {
		out[i] = &pb.EntitySpec{Name: e.Name, JoinKeys: FieldsToProto(e.JoinKeys)}
	}
	return out
}

// EntitySpecsFromProto converts a slice of entity specs.
func EntitySpecsFromProto(ps []*pb.EntitySpec) []types.EntitySpec {
	out := make([]types.EntitySpec, len(ps))
	for i, p := range ps {
		out[i] = types.EntitySpec{Name: p.GetName(), JoinKeys: FieldsFromProto(p.GetJoinKeys())}
	}
	return out
}

// DataSourceSpecToProto converts a data source spec.
func DataSourceSpecToProto(s types.DataSourceSpec) *pb.DataSourceSpec {
	return &pb.DataSourceSpec{
		Name:                   s.Name,
		Options:                s.Options,
		TimestampField:         s.TimestampField,
		CreatedTimestampColumn: s.CreatedTimestampColumn,
		FieldMapping:           s.FieldMapping,
	}
}

// DataSourceSpecFromProto converts a data source spec.
func DataSourceSpecFromProto(p *pb.DataSourceSpec) types.DataSourceSpec {
	return types.DataSourceSpec{
		Name:                   p.GetName(),
		Options:                p.GetOptions(),
		TimestampField:         p.GetTimestampField(),
		CreatedTimestampColumn: p.GetCreatedTimestampColumn(),
		FieldMapping:           p.GetFieldMapping(),
	}
}

// DataSourceSpecsToProto converts a slice of data source specs.
func DataSourceSpecsToProto(ss []types.DataSourceSpec) []*pb.DataSourceSpec {
	out := make([]*pb.DataSourceSpec, len(ss))
	for i, s := range ss {
		out[i] = DataSourceSpecToProto(s)
	}
	return out
}

// DataSourceSpecsFromProto converts a slice of data source specs.
func DataSourceSpecsFromProto(ps []*pb.DataSourceSpec) []types.DataSourceSpec {
	out := make([]types.DataSourceSpec, len(ps))
	for i, p := range ps {
		out[i] = DataSourceSpecFromProto(p)
	}
	return out
}
