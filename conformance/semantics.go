package conformance

import (
	"fmt"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// semanticsCases check what a read returns after writes: newest row wins.
func semanticsCases() []testCase {
	return []testCase{
		{name: "OnlineStore/Read/should return the values written", run: checkWriteThenRead},
		{name: "OnlineStore/Read/should report Found=false for an unknown entity", run: checkUnknownEntity},
		{name: "OnlineStore/WriteBatch/should not overwrite a newer row with an older one", run: checkOlderIgnored},
		{name: "OnlineStore/WriteBatch/should keep the newest row of one batch whatever the order", run: checkNewestInBatch},
		{name: "OnlineStore/WriteBatch/should let the newer created timestamp win on equal event time", run: checkCreatedTieBreak},
	}
}

// statsView is a small view used by the semantics cases.
var (
	statsView     = viewSpec("driver_stats", field("conv_rate", types.Float64), field("trips", types.Int64), field("label", types.String))
	statsFeatures = []string{"conv_rate", "trips", "label"}
)

// statsRow returns a row of statsView whose values encode tag.
func statsRow(id int64, event, created int, tag string) onlinestore.WriteRow {
	return wrow(driverKey(id), at(event), at(created),
		types.Float64Value(float64(id)+0.25), types.Int64Value(id*100+int64(event)), types.StringValue(tag))
}

func checkWriteThenRead(e *env) {
	e.apply(statsView)
	rows := []onlinestore.WriteRow{statsRow(1, 10, 11, "one"), statsRow(2, 20, 21, "two"), statsRow(3, 30, 31, "three")}
	e.write(statsView.Name, statsFeatures, rows...)
	keys := []types.EntityKey{driverKey(3), driverKey(1), driverKey(2)}
	got := e.read(statsView.Name, statsFeatures, keys...)
	e.expectRows("read", statsFeatures, keys, got, []onlinestore.ReadRow{found(rows[2]), found(rows[0]), found(rows[1])})
	// A subset of features, in another order, aligns with the request.
	sub := []string{"label", "conv_rate"}
	got = e.read(statsView.Name, sub, driverKey(2))
	want := onlinestore.ReadRow{Found: true, Values: []types.Value{rows[1].Values[2], rows[1].Values[0]},
		EventTimestamp: rows[1].EventTimestamp, CreatedTimestamp: rows[1].CreatedTimestamp}
	e.expectRows("read of a feature subset", sub, keys[2:], got, []onlinestore.ReadRow{want})
}

func checkUnknownEntity(e *env) {
	e.apply(statsView)
	row := statsRow(1, 10, 11, "one")
	e.write(statsView.Name, statsFeatures, row)
	keys := []types.EntityKey{driverKey(999), driverKey(1), driverKey(-5)}
	got := e.read(statsView.Name, statsFeatures, keys...)
	e.expectRows("read", statsFeatures, keys, got, []onlinestore.ReadRow{{}, found(row), {}})
}

func checkOlderIgnored(e *env) {
	e.apply(statsView)
	newRow, oldRow := statsRow(1, 100, 100, "new"), statsRow(1, 50, 200, "old")
	e.write(statsView.Name, statsFeatures, newRow)
	e.write(statsView.Name, statsFeatures, oldRow)
	got := e.read(statsView.Name, statsFeatures, driverKey(1))
	e.expectRows("after an older write", statsFeatures, []types.EntityKey{driverKey(1)}, got, []onlinestore.ReadRow{found(newRow)})
}

func checkNewestInBatch(e *env) {
	e.apply(statsView)
	orders := [][]int{{5, 10, 7}, {10, 5}, {5, 10}, {3, 8, 1, 10, 2}}
	var batch []onlinestore.WriteRow
	var want []onlinestore.ReadRow
	var keys []types.EntityKey
	for i, events := range orders {
		id := int64(i + 1)
		for _, ev := range events {
			r := statsRow(id, ev, ev, fmt.Sprintf("event %d", ev))
			batch = append(batch, r)
			if ev == 10 {
				want = append(want, found(r))
			}
		}
		keys = append(keys, driverKey(id))
	}
	e.write(statsView.Name, statsFeatures, batch...)
	got := e.read(statsView.Name, statsFeatures, keys...)
	e.expectRows("after one batch", statsFeatures, keys, got, want)
}

func checkCreatedTieBreak(e *env) {
	e.apply(statsView)
	key := []types.EntityKey{driverKey(1)}
	steps := []struct {
		row  onlinestore.WriteRow
		want string // tag of the row that must be stored afterwards
	}{
		{statsRow(1, 10, 20, "a"), "a"},
		{statsRow(1, 10, 15, "b"), "a"}, // same event, older created: ignored
		{statsRow(1, 10, 25, "c"), "c"}, // same event, newer created: wins
		{statsRow(1, 11, 1, "d"), "d"},  // newer event beats newer created
		{statsRow(1, 10, 99, "e"), "d"}, // older event loses whatever its created
	}
	byTag := map[string]onlinestore.WriteRow{}
	for _, st := range steps {
		byTag[st.row.Values[2].Str()] = st.row
		e.write(statsView.Name, statsFeatures, st.row)
		got := e.read(statsView.Name, statsFeatures, key...)
		e.expectRows("after writing "+st.row.Values[2].Str(), statsFeatures, key, got, []onlinestore.ReadRow{found(byTag[st.want])})
	}
	// The same rule inside one batch: (10, 30) then (10, 29) keeps (10, 30).
	e.write(statsView.Name, statsFeatures, statsRow(2, 10, 30, "x"), statsRow(2, 10, 29, "y"))
	got := e.read(statsView.Name, statsFeatures, driverKey(2))
	e.expectRows("after one batch", statsFeatures, []types.EntityKey{driverKey(2)}, got, []onlinestore.ReadRow{found(statsRow(2, 10, 30, "x"))})
}
