package conformance

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// Project isolation: two projects may hold a view of the same name, with
// the same entity keys, and nothing done in one (writes, searches,
// ApplyInfra deletes, Teardown) may show in or touch the other. The
// offline side is checked by the offline cases.

func isolationCases() []testCase {
	return []testCase{
		{name: "OnlineStore/SearchVectors/should search only the request's project",
			needs: []capability{capVectorSearch, capAnyMetric, capExactIndex}, run: checkSearchIsolation},
		{name: "OnlineStore/ApplyInfra/should delete a view in its own project only", run: checkDeleteIsolation},
		{name: "OnlineStore/Teardown/should leave projects with related names alone", run: checkRelatedProjects},
	}
}

// otherTitle starts the titles of the other project's rows.
const otherTitle = "other project's "

func checkSearchIsolation(e *env) {
	m := preferredMetric(e.s)
	v := docsView(m)
	other := e.otherProject()
	e.apply(v)
	e.applyIn(other, v)
	rng := rand.New(rand.NewPCG(31, 7))
	var mine, theirs []vrow
	for i := range 20 {
		mine = append(mine, vrow{id: int64(i), vec: randomVector(rng), title: fmt.Sprintf("doc-%d", i), event: at(i)})
	}
	for _, id := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 101, 102, 103, 104} {
		theirs = append(theirs, vrow{id: int64(id), vec: randomVector(rng), title: fmt.Sprintf("%sdoc-%d", otherTitle, id), event: at(100 + id)})
	}
	e.writeVRows(e.project, v, mine...)
	e.writeVRows(other, v, theirs...)

	// Queries at the other project's vectors: a store that searched both
	// projects would answer with the other's rows at distance 0.
	searchOwn := func(step string) {
		e.Helper()
		for _, q := range [][]float32{theirs[3].vec, theirs[12].vec} {
			e.expectIsolatedSearch(step, e.project, other, m, q, mine, theirs)
		}
	}
	searchOwn("both projects hold the view")
	e.expectIsolatedSearch("both projects hold the view", other, e.project, m, mine[5].vec, theirs, mine)

	_, err := e.online().ApplyInfra(e.ctx(), &onlinestore.ApplyInfraRequest{Project: other,
		ViewsToDelete: []types.FeatureViewSpec{v}, EntitiesToKeep: []types.EntitySpec{driverEntity}})
	e.must(err, "ApplyInfra deleting the other project's view")
	searchOwn("after ApplyInfra deleted the other project's view")

	e.applyIn(other, v)
	e.writeVRows(other, v, theirs...)
	_, err = e.online().Teardown(e.ctx(), &onlinestore.TeardownRequest{Project: other,
		Views: []types.FeatureViewSpec{v}, Entities: []types.EntitySpec{driverEntity}})
	e.must(err, "Teardown of the other project")
	searchOwn("after the other project's Teardown")
}

// expectIsolatedSearch searches project for every row and checks that only
// rows, the project's own, come back: none of otherRows, other's.
func (e *env) expectIsolatedSearch(step, project, other string, m types.DistanceMetric, q []float32, rows, otherRows []vrow) {
	e.Helper()
	label := fmt.Sprintf("%s: search in project %s", step, project)
	hits, err := e.searchDocs(project, "docs", m, q, len(rows)+15, nil)
	if err != nil {
		e.Errorf("%s: %v", label, err)
		return
	}
	foreign := map[string]bool{}
	for _, r := range otherRows {
		foreign[r.title] = true
	}
	leaked := false
	for i, h := range hits {
		if len(h.Values) == 1 && h.Values[0].Type() == types.String && foreign[h.Values[0].Str()] {
			leaked = true
			e.Errorf("%s: hit %d (%s, %q) is a row of project %s: a search sees only the rows of the request's project, whatever other projects hold under the same view name and keys",
				label, i, h.EntityKey, h.Values[0].Str(), other)
		}
	}
	if !leaked {
		e.expectSearch(searchWant{label: label, metric: m, q: q, rows: rows, k: len(rows) + 15}, hits)
	}
}

