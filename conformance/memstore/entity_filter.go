package memstore

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

var _ offlinestore.StoreWithEntityFilter = (*Offline)(nil)

// FiltersEntities implements offlinestore.StoreWithEntityFilter: pulls
// honour PullRequest.EntityKeys.
func (s *Offline) FiltersEntities() bool { return true }

// keyFilter is the set of entity keys a pull is restricted to, each
// encoded part by part in join key order; nil means no filter.
type keyFilter map[string]bool

// newKeyFilter encodes req.EntityKeys. A key must name exactly the join
// keys; one with a null part matches nothing.
func newKeyFilter(req *offlinestore.PullRequest) (keyFilter, error) {
	if len(req.EntityKeys) == 0 || len(req.JoinKeys) == 0 {
		return nil, nil
	}
	index := make(map[string]int, len(req.JoinKeys))
	for i, k := range req.JoinKeys {
		index[k] = i
	}
	f := keyFilter{}
	for _, k := range req.EntityKeys {
		if len(k) != len(req.JoinKeys) {
			return nil, storeerr.InvalidArgument("entity key %s does not have the join keys %v", k, req.JoinKeys)
		}
		parts := make([]string, len(k))
		null := false
		for _, p := range k {
			i, ok := index[p.JoinKey]
			if !ok || parts[i] != "" {
				return nil, storeerr.InvalidArgument("entity key %s does not have the join keys %v", k, req.JoinKeys)
			}
			if p.Value.IsNull() {
				null, parts[i] = true, "null"
				continue
			}
			enc, err := encodeValue(p.Value)
			if err != nil {
				return nil, storeerr.InvalidArgument("entity key %s: %v", k, err)
			}
			parts[i] = enc
		}
		if !null {
			f[strings.Join(parts, ";")] = true
		}
	}
	return f, nil
}

// match reports whether the key cells of a row are one of the keys.
func (f keyFilter) match(rec arrow.RecordBatch, keyCols []int, row int) bool {
	if f == nil {
		return true
	}
	parts := make([]string, len(keyCols))
	for i, c := range keyCols {
		enc, ok := encodeCell(rec.Column(c), row)
		if !ok {
			return false
		}
		parts[i] = enc
	}
	return f[strings.Join(parts, ";")]
}

// encodeValue encodes a key value; integers of either width encode alike.
func encodeValue(v types.Value) (string, error) {
	switch v.Type() {
	case types.Int32:
		return "i" + strconv.FormatInt(int64(v.Int32()), 10), nil
	case types.Int64:
		return "i" + strconv.FormatInt(v.Int64(), 10), nil
	case types.String:
		return "s" + strconv.Quote(v.Str()), nil
	case types.Bytes:
		return "b" + hex.EncodeToString(v.BytesVal()), nil
	case types.Bool:
		return "t" + strconv.FormatBool(v.Bool()), nil
	case types.Float32:
		return "f" + strconv.FormatUint(math.Float64bits(float64(v.Float32())), 16), nil
	case types.Float64:
		return "f" + strconv.FormatUint(math.Float64bits(v.Float64()), 16), nil
	case types.Timestamp:
		return "u" + strconv.FormatInt(v.Int64(), 10), nil
	}
	return "", fmt.Errorf("a %s value cannot be an entity key", v.Type())
}

// encodeCell encodes a key cell as encodeValue does; false for a null or
// a type no key has.
func encodeCell(col arrow.Array, row int) (string, bool) {
	if col.IsNull(row) {
		return "", false
	}
	switch c := col.(type) {
	case *array.Int8:
		return "i" + strconv.FormatInt(int64(c.Value(row)), 10), true
	case *array.Int16:
		return "i" + strconv.FormatInt(int64(c.Value(row)), 10), true
	case *array.Int32:
		return "i" + strconv.FormatInt(int64(c.Value(row)), 10), true
	case *array.Int64:
		return "i" + strconv.FormatInt(c.Value(row), 10), true
	case *array.String:
		return "s" + strconv.Quote(c.Value(row)), true
	case *array.LargeString:
		return "s" + strconv.Quote(c.Value(row)), true
	case *array.Binary:
		return "b" + hex.EncodeToString(c.Value(row)), true
	case *array.Boolean:
		return "t" + strconv.FormatBool(c.Value(row)), true
	case *array.Float32:
		return "f" + strconv.FormatUint(math.Float64bits(float64(c.Value(row))), 16), true
	case *array.Float64:
		return "f" + strconv.FormatUint(math.Float64bits(c.Value(row)), 16), true
	case *array.Timestamp:
		unit := c.DataType().(*arrow.TimestampType).Unit
		return "u" + strconv.FormatInt(c.Value(row).ToTime(unit).UnixMicro(), 10), true
	}
	return "", false
}
