package codec

import (
	"fmt"

	"github.com/quiverfs/quiver/sdk/types"
)

// AppendEntityKey appends the encoding of k to dst and returns the result.
func AppendEntityKey(dst []byte, k types.EntityKey) []byte {
	dst = append(dst, formatVersion)
	dst = appendUvarint(dst, uint64(len(k)))
	for _, p := range k {
		dst = appendString(dst, p.JoinKey)
		dst = AppendValue(dst, p.Value)
	}
	return dst
}

// EncodeEntityKey returns the encoding of k. Equal keys give equal bytes.
func EncodeEntityKey(k types.EntityKey) []byte {
	return AppendEntityKey(make([]byte, 0, 16+8*len(k)), k)
}

// DecodeEntityKey decodes what EncodeEntityKey produced. Malformed input
// gives an error wrapping ErrMalformed.
func DecodeEntityKey(b []byte) (types.EntityKey, error) {
	d := decoder{b: b}
	d.header()
	n := d.count(2) // a part is at least a name length and a type byte
	var k types.EntityKey
	if n > 0 {
		k = make(types.EntityKey, n)
	}
	for i := range k {
		k[i].JoinKey = d.str()
		k[i].Value = d.value()
	}
	if err := d.finish(); err != nil {
		return nil, fmt.Errorf("entity key: %w", err)
	}
	return k, nil
}
