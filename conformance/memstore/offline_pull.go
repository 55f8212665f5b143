package memstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// rowRef points at one row of a table.
type rowRef struct {
	rec, row int
	event    time.Time
	created  time.Time
}

// PullRange implements offlinestore.Store: every row with event time in
// [Start, End), in table order. A zero Start or End leaves that end open.
func (s *Offline) PullRange(_ context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return s.pull(req, false)
}

// PullLatest implements offlinestore.Store: per entity key, the row with the
// greatest event time in [Start, End), then the greatest created time.
func (s *Offline) PullLatest(_ context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return s.pull(req, true)
}

func (s *Offline) pull(req *offlinestore.PullRequest, latest bool) (*offlinestore.PullResponse, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, err := s.table(req.Project, req.Source)
	if err != nil {
		return nil, err
	}
	cols, err := outputColumns(t.schema, req)
	if err != nil {
		return nil, err
	}
	filter, err := newKeyFilter(req)
	if err != nil {
		return nil, err
	}
	refs := t.selectRows(cols, req, len(req.JoinKeys), latest, filter)
	rd, err := t.project(s, cols, outputNames(req), refs)
	if err != nil {
		return nil, err
	}
	return &offlinestore.PullResponse{Records: rd}, nil
}

// outputColumns returns the schema indices of join keys, features, the
// event timestamp and (when set) the created timestamp, in output order.
func outputColumns(schema *arrow.Schema, req *offlinestore.PullRequest) ([]int, error) {
	names := append(append(append([]string{}, req.JoinKeys...), req.FeatureColumns...), req.Source.TimestampField)
	if req.Source.CreatedTimestampColumn != "" {
		names = append(names, req.Source.CreatedTimestampColumn)
	}
	raw := map[string]string{} // mapped name -> source column
	for from, to := range req.Source.FieldMapping {
		raw[to] = from
	}
	out := make([]int, len(names))
	for i, n := range names {
		if r, ok := raw[n]; ok && i < len(req.JoinKeys)+len(req.FeatureColumns) {
			n = r
		}
		idx := schema.FieldIndices(n)
		if len(idx) == 0 {
			return nil, storeerr.InvalidArgument("table has no column %q", n)
		}
		out[i] = idx[0]
	}
	for _, i := range out[len(req.JoinKeys)+len(req.FeatureColumns):] {
		if _, ok := schema.Field(i).Type.(*arrow.TimestampType); !ok {
			return nil, storeerr.InvalidArgument("column %q is %s, want a timestamp", schema.Field(i).Name, schema.Field(i).Type)
		}
	}
	return out, nil
}

// outputNames are the names of a pull's columns: join keys and features
// as requested (field-mapped names), then the timestamps as the spec names them.
func outputNames(req *offlinestore.PullRequest) []string {
	names := append(append(append([]string{}, req.JoinKeys...), req.FeatureColumns...), req.Source.TimestampField)
	if req.Source.CreatedTimestampColumn != "" {
		names = append(names, req.Source.CreatedTimestampColumn)
	}
	return names
}

// selectRows returns the rows of the filter's keys in the window, or the
// latest per key.
func (t *table) selectRows(cols []int, req *offlinestore.PullRequest, nKeys int, latest bool, filter keyFilter) []rowRef {
	evCol := cols[nKeys+len(req.FeatureColumns)]
	crCol := -1
	if req.Source.CreatedTimestampColumn != "" {
		crCol = cols[len(cols)-1]
	}
	var refs []rowRef
	best := map[string]int{} // key -> index in refs
	for ri, rec := range t.records {
		for row := 0; row < int(rec.NumRows()); row++ {
			ev, ok := timeAt(rec.Column(evCol), row)
			if !ok || (!req.Start.IsZero() && ev.Before(req.Start)) || (!req.End.IsZero() && !ev.Before(req.End)) ||
				!filter.match(rec, cols[:nKeys], row) {
				continue
			}
			ref := rowRef{rec: ri, row: row, event: ev}
			if crCol >= 0 {
				ref.created, _ = timeAt(rec.Column(crCol), row)
			}
			if !latest {
				refs = append(refs, ref)
				continue
			}
			k := rowKey(rec, cols[:nKeys], row)
			if i, seen := best[k]; !seen {
				best[k] = len(refs)
				refs = append(refs, ref)
			} else if !newer(refs[i].event, refs[i].created, ref.event, ref.created) {
				refs[i] = ref
			}
		}
	}
	return refs
}

