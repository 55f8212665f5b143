package conformance

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

var capEntityFilter = capability{"plugin does not advertise entity filters",
	func(s *session) bool { return s.offCaps.EntityFilter }}

// entityFilterCases check pulls restricted to PullRequest.EntityKeys.
func entityFilterCases() []testCase {
	return []testCase{
		{name: "OfflineStore/PullRange/should return only the rows of the listed entity keys",
			needs: []capability{capEntityFilter}, run: func(e *env) { checkEntityFilter(e, false) }},
		{name: "OfflineStore/PullLatest/should return only the latest rows of the listed entity keys",
			needs: []capability{capEntityFilter}, run: func(e *env) { checkEntityFilter(e, true) }},
		{name: "OfflineStore/PullRange/should match every part of a composite entity key",
			needs: []capability{capEntityFilter}, run: func(e *env) { checkCompositeFilter(e, false) }},
		{name: "OfflineStore/PullLatest/should match every part of a composite entity key",
			needs: []capability{capEntityFilter}, run: func(e *env) { checkCompositeFilter(e, true) }},
	}
}

// keysOf returns single-part driver keys.
func keysOf(ids ...int64) []types.EntityKey {
	out := make([]types.EntityKey, len(ids))
	for i, id := range ids {
		out[i] = driverKey(id)
	}
	return out
}

// checkEntityFilter pulls the fixture for keys 1 and 3, keys that do not
// exist and a repeated key, then for absent keys only: no rows, not all.
func checkEntityFilter(e *env, latest bool) {
	src := writeFixture(e)
	what := map[bool]string{false: "PullRange", true: "PullLatest"}[latest]
	got := e.pullRows(e.project, src, latest, at(0), at(30), keysOf(42, 3, 1, -7, 1))
	var want []offRow
	if latest {
		want = sorted([]offRow{offFixture[1][0], offFixture[0][4]})
	} else {
		for _, g := range offFixture {
			for _, r := range g {
				if (r.id == 1 || r.id == 3) && !r.event.Before(at(0)) && r.event.Before(at(30)) {
					want = append(want, r)
				}
			}
		}
		sortOffRows(want)
	}
	expectOffRows(e, what+" of keys 42, 3, 1, -7, 1", got, want)
	got = e.pullRows(e.project, src, latest, at(0), at(30), keysOf(42, 43))
	expectOffRows(e, what+" of the absent keys 42 and 43", got, nil)
}

// compRow is a row of the composite-key table: (driver_id, city) keys.
type compRow struct {
	id    int64
	city  string
	conv  float64
	event time.Time
}

// compSchema is the composite-key table: join keys, a feature, the event time.
var compSchema = arrow.NewSchema([]arrow.Field{
	{Name: colID, Type: arrow.PrimitiveTypes.Int64},
	{Name: "city", Type: arrow.BinaryTypes.String},
	{Name: colConv, Type: arrow.PrimitiveTypes.Float64},
	{Name: colEvent, Type: tsType},
}, nil)

// compFixture: asking (1, a), (2, b) and the absent (3, a) and (9, z) must
// not match (1, b) or (2, a), whose parts each appear in the list.
var compFixture = []compRow{
	{1, "a", 0.1, at(10)}, {1, "a", 0.2, at(20)}, {1, "b", 0.3, at(15)},
	{2, "a", 0.4, at(5)}, {2, "b", 0.5, at(25)}, {3, "c", 0.6, at(12)},
}

func compKey(id int64, city string) types.EntityKey {
	return types.EntityKey{{JoinKey: colID, Value: types.Int64Value(id)}, {JoinKey: "city", Value: types.StringValue(city)}}
}

// compRecord builds one record of rows.
func compRecord(rows []compRow) arrow.RecordBatch {
	b := array.NewRecordBuilder(memory.NewGoAllocator(), compSchema)
	defer b.Release()
	for _, r := range rows {
		b.Field(0).(*array.Int64Builder).Append(r.id)
		b.Field(1).(*array.StringBuilder).Append(r.city)
		b.Field(2).(*array.Float64Builder).Append(r.conv)
		b.Field(3).(*array.TimestampBuilder).Append(arrow.Timestamp(r.event.UnixMicro()))
	}
	return b.NewRecordBatch()
}

func checkCompositeFilter(e *env, latest bool) {
	src := e.offSource(newProject("conf_t_"))
	src.CreatedTimestampColumn = ""
	e.Cleanup(func() { e.offTeardown(e.project, src) })
	rec := compRecord(compFixture)
	rd, err := array.NewRecordReader(compSchema, []arrow.RecordBatch{rec})
	rec.Release()
	e.must(err, "building records")
	_, err = e.offline().WriteBatch(e.ctx(), &offlinestore.WriteBatchRequest{Project: e.project, Destination: src, Records: rd})
	rd.Release()
	e.must(err, "WriteBatch")
	req := &offlinestore.PullRequest{Project: e.project, Source: src, JoinKeys: []string{colID, "city"},
		FeatureColumns: []string{colConv}, Start: at(0), End: at(30),
		EntityKeys: []types.EntityKey{compKey(1, "a"), compKey(2, "b"), compKey(3, "a"), compKey(9, "z")}}
	call, what := e.offline().PullRange, "PullRange"
	if latest {
		call, what = e.offline().PullLatest, "PullLatest"
	}
	resp, err := call(e.ctx(), req)
	e.must(err, what)
	got, err := readCompRows(resp.Records)
	e.must(err, what)
	want := []compRow{compFixture[0], compFixture[1], compFixture[4]}
	if latest {
		want = []compRow{compFixture[1], compFixture[4]}
	}
	if d := cmp.Diff(renderComp(want), got); d != "" {
		e.Errorf("%s of the keys (1, a), (2, b), (3, a), (9, z) (-want +got):\n%s", what, d)
	}
}

// readCompRows reads a pull of the composite table as sorted rows.
func readCompRows(rd array.RecordReader) ([]string, error) {
	defer rd.Release()
	s := rd.Schema()
	same := s.NumFields() == compSchema.NumFields()
	for i := 0; same && i < s.NumFields(); i++ {
		same = s.Field(i).Name == compSchema.Field(i).Name && arrow.TypeEqual(s.Field(i).Type, compSchema.Field(i).Type)
	}
	if !same {
		return nil, fmt.Errorf("pulled schema is %s, want the columns and types of %s", s, compSchema)
	}
	var rows []compRow
	for rd.Next() {
		rec := rd.RecordBatch()
		ids, cities := rec.Column(0).(*array.Int64), rec.Column(1).(*array.String)
		conv, ev := rec.Column(2).(*array.Float64), rec.Column(3).(*array.Timestamp)
		for i := range int(rec.NumRows()) {
			rows = append(rows, compRow{ids.Value(i), strings.Clone(cities.Value(i)), conv.Value(i), time.UnixMicro(int64(ev.Value(i))).UTC()})
		}
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("reading records: %w", err)
	}
	return renderComp(rows), nil
}

// renderComp renders rows for messages, sorted.
func renderComp(rows []compRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("{driver_id=%d city=%q conv_rate=%g event=%s}", r.id, r.city, r.conv, fmtTime(r.event))
	}
	sort.Strings(out)
	return out
}
