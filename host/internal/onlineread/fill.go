package onlineread

import (
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/valuejson"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// joinKeyColumns echoes the request's entity values as the first columns,
// typed by the entity that declares each join key.
func joinKeyColumns(repo *model.Repo, req *Request, rows int, out []Column) error {
	keyTypes := map[string]types.ValueType{}
	for _, e := range repo.Entities {
		for _, k := range e.JoinKeys {
			keyTypes[k] = e.ValueType
		}
	}
	for j, k := range req.JoinKeys {
		t, known := keyTypes[k]
		col := Column{Values: make([]types.Value, rows), Statuses: make([]Status, rows), EventTimestamps: make([]time.Time, rows)}
		for i, raw := range req.Entities[k] {
			var err error
			if known {
				col.Values[i], err = valuejson.Decode(raw, t)
			} else {
				col.Values[i], err = untyped(raw)
			}
			if err != nil {
				return apierr.Invalid("join key %s, value %d: %v", k, i, err)
			}
			col.Statuses[i] = Present
		}
		out[j] = col
	}
	return nil
}

// untyped passes through a column no entity declares (it matches no view).
func untyped(raw any) (types.Value, error) {
	switch x := raw.(type) {
	case string:
		return types.StringValue(x), nil
	case bool:
		return types.BoolValue(x), nil
	}
	return valuejson.Decode(raw, types.Int64)
}

// fill writes one view's stored rows into the output columns, feature f
// into out[cols[f]], applying the view's ttl: a value older than now - ttl
// is OUTSIDE_MAX_AGE and null.
func fill(out []Column, view *model.FeatureView, cols []int, rows []onlinestore.ReadRow, now time.Time) {
	ttl := view.TTL.Duration
	for f, col := range cols {
		c := Column{Values: make([]types.Value, len(rows)), Statuses: make([]Status, len(rows)), EventTimestamps: make([]time.Time, len(rows))}
		for i, row := range rows {
			c.Statuses[i] = onlinestore.ValueStatus(row, f, ttl, now)
			if c.Statuses[i] == Present {
				c.Values[i] = row.Values[f]
			}
			if row.Found {
				c.EventTimestamps[i] = row.EventTimestamp
			}
		}
		out[col] = c
	}
}
