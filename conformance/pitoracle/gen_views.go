package pitoracle

import (
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// driverData is the driver view with the event times of its rows per driver.
type driverData struct {
	view   View
	events map[int64][]int64
}

const hourUS = int64(time.Hour / time.Microsecond)

// driverView: join key driver_id, ttl 1h, created timestamps with ties on
// event time, null created times, null values, and a field mapping.
func (g *gen) driverView() *driverData {
	d := &driverData{events: map[int64][]int64{}}
	b := newBuilder(arrow.Field{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64},
		arrow.Field{Name: "conv_rate", Type: arrow.PrimitiveTypes.Float64},
		arrow.Field{Name: "trips", Type: arrow.PrimitiveTypes.Int64},
		arrow.Field{Name: "note", Type: arrow.BinaryTypes.String},
		arrow.Field{Name: "event_timestamp", Type: TimestampType},
		arrow.Field{Name: "created", Type: TimestampType})
	defer b.Release()
	seq := 0
	add := func(id, e, c int64, nullCreated bool) {
		seq++
		b.Field(0).(*array.Int64Builder).Append(id)
		if g.r.IntN(8) == 0 {
			b.Field(1).AppendNull()
		} else {
			b.Field(1).(*array.Float64Builder).Append(float64(g.r.IntN(1000)) / 1000)
		}
		b.Field(2).(*array.Int64Builder).Append(int64(seq))
		b.Field(3).(*array.StringBuilder).Append(fmt.Sprintf("d%d#%d", id, seq))
		appendTime(b.Field(4), e, false)
		appendTime(b.Field(5), c, nullCreated)
		d.events[id] = append(d.events[id], e)
	}
	for id := int64(1); id <= int64(g.o.Drivers); id++ {
		for range g.o.RowsPerKey {
			e := at(g.jitter())
			c := e + g.r.Int64N(600_000_000)
			add(id, e, c, false)
			switch g.r.IntN(5) {
			case 0: // same event time, later created: wins
				add(id, e, c+1+g.r.Int64N(1000), false)
			case 1: // same event time, earlier created: loses
				add(id, e, c-1-g.r.Int64N(1000), false)
			case 2: // same event time, null created: loses
				add(id, e, 0, true)
			}
		}
	}
	d.view = View{Name: "driver_stats", JoinKeys: []string{"driver_id"}, Features: []string{"conv_rate", "trips", "note"},
		TTL: time.Hour, EventColumn: "event_timestamp", CreatedColumn: "created",
		FieldMapping: map[string]string{"trips_raw": "trips"}, Rows: g.split(b.NewRecordBatch())}
	return d
}

// customerView: string join key customer_id read from the entity column
// "customer" through a join-key map, ttl 0, no created timestamp.
func (g *gen) customerView() View {
	fields := []arrow.Field{{Name: "customer_id", Type: arrow.BinaryTypes.String},
		{Name: "score", Type: arrow.PrimitiveTypes.Float32},
		{Name: "active", Type: arrow.FixedWidthTypes.Boolean}}
	features := []string{"score", "active"}
	if g.o.FullNames {
		fields = append(fields, arrow.Field{Name: "trips", Type: arrow.PrimitiveTypes.Int32})
		features = append(features, "trips")
	}
	fields = append(fields, arrow.Field{Name: "ts", Type: TimestampType})
	b := newBuilder(fields...)
	defer b.Release()
	for c := range 8 {
		for range 6 {
			b.Field(0).(*array.StringBuilder).Append(fmt.Sprintf("c%d", c))
			b.Field(1).(*array.Float32Builder).Append(float32(g.r.IntN(100)) / 4)
			if g.r.IntN(6) == 0 {
				b.Field(2).AppendNull()
			} else {
				b.Field(2).(*array.BooleanBuilder).Append(g.r.IntN(2) == 0)
			}
			if g.o.FullNames {
				b.Field(3).(*array.Int32Builder).Append(int32(g.r.IntN(50)))
			}
			// Distinct event times per key: no created column breaks ties.
			appendTime(b.Field(len(fields)-1), at(g.jitter()/64*64+int64(c)), false)
		}
	}
	return View{Name: "customer_profile", JoinKeys: []string{"customer_id"}, Features: features,
		JoinKeyMap: map[string]string{"customer": "customer_id"}, EventColumn: "ts",
		FieldMapping: map[string]string{"score_raw": "score"}, Rows: g.split(b.NewRecordBatch())}
}

// weatherView: no entities, ttl 2h, joined on time alone.
func (g *gen) weatherView() View {
	b := newBuilder(arrow.Field{Name: "temperature", Type: arrow.PrimitiveTypes.Float64},
		arrow.Field{Name: "event_timestamp", Type: TimestampType},
		arrow.Field{Name: "created", Type: TimestampType})
	defer b.Release()
	for i := range 40 {
		e := at(int64(i)*hourUS + g.r.Int64N(hourUS/2))
		b.Field(0).(*array.Float64Builder).Append(float64(g.r.IntN(400)) / 10)
		appendTime(b.Field(1), e, false)
		appendTime(b.Field(2), e+int64(i), false)
	}
	return View{Name: "weather", Features: []string{"temperature"}, TTL: 2 * time.Hour,
		EventColumn: "event_timestamp", CreatedColumn: "created", Rows: g.split(b.NewRecordBatch())}
}
