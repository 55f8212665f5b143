package conformance

import (
	"context"
	"fmt"

	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// offlineCases check WriteBatch, GetSourceSchema and the pulls.
func offlineCases() []testCase {
	return []testCase{
		{name: "OfflineStore/GetSourceSchema/should list the columns written", run: checkSourceSchema},
		{name: "OfflineStore/PullRange/should return the rows in [start, end)", run: checkPullRange},
		{name: "OfflineStore/PullLatest/should return the latest row per entity in [start, end)", run: checkPullLatest},
	}
}

// offFixture is the table the pull cases write: the window is [at(0), at(30)).
var offFixture = [][]offRow{
	{
		{1, 0.1, "1@10", at(10), at(10)},
		{1, 0.2, "1@20 created 20", at(20), at(20)},
		{1, 0.4, "1@40 after the window", at(40), at(40)},
		{2, 0.5, "2@5", at(5), at(5)},
		{3, 0.6, "3@0 at the start", at(0), at(0)},
	},
	{
		{1, 0.3, "1@20 created 25", at(20), at(25)},
		{2, 0.7, "2@15", at(15), at(15)},
		{4, 0.8, "4@30 at the end", at(30), at(30)},
		{5, 0.9, "5@-10 before the start", at(-10), at(-10)},
		{2, 0.75, "2@15 created earlier", at(15), at(14)},
	},
}

// writeFixture writes offFixture to a new table, in two calls of which the
// second carries two records, and returns its source.
func writeFixture(e *env) types.DataSourceSpec {
	src := e.offSource(newProject("conf_t_"))
	e.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		if _, err := e.offline().Teardown(ctx, &offlinestore.TeardownRequest{Project: e.project, Sources: []types.DataSourceSpec{src}}); err != nil {
			e.Errorf("Teardown: %v", err)
		}
	})
	calls := [][][]offRow{{offFixture[0]}, {offFixture[1][:2], offFixture[1][2:]}}
	for i, groups := range calls {
		rd, err := offReader(groups...)
		e.must(err, "building records")
		resp, err := e.offline().WriteBatch(e.ctx(), &offlinestore.WriteBatchRequest{Project: e.project, Destination: src, Records: rd})
		rd.Release()
		e.must(err, fmt.Sprintf("WriteBatch %d", i+1))
		want := 0
		for _, g := range groups {
			want += len(g)
		}
		if resp.RowsWritten != int64(want) {
			e.Errorf("WriteBatch %d: RowsWritten = %d, want %d", i+1, resp.RowsWritten, want)
		}
	}
	return src
}

func checkSourceSchema(e *env) {
	src := writeFixture(e)
	resp, err := e.offline().GetSourceSchema(e.ctx(), &offlinestore.GetSourceSchemaRequest{Source: src})
	e.must(err, "GetSourceSchema")
	if d := cmp.Diff(offColumns, resp.Columns); d != "" {
		e.Errorf("GetSourceSchema columns (-want +got):\n%s", d)
	}
}

// pull runs PullRange or PullLatest over the fixture's window.
func pull(e *env, latest bool) []offRow {
	src := writeFixture(e)
	req := &offlinestore.PullRequest{Project: e.project, Source: src, JoinKeys: []string{colID},
		FeatureColumns: []string{colConv, colLabel}, Start: at(0), End: at(30)}
	call, what := e.offline().PullRange, "PullRange"
	if latest {
		call, what = e.offline().PullLatest, "PullLatest"
	}
	resp, err := call(e.ctx(), req)
	e.must(err, what)
	rows, err := readOffRows(resp.Records, []string{colID, colConv, colLabel, colEvent, colCreated})
	e.must(err, what)
	return rows
}

func checkPullRange(e *env) {
	got := pull(e, false)
	var want []offRow
	for _, g := range offFixture {
		for _, r := range g {
			if !r.event.Before(at(0)) && r.event.Before(at(30)) {
				want = append(want, r)
			}
		}
	}
	sortOffRows(want)
	expectOffRows(e, "PullRange", got, want)
}

func checkPullLatest(e *env) {
	got := pull(e, true)
	want := []offRow{offFixture[1][0], offFixture[1][1], offFixture[0][4]}
	sortOffRows(want)
	expectOffRows(e, "PullLatest", got, want)
}

// expectOffRows compares rows, both sorted.
func expectOffRows(e *env, what string, got, want []offRow) {
	e.Helper()
	if d := cmp.Diff(want, got, cmp.AllowUnexported(offRow{})); d != "" {
		e.Errorf("%s rows (-want +got):\n%s", what, d)
	}
}
