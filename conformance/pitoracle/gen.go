package pitoracle

import (
	"math/rand/v2"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Options shape a generated scenario.
type Options struct {
	Seed        uint64
	EntityRows  int  // default 400
	Drivers     int  // distinct driver ids with data; default 12
	RowsPerKey  int  // source rows per driver; default 12
	FullNames   bool // ask with full feature names; adds a colliding feature name
	TZTimestamp bool // entity timestamps carry tz UTC; default: no time zone (read as UTC)
	Batches     int  // records per table; default 3
}

// Base is the time generated data starts at.
var Base = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// Generate returns a join request over three views that exercises every
// rule: equal event times with different created times (and null created
// times), rows exactly at t, at t - ttl and one microsecond outside, ttl
// 0, entity rows before any feature row, duplicate entity rows, null
// feature values, null join keys, views with different join keys, a view
// with no entities, a join-key map, field mappings, timestamps without a
// time zone and entity rows in no particular order.
func Generate(o Options) *Request {
	o.defaults()
	g := &gen{o: o, r: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))}
	drivers := g.driverView()
	customers := g.customerView()
	weather := g.weatherView()
	return &Request{
		Entities:         g.entityRecords(drivers),
		TimestampColumn:  "event_timestamp",
		Views:            []View{drivers.view, customers, weather},
		FullFeatureNames: o.FullNames,
	}
}

func (o *Options) defaults() {
	if o.EntityRows == 0 {
		o.EntityRows = 400
	}
	if o.Drivers == 0 {
		o.Drivers = 12
	}
	if o.RowsPerKey == 0 {
		o.RowsPerKey = 12
	}
	if o.Batches == 0 {
		o.Batches = 3
	}
}

// gen holds a generator's state.
type gen struct {
	o Options
	r *rand.Rand
}

// at returns Base plus us microseconds.
func at(us int64) int64 { return Base.UnixMicro() + us }

// jitter returns a random time within the first two days, in microseconds.
func (g *gen) jitter() int64 { return g.r.Int64N(48 * int64(time.Hour/time.Microsecond)) }

// split cuts a record into g.o.Batches records.
func (g *gen) split(rec arrow.RecordBatch) []arrow.RecordBatch {
	defer rec.Release()
	n := rec.NumRows()
	var out []arrow.RecordBatch
	for i := 0; i < g.o.Batches; i++ {
		lo, hi := n*int64(i)/int64(g.o.Batches), n*int64(i+1)/int64(g.o.Batches)
		out = append(out, rec.NewSlice(lo, hi))
	}
	return out
}

// RawRows returns v's rows under the raw source names of its field
// mapping, as a store would hold them. The caller releases them.
func RawRows(v *View) []arrow.RecordBatch {
	rename := map[string]string{}
	for raw, name := range v.FieldMapping {
		rename[name] = raw
	}
	var out []arrow.RecordBatch
	for _, rec := range v.Rows {
		fields := make([]arrow.Field, rec.Schema().NumFields())
		for i, f := range rec.Schema().Fields() {
			if raw, ok := rename[f.Name]; ok {
				f.Name = raw
			}
			fields[i] = f
		}
		out = append(out, array.NewRecordBatch(arrow.NewSchema(fields, nil), rec.Columns(), rec.NumRows()))
	}
	return out
}

// Release releases the request's records.
func (r *Request) Release() {
	for _, rec := range r.Entities {
		rec.Release()
	}
	for _, v := range r.Views {
		for _, rec := range v.Rows {
			rec.Release()
		}
	}
}

// newBuilder returns a record builder over fields.
func newBuilder(fields ...arrow.Field) *array.RecordBuilder {
	for i := range fields {
		fields[i].Nullable = true
	}
	return array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema(fields, nil))
}

// appendTime appends us, or null when null is set.
func appendTime(b array.Builder, us int64, null bool) {
	if null {
		b.AppendNull()
		return
	}
	b.(*array.TimestampBuilder).Append(arrow.Timestamp(us))
}
