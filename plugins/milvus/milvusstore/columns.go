package milvusstore

import (
	"encoding/base64"

	"github.com/milvus-io/milvus-sdk-go/v2/entity"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// columns turns pending rows into the collection's columns.
func (v *view) columns(rows []*pending) ([]entity.Column, error) {
	n := len(rows)
	pks, events, created, blobs := make([]string, n), make([]int64, n), make([]int64, n), make([]string, n)
	for i, r := range rows {
		pks[i], events[i], created[i] = r.pk, r.event, r.created
		blob, err := v.blob(r)
		if err != nil {
			return nil, err
		}
		blobs[i] = blob
	}
	cols := []entity.Column{entity.NewColumnVarChar(fieldPK, pks), entity.NewColumnInt64(fieldEvent, events),
		entity.NewColumnInt64(fieldCreated, created), entity.NewColumnVarChar(fieldRow, blobs)}
	for _, name := range v.typedNames() {
		c, nulls, err := v.typedColumn(name, rows)
		if err != nil {
			return nil, err
		}
		cols = append(cols, c)
		if nulls != nil {
			cols = append(cols, nulls)
		}
	}
	return append(cols, v.vectorColumns(rows)...), nil
}

// blob encodes the non-vector features of r.
func (v *view) blob(r *pending) (string, error) {
	var fields []codec.NamedValue
	for _, f := range v.spec.Features {
		if val, ok := r.values[f.Name]; ok && f.Vector == nil {
			fields = append(fields, codec.NamedValue{Name: f.Name, Value: val})
		}
	}
	s := base64.StdEncoding.EncodeToString(codec.EncodeNamedValues(fields))
	if len(s) > maxVarChar {
		return "", storeerr.InvalidArgument("milvus online store: row %s of view %s is %d bytes encoded, over Milvus's VarChar limit of %d",
			r.key, v.spec.Name, len(s), maxVarChar)
	}
	return s, nil
}

// typedColumn builds the typed column of a join key or feature, and the
// null flags of a feature.
func (v *view) typedColumn(name string, rows []*pending) (entity.Column, entity.Column, error) {
	t := v.typed[name]
	joinKey := v.isJoinKey(name)
	vals := make([]types.Value, len(rows))
	nulls := make([]bool, len(rows))
	for i, r := range rows {
		if joinKey {
			val, ok := keyValue(r.key, name)
			if !ok || val.Type() != t {
				return nil, nil, storeerr.InvalidArgument("milvus online store: entity key %s lacks join key %s of type %s", r.key, name, t)
			}
			vals[i] = val
			continue
		}
		vals[i] = r.values[name]
		nulls[i] = vals[i].IsNull()
	}
	c, err := scalarColumn(featureField(name), t, vals)
	if err != nil {
		return nil, nil, err
	}
	if joinKey {
		return c, nil, nil
	}
	return c, entity.NewColumnBool(nullField(name), nulls), nil
}

// keyValue returns the value of a join key in k.
func keyValue(k types.EntityKey, name string) (types.Value, bool) {
	for _, p := range k {
		if p.JoinKey == name {
			return p.Value, true
		}
	}
	return types.Value{}, false
}

// scalarColumn builds a typed column; nulls become zero values.
func scalarColumn(name string, t types.ValueType, vals []types.Value) (entity.Column, error) {
	switch t {
	case types.Bool:
		return entity.NewColumnBool(name, mapValues(vals, types.Value.Bool)), nil
	case types.Int32:
		return entity.NewColumnInt32(name, mapValues(vals, types.Value.Int32)), nil
	case types.Int64, types.Timestamp:
		return entity.NewColumnInt64(name, mapValues(vals, types.Value.Int64)), nil
	case types.Float32:
		return entity.NewColumnFloat(name, mapValues(vals, types.Value.Float32)), nil
	case types.Float64:
		return entity.NewColumnDouble(name, mapValues(vals, types.Value.Float64)), nil
	case types.String:
		strs := mapValues(vals, types.Value.Str)
		for _, s := range strs {
			if len(s) > maxVarChar {
				return nil, storeerr.InvalidArgument("milvus online store: a %s value is %d bytes, over Milvus's VarChar limit of %d", name, len(s), maxVarChar)
			}
		}
		return entity.NewColumnVarChar(name, strs), nil
	}
	return nil, storeerr.Internal("milvus online store: no typed column for %s", t)
}

func mapValues[T any](vals []types.Value, get func(types.Value) T) []T {
	out := make([]T, len(vals))
	for i, v := range vals {
		if !v.IsNull() {
			out[i] = get(v)
		}
	}
	return out
}

// vectorColumns builds the vector column (zeros for nulls) and its null flags.
func (v *view) vectorColumns(rows []*pending) []entity.Column {
	dim := noVecDim
	if v.vector != nil {
		dim = v.vector.Vector.Dimension
	}
	vecs := make([][]float32, len(rows))
	nulls := make([]bool, len(rows))
	for i, r := range rows {
		if v.vector != nil {
			if val := r.values[v.vector.Name]; !val.IsNull() {
				vecs[i] = val.Float32List()
				continue
			}
			nulls[i] = true
		}
		vecs[i] = make([]float32, dim)
	}
	cols := []entity.Column{entity.NewColumnFloatVector(v.vectorFieldName(), dim, vecs)}
	if v.vector != nil {
		cols = append(cols, entity.NewColumnBool(nullField(v.vector.Name), nulls))
	}
	return cols
}
