package conformance

import (
	"slices"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// ruleRowPerKey is the shape of a Read answer.
const ruleRowPerKey = "Read answers one row per requested key, in request order, repeated and unknown keys included"

// checkRepeatedKeys reads keys that repeat, next to each other and apart,
// written and not, in two views of one call.
func checkRepeatedKeys(e *env) {
	other := renamed("driver_stats_other")
	e.apply(statsView, other)
	rows := map[int64]onlinestore.WriteRow{1: statsRow(1, 10, 10, "one"), 2: statsRow(2, 20, 20, "two"), 3: statsRow(3, 30, 30, "three")}
	e.write(statsView.Name, statsFeatures, rows[1], rows[2], rows[3])
	e.write(other.Name, statsFeatures, rows[2])
	ids := [][]int64{{1, 2, 1, 1, 99, 2, 99, 3, 1}, {2, 2, 1, 2}}
	views := []onlinestore.ReadView{{FeatureView: statsView.Name, Features: statsFeatures}, {FeatureView: other.Name, Features: statsFeatures}}
	want := make([][]onlinestore.ReadRow, 2)
	for v := range views {
		for _, id := range ids[v] {
			views[v].EntityKeys = append(views[v].EntityKeys, driverKey(id))
			w := onlinestore.ReadRow{}
			if r, ok := rows[id]; ok && (v == 0 || id == 2) {
				w = found(r)
			}
			want[v] = append(want[v], w)
		}
	}
	resp, err := e.online().Read(e.ctx(), &onlinestore.ReadRequest{Project: e.project, Views: views})
	if err != nil {
		e.Fatalf("Read of repeated keys: %v: %s", err, ruleRowPerKey)
	}
	if len(resp.Views) != len(views) {
		e.Fatalf("Read of %d views answered %d: %s", len(views), len(resp.Views), ruleRowPerKey)
	}
	got := resp.Views
	for v := range views {
		if len(got[v]) != len(views[v].EntityKeys) {
			e.Errorf("view %s: %d rows for %d keys (%d distinct): %s", views[v].FeatureView, len(got[v]), len(views[v].EntityKeys),
				len(distinctKeys(views[v].EntityKeys)), ruleRowPerKey)
			continue
		}
		for i := range want[v] {
			if d := diffRow(statsFeatures, got[v][i], want[v][i]); d != "" {
				e.Errorf("view %s, row %d (key %s): %s: %s", views[v].FeatureView, i, views[v].EntityKeys[i], d, ruleRowPerKey)
			}
		}
	}
}

// checkEmptyKeyList reads views with no keys, alone and between views with
// keys, and a request of no views.
func checkEmptyKeyList(e *env) {
	e.apply(statsView)
	row := statsRow(1, 10, 10, "one")
	e.write(statsView.Name, statsFeatures, row)
	const rule = "a view asked for no keys is answered with no rows (an empty entry of ReadResponse.Views, in its place), not an error"
	resp, err := e.online().Read(e.ctx(), &onlinestore.ReadRequest{Project: e.project,
		Views: []onlinestore.ReadView{{FeatureView: statsView.Name, Features: statsFeatures}}})
	switch {
	case err != nil:
		e.Errorf("Read of one view with an empty key list: %v: %s", err, rule)
	case len(resp.Views) != 1 || len(resp.Views[0]) != 0:
		e.Errorf("Read of one view with an empty key list answered %d views (first with %d rows), want 1 view with 0 rows: %s",
			len(resp.Views), firstLen(resp.Views), rule)
	}
	empty := onlinestore.ReadView{FeatureView: statsView.Name, Features: statsFeatures, EntityKeys: []types.EntityKey{}}
	one := onlinestore.ReadView{FeatureView: statsView.Name, Features: statsFeatures, EntityKeys: []types.EntityKey{driverKey(1)}}
	resp, err = e.online().Read(e.ctx(), &onlinestore.ReadRequest{Project: e.project, Views: []onlinestore.ReadView{empty, one, empty}})
	if err != nil {
		e.Fatalf("Read of views with and without keys: %v: %s", err, rule)
	}
	var sizes []int
	for _, v := range resp.Views {
		sizes = append(sizes, len(v))
	}
	if len(sizes) != 3 || sizes[0] != 0 || sizes[1] != 1 || sizes[2] != 0 {
		e.Fatalf("Read of views with 0, 1 and 0 keys answered rows %v, want [0 1 0]: %s", sizes, rule)
	}
	e.expectRows("the view with a key between two without", statsFeatures, one.EntityKeys, resp.Views[1], []onlinestore.ReadRow{found(row)})
	resp, err = e.online().Read(e.ctx(), &onlinestore.ReadRequest{Project: e.project})
	switch {
	case err != nil:
		e.Errorf("Read of no views: %v; a request of no views is answered with no views", err)
	case len(resp.Views) != 0:
		e.Errorf("Read of no views answered %d views, want 0", len(resp.Views))
	}
}

// orderView has features of four types, so a value in the wrong place
// shows by its type too.
var orderView = viewSpec("feature_order", field("a", types.Int64), field("b", types.String), field("c", types.Float64), field("d", types.Bool))

// checkFeatureOrder writes with the features in another order than the
// view declares, then reads subsets and reorderings, several of them of
// the same view in one call.
func checkFeatureOrder(e *env) {
	e.apply(orderView)
	byName := map[string]types.Value{"a": types.Int64Value(42), "b": types.StringValue("bee"), "c": types.Float64Value(2.5), "d": types.BoolValue(true)}
	writeOrder := []string{"c", "a", "d", "b"}
	vals := make([]types.Value, len(writeOrder))
	for i, n := range writeOrder {
		vals[i] = byName[n]
	}
	w := wrow(driverKey(1), at(10), at(11), vals...)
	e.write(orderView.Name, writeOrder, w)
	asks := [][]string{{"d", "c", "b", "a"}, {"c"}, {"b", "d"}, {"a", "b", "c", "d"}, {"d", "a"}}
	var views []onlinestore.ReadView
	for _, f := range asks {
		views = append(views, onlinestore.ReadView{FeatureView: orderView.Name, Features: f, EntityKeys: []types.EntityKey{driverKey(2), driverKey(1)}})
	}
	got := e.readViews(views...)
	for v, f := range asks {
		want := onlinestore.ReadRow{Found: true, EventTimestamp: w.EventTimestamp, CreatedTimestamp: w.CreatedTimestamp}
		for _, n := range f {
			want.Values = append(want.Values, byName[n])
		}
		if d := diffRow(f, got[v][1], want); d != "" {
			e.Errorf("features %s: %s: values align with ReadView.Features, whatever order the view declares (a, b, c, d) or the write used (c, a, d, b)",
				joinQuoted(f), d)
		}
		if got[v][0].Found {
			e.Errorf("features %s: key %s was never written but is found", joinQuoted(f), driverKey(2))
		}
	}
}

// distinctKeys returns keys without repeats, in first-seen order.
func distinctKeys(keys []types.EntityKey) []types.EntityKey {
	var out []types.EntityKey
	for _, k := range keys {
		if !slices.ContainsFunc(out, k.Equal) {
			out = append(out, k)
		}
	}
	return out
}
