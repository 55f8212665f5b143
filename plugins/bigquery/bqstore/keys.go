package bqstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// maxEntityKeys bounds PullRequest.EntityKeys.
const maxEntityKeys = 1_000_000

// uploadKeys loads the distinct entity keys of a pull into a temporary
// table with columns quiver_k0, quiver_k1, ... (a key with a null part
// matches nothing and is left out).
func (s *Store) uploadKeys(ctx context.Context, c *conn, req *offlinestore.PullRequest) (tableRef, error) {
	rec, err := keysRecord(req.EntityKeys, len(req.JoinKeys))
	if err != nil {
		return tableRef{}, storeerr.InvalidArgument("bigquery offline store: entity keys: %v", err)
	}
	defer rec.Release()
	return c.uploadTemp(ctx, req.Project, tempKeys, rec.Schema(), []arrow.RecordBatch{rec})
}

// keysRecord builds the record of distinct keys, typed by their values.
func keysRecord(keys []types.EntityKey, parts int) (arrow.RecordBatch, error) {
	if len(keys) > maxEntityKeys {
		return nil, fmt.Errorf("%d keys, at most %d", len(keys), maxEntityKeys)
	}
	if parts == 0 {
		return nil, fmt.Errorf("entity keys given for a pull without join keys")
	}
	kinds := make([]types.ValueType, parts)
	seen := map[string]bool{}
	var rows []types.EntityKey
	for i, k := range keys {
		if len(k) != parts {
			return nil, fmt.Errorf("key %d has %d parts, the pull has %d join keys", i, len(k), parts)
		}
		skip := false
		for j, p := range k {
			t := p.Value.Type()
			switch {
			case p.Value.IsNull():
				skip = true
			case t.IsList() || t == types.Invalid:
				return nil, fmt.Errorf("key %d: part %d is a %s; keys are scalars", i, j, t)
			case kinds[j] == types.Invalid:
				kinds[j] = t
			case kinds[j] != t:
				return nil, fmt.Errorf("key %d: part %d is a %s, an earlier key's is a %s", i, j, t, kinds[j])
			}
		}
		if skip {
			continue
		}
		id := keyID(k)
		if seen[id] {
			continue
		}
		seen[id] = true
		rows = append(rows, k)
	}
	fields := make([]arrow.Field, parts)
	for j := range parts {
		if kinds[j] == types.Invalid {
			kinds[j] = types.String // every key had a null here: no rows
		}
		fields[j] = arrow.Field{Name: keyColumn(j), Type: arrowType(kinds[j]), Nullable: true}
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema(fields, nil))
	defer b.Release()
	for _, k := range rows {
		for j, p := range k {
			appendValue(b.Field(j), p.Value)
		}
	}
	return b.NewRecordBatch(), nil
}

// appendValue appends a scalar value to a builder of its Arrow type.
func appendValue(b array.Builder, v types.Value) {
	switch bb := b.(type) {
	case *array.BooleanBuilder:
		bb.Append(v.Bool())
	case *array.Int32Builder:
		bb.Append(v.Int32())
	case *array.Int64Builder:
		bb.Append(v.Int64())
	case *array.Float32Builder:
		bb.Append(v.Float32())
	case *array.Float64Builder:
		bb.Append(v.Float64())
	case *array.StringBuilder:
		bb.Append(v.Str())
	case *array.BinaryBuilder:
		bb.Append(v.BytesVal())
	case *array.TimestampBuilder:
		bb.Append(arrow.Timestamp(types.ToMicros(v.Time())))
	default:
		b.AppendNull()
	}
}

// keyID identifies a key's values without ambiguity (each part quoted).
func keyID(k types.EntityKey) string {
	var b strings.Builder
	for _, p := range k {
		b.WriteString(strconv.Quote(p.Value.String()))
		b.WriteByte(',')
	}
	return b.String()
}
