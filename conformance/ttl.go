package conformance

import (
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// ttlCases check that what a store returns lets the host apply a view's ttl
// at read time (onlinestore.ValueStatus).
func ttlCases() []testCase {
	return []testCase{
		{name: "OnlineStore/Read/should give statuses with the ttl applied at read time", run: checkTTLStatuses},
	}
}

func checkTTLStatuses(e *env) {
	const ttl = time.Hour
	view := statsView
	view.Name, view.TTL = "driver_stats_ttl", ttl
	e.apply(view)
	now := time.Now().UTC().Truncate(time.Microsecond)
	fresh := wrow(driverKey(1), now.Add(-30*time.Minute), now, types.Float64Value(1), types.Int64Value(1), types.StringValue("fresh"))
	stale := wrow(driverKey(2), now.Add(-2*time.Hour), now, types.Float64Value(2), types.Int64Value(2), types.StringValue("stale"))
	edge := wrow(driverKey(3), now.Add(-ttl), now, types.Float64Value(3), types.Null(), types.StringValue("edge"))
	e.write(view.Name, statsFeatures, fresh, stale, edge)
	keys := []types.EntityKey{driverKey(1), driverKey(2), driverKey(3), driverKey(4)}
	got := e.read(view.Name, statsFeatures, keys...)
	want := [][]onlinestore.Status{
		{onlinestore.StatusPresent, onlinestore.StatusPresent, onlinestore.StatusPresent},
		{onlinestore.StatusOutsideMaxAge, onlinestore.StatusOutsideMaxAge, onlinestore.StatusOutsideMaxAge},
		{onlinestore.StatusPresent, onlinestore.StatusNullValue, onlinestore.StatusPresent},
		{onlinestore.StatusNotFound, onlinestore.StatusNotFound, onlinestore.StatusNotFound},
	}
	for r := range keys {
		for f := range statsFeatures {
			if s := onlinestore.ValueStatus(got[r], f, ttl, now); s != want[r][f] {
				e.Errorf("entity %v feature %s: status %s, want %s (event time %s, ttl %s, now %s)",
					keys[r], statsFeatures[f], s, want[r][f], fmtTime(got[r].EventTimestamp), ttl, fmtTime(now))
			}
		}
	}
}
