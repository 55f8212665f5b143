package sqliteonline

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"sync"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// vectorIndex is the in-memory copy of one vector field of a view at one
// data version: the vectors of every row that has one, contiguous, with
// their norms and the row's filterable columns (join keys, then scalar
// features).
type vectorIndex struct {
	mu      sync.RWMutex // searches read; this process's writes update
	version int64        // the view's data version this copy reflects
	stale   bool         // a write could not be applied; reload on next use

	field string
	dim   int
	cols  []types.Field
	nJoin int // cols[:nJoin] are the join keys

	keys    []string       // encoded entity key of each slot
	slots   map[string]int // slot of each encoded key
	vecs    []float32      // len(keys) * dim
	sqnorms []float32      // squared norm of each vector
	norms   []float32      // norm of each vector
	attrs   []types.Value  // len(keys) * len(cols)
}

// newVectorIndex returns an empty index of field for a view's spec.
func newVectorIndex(spec *types.FeatureViewSpec, field types.Field, version int64) *vectorIndex {
	ix := &vectorIndex{version: version, field: field.Name, dim: field.Vector.Dimension, slots: map[string]int{}}
	ix.cols = append(ix.cols, spec.JoinKeys...)
	ix.nJoin = len(spec.JoinKeys)
	for _, f := range spec.Features {
		if filterable(f.Type) {
			ix.cols = append(ix.cols, f)
		}
	}
	return ix
}

// size returns the number of vectors.
func (ix *vectorIndex) size() int { return len(ix.keys) }

// vector returns the vector of a slot.
func (ix *vectorIndex) vector(slot int) []float32 { return ix.vecs[slot*ix.dim : (slot+1)*ix.dim] }

// row returns the filterable columns of a slot.
func (ix *vectorIndex) row(slot int) []types.Value {
	n := len(ix.cols)
	return ix.attrs[slot*n : (slot+1)*n]
}

// put stores the row of key: its vector field's value, if a vector of the
// right dimension, or else removes the key. value returns a feature's value
// by name.
func (ix *vectorIndex) put(key string, ek types.EntityKey, value func(string) types.Value) {
	v := value(ix.field)
	vec := v.Float32List()
	if v.Type() != types.Float32List || len(vec) != ix.dim {
		ix.remove(key)
		return
	}
	slot, ok := ix.slots[key]
	if !ok {
		slot = len(ix.keys)
		ix.slots[key] = slot
		ix.keys = append(ix.keys, key)
		ix.vecs = append(ix.vecs, make([]float32, ix.dim)...)
		ix.sqnorms = append(ix.sqnorms, 0)
		ix.norms = append(ix.norms, 0)
		ix.attrs = append(ix.attrs, make([]types.Value, len(ix.cols))...)
	}
	copy(ix.vector(slot), vec)
	var sq float64
	for _, x := range vec {
		sq += float64(x) * float64(x)
	}
	ix.sqnorms[slot], ix.norms[slot] = float32(sq), float32(math.Sqrt(sq))
	row := ix.row(slot)
	for i, c := range ix.cols {
		switch {
		case i >= ix.nJoin:
			row[i] = value(c.Name)
		case i < len(ek):
			row[i] = ek[i].Value
		default:
			row[i] = types.Null()
		}
	}
}

// remove deletes key's slot, moving the last slot into its place.
func (ix *vectorIndex) remove(key string) {
	slot, ok := ix.slots[key]
	if !ok {
		return
	}
	last := len(ix.keys) - 1
	if slot != last {
		moved := ix.keys[last]
		ix.keys[slot] = moved
		ix.slots[moved] = slot
		copy(ix.vector(slot), ix.vector(last))
		ix.sqnorms[slot], ix.norms[slot] = ix.sqnorms[last], ix.norms[last]
		copy(ix.row(slot), ix.row(last))
	}
	delete(ix.slots, key)
	ix.keys = ix.keys[:last]
	ix.vecs = ix.vecs[:last*ix.dim]
	ix.sqnorms = ix.sqnorms[:last]
	ix.norms = ix.norms[:last]
	ix.attrs = ix.attrs[:last*len(ix.cols)]
}

// loadIndex reads every row of a view in tx into a new index of field.
func loadIndex(ctx context.Context, tx *sql.Tx, meta *viewMeta, field types.Field) (*vectorIndex, error) {
	ix := newVectorIndex(meta.spec, field, meta.dataVersion)
	rows, err := tx.QueryContext(ctx, `SELECT key, vals FROM `+quoted(meta.table))
	if err != nil {
		return nil, dbError("loading the vectors of view "+meta.name, err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var key, vals sql.RawBytes
		if err := rows.Scan(&key, &vals); err != nil {
			return nil, dbError("loading the vectors of view "+meta.name, err)
		}
		ek, kerr := codec.DecodeEntityKey(key)
		nv, verr := codec.DecodeNamedValues(vals)
		if err := errors.Join(kerr, verr); err != nil {
			return nil, storeerr.Internal("sqlite online store: a stored row of view %q is corrupt: %v", meta.name, err)
		}
		ix.put(string(key), ek, func(name string) types.Value {
			for _, f := range nv {
				if f.Name == name {
					return f.Value
				}
			}
			return types.Null()
		})
	}
	if err := rows.Err(); err != nil {
		return nil, dbError("loading the vectors of view "+meta.name, err)
	}
	return ix, nil
}

// sqnorm returns the squared norm of q in float32 and its norm in float64.
func sqnorm(q []float32) (float32, float64) {
	var s float64
	for _, x := range q {
		s += float64(x) * float64(x)
	}
	return float32(s), math.Sqrt(s)
}
