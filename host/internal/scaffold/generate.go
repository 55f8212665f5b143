package scaffold

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/quiverfs/quiver/sdk/types"
)

// seed fixes the sample data: the same arguments always give the same rows.
const seed = 20250301

// nullEvery makes roughly one value in nullEvery of the nullable demo
// features null, so readers see NULL_VALUE statuses.
const nullEvery = 1500

var cities = []string{"Amsterdam", "Berlin", "Lisbon", "Madrid", "Oslo", "Paris", "Prague", "Vienna"}

// GenerateDriverStats writes a parquet file at path with hourly statistics
// of drivers (driver_id from 1001 upward) over days days, one row per driver
// and hour, the last hour being end truncated to the hour. Columns are
// driver_id int64, event_timestamp and created (timestamp[us, UTC]; created
// is a few seconds after event_timestamp), then the features
// DriverStatsFeatures(features) names. Rows are ordered by time, then driver.
// The contents depend only on the arguments: the random source has a fixed
// seed. The file is written beside path and renamed into place.
func GenerateDriverStats(path string, drivers, days, features int, end time.Time) error {
	if drivers < 1 || days < 1 || features < 1 {
		return fmt.Errorf("generating driver stats: drivers, days and features must be positive (got %d, %d, %d)", drivers, days, features)
	}
	g := newGenerator(drivers, days, features, end)
	if err := writeParquet(path, g.schema, g.fill); err != nil {
		return fmt.Errorf("generating driver stats: %w", err)
	}
	return nil
}

// driver is the state of one generated driver: its own random stream and
// the base values its hourly rows vary around.
type driver struct {
	id       int64
	rng      *rand.Rand
	conv     float64
	acc      float64
	trips    float64
	rating   float64
	city     string
	tripSeq  int64
	tripBase int64
}

// generator produces the rows in order, batch by batch.
type generator struct {
	schema   *arrow.Schema
	features int
	drivers  []driver
	first    time.Time // the first hour
	hours    int
	row      int // the next row, hour-major
}

func newGenerator(drivers, days, features int, end time.Time) *generator {
	g := &generator{features: features, hours: days * 24}
	g.first = end.UTC().Truncate(time.Hour).Add(-time.Duration(g.hours-1) * time.Hour)
	fields := []arrow.Field{
		{Name: ColumnDriverID, Type: arrow.PrimitiveTypes.Int64},
		{Name: ColumnEventTime, Type: arrow.FixedWidthTypes.Timestamp_us},
		{Name: ColumnCreated, Type: arrow.FixedWidthTypes.Timestamp_us},
	}
	for _, f := range DriverStatsFeatures(features) {
		fields = append(fields, arrow.Field{Name: f.Name, Type: types.ArrowType(f.Type), Nullable: true})
	}
	g.schema = arrow.NewSchema(fields, nil)
	g.drivers = make([]driver, drivers)
	for i := range g.drivers {
		id := int64(FirstDriverID + i)
		rng := rand.New(rand.NewPCG(seed, uint64(id)))
		g.drivers[i] = driver{id: id, rng: rng,
			conv: 0.2 + 0.7*rng.Float64(), acc: 0.3 + 0.65*rng.Float64(),
			trips: 5 + 40*rng.Float64(), rating: 3.5 + 1.5*rng.Float64(),
			city: cities[rng.IntN(len(cities))], tripBase: id * 1_000_000}
	}
	return g
}

// fill appends up to max rows to b and returns how many it appended (0 at the end).
func (g *generator) fill(b *array.RecordBuilder, max int) int {
	total := len(g.drivers) * g.hours
	n := min(max, total-g.row)
	for range n {
		hour, d := g.row/len(g.drivers), &g.drivers[g.row%len(g.drivers)]
		g.appendRow(b, hour, d)
		g.row++
	}
	return n
}

func (g *generator) appendRow(b *array.RecordBuilder, hour int, d *driver) {
	ts := g.first.Add(time.Duration(hour) * time.Hour)
	created := ts.Add(time.Duration(1+d.rng.IntN(30)) * time.Second)
	b.Field(0).(*array.Int64Builder).Append(d.id)
	b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(ts.UnixMicro()))
	b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(created.UnixMicro()))
	for i := range g.features {
		col := b.Field(3 + i)
		if i >= len(demoFeatures) {
			col.(*array.Float32Builder).Append(extraValue(d.id, hour, i))
			continue
		}
		g.appendDemo(col, i, d)
	}
}

// appendDemo appends the value of demo feature i for driver d's next hour.
func (g *generator) appendDemo(col array.Builder, i int, d *driver) {
	if i != 5 && i != 6 && d.rng.IntN(nullEvery) == 0 { // active and recent_trip_ids are never null
		col.AppendNull()
		return
	}
	r := d.rng
	switch i {
	case 0:
		col.(*array.Float32Builder).Append(float32(round(clamp(d.conv+r.NormFloat64()*0.05, 0, 1), 3)))
	case 1:
		col.(*array.Float32Builder).Append(float32(round(clamp(d.acc+r.NormFloat64()*0.04, 0, 1), 3)))
	case 2:
		col.(*array.Int64Builder).Append(int64(math.Max(0, math.Round(d.trips+r.NormFloat64()*3))))
	case 3:
		col.(*array.Float64Builder).Append(round(clamp(d.rating+r.NormFloat64()*0.05, 1, 5), 2))
	case 4:
		col.(*array.StringBuilder).Append(d.city)
	case 5:
		col.(*array.BooleanBuilder).Append(r.IntN(10) != 0)
	case 6:
		appendTrips(col.(*array.ListBuilder), d)
	}
}

// appendTrips appends the ids of the driver's trips in the hour (0 to 3).
func appendTrips(lb *array.ListBuilder, d *driver) {
	lb.Append(true)
	vb := lb.ValueBuilder().(*array.Int64Builder)
	for range d.rng.IntN(4) {
		d.tripSeq++
		vb.Append(d.tripBase + d.tripSeq)
	}
}

// extraValue is the value of extra feature i: a hash of (driver, hour, i)
// in [0, 1) with three decimals, so extra columns need no random state.
func extraValue(id int64, hour, i int) float32 {
	x := uint64(id)*0x9E3779B97F4A7C15 ^ uint64(hour)<<20 ^ uint64(i)
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return float32(x%1000) / 1000
}

func clamp(v, lo, hi float64) float64 { return math.Min(hi, math.Max(lo, v)) }

func round(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(v*p) / p
}
