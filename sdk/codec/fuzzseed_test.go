package codec

import (
	"testing"

	"github.com/quiverfs/quiver/sdk/types"
)

// addSeeds seeds FuzzDecode with a row and a one-part key of every sample
// value, multi-part keys, and hand-made malformed input; more cases are
// files under testdata/fuzz/FuzzDecode.
func addSeeds(f *testing.F) {
	var fields []NamedValue
	var parts types.EntityKey
	for name, v := range sampleValues() {
		fields = append(fields, NamedValue{Name: name, Value: v})
		parts = append(parts, types.KeyPart{JoinKey: name, Value: v})
		f.Add(EncodeNamedValues([]NamedValue{{Name: name, Value: v}}))
		f.Add(EncodeEntityKey(types.EntityKey{{JoinKey: name, Value: v}}))
		f.Add(AppendValue(nil, v))
	}
	f.Add(EncodeNamedValues(fields))
	f.Add(EncodeEntityKey(parts))
	f.Add(EncodeEntityKey(types.EntityKey{}))
	f.Add(EncodeEntityKey(types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(1001)},
		{JoinKey: "city", Value: types.StringValue("Zürich")}, {JoinKey: "at", Value: types.TimestampMicrosValue(-1)}}))
	f.Add(EncodeNamedValues([]NamedValue{{Name: "a", Value: types.Null()}, {Name: "a", Value: types.Int32Value(-1)}}))
	for _, b := range [][]byte{
		{},
		{formatVersion},
		{2, 0},                   // unknown format version
		{formatVersion, 0x80, 0}, // non-minimal varint count
		{formatVersion, 0xff, 0xff, 0xff, 0xff, 0x07},                                         // a count of 2^31-1 with no elements
		{formatVersion, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 'a'},                                 // a name length of 2^32-1
		{byte(types.StringList), 0xff, 0xff, 0xff, 0xff, 0x07},                                // a list of 2^31-1 strings
		{byte(types.Float64List), 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, // 2^63 floats
		{formatVersion, 0, 0}, // a trailing byte
		{byte(types.Bool), 2}, // a bool byte of 2
		{0xee},                // unknown value type
	} {
		f.Add(b)
	}
}
