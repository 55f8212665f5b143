package conformance

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/sdk/types"
)

// offRow is one row of the offline fixture table.
type offRow struct {
	id      int64
	conv    float64
	label   string
	event   time.Time
	created time.Time
}

// String renders a row for messages.
func (r offRow) String() string {
	return fmt.Sprintf("{driver_id=%d conv_rate=%g label=%q event=%s created=%s}", r.id, r.conv, r.label, fmtTime(r.event), fmtTime(r.created))
}

// The fixture table's columns.
const (
	colID      = "driver_id"
	colConv    = "conv_rate"
	colLabel   = "label"
	colEvent   = "event_timestamp"
	colCreated = "created"
)

// tsType is the timestamp type of Quiver's Arrow data.
var tsType = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}

// offSchema is the fixture table's schema.
var offSchema = arrow.NewSchema([]arrow.Field{
	{Name: colID, Type: arrow.PrimitiveTypes.Int64},
	{Name: colConv, Type: arrow.PrimitiveTypes.Float64},
	{Name: colLabel, Type: arrow.BinaryTypes.String},
	{Name: colEvent, Type: tsType},
	{Name: colCreated, Type: tsType},
}, nil)

// offColumns are the fixture's columns as GetSourceSchema must list them.
var offColumns = []types.Field{
	{Name: colID, Type: types.Int64}, {Name: colConv, Type: types.Float64}, {Name: colLabel, Type: types.String},
	{Name: colEvent, Type: types.Timestamp}, {Name: colCreated, Type: types.Timestamp},
}

// offSource returns the data source of a fixture table.
func (e *env) offSource(table string) types.DataSourceSpec {
	opts := maps.Clone(e.s.cfg.SourceOptions)
	if opts == nil {
		opts = map[string]string{}
	}
	opts["table"] = table
	return types.DataSourceSpec{Name: table, Options: opts, TimestampField: colEvent, CreatedTimestampColumn: colCreated}
}

// offRecord builds one record of rows.
func offRecord(rows []offRow) arrow.RecordBatch {
	b := array.NewRecordBuilder(memory.NewGoAllocator(), offSchema)
	defer b.Release()
	for _, r := range rows {
		b.Field(0).(*array.Int64Builder).Append(r.id)
		b.Field(1).(*array.Float64Builder).Append(r.conv)
		b.Field(2).(*array.StringBuilder).Append(r.label)
		b.Field(3).(*array.TimestampBuilder).Append(arrow.Timestamp(r.event.UnixMicro()))
		b.Field(4).(*array.TimestampBuilder).Append(arrow.Timestamp(r.created.UnixMicro()))
	}
	return b.NewRecordBatch()
}

// offReader returns a reader over records of the given row groups.
func offReader(groups ...[]offRow) (array.RecordReader, error) {
	recs := make([]arrow.RecordBatch, len(groups))
	for i, g := range groups {
		recs[i] = offRecord(g)
	}
	rd, err := array.NewRecordReader(offSchema, recs)
	for _, r := range recs {
		r.Release()
	}
	return rd, err
}

// readOffRows reads every record of rd into rows, checking the column
// names, order and types against want (the names a pull must answer).
func readOffRows(rd array.RecordReader, want []string) ([]offRow, error) {
	defer rd.Release()
	if err := checkOffSchema(rd.Schema(), want); err != nil {
		return nil, err
	}
	var out []offRow
	for rd.Next() {
		rec := rd.RecordBatch()
		ids := rec.Column(0).(*array.Int64)
		conv := rec.Column(1).(*array.Float64)
		label := rec.Column(2).(*array.String)
		ev := rec.Column(3).(*array.Timestamp)
		cr := rec.Column(4).(*array.Timestamp)
		for i := range int(rec.NumRows()) {
			out = append(out, offRow{id: ids.Value(i), conv: conv.Value(i), label: strings.Clone(label.Value(i)),
				event: time.UnixMicro(int64(ev.Value(i))).UTC(), created: time.UnixMicro(int64(cr.Value(i))).UTC()})
		}
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("reading records: %w", err)
	}
	sortOffRows(out)
	return out, nil
}

// checkOffSchema checks that a pulled schema has exactly the fixture's
// columns under the wanted names, in order.
func checkOffSchema(s *arrow.Schema, want []string) error {
	if s.NumFields() != len(want) {
		return fmt.Errorf("pulled schema is %s, want the columns %v", s, want)
	}
	for i, f := range s.Fields() {
		wantType := offSchema.Field(i).Type
		if f.Name != want[i] || !arrow.TypeEqual(f.Type, wantType) {
			return fmt.Errorf("pulled column %d is %s %s, want %s %s", i, f.Name, f.Type, want[i], wantType)
		}
	}
	return nil
}

// sortOffRows orders rows by id, event, created.
func sortOffRows(rows []offRow) {
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.id != b.id {
			return a.id < b.id
		}
		if !a.event.Equal(b.event) {
			return a.event.Before(b.event)
		}
		return a.created.Before(b.created)
	})
}
