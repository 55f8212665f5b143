package conformance

import (
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// ttlZeroCases check that a store keeps returning rows of a view without
// ttl: the host applies a view's ttl at read time, and ttl 0 never expires.
func ttlZeroCases() []testCase {
	return []testCase{
		{name: "OnlineStore/Read/should return rows of a view without ttl however old their event time", run: checkTTLZero},
	}
}

func checkTTLZero(e *env) {
	view := renamed("driver_stats_no_ttl")
	e.apply(view)
	old := func(id int64, event time.Time, tag string) onlinestore.WriteRow {
		return wrow(driverKey(id), event, event, types.Float64Value(float64(id)), types.Int64Value(id), types.StringValue(tag))
	}
	rows := []onlinestore.WriteRow{
		old(1, time.Date(1970, 1, 1, 0, 0, 1, 0, time.UTC), "one second after the epoch"),
		old(2, time.Date(2001, 2, 3, 4, 5, 6, 7000, time.UTC), "2001"),
		old(3, time.Now().UTC().Add(-400*24*time.Hour).Truncate(time.Microsecond), "400 days ago"),
	}
	e.write(view.Name, statsFeatures, rows...)
	keys := []types.EntityKey{driverKey(1), driverKey(2), driverKey(3)}
	e.expectRows("rows of a view with ttl 0", statsFeatures, keys, e.read(view.Name, statsFeatures, keys...),
		[]onlinestore.ReadRow{found(rows[0]), found(rows[1]), found(rows[2])})
}
