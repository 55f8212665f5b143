package onlineread

import (
	"bytes"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/types"
)

func TestWriteFeastJSON(t *testing.T) {
	t.Parallel()
	ev := time.Date(2025, 3, 1, 2, 0, 0, 500000000, time.UTC)
	resp := &Response{
		FeatureNames: []string{"driver_id", "conv_rate"},
		Results: []Column{
			{Values: []types.Value{types.Int64Value(1001), types.Int64Value(9)},
				Statuses: []Status{Present, Present}, EventTimestamps: make([]time.Time, 2)},
			{Values: []types.Value{types.Float64Value(0.5), types.Null()},
				Statuses: []Status{Present, NotFound}, EventTimestamps: []time.Time{ev, {}}},
		},
	}
	var b bytes.Buffer
	if err := WriteFeastJSON(&b, resp, ""); err != nil {
		t.Fatal(err)
	}
	want := `{"metadata":{"feature_names":["driver_id","conv_rate"]},"results":[` +
		`{"values":[1001,9],"statuses":["PRESENT","PRESENT"],"event_timestamps":["1970-01-01T00:00:00Z","1970-01-01T00:00:00Z"]},` +
		`{"values":[0.5,null],"statuses":["PRESENT","NOT_FOUND"],"event_timestamps":["2025-03-01T02:00:00.5Z","1970-01-01T00:00:00Z"]}]}` + "\n"
	if got := b.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
