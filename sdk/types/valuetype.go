package types

import "fmt"

// ValueType names a type of the Quiver type system.
type ValueType int

// The value types. The numbers match the wire protocol.
const (
	Invalid       ValueType = 0
	Bool          ValueType = 1
	Int32         ValueType = 2
	Int64         ValueType = 3
	Float32       ValueType = 4
	Float64       ValueType = 5
	String        ValueType = 6
	Bytes         ValueType = 7
	Timestamp     ValueType = 8
	BoolList      ValueType = 11
	Int32List     ValueType = 12
	Int64List     ValueType = 13
	Float32List   ValueType = 14
	Float64List   ValueType = 15
	StringList    ValueType = 16
	BytesList     ValueType = 17
	TimestampList ValueType = 18
)

var typeNames = map[ValueType]string{
	Bool: "bool", Int32: "int32", Int64: "int64", Float32: "float32", Float64: "float64",
	String: "string", Bytes: "bytes", Timestamp: "timestamp",
	BoolList: "list<bool>", Int32List: "list<int32>", Int64List: "list<int64>",
	Float32List: "list<float32>", Float64List: "list<float64>", StringList: "list<string>",
	BytesList: "list<bytes>", TimestampList: "list<timestamp>",
}

// AllValueTypes lists every valid value type, scalars first.
var AllValueTypes = []ValueType{
	Bool, Int32, Int64, Float32, Float64, String, Bytes, Timestamp,
	BoolList, Int32List, Int64List, Float32List, Float64List, StringList, BytesList, TimestampList,
}

// String returns the name used in definition files, e.g. "int64" or "list<float32>".
func (t ValueType) String() string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return fmt.Sprintf("invalid(%d)", int(t))
}

// ParseValueType parses a name returned by ValueType.String. It also accepts
// Feast's names (Int64, Float32, String, Array(Float32), UnixTimestamp, ...).
func ParseValueType(name string) (ValueType, error) {
	for t, n := range typeNames {
		if n == name {
			return t, nil
		}
	}
	if t, ok := feastTypeNames[name]; ok {
		return t, nil
	}
	return Invalid, fmt.Errorf("unknown value type %q", name)
}

var feastTypeNames = map[string]ValueType{
	"Bool": Bool, "Int32": Int32, "Int64": Int64, "Float32": Float32, "Float64": Float64,
	"String": String, "Bytes": Bytes, "UnixTimestamp": Timestamp,
	"Array(Bool)": BoolList, "Array(Int32)": Int32List, "Array(Int64)": Int64List,
	"Array(Float32)": Float32List, "Array(Float64)": Float64List, "Array(String)": StringList,
	"Array(Bytes)": BytesList, "Array(UnixTimestamp)": TimestampList,
}

// IsList reports whether t is a list type.
func (t ValueType) IsList() bool { return t >= BoolList && t <= TimestampList }

// Elem returns the element type of a list type, or t itself for a scalar.
func (t ValueType) Elem() ValueType {
	if t.IsList() {
		return t - 10
	}
	return t
}

// Valid reports whether t is a known value type.
func (t ValueType) Valid() bool { _, ok := typeNames[t]; return ok }
