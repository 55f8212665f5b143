package materialize

import (
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// RowSchema says which columns of a pulled record make an online row.
type RowSchema struct {
	// JoinKeys are the view's join keys, in order, with their types.
	JoinKeys []types.Field
	// Features are the view's features, in order, with their types.
	Features []types.Field
	// EventTimestamp names the event timestamp column. Required.
	EventTimestamp string
	// CreatedTimestamp names the created timestamp column. Optional: rows
	// without one (or with a null) use the event timestamp.
	CreatedTimestamp string
	// CheckTime refuses event and created timestamps outside the accepted
	// window (quiver.yaml's ingestion block); such rows are skipped.
	// Optional.
	CheckTime func(time.Time) error
}

// RowStats counts the rows a conversion skipped.
type RowStats struct {
	// NoEventTime counts rows whose event timestamp is null.
	NoEventTime int64
	// NullKey counts rows with a null join key.
	NullKey int64
	// OutsideTimeWindow counts rows whose event or created timestamp
	// CheckTime refused.
	OutsideTimeWindow int64
}

// Skipped is the number of rows skipped for any reason.
func (s RowStats) Skipped() int64 { return s.NoEventTime + s.NullKey + s.OutsideTimeWindow }

// ConvertRecord turns one pulled record into online rows, appending them to
// dst. A row with a null event timestamp or join key cannot be stored
// online; it is skipped and counted in stats.
func ConvertRecord(rec arrow.RecordBatch, s RowSchema, dst []onlinestore.WriteRow, stats *RowStats) ([]onlinestore.WriteRow, error) {
	keys, err := getters(rec, s.JoinKeys)
	if err != nil {
		return dst, err
	}
	feats, err := getters(rec, s.Features)
	if err != nil {
		return dst, err
	}
	event, err := timeGetter(rec, s.EventTimestamp)
	if err != nil {
		return dst, err
	}
	var created getter
	if s.CreatedTimestamp != "" {
		if created, err = timeGetter(rec, s.CreatedTimestamp); err != nil {
			return dst, err
		}
	}
	for i := range int(rec.NumRows()) {
		row, ok, err := convertRow(i, s, keys, feats, event, created)
		if err != nil {
			return dst, err
		}
		if !ok {
			if row.EventTimestamp.IsZero() {
				stats.NoEventTime++
			} else {
				stats.NullKey++
			}
			continue
		}
		if s.CheckTime != nil && (s.CheckTime(row.EventTimestamp) != nil || s.CheckTime(row.CreatedTimestamp) != nil) {
			stats.OutsideTimeWindow++
			continue
		}
		dst = append(dst, row)
	}
	return dst, nil
}

// convertRow builds row i; ok is false for a row that cannot be stored.
func convertRow(i int, s RowSchema, keys, feats []getter, event, created getter) (onlinestore.WriteRow, bool, error) {
	var row onlinestore.WriteRow
	ev, err := event(i)
	if err != nil || ev.IsNull() {
		return row, false, err
	}
	row.EventTimestamp = ev.Time()
	row.CreatedTimestamp = row.EventTimestamp
	if created != nil {
		cr, err := created(i)
		if err != nil {
			return row, false, err
		}
		if !cr.IsNull() {
			row.CreatedTimestamp = cr.Time()
		}
	}
	row.EntityKey = make(types.EntityKey, len(keys))
	for j, get := range keys {
		v, err := get(i)
		if err != nil {
			return row, false, fmt.Errorf("join key %s, row %d: %w", s.JoinKeys[j].Name, i, err)
		}
		if v.IsNull() {
			return row, false, nil
		}
		row.EntityKey[j] = types.KeyPart{JoinKey: s.JoinKeys[j].Name, Value: v}
	}
	row.Values = make([]types.Value, len(feats))
	for j, get := range feats {
		if row.Values[j], err = get(i); err != nil {
			return row, false, fmt.Errorf("feature %s, row %d: %w", s.Features[j].Name, i, err)
		}
	}
	return row, true, nil
}

// getters finds each field's column in rec and returns its getter.
func getters(rec arrow.RecordBatch, fields []types.Field) ([]getter, error) {
	out := make([]getter, len(fields))
	for j, f := range fields {
		arr, err := column(rec, f.Name)
		if err != nil {
			return nil, err
		}
		if out[j], err = columnGetter(arr, f.Type); err != nil {
			return nil, fmt.Errorf("column %s: %w", f.Name, err)
		}
	}
	return out, nil
}

// timeGetter returns the getter of a timestamp column.
func timeGetter(rec arrow.RecordBatch, name string) (getter, error) {
	arr, err := column(rec, name)
	if err != nil {
		return nil, err
	}
	get, err := columnGetter(arr, types.Timestamp)
	if err != nil {
		return nil, fmt.Errorf("timestamp column %s: %w", name, err)
	}
	return get, nil
}

// column returns the column of rec called name.
func column(rec arrow.RecordBatch, name string) (arrow.Array, error) {
	idx := rec.Schema().FieldIndices(name)
	if len(idx) == 0 {
		return nil, fmt.Errorf("the offline store returned no column %q", name)
	}
	return rec.Column(idx[0]), nil
}
