package convert

import (
	"fmt"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/types"
)

// ValueToProto converts a value; null becomes an explicit null_value.
func ValueToProto(v types.Value) *pb.Value {
	switch v.Type() {
	case types.Invalid:
		return &pb.Value{Kind: &pb.Value_NullValue{}}
	case types.Bool:
		return &pb.Value{Kind: &pb.Value_BoolValue{BoolValue: v.Bool()}}
	case types.Int32:
		return &pb.Value{Kind: &pb.Value_Int32Value{Int32Value: v.Int32()}}
	case types.Int64:
		return &pb.Value{Kind: &pb.Value_Int64Value{Int64Value: v.Int64()}}
	case types.Float32:
		return &pb.Value{Kind: &pb.Value_FloatValue{FloatValue: v.Float32()}}
	case types.Float64:
		return &pb.Value{Kind: &pb.Value_DoubleValue{DoubleValue: v.Float64()}}
	case types.String:
		return &pb.Value{Kind: &pb.Value_StringValue{StringValue: v.Str()}}
	case types.Bytes:
		return &pb.Value{Kind: &pb.Value_BytesValue{BytesValue: v.BytesVal()}}
	case types.Timestamp:
		return &pb.Value{Kind: &pb.Value_TimestampValue{TimestampValue: v.Int64()}}
	}
	return listToProto(v)
}

func listToProto(v types.Value) *pb.Value {
	switch v.Type() {
	case types.BoolList:
		return &pb.Value{Kind: &pb.Value_BoolListValue{BoolListValue: &pb.BoolList{Values: v.BoolList()}}}
	case types.Int32List:
		return &pb.Value{Kind: &pb.Value_Int32ListValue{Int32ListValue: &pb.Int32List{Values: v.Int32List()}}}
	case types.Int64List:
		return &pb.Value{Kind: &pb.Value_Int64ListValue{Int64ListValue: &pb.Int64List{Values: v.Int64List()}}}
	case types.Float32List:
		return &pb.Value{Kind: &pb.Value_FloatListValue{FloatListValue: &pb.FloatList{Values: v.Float32List()}}}
	case types.Float64List:
		return &pb.Value{Kind: &pb.Value_DoubleListValue{DoubleListValue: &pb.DoubleList{Values: v.Float64List()}}}
	case types.StringList:
		return &pb.Value{Kind: &pb.Value_StringListValue{StringListValue: &pb.StringList{Values: v.StringList()}}}
	case types.BytesList:
		return &pb.Value{Kind: &pb.Value_BytesListValue{BytesListValue: &pb.BytesList{Values: v.BytesList()}}}
	case types.TimestampList:
		return &pb.Value{Kind: &pb.Value_TimestampListValue{TimestampListValue: &pb.TimestampList{Values: v.Int64List()}}}
	}
	panic(fmt.Sprintf("convert: value of unknown type %v", v.Type()))
}

// ValueFromProto converts a value; an unset kind is null.
func ValueFromProto(p *pb.Value) types.Value {
	switch k := p.GetKind().(type) {
	case *pb.Value_BoolValue:
		return types.BoolValue(k.BoolValue)
	case *pb.Value_Int32Value:
		return types.Int32Value(k.Int32Value)
	case *pb.Value_Int64Value:
		return types.Int64Value(k.Int64Value)
	case *pb.Value_FloatValue:
		return types.Float32Value(k.FloatValue)
	case *pb.Value_DoubleValue:
		return types.Float64Value(k.DoubleValue)
	case *pb.Value_StringValue:
		return types.StringValue(k.StringValue)
	case *pb.Value_BytesValue:
		return types.BytesValue(nonNilBytes(k.BytesValue))
	case *pb.Value_TimestampValue:
		return types.TimestampMicrosValue(k.TimestampValue)
	case *pb.Value_BoolListValue:
		return types.BoolListValue(k.BoolListValue.GetValues())
	case *pb.Value_Int32ListValue:
		return types.Int32ListValue(k.Int32ListValue.GetValues())
	case *pb.Value_Int64ListValue:
		return types.Int64ListValue(k.Int64ListValue.GetValues())
	case *pb.Value_FloatListValue:
		return types.Float32ListValue(k.FloatListValue.GetValues())
	case *pb.Value_DoubleListValue:
		return types.Float64ListValue(k.DoubleListValue.GetValues())
	case *pb.Value_StringListValue:
		return types.StringListValue(k.StringListValue.GetValues())
	case *pb.Value_BytesListValue:
		return types.BytesListValue(bytesElems(k.BytesListValue.GetValues()))
	case *pb.Value_TimestampListValue:
		return types.TimestampListValue(k.TimestampListValue.GetValues())
	}
	return types.Null()
}

func nonNilBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func bytesElems(l [][]byte) [][]byte {
	for i := range l {
		l[i] = nonNilBytes(l[i])
	}
	return l
}

// ValuesToProto converts a slice of values.
func ValuesToProto(vs []types.Value) []*pb.Value {
	out := make([]*pb.Value, len(vs))
	for i, v := range vs {
		out[i] = ValueToProto(v)
	}
	return out
}

// ValuesFromProto converts a slice of values.
func ValuesFromProto(ps []*pb.Value) []types.Value {
	out := make([]types.Value, len(ps))
	for i, p := range ps {
		out[i] = ValueFromProto(p)
	}
	return out
}

// EntityKeyToProto converts an entity key.
func EntityKeyToProto(k types.EntityKey) *pb.EntityKey {
	parts := make([]*pb.EntityKeyPart, len(k))
	for i, p := range k {
		parts[i] = &pb.EntityKeyPart{JoinKey: p.JoinKey, Value: ValueToProto(p.Value)}
	}
	return &pb.EntityKey{Parts: parts}
}

// EntityKeyFromProto converts an entity key.
func EntityKeyFromProto(p *pb.EntityKey) types.EntityKey {
	parts := p.GetParts()
	k := make(types.EntityKey, len(parts))
	for i, part := range parts {
		k[i] = types.KeyPart{JoinKey: part.GetJoinKey(), Value: ValueFromProto(part.GetValue())}
	}
	return k
}
