package milvusstore

import (
	"context"
	"math"
	"time"

	"github.com/milvus-io/milvus-sdk-go/v2/client"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// unsetCreated stands for a zero created timestamp.
const unsetCreated = math.MinInt64

// pending is one row to upsert, with its features by name.
type pending struct {
	pk      string
	key     types.EntityKey
	event   int64
	created int64
	values  map[string]types.Value
}

// WriteBatch implements onlinestore.Store: the newest row per key wins,
// within the batch and against the stored row.
func (s *Store) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	v, cli, cfg, err := s.lookup(ctx, req.Project, req.FeatureView)
	if err != nil {
		return nil, err
	}
	fields, err := v.features(req.FeatureNames)
	if err != nil {
		return nil, err
	}
	newest := map[string]*pending{}
	var order []string
	for i := range req.Rows {
		p, err := v.pendingRow(fields, &req.Rows[i])
		if err != nil {
			return nil, err
		}
		old, ok := newest[p.pk]
		if !ok {
			order = append(order, p.pk)
		}
		if !ok || !newer(old.event, old.created, p.event, p.created) {
			newest[p.pk] = p
		}
	}
	for start := 0; start < len(order); start += cfg.WriteChunkRows {
		chunk := order[start:min(start+cfg.WriteChunkRows, len(order))]
		rows := make([]*pending, len(chunk))
		for i, pk := range chunk {
			rows[i] = newest[pk]
		}
		if err := s.writeChunk(ctx, cli, cfg, v, rows, len(fields) < len(v.spec.Features)); err != nil {
			return nil, err
		}
	}
	return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(req.Rows))}, nil
}

// writeChunk upserts the rows that are not older than the stored ones. When
// the write carries only some features, the others keep their stored values.
func (s *Store) writeChunk(ctx context.Context, cli client.Client, cfg Config, v *view, rows []*pending, partial bool) error {
	pks := make([]string, len(rows))
	for i, r := range rows {
		pks[i] = r.pk
	}
	unlock := s.locks.lock(pks)
	defer unlock()
	stored, err := s.fetch(ctx, cli, cfg, v, pks, partial)
	if err != nil {
		return err
	}
	keep := rows[:0:0]
	for _, r := range rows {
		old, ok := stored[r.pk]
		if ok && newer(old.event, old.created, r.event, r.created) {
			continue
		}
		if ok && partial {
			for name, val := range old.values {
				if _, set := r.values[name]; !set {
					r.values[name] = val
				}
			}
		}
		keep = append(keep, r)
	}
	if len(keep) == 0 {
		return nil
	}
	cols, err := v.columns(keep)
	if err != nil {
		return err
	}
	if _, err := cli.Upsert(ctx, v.collection, "", cols...); err != nil {
		return downstream(err, "upserting into "+v.collection)
	}
	return nil
}

// newer reports whether (e1, c1) is strictly newer than (e2, c2).
func newer(e1, c1, e2, c2 int64) bool {
	if e1 != e2 {
		return e1 > e2
	}
	return c1 > c2
}

// features resolves feature names to the view's fields.
func (v *view) features(names []string) ([]types.Field, error) {
	out := make([]types.Field, len(names))
	for i, n := range names {
		f, ok := v.spec.Feature(n)
		if !ok {
			return nil, storeerr.InvalidArgument("milvus online store: view %s has no feature %q", v.spec.Name, n)
		}
		out[i] = f
	}
	return out, nil
}

// pendingRow checks a write row and turns it into a pending row.
func (v *view) pendingRow(fields []types.Field, r *onlinestore.WriteRow) (*pending, error) {
	if len(r.Values) != len(fields) {
		return nil, storeerr.InvalidArgument("milvus online store: row of view %s has %d values for %d features", v.spec.Name, len(r.Values), len(fields))
	}
	if r.EventTimestamp.IsZero() {
		return nil, storeerr.InvalidArgument("milvus online store: row %s of view %s has no event timestamp", r.EntityKey, v.spec.Name)
	}
	p := &pending{pk: encodeKey(r.EntityKey), key: r.EntityKey, event: types.ToMicros(r.EventTimestamp),
		created: createdMicros(r.CreatedTimestamp), values: make(map[string]types.Value, len(fields))}
	if len(p.pk) > maxPKLen {
		return nil, storeerr.InvalidArgument("milvus online store: entity key %s is %d bytes encoded, over the limit of %d", r.EntityKey, len(p.pk), maxPKLen)
	}
	for i, f := range fields {
		val := r.Values[i]
		if !val.IsNull() && val.Type() != f.Type {
			return nil, storeerr.InvalidArgument("milvus online store: feature %s of view %s is %s, got a %s value", f.Name, v.spec.Name, f.Type, val.Type())
		}
		if f.Vector != nil && !val.IsNull() && len(val.Float32List()) != f.Vector.Dimension {
			return nil, storeerr.InvalidArgument("milvus online store: vector %s of view %s has dimension %d, want %d",
				f.Name, v.spec.Name, len(val.Float32List()), f.Vector.Dimension)
		}
		p.values[f.Name] = val
	}
	return p, nil
}

func createdMicros(t time.Time) int64 {
	if t.IsZero() {
		return unsetCreated
	}
	return types.ToMicros(t)
}

func createdTime(us int64) time.Time {
	if us == unsetCreated {
		return time.Time{}
	}
	return types.FromMicros(us)
}