// timeAt reads a timestamp cell; false for null.
func timeAt(col arrow.Array, row int) (time.Time, bool) {
	ts := col.(*array.Timestamp)
	if ts.IsNull(row) {
		return time.Time{}, false
	}
	unit := ts.DataType().(*arrow.TimestampType).Unit
	return ts.Value(row).ToTime(unit).UTC(), true
}

// rowKey encodes the join key cells of a row.
func rowKey(rec arrow.RecordBatch, keyCols []int, row int) string {
	var b strings.Builder
	for _, c := range keyCols {
		col := rec.Column(c)
		if col.IsNull(row) {
			b.WriteString("n;")
			continue
		}
		s := col.ValueStr(row)
		fmt.Fprintf(&b, "%d:%s;", len(s), s)
	}
	return b.String()
}

// project builds one record of the selected rows and columns.
func (t *table) project(s *Offline, cols []int, names []string, refs []rowRef) (array.RecordReader, error) {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = t.schema.Field(c)
		fields[i].Name = names[i]
	}
	schema := arrow.NewSchema(fields, nil)
	if len(refs) == 0 {
		return emptyReader(schema)
	}
	arrays := make([]arrow.Array, len(cols))
	defer releaseArrays(arrays)
	for i, c := range cols {
		parts := make([]arrow.Array, 0, len(refs))
		for _, run := range runs(refs) {
			parts = append(parts, array.NewSlice(t.records[run.rec].Column(c), int64(run.row), int64(run.row+run.n)))
		}
		arr, err := array.Concatenate(parts, s.mem)
		releaseArrays(parts)
		if err != nil {
			return nil, storeerr.Internal("building column %s: %w", fields[i].Name, err)
		}
		arrays[i] = arr
	}
	rec := array.NewRecordBatch(schema, arrays, int64(len(refs)))
	defer rec.Release()
	return array.NewRecordReader(schema, []arrow.RecordBatch{rec})
}

// run is a stretch of consecutive rows of one record.
type run struct{ rec, row, n int }

// runs coalesces row references into stretches of consecutive rows.
func runs(refs []rowRef) []run {
	var out []run
	for _, r := range refs {
		if l := len(out) - 1; l >= 0 && out[l].rec == r.rec && out[l].row+out[l].n == r.row {
			out[l].n++
			continue
		}
		out = append(out, run{rec: r.rec, row: r.row, n: 1})
	}
	return out
}

func releaseArrays(arrs []arrow.Array) {
	for _, a := range arrs {
		if a != nil {
			a.Release()
		}
	}
}

// valueTypeOf maps an Arrow type to a Quiver value type.
func valueTypeOf(dt arrow.DataType) (types.ValueType, error) {
	switch dt.ID() {
	case arrow.BOOL:
		return types.Bool, nil
	case arrow.INT32:
		return types.Int32, nil
	case arrow.INT64:
		return types.Int64, nil
	case arrow.FLOAT32:
		return types.Float32, nil
	case arrow.FLOAT64:
		return types.Float64, nil
	case arrow.STRING, arrow.LARGE_STRING:
		return types.String, nil
	case arrow.BINARY, arrow.LARGE_BINARY:
		return types.Bytes, nil
	case arrow.TIMESTAMP:
		return types.Timestamp, nil
	case arrow.LIST, arrow.LARGE_LIST:
		elem, err := valueTypeOf(dt.(arrow.ListLikeType).Elem())
		if err != nil || elem.IsList() {
			return types.Invalid, storeerr.InvalidArgument("unsupported column type %s", dt)
		}
		return elem + 10, nil
	}
	return types.Invalid, storeerr.InvalidArgument("unsupported column type %s", dt)
}
