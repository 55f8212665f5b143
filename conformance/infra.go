package conformance

import (
	"fmt"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// infraCases check ApplyInfra, Teardown, project isolation and multi-view reads.
func infraCases() []testCase {
	return []testCase{
		{name: "OnlineStore/ApplyInfra/should delete a removed view's data and keep the other views", run: checkDeleteView},
		{name: "OnlineStore/Teardown/should remove the project's data", run: checkTeardown},
		{name: "OnlineStore/Read/should isolate projects", run: checkProjectIsolation},
		{name: "OnlineStore/Read/should align rows of many views and many keys in one call", run: checkMultiViewRead},
	}
}

// renamed returns statsView under another name.
func renamed(name string) types.FeatureViewSpec {
	v := statsView
	v.Name = name
	return v
}

func checkDeleteView(e *env) {
	a, b := renamed("view_a"), renamed("view_b")
	e.apply(a, b)
	ra, rb := statsRow(1, 10, 10, "a"), statsRow(1, 10, 10, "b")
	e.write(a.Name, statsFeatures, ra)
	e.write(b.Name, statsFeatures, rb)
	_, err := e.online().ApplyInfra(e.ctx(), &onlinestore.ApplyInfraRequest{Project: e.project,
		ViewsToKeep: []types.FeatureViewSpec{a}, ViewsToDelete: []types.FeatureViewSpec{b},
		EntitiesToKeep: []types.EntitySpec{driverEntity}})
	e.must(err, "ApplyInfra deleting view_b")
	key := []types.EntityKey{driverKey(1)}
	e.expectRows("view_a after deleting view_b", statsFeatures, key, e.read(a.Name, statsFeatures, key...), []onlinestore.ReadRow{found(ra)})
	// Re-creating the deleted view must not bring its rows back.
	e.apply(a, b)
	e.expectRows("view_b re-created after its deletion", statsFeatures, key, e.read(b.Name, statsFeatures, key...), []onlinestore.ReadRow{{}})
}

func checkTeardown(e *env) {
	e.apply(statsView)
	e.write(statsView.Name, statsFeatures, statsRow(1, 10, 10, "x"))
	_, err := e.online().Teardown(e.ctx(), &onlinestore.TeardownRequest{Project: e.project,
		Views: []types.FeatureViewSpec{statsView}, Entities: []types.EntitySpec{driverEntity}})
	e.must(err, "Teardown")
	e.apply(statsView)
	key := []types.EntityKey{driverKey(1)}
	e.expectRows("after Teardown and ApplyInfra", statsFeatures, key, e.read(statsView.Name, statsFeatures, key...), []onlinestore.ReadRow{{}})
}

func checkProjectIsolation(e *env) {
	other := e.otherProject()
	e.apply(statsView)
	e.applyIn(other, statsView)
	mine, theirs := statsRow(1, 10, 10, "mine"), statsRow(1, 20, 20, "theirs")
	e.write(statsView.Name, statsFeatures, mine)
	e.writeIn(other, statsView.Name, statsFeatures, theirs, statsRow(2, 20, 20, "only theirs"))
	keys := []types.EntityKey{driverKey(1), driverKey(2)}
	e.expectRows("own project", statsFeatures, keys, e.read(statsView.Name, statsFeatures, keys...),
		[]onlinestore.ReadRow{found(mine), {}})
	_, err := e.online().Teardown(e.ctx(), &onlinestore.TeardownRequest{Project: other,
		Views: []types.FeatureViewSpec{statsView}, Entities: []types.EntitySpec{driverEntity}})
	e.must(err, "Teardown of the other project")
	e.expectRows("own project after the other's Teardown", statsFeatures, keys, e.read(statsView.Name, statsFeatures, keys...),
		[]onlinestore.ReadRow{found(mine), {}})
}

// checkMultiViewRead reads three views with shuffled, repeated and missing
// keys in one call.
func checkMultiViewRead(e *env) {
	const n = 50
	views := []types.FeatureViewSpec{
		viewSpec("mv_ints", field("x", types.Int64)),
		viewSpec("mv_strings", field("s", types.String), field("t", types.Int32)),
		viewSpec("mv_lists", field("l", types.Float64List)),
	}
	e.apply(views...)
	valuesOf := func(v, id int) []types.Value {
		switch v {
		case 0:
			return []types.Value{types.Int64Value(int64(id * 7))}
		case 1:
			return []types.Value{types.StringValue(fmt.Sprintf("s%d", id)), types.Int32Value(int32(-id))}
		}
		return []types.Value{types.Float64ListValue([]float64{float64(id), 0.5})}
	}
	req := &onlinestore.ReadRequest{Project: e.project}
	var want [][]onlinestore.ReadRow
	for vi, v := range views {
		var rows []onlinestore.WriteRow
		for id := range n {
			if vi == 1 && id%2 == 1 {
				continue // odd keys are absent from the second view
			}
			rows = append(rows, wrow(driverKey(int64(id)), at(id), at(id+1), valuesOf(vi, id)...))
		}
		names := fieldNames(v)
		e.write(v.Name, names, rows...)
		rv := onlinestore.ReadView{FeatureView: v.Name, Features: names}
		var w []onlinestore.ReadRow
		for i := range n + 10 {
			id := (i*37 + vi*11) % (n + 5) // shuffled, repeated, some past n
			rv.EntityKeys = append(rv.EntityKeys, driverKey(int64(id)))
			if id >= n || (vi == 1 && id%2 == 1) {
				w = append(w, onlinestore.ReadRow{})
				continue
			}
			w = append(w, found(wrow(nil, at(id), at(id+1), valuesOf(vi, id)...)))
		}
		req.Views = append(req.Views, rv)
		want = append(want, w)
	}
	resp, err := e.online().Read(e.ctx(), req)
	e.must(err, "Read of three views")
	if len(resp.Views) != len(views) {
		e.Fatalf("Read of three views answered %d views", len(resp.Views))
	}
	for vi, rv := range req.Views {
		if len(resp.Views[vi]) != len(rv.EntityKeys) {
			e.Errorf("view %s: %d rows for %d keys", rv.FeatureView, len(resp.Views[vi]), len(rv.EntityKeys))
			continue
		}
		e.expectRows("view "+rv.FeatureView, rv.Features, rv.EntityKeys, resp.Views[vi], want[vi])
	}
}

// fieldNames returns the feature names of a view.
func fieldNames(v types.FeatureViewSpec) []string {
	out := make([]string, len(v.Features))
	for i, f := range v.Features {
		out[i] = f.Name
	}
	return out
}
