package sqliteonline

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// inBuckets are the sizes of the prepared `key IN (...)` statements; a batch
// of keys is padded (repeating its last key) to the next size, so a few
// statements per table serve every request.
var inBuckets = []int{1, 8, 32, 128, 500}

// maxIn is the largest batch of keys in one query.
var maxIn = inBuckets[len(inBuckets)-1]

// bucketFor returns the smallest bucket that holds n keys (n <= maxIn).
func bucketFor(n int) int {
	for _, b := range inBuckets {
		if n <= b {
			return b
		}
	}
	return maxIn
}

// selectSQL reads the rows of up to n keys of a table.
func selectSQL(table string, n int) string {
	return `SELECT key, vals, event_ts, created_ts FROM ` + quoted(table) +
		` WHERE key IN (?` + strings.Repeat(`, ?`, n-1) + `)`
}

// storedRow is a row as read from a table.
type storedRow struct {
	vals           []codec.NamedValue
	event, created int64
}

// Read answers many views and many keys in one read transaction, one query
// per view and batch of up to 500 distinct keys. A view that was never
// applied (or was deleted) holds nothing: its keys are answered Found=false.
func (s *Store) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	if req.Project == "" {
		return nil, storeerr.InvalidArgument("sqlite online store: Read: project is required")
	}
	db, err := s.database()
	if err != nil {
		return nil, err
	}
	lookup, err := db.stmt(ctx, false, lookupSQL)
	if err != nil {
		return nil, dbError("preparing the catalog lookup", err)
	}
	plans := make([]*keyPlan, len(req.Views))
	for i, rv := range req.Views {
		if plans[i], err = s.planKeys(ctx, db, req.Project, rv.FeatureView, rv.EntityKeys); err != nil && !errors.Is(err, storeerr.ErrNotFound) {
			return nil, err
		}
	}
	tx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		return nil, dbError("beginning a read", err)
	}
	defer func() { _ = tx.Rollback() }()
	resp := &onlinestore.ReadResponse{Views: make([][]onlinestore.ReadRow, len(req.Views))}
	for i, rv := range req.Views {
		if plans[i] == nil { // not applied when the keys were planned
			resp.Views[i] = make([]onlinestore.ReadRow, len(rv.EntityKeys))
			continue
		}
		meta, err := s.lookupView(ctx, tx, lookup, req.Project, rv.FeatureView)
		if errors.Is(err, storeerr.ErrNotFound) { // deleted since
			resp.Views[i] = make([]onlinestore.ReadRow, len(rv.EntityKeys))
			continue
		}
		if err != nil {
			return nil, err
		}
		if resp.Views[i], err = readView(ctx, tx, meta, rv, plans[i]); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

// readView checks a view's request against its spec and reads its rows.
func readView(ctx context.Context, tx *sql.Tx, meta *viewMeta, rv onlinestore.ReadView, plan *keyPlan) ([]onlinestore.ReadRow, error) {
	if err := checkFeatures(meta.spec, rv.Features, nil); err != nil {
		return nil, err
	}
	for _, k := range rv.EntityKeys {
		if err := checkKey(meta.spec, k); err != nil {
			return nil, err
		}
	}
	stored, err := plan.fetch(ctx, tx)
	if err != nil {
		return nil, dbError("reading view "+rv.FeatureView, err)
	}
	out := make([]onlinestore.ReadRow, len(rv.EntityKeys))
	for i, key := range plan.keyOf {
		r, ok := stored[key]
		if !ok {
			continue
		}
		out[i] = onlinestore.ReadRow{Found: true, Values: pick(r.vals, rv.Features),
			EventTimestamp: types.FromMicros(r.event), CreatedTimestamp: types.FromMicros(r.created)}
	}
	return out, nil
}

// pick returns the values of features from a stored row; a feature the row
// does not hold (written before a schema change) is null.
// The search for each feature starts after the previous match, so features
// asked in stored order (the usual case) cost one comparison each.
func pick(vals []codec.NamedValue, features []string) []types.Value {
	out := make([]types.Value, len(features))
	next := 0
	for i, name := range features {
		for j := range vals {
			k := (next + j) % len(vals)
			if vals[k].Name == name {
				out[i] = vals[k].Value
				next = k + 1
				break
			}
		}
	}
	return out
}
