package pitoracle

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// entityRow is one generated entity row.
type entityRow struct {
	driver   int64
	customer string // "" is null
	t        int64
	label    int64
}

// entityRecords builds the entity table: driver_id, customer,
// event_timestamp and a label, with times aimed at the rules' edges.
func (g *gen) entityRecords(d *driverData) []arrow.RecordBatch {
	var rows []entityRow
	for i := 0; len(rows) < g.o.EntityRows; i++ {
		if i > 0 && g.r.IntN(10) == 0 { // duplicate of an earlier row
			rows = append(rows, rows[g.r.IntN(len(rows))])
			continue
		}
		id := int64(g.r.IntN(g.o.Drivers + 2)) // 0 and Drivers+1 have no data
		r := entityRow{driver: id, t: g.edgeTime(d.events[id]), label: int64(i)}
		if g.r.IntN(12) != 0 {
			r.customer = fmt.Sprintf("c%d", g.r.IntN(9)) // c8 has no data
		}
		rows = append(rows, r)
	}
	tsType := arrow.DataType(&arrow.TimestampType{Unit: arrow.Microsecond})
	if g.o.TZTimestamp {
		tsType = TimestampType
	}
	b := newBuilder(arrow.Field{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64},
		arrow.Field{Name: "customer", Type: arrow.BinaryTypes.String},
		arrow.Field{Name: "event_timestamp", Type: tsType},
		arrow.Field{Name: "label", Type: arrow.PrimitiveTypes.Int64})
	defer b.Release()
	for _, r := range rows {
		b.Field(0).(*array.Int64Builder).Append(r.driver)
		if r.customer == "" {
			b.Field(1).AppendNull()
		} else {
			b.Field(1).(*array.StringBuilder).Append(r.customer)
		}
		appendTime(b.Field(2), r.t, false)
		b.Field(3).(*array.Int64Builder).Append(r.label)
	}
	return g.split(b.NewRecordBatch())
}

// edgeTime picks an entity time: at a source row's event time, at exactly
// e + ttl, one microsecond past it, one microsecond before e, before any
// data, or anywhere.
func (g *gen) edgeTime(events []int64) int64 {
	if len(events) == 0 || g.r.IntN(6) == 0 {
		return at(g.jitter() - 2*hourUS)
	}
	e := events[g.r.IntN(len(events))]
	switch g.r.IntN(6) {
	case 0:
		return e
	case 1:
		return e + hourUS
	case 2:
		return e + hourUS + 1
	case 3:
		return e - 1
	case 4:
		return at(-hourUS - g.r.Int64N(hourUS))
	}
	return at(g.jitter())
}
