package codec

import (
	"fmt"

	"github.com/quiverfs/quiver/sdk/types"
)

// NamedValue is one value of a row with its name, e.g. a feature.
type NamedValue struct {
	Name  string
	Value types.Value
}

// Zip pairs names with values; the shorter list decides the length.
func Zip(names []string, values []types.Value) []NamedValue {
	n := min(len(names), len(values))
	out := make([]NamedValue, n)
	for i := range n {
		out[i] = NamedValue{Name: names[i], Value: values[i]}
	}
	return out
}

// AppendNamedValues appends the encoding of fields, in their order, to dst.
func AppendNamedValues(dst []byte, fields []NamedValue) []byte {
	dst = append(dst, formatVersion)
	dst = appendUvarint(dst, uint64(len(fields)))
	for _, f := range fields {
		dst = appendString(dst, f.Name)
		dst = AppendValue(dst, f.Value)
	}
	return dst
}

// EncodeNamedValues returns the encoding of fields, in their order.
func EncodeNamedValues(fields []NamedValue) []byte {
	return AppendNamedValues(make([]byte, 0, 16+16*len(fields)), fields)
}

// DecodeNamedValues decodes what EncodeNamedValues produced. Malformed input
// gives an error wrapping ErrMalformed.
func DecodeNamedValues(b []byte) ([]NamedValue, error) {
	return DecodeNamedValuesWith(b, nil)
}

// Names interns decoded field names, so that decoding many rows with the
// same names allocates each name once. Not safe for concurrent use.
type Names map[string]string

// DecodeNamedValuesWith is DecodeNamedValues taking names from (and adding
// them to) names; a nil names interns nothing.
func DecodeNamedValuesWith(b []byte, names Names) ([]NamedValue, error) {
	d := decoder{b: b, names: names}
	d.header()
	n := d.count(2)
	var out []NamedValue
	if n > 0 {
		out = make([]NamedValue, n)
	}
	for i := range out {
		out[i].Name = d.name()
		out[i].Value = d.value()
	}
	if err := d.finish(); err != nil {
		return nil, fmt.Errorf("named values: %w", err)
	}
	return out, nil
}

// DecodeValue decodes one value encoded by AppendValue at the start of b
// and returns it with the number of bytes it took.
func DecodeValue(b []byte) (types.Value, int, error) {
	d := decoder{b: b}
	v := d.value()
	if d.err != nil {
		return types.Value{}, 0, fmt.Errorf("value: %w", d.err)
	}
	return v, d.off, nil
}
