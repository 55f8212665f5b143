package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// offlineScopeCases check what an offline Teardown removes: the sources it
// names, of its own project, and nothing else.
func offlineScopeCases() []testCase {
	return []testCase{
		{name: "OfflineStore/Teardown/should remove the sources it names and keep the others", run: checkTeardownNamedSources},
		{name: "OfflineStore/Teardown/should keep another project's rows in a source of the same name", run: checkTeardownOtherProject},
	}
}

// allRows is a window holding every row of offFixture.
var allStart, allEnd = at(-100), at(100)

// writeRows writes rows to src of project in one WriteBatch call and tears
// the source down when the case ends.
func (e *env) writeRows(project string, src types.DataSourceSpec, rows []offRow) {
	e.Helper()
	e.Cleanup(func() { e.offTeardown(project, src) })
	rd, err := offReader(rows)
	e.must(err, "building records")
	defer rd.Release()
	_, err = e.offline().WriteBatch(e.ctx(), &offlinestore.WriteBatchRequest{Project: project, Destination: src, Records: rd})
	e.must(err, fmt.Sprintf("WriteBatch to %s of project %s", src.Name, project))
}

// offTeardown tears sources of a project down at the end of a case.
func (e *env) offTeardown(project string, srcs ...types.DataSourceSpec) {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	if _, err := e.offline().Teardown(ctx, &offlinestore.TeardownRequest{Project: project, Sources: srcs}); err != nil {
		e.Errorf("Teardown of project %s: %v", project, err)
	}
}

// pullRowsErr pulls the fixture's columns of src in [start, end), filtered
// by keys when there are some.
func (e *env) pullRowsErr(project string, src types.DataSourceSpec, latest bool, start, end time.Time, keys []types.EntityKey) ([]offRow, error) {
	req := &offlinestore.PullRequest{Project: project, Source: src, JoinKeys: []string{colID},
		FeatureColumns: []string{colConv, colLabel}, Start: start, End: end, EntityKeys: keys}
	call, what := e.offline().PullRange, "PullRange"
	if latest {
		call, what = e.offline().PullLatest, "PullLatest"
	}
	resp, err := call(e.ctx(), req)
	if err != nil {
		return nil, fmt.Errorf("%s of %s in project %s: %w", what, src.Name, project, err)
	}
	rows, err := readOffRows(resp.Records, []string{colID, colConv, colLabel, colEvent, colCreated})
	if err != nil {
		return nil, fmt.Errorf("%s of %s in project %s: %w", what, src.Name, project, err)
	}
	return rows, nil
}

// pullRows is pullRowsErr ending the case on an error.
func (e *env) pullRows(project string, src types.DataSourceSpec, latest bool, start, end time.Time, keys []types.EntityKey) []offRow {
	e.Helper()
	rows, err := e.pullRowsErr(project, src, latest, start, end, keys)
	e.must(err, "pull")
	return rows
}

// sorted returns the rows of groups, sorted.
func sorted(groups ...[]offRow) []offRow {
	var out []offRow
	for _, g := range groups {
		out = append(out, g...)
	}
	sortOffRows(out)
	return out
}

// expectGone fails the case unless a source reads as NotFound or empty.
func (e *env) expectGone(what, project string, src types.DataSourceSpec) {
	e.Helper()
	rows, err := e.pullRowsErr(project, src, false, allStart, allEnd, nil)
	switch {
	case errors.Is(err, storeerr.ErrNotFound):
	case err != nil:
		e.Errorf("%s: pulling it returned %q of kind %s, want NotFound or no rows", what, err, kindOf(err))
	case len(rows) > 0:
		e.Errorf("%s: it still holds %d rows, e.g. %s; want NotFound or no rows", what, len(rows), rows[0])
	}
}

func checkTeardownNamedSources(e *env) {
	gone, kept := e.offSource(newProject("conf_t_")), e.offSource(newProject("conf_t_"))
	e.writeRows(e.project, gone, offFixture[0])
	e.writeRows(e.project, kept, offFixture[1])
	_, err := e.offline().Teardown(e.ctx(), &offlinestore.TeardownRequest{Project: e.project, Sources: []types.DataSourceSpec{gone}})
	e.must(err, "Teardown of one source")
	got, err := e.pullRowsErr(e.project, kept, false, allStart, allEnd, nil)
	if err != nil {
		e.Fatalf("the source Teardown did not name: %v; want the rows written to it", err)
	}
	expectOffRows(e, "the source Teardown did not name", got, sorted(offFixture[1]))
	e.expectGone("the source Teardown named", e.project, gone)
}

// checkTeardownOtherProject writes a table of one name in two projects and
// tears the first writer's down. A store may keep one table per project,
// or one per name shared by all projects (a file store reads what is
// there); either way the other project keeps every row it wrote.
func checkTeardownOtherProject(e *env) {
	src := e.offSource(newProject("conf_t_"))
	mine, theirs := e.project, e.otherProject()
	e.writeRows(mine, src, offFixture[0])
	e.writeRows(theirs, src, offFixture[1])
	before := e.pullRows(theirs, src, false, allStart, allEnd, nil)
	shared := e.checkOtherProjectRows("before the Teardown", before, false)
	_, err := e.offline().Teardown(e.ctx(), &offlinestore.TeardownRequest{Project: mine, Sources: []types.DataSourceSpec{src}})
	e.must(err, "Teardown of the first project")
	after, err := e.pullRowsErr(theirs, src, false, allStart, allEnd, nil)
	if err != nil {
		e.Fatalf("the other project's source after the first project's Teardown: %v; want the rows it wrote", err)
	}
	e.checkOtherProjectRows("after the first project's Teardown", after, !shared)
	if !shared {
		e.expectGone("the first project's source after its Teardown", mine, src)
	}
}

// checkOtherProjectRows checks a pull of the second project's table: all
// its rows, and no rows but the first project's besides (none of those
// when isolated). It reports whether the first project's rows were there.
func (e *env) checkOtherProjectRows(when string, got []offRow, isolated bool) bool {
	e.Helper()
	has := func(rows []offRow, r offRow) bool {
		return slices.ContainsFunc(rows, func(o offRow) bool { return o.String() == r.String() })
	}
	var missing, foreign, strange []string
	for _, r := range offFixture[1] {
		if !has(got, r) {
			missing = append(missing, r.String())
		}
	}
	for _, r := range got {
		switch {
		case has(offFixture[1], r):
		case has(offFixture[0], r):
			foreign = append(foreign, r.String())
		default:
			strange = append(strange, r.String())
		}
	}
	if len(missing) > 0 {
		e.Errorf("%s, the other project's source lacks %d of the %d rows it wrote: %s", when, len(missing), len(offFixture[1]), strings.Join(missing, ", "))
	}
	if len(strange) > 0 {
		e.Errorf("%s, the other project's source holds rows neither project wrote: %s", when, strings.Join(strange, ", "))
	}
	if isolated && len(foreign) > 0 {
		e.Errorf("%s, the other project's source holds rows of the first project, which it did not hold before: %s", when, strings.Join(foreign, ", "))
	}
	return len(foreign) > 0
}
