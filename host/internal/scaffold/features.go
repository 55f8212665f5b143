package scaffold

import (
	"fmt"

	"github.com/quiverfs/quiver/sdk/types"
)

// Column names of the generated driver statistics, besides the features.
const (
	ColumnDriverID  = "driver_id"
	ColumnEventTime = "event_timestamp"
	ColumnCreated   = "created"
)

// FirstDriverID is the driver_id of the first generated driver, as in Feast's demo.
const FirstDriverID = 1001

// demoFeatures are the features of the demo's driver_hourly_stats view, in
// column order. features.yaml declares the same fields (a test checks it).
var demoFeatures = []types.Field{
	{Name: "conv_rate", Type: types.Float32},
	{Name: "acc_rate", Type: types.Float32},
	{Name: "avg_daily_trips", Type: types.Int64},
	{Name: "rating", Type: types.Float64},
	{Name: "city", Type: types.String},
	{Name: "active", Type: types.Bool},
	{Name: "recent_trip_ids", Type: types.Int64List},
}

// DemoFeatureCount is the number of features of the demo data.
var DemoFeatureCount = len(demoFeatures)

// DriverStatsFeatures returns the feature columns GenerateDriverStats writes
// for a given feature count: the first n demo features, then float32
// columns named feature_08, feature_09, ... up to n.
func DriverStatsFeatures(n int) []types.Field {
	out := make([]types.Field, 0, n)
	for i := range n {
		if i < len(demoFeatures) {
			out = append(out, demoFeatures[i])
			continue
		}
		out = append(out, types.Field{Name: fmt.Sprintf("feature_%02d", i+1), Type: types.Float32})
	}
	return out
}

// DriverStatsRows returns how many rows GenerateDriverStats writes: one per
// driver per hour.
func DriverStatsRows(drivers, days int) int { return drivers * days * 24 }
