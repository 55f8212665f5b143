package conformance

import (
	"fmt"
	"strings"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// baseTime is the origin of every timestamp the suite writes; it has
// microseconds, so a store that drops them is caught.
var baseTime = time.Date(2024, 5, 1, 12, 0, 0, 123456000, time.UTC)

// at returns baseTime plus sec seconds.
func at(sec int) time.Time { return baseTime.Add(time.Duration(sec) * time.Second) }

// driverEntity is the entity of every online view of the suite.
var driverEntity = types.EntitySpec{Name: "driver", JoinKeys: []types.Field{{Name: "driver_id", Type: types.Int64}}}

// driverKey returns the entity key of driver id.
func driverKey(id int64) types.EntityKey {
	return types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(id)}}
}

// viewSpec returns a view keyed by driver_id.
func viewSpec(name string, features ...types.Field) types.FeatureViewSpec {
	return types.FeatureViewSpec{Name: name, JoinKeys: driverEntity.JoinKeys, Features: features}
}

// field returns a feature field.
func field(name string, t types.ValueType) types.Field { return types.Field{Name: name, Type: t} }

// wrow returns a write row.
func wrow(key types.EntityKey, event, created time.Time, values ...types.Value) onlinestore.WriteRow {
	return onlinestore.WriteRow{EntityKey: key, Values: values, EventTimestamp: event, CreatedTimestamp: created}
}

// found returns the read row a write row should come back as.
func found(w onlinestore.WriteRow) onlinestore.ReadRow {
	return onlinestore.ReadRow{Found: true, Values: w.Values, EventTimestamp: w.EventTimestamp, CreatedTimestamp: w.CreatedTimestamp}
}

// diffRow describes how got differs from want, or returns "".
func diffRow(features []string, got, want onlinestore.ReadRow) string {
	if got.Found != want.Found {
		return fmt.Sprintf("Found = %v, want %v", got.Found, want.Found)
	}
	if !want.Found {
		return ""
	}
	var d []string
	if !got.EventTimestamp.Equal(want.EventTimestamp) {
		d = append(d, fmt.Sprintf("event timestamp = %s, want %s", fmtTime(got.EventTimestamp), fmtTime(want.EventTimestamp)))
	}
	if !got.CreatedTimestamp.Equal(want.CreatedTimestamp) {
		d = append(d, fmt.Sprintf("created timestamp = %s, want %s", fmtTime(got.CreatedTimestamp), fmtTime(want.CreatedTimestamp)))
	}
	if len(got.Values) != len(want.Values) {
		return strings.Join(append(d, fmt.Sprintf("%d values, want %d", len(got.Values), len(want.Values))), ", ")
	}
	for i := range want.Values {
		if !got.Values[i].Equal(want.Values[i]) {
			d = append(d, fmt.Sprintf("%s = %s (%s), want %s (%s)", features[i],
				got.Values[i], got.Values[i].Type(), want.Values[i], want.Values[i].Type()))
		}
	}
	return strings.Join(d, ", ")
}

// fmtTime renders a timestamp with microseconds.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "zero"
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// expectRows fails the case for every row that differs from its want.
func (e *env) expectRows(label string, features []string, keys []types.EntityKey, got, want []onlinestore.ReadRow) {
	e.Helper()
	for i := range want {
		if d := diffRow(features, got[i], want[i]); d != "" {
			e.Errorf("%s: row %d (%s): %s", label, i, keys[i], d)
		}
	}
}
