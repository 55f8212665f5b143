package memstore

import (
	"context"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// WriteBatch implements onlinestore.Store. A row replaces the stored one only
// if its (event, created) pair is not older, so within a batch the newest
// row wins whatever the order.
func (s *Online) WriteBatch(_ context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err := s.view(req.Project, req.FeatureView)
	if err != nil {
		return nil, err
	}
	fields, err := featureTypes(v, req.FeatureNames)
	if err != nil {
		return nil, err
	}
	for i := range req.Rows {
		if err := checkRow(v, fields, &req.Rows[i]); err != nil {
			return nil, err
		}
	}
	for i := range req.Rows {
		v.apply(req.FeatureNames, &req.Rows[i], s.expiry())
	}
	return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(req.Rows))}, nil
}

// checkRow validates one row against the view's features.
func checkRow(v *view, fields []types.Field, r *onlinestore.WriteRow) error {
	if len(r.Values) != len(fields) {
		return storeerr.InvalidArgument("row of view %s has %d values for %d features", v.spec.Name, len(r.Values), len(fields))
	}
	if r.EventTimestamp.IsZero() {
		return storeerr.InvalidArgument("row %s of view %s has no event timestamp", r.EntityKey, v.spec.Name)
	}
	for i, f := range fields {
		val := r.Values[i]
		if !val.IsNull() && val.Type() != f.Type {
			return storeerr.InvalidArgument("feature %s of view %s is %s, got a %s value", f.Name, v.spec.Name, f.Type, val.Type())
		}
		if f.Vector != nil && !val.IsNull() && vectorLen(val) != f.Vector.Dimension {
			return storeerr.InvalidArgument("vector %s of view %s has dimension %d, want %d",
				f.Name, v.spec.Name, vectorLen(val), f.Vector.Dimension)
		}
	}
	return nil
}

// apply stores r unless the stored row is newer.
func (v *view) apply(names []string, r *onlinestore.WriteRow, expires time.Time) {
	k := entityKeyString(r.EntityKey)
	old := v.rows[k]
	if old != nil && !old.live(time.Now()) {
		old = nil // expired: gone
	}
	if old != nil && newer(old.event, old.created, r.EventTimestamp, r.CreatedTimestamp) {
		return
	}
	row := &storedRow{key: r.EntityKey, values: make(map[string]types.Value, len(names)),
		event: r.EventTimestamp.UTC(), created: r.CreatedTimestamp.UTC(), expires: expires}
	if old != nil {
		for n, val := range old.values {
			row.values[n] = val
		}
	}
	for i, n := range names {
		row.values[n] = r.Values[i]
	}
	v.rows[k] = row
}

// newer reports whether (e1, c1) is strictly newer than (e2, c2).
func newer(e1, c1, e2, c2 time.Time) bool {
	if !e1.Equal(e2) {
		return e1.After(e2)
	}
	return c1.After(c2)
}

// Read implements onlinestore.Store: one result row per requested key, in
// order; a view that was never applied holds nothing (Found=false rows).
func (s *Online) Read(_ context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := &onlinestore.ReadResponse{Views: make([][]onlinestore.ReadRow, len(req.Views))}
	for i, rv := range req.Views {
		rows := make([]onlinestore.ReadRow, len(rv.EntityKeys))
		out.Views[i] = rows
		v, ok := s.projects[req.Project][rv.FeatureView]
		if !ok {
			continue
		}
		if _, err := featureTypes(v, rv.Features); err != nil {
			return nil, err
		}
		for j, k := range rv.EntityKeys {
			rows[j] = v.read(k, rv.Features)
		}
	}
	return out, nil
}

// read returns the stored row of k restricted to features.
func (v *view) read(k types.EntityKey, features []string) onlinestore.ReadRow {
	r, ok := v.rows[entityKeyString(k)]
	if !ok || !r.live(time.Now()) {
		return onlinestore.ReadRow{}
	}
	vals := make([]types.Value, len(features))
	for i, f := range features {
		vals[i] = r.values[f]
	}
	return onlinestore.ReadRow{Found: true, Values: vals, EventTimestamp: r.event, CreatedTimestamp: r.created}
}
