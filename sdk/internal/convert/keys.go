package convert

import (
	"fmt"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/types"
)

// MaxKeylessKeys is the most keys an EntityKeyColumns without join keys may
// declare when nothing else in its message bounds them: such keys carry no
// data, so their declared count alone would decide what to allocate.
const MaxKeylessKeys = 1 << 16

// EntityKeyColumnsToProto packs keys that share their join keys.
func EntityKeyColumnsToProto(keys []types.EntityKey) (*pb.EntityKeyColumns, error) {
	out := &pb.EntityKeyColumns{Count: uint32(len(keys))}
	if len(keys) == 0 {
		return out, nil
	}
	out.JoinKeys = keys[0].JoinKeys()
	for i, k := range keys {
		if len(k) != len(out.JoinKeys) {
			return nil, fmt.Errorf("entity key %d (%v) does not have the join keys %v of the first key", i, k, out.JoinKeys)
		}
		for j := range k {
			if k[j].JoinKey != out.JoinKeys[j] {
				return nil, fmt.Errorf("entity key %d (%v) does not have the join keys %v of the first key", i, k, out.JoinKeys)
			}
		}
	}
	for j := range out.JoinKeys {
		out.Columns = append(out.Columns, ValueColumnToProto(len(keys), func(i int) types.Value { return keys[i][j].Value }))
	}
	return out, nil
}

// EntityKeyColumnsFromProto unpacks keys. Every column must hold Count
// values; without join keys, Count may be at most MaxKeylessKeys.
func EntityKeyColumnsFromProto(p *pb.EntityKeyColumns) ([]types.EntityKey, error) {
	return entityKeyColumnsFromProto(p, MaxKeylessKeys)
}

// entityKeyColumnsFromProto unpacks keys; without join keys, Count may be
// at most maxKeyless.
func entityKeyColumnsFromProto(p *pb.EntityKeyColumns, maxKeyless int) ([]types.EntityKey, error) {
	n, err := keyCount(p, maxKeyless)
	if err != nil {
		return nil, err
	}
	joinKeys := p.GetJoinKeys()
	parts := make([]types.KeyPart, n*len(joinKeys)) // one allocation for every key
	keys := make([]types.EntityKey, n)
	for i := range keys {
		keys[i] = parts[i*len(joinKeys) : (i+1)*len(joinKeys) : (i+1)*len(joinKeys)]
	}
	for j, col := range p.GetColumns() {
		err := ValueColumnFromProto(col, n, func(i int, v types.Value) {
			keys[i][j] = types.KeyPart{JoinKey: joinKeys[j], Value: v}
		})
		if err != nil {
			return nil, fmt.Errorf("join key %s: %w", joinKeys[j], err)
		}
	}
	return keys, nil
}

// keyCount returns the declared number of keys after checking it against
// the columns (or, without join keys, against maxKeyless), so that nothing
// is allocated for keys that are not there.
func keyCount(p *pb.EntityKeyColumns, maxKeyless int) (int, error) {
	n, joinKeys := int(p.GetCount()), p.GetJoinKeys()
	if len(p.GetColumns()) != len(joinKeys) {
		return 0, fmt.Errorf("entity keys have %d columns for %d join keys", len(p.GetColumns()), len(joinKeys))
	}
	if len(joinKeys) == 0 && n > maxKeyless {
		return 0, fmt.Errorf("%d entity keys without join keys is more than the limit of %d", n, maxKeyless)
	}
	for j, col := range p.GetColumns() {
		if rows := columnRows(col); rows != n {
			return 0, fmt.Errorf("join key %s: column has %d values for %d keys", joinKeys[j], rows, n)
		}
	}
	return n, nil
}