func checkDeleteIsolation(e *env) {
	keep := renamed("kept_view")
	other := e.otherProject()
	e.apply(statsView, keep)
	e.applyIn(other, statsView, keep)
	mine, theirs := statsRow(1, 10, 10, "mine"), statsRow(1, 20, 20, "theirs")
	mineKept, theirsKept := statsRow(2, 10, 10, "mine, kept"), statsRow(2, 20, 20, "theirs, kept")
	e.write(statsView.Name, statsFeatures, mine)
	e.write(keep.Name, statsFeatures, mineKept)
	e.writeIn(other, statsView.Name, statsFeatures, theirs)
	e.writeIn(other, keep.Name, statsFeatures, theirsKept)

	_, err := e.online().ApplyInfra(e.ctx(), &onlinestore.ApplyInfraRequest{Project: e.project,
		ViewsToKeep: []types.FeatureViewSpec{keep}, ViewsToDelete: []types.FeatureViewSpec{statsView},
		EntitiesToKeep: []types.EntitySpec{driverEntity}})
	e.must(err, "ApplyInfra deleting "+statsView.Name+" in the case's project")
	k1, k2 := []types.EntityKey{driverKey(1)}, []types.EntityKey{driverKey(2)}
	why := " (an ApplyInfra that deletes a view of one project must leave the view of the same name in other projects)"
	e.expectRows("project "+other+", view "+statsView.Name+why, statsFeatures, k1,
		e.readIn(other, statsView.Name, statsFeatures, k1...), []onlinestore.ReadRow{found(theirs)})
	e.expectRows("project "+other+", view "+keep.Name+why, statsFeatures, k2,
		e.readIn(other, keep.Name, statsFeatures, k2...), []onlinestore.ReadRow{found(theirsKept)})
	e.expectRows("own project, view "+keep.Name+" (kept)", statsFeatures, k2,
		e.read(keep.Name, statsFeatures, k2...), []onlinestore.ReadRow{found(mineKept)})
	e.apply(statsView)
	e.expectRows("own project, view "+statsView.Name+" deleted and applied again (its rows must be gone)", statsFeatures, k1,
		e.read(statsView.Name, statsFeatures, k1...), []onlinestore.ReadRow{{}})
}

func checkRelatedProjects(e *env) {
	base := e.project
	projects := []string{base, base + "_1", e.s.cfg.ProjectPrefix + "x_" + base}
	rows := map[string]onlinestore.WriteRow{}
	for i, p := range projects {
		e.applyIn(p, statsView)
		rows[p] = statsRow(1, 10+i, 10+i, "row of "+p)
		e.writeIn(p, statsView.Name, statsFeatures, rows[p], statsRow(int64(10+i), 10, 10, "only in "+p))
	}
	key := []types.EntityKey{driverKey(1), driverKey(10), driverKey(11), driverKey(12)}
	expectOwn := func(step, p string) {
		e.Helper()
		want := []onlinestore.ReadRow{found(rows[p]), {}, {}, {}}
		for i := range projects {
			if projects[i] == p {
				want[i+1] = found(statsRow(int64(10+i), 10, 10, "only in "+p))
			}
		}
		e.expectRows(fmt.Sprintf("%s: project %s", step, p), statsFeatures, key, e.readIn(p, statsView.Name, statsFeatures, key...), want)
	}
	for _, p := range projects {
		expectOwn("projects named "+strings.Join(projects, ", ")+" (each a prefix or suffix of another) hold the same view and keys", p)
	}
	_, err := e.online().Teardown(e.ctx(), &onlinestore.TeardownRequest{Project: base,
		Views: []types.FeatureViewSpec{statsView}, Entities: []types.EntitySpec{driverEntity}})
	e.must(err, "Teardown of project "+base)
	for _, p := range projects[1:] {
		expectOwn("after the Teardown of "+base+", which must remove that project exactly, not every project whose name starts or ends with it", p)
	}
}
