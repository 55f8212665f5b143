package conformance

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/conformance/pitoracle"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

var capHistorical = capability{"plugin does not advertise historical pushdown",
	func(s *session) bool { return s.offCaps.HistoricalPushdown }}

// historicalCases check a pushdown join against the reference join of
// package pitoracle on generated adversarial data, cell by cell.
func historicalCases() []testCase {
	return []testCase{
		{name: "OfflineStore/HistoricalFeatures/should match the reference join (timestamps without a time zone)",
			needs: []capability{capHistorical}, run: func(e *env) { checkHistorical(e, pitoracle.Options{Seed: 11}) }},
		{name: "OfflineStore/HistoricalFeatures/should match the reference join with full feature names",
			needs: []capability{capHistorical}, run: func(e *env) {
				checkHistorical(e, pitoracle.Options{Seed: 12, FullNames: true, TZTimestamp: true})
			}},
	}
}

// checkHistorical writes the scenario's views, pushes the join down and
// compares the answer with the oracle's.
func checkHistorical(e *env, o pitoracle.Options) {
	scen := pitoracle.Generate(o)
	defer scen.Release()
	want, err := pitoracle.Join(scen)
	e.must(err, "reference join")
	defer want.Release()
	req := &offlinestore.HistoricalFeaturesRequest{Project: e.project, EntityTimestampColumn: scen.TimestampColumn,
		FullFeatureNames: scen.FullFeatureNames}
	for i := range scen.Views {
		req.Views = append(req.Views, writeView(e, &scen.Views[i]))
	}
	ents, err := array.NewRecordReader(scen.Entities[0].Schema(), scen.Entities)
	e.must(err, "entity records")
	defer ents.Release()
	req.Entities = ents
	hs, ok := e.offline().(offlinestore.StoreWithHistoricalFeatures)
	if !ok {
		e.Fatalf("the offline store advertises historical pushdown but does not implement it")
	}
	resp, err := hs.HistoricalFeatures(e.ctx(), req)
	e.must(err, "HistoricalFeatures")
	got, err := pitoracle.ReadAll(resp.Records)
	e.must(err, "reading the HistoricalFeatures answer")
	defer got.Release()
	if d := pitoracle.Diff(want, got); d != "" {
		e.Errorf("HistoricalFeatures differs from the reference join:\n%s", d)
	}
}

// writeView writes a view's raw rows to a table of their own and returns
// the view's reference.
func writeView(e *env, v *pitoracle.View) offlinestore.ViewRef {
	src := e.offSource(newProject("conf_h_"))
	src.TimestampField, src.CreatedTimestampColumn, src.FieldMapping = v.EventColumn, v.CreatedColumn, v.FieldMapping
	e.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		if _, err := e.offline().Teardown(ctx, &offlinestore.TeardownRequest{Project: e.project, Sources: []types.DataSourceSpec{src}}); err != nil {
			e.Errorf("Teardown: %v", err)
		}
	})
	raw := pitoracle.RawRows(v)
	rd, err := array.NewRecordReader(raw[0].Schema(), raw)
	for _, r := range raw {
		r.Release()
	}
	e.must(err, "records of view "+v.Name)
	_, err = e.offline().WriteBatch(e.ctx(), &offlinestore.WriteBatchRequest{Project: e.project, Destination: src, Records: rd})
	rd.Release()
	e.must(err, "WriteBatch of view "+v.Name)
	spec := types.FeatureViewSpec{Name: v.Name, TTL: v.TTL}
	schema := v.Rows[0].Schema()
	for _, k := range v.JoinKeys {
		spec.JoinKeys = append(spec.JoinKeys, fieldOf(e, schema, k))
	}
	for _, f := range v.Features {
		spec.Features = append(spec.Features, fieldOf(e, schema, f))
	}
	return offlinestore.ViewRef{View: spec, Source: src, Features: v.Features, JoinKeyMap: v.JoinKeyMap}
}

// fieldOf types a column of a generated view.
func fieldOf(e *env, schema *arrow.Schema, name string) types.Field {
	idx := schema.FieldIndices(name)
	if len(idx) == 0 {
		e.Fatalf("generated view has no column %q", name)
	}
	t, ok := map[arrow.Type]types.ValueType{arrow.INT64: types.Int64, arrow.INT32: types.Int32, arrow.FLOAT64: types.Float64,
		arrow.FLOAT32: types.Float32, arrow.STRING: types.String, arrow.BOOL: types.Bool, arrow.TIMESTAMP: types.Timestamp,
	}[schema.Field(idx[0]).Type.ID()]
	if !ok {
		e.Fatalf("%s", fmt.Sprintf("generated column %s has the unexpected type %s", name, schema.Field(idx[0]).Type))
	}
	return types.Field{Name: name, Type: t}
}
