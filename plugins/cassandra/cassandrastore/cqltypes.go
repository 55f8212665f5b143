package cassandrastore

import (
	"fmt"
	"strings"

	"github.com/quiverfs/quiver/sdk/types"
)

// cqlScalar maps a Quiver scalar type to its CQL column type. Timestamps
// are bigint microseconds since the Unix epoch: CQL's timestamp keeps only
// milliseconds.
var cqlScalar = map[types.ValueType]string{
	types.Bool: "boolean", types.Int32: "int", types.Int64: "bigint", types.Float32: "float",
	types.Float64: "double", types.String: "text", types.Bytes: "blob", types.Timestamp: "bigint",
}

// cqlType returns the CQL column type of a field: the scalar's, a frozen
// list of it (so that an empty list is not null), or vector<float, n> /
// vector<double, n> for a vector field.
func cqlType(f types.Field) (string, error) {
	if f.Vector != nil {
		switch f.Type {
		case types.Float32List:
			return fmt.Sprintf("vector<float, %d>", f.Vector.Dimension), nil
		case types.Float64List:
			return fmt.Sprintf("vector<double, %d>", f.Vector.Dimension), nil
		}
		return "", fmt.Errorf("vector field %s has type %s, want list<float32> or list<float64>", f.Name, f.Type)
	}
	elem, ok := cqlScalar[f.Type.Elem()]
	if !ok {
		return "", fmt.Errorf("field %s has type %s, which the cassandra online store cannot hold", f.Name, f.Type)
	}
	if f.Type.IsList() {
		return "frozen<list<" + elem + ">>", nil
	}
	return elem, nil
}

// sameCQLType compares two CQL type names as system_schema writes them.
func sameCQLType(a, b string) bool {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "")) }
	return norm(a) == norm(b)
}

// saiIndexable reports whether a scalar column can carry an SAI index that
// vector searches filter on.
func saiIndexable(t types.ValueType) bool {
	switch t {
	case types.Int32, types.Int64, types.Float32, types.Float64, types.String, types.Timestamp, types.Bool:
		return true
	}
	return false
}

// similarityFunction names a metric as Cassandra's SAI does.
func similarityFunction(m types.DistanceMetric) string {
	switch m {
	case types.MetricCosine:
		return "COSINE"
	case types.MetricInnerProduct:
		return "DOT_PRODUCT"
	}
	return "EUCLIDEAN"
}
