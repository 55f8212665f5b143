package bqstore

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// Bounds of a pushed-down join.
const (
	maxEntityRows = 50_000_000
	maxJoinViews  = 1_000
	outBatchRows  = 64 * 1024
)

// HistoricalFeatures implements offlinestore.StoreWithHistoricalFeatures:
// the entity rows' join keys and times go to a temporary table (a Parquet
// load), one SQL query joins them with every view's source into another
// temporary table, and that is read back through the Storage Read API
// (which does not keep row order), put back in entity-row order and
// zipped with the entity columns, which never leave the process.
func (s *Store) HistoricalFeatures(ctx context.Context, req *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
	c, err := s.conn()
	if err != nil {
		return nil, err
	}
	if req.Entities == nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: HistoricalFeatures has no entity records")
	}
	if len(req.Views) == 0 || len(req.Views) > maxJoinViews {
		return nil, storeerr.InvalidArgument("bigquery offline store: HistoricalFeatures has %d views, want 1 to %d", len(req.Views), maxJoinViews)
	}
	ents, err := readEntities(req.Entities, req.EntityTimestampColumn)
	if err != nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: HistoricalFeatures: %v", err)
	}
	defer ents.release()
	ctx, cancel := context.WithTimeout(ctx, time.Duration(c.settings.QueryTimeout))
	defer cancel()
	views, err := s.joinViews(ctx, c, req, ents)
	if err != nil {
		return nil, err
	}
	var result *joinResult
	if ents.n > 0 {
		if result, err = s.runJoin(ctx, c, req.Project, ents, views); err != nil {
			return nil, err
		}
		defer result.release()
	}
	rd, err := buildOutput(ents, views, result)
	if err != nil {
		return nil, storeerr.Internal("bigquery offline store: HistoricalFeatures: %v", err)
	}
	return &offlinestore.PullResponse{Records: rd}, nil
}

// joinViews resolves each view: its source, columns, entity key columns
// and features, with output names checked for collisions.
func (s *Store) joinViews(ctx context.Context, c *conn, req *offlinestore.HistoricalFeaturesRequest, ents *entityTable) ([]*joinView, error) {
	bad := func(format string, args ...any) error {
		return storeerr.InvalidArgument("bigquery offline store: HistoricalFeatures: "+format, args...)
	}
	names := map[string]bool{}
	for _, f := range ents.schema.Fields() {
		names[f.Name] = true
	}
	var views []*joinView
	for i, ref := range req.Views {
		src, err := resolveSource(&c.settings, ref.Source)
		if err != nil {
			return nil, bad("view %s: %v", ref.View.Name, err)
		}
		_, cols, err := s.columns(ctx, c, src)
		if err != nil {
			return nil, err
		}
		v := &joinView{ref: ref, src: src, cols: cols}
		for _, k := range ref.View.JoinKeys {
			col := entityColumnOf(k.Name, ref.JoinKeyMap)
			idx := ents.keyIndex(col)
			if idx < 0 {
				return nil, bad("view %s: the entity table has no column %q for join key %s", ref.View.Name, clip(col), k.Name)
			}
			if c, ok := cols[src.column(k.Name)]; !ok || c.qtype == types.Invalid || checkIdent(c.name) != nil {
				return nil, bad("view %s: %s has no usable column for join key %s", ref.View.Name, src, k.Name)
			}
			v.keyCols = append(v.keyCols, idx)
		}
		for j, f := range ref.Features {
			out := f
			if req.FullFeatureNames {
				out = ref.View.Name + "__" + f
			}
			if names[out] {
				return nil, bad("output column %q occurs twice; ask with full feature names", clip(out))
			}
			names[out] = true
			col := src.column(f)
			if err := checkIdent(col); err != nil {
				return nil, bad("view %s: %v", ref.View.Name, err)
			}
			sc, ok := cols[col]
			if !ok {
				return nil, bad("view %s: %s has no column %s for feature %s", ref.View.Name, src, col, f)
			}
			if sc.qtype == types.Invalid {
				return nil, bad("view %s: column %s is %s, which has no Quiver type", ref.View.Name, col, typeName(sc))
			}
			v.features = append(v.features, joinFeat{name: f, column: col, out: out, alias: fmt.Sprintf("quiver_v%d_f%d", i, j)})
		}
		views = append(views, v)
	}
	return views, nil
}

// entityColumnOf is the entity column a join key is read from.
func entityColumnOf(joinKey string, m map[string]string) string {
	for col, k := range m {
		if k == joinKey {
			return col
		}
	}
	return joinKey
}

// featureType is the output type of a view's feature: the view's type,
// else the source column's.
func (v *joinView) featureType(f joinFeat) arrow.DataType {
	if vf, ok := v.ref.View.Feature(f.name); ok && vf.Type != types.Invalid {
		return arrowType(vf.Type)
	}
	return arrowType(v.cols[f.column].qtype)
}

// runJoin uploads the entity keys and times, runs the join into a
// temporary table and reads it back whole.
func (s *Store) runJoin(ctx context.Context, c *conn, project string, ents *entityTable, views []*joinView) (*joinResult, error) {
	schema, recs, err := ents.uploadRecords()
	if err != nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: HistoricalFeatures: %v", err)
	}
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	began := time.Now()
	entTable, err := c.uploadTemp(ctx, project, tempEntities, schema, recs)
	if err != nil {
		return nil, err
	}
	uploaded := time.Now()
	defer c.dropTable(ctx, entTable)
	sql, params, err := joinSQL(entTable, views, ents.minTS, ents.maxTS, ents.hasTS)
	if err != nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: HistoricalFeatures: %v", err)
	}
	dst, err := c.queryToTable(ctx, project, tempJoin, "HistoricalFeatures", sql, params)
	if err != nil {
		return nil, err
	}
	out := []outColumn{{from: entRow, name: entRow, typ: arrow.PrimitiveTypes.Int64}}
	for _, v := range views {
		for _, f := range v.features {
			out = append(out, outColumn{from: f.alias, name: f.alias, typ: v.featureType(f)})
		}
	}
	queried := time.Now()
	rd, err := c.readTable(ctx, dst, out, func() { c.dropTable(ctx, dst) })
	if err != nil {
		return nil, err
	}
	defer rd.Release()
	res, err := readJoinResult(rd, ents.n)
	c.logger.Info("bigquery HistoricalFeatures", "entity_rows", ents.n, "upload_seconds", uploaded.Sub(began).Seconds(),
		"query_seconds", queried.Sub(uploaded).Seconds(), "read_seconds", time.Since(queried).Seconds())
	return res, err
}

// joinResult is the join's answer in entity-row order: feature columns,
// and the position of each entity row's values in them.
type joinResult struct {
	cols []arrow.Array // one per feature, in views order
	pos  []int64       // pos[row] is the row's index in cols
}

func (r *joinResult) release() {
	for _, c := range r.cols {
		c.Release()
	}
}

// readJoinResult reads the whole answer and indexes it by entity row;
// each row must occur exactly once.
func readJoinResult(rd array.RecordReader, n int) (*joinResult, error) {
	var recs []arrow.RecordBatch
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	for rd.Next() {
		rec := rd.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	pos := make([]int64, n)
	for i := range pos {
		pos[i] = -1
	}
	var at int64
	for _, rec := range recs {
		rows := rec.Column(0).(*array.Int64)
		for i := range rows.Len() {
			row := rows.Value(i)
			if rows.IsNull(i) || row < 0 || row >= int64(n) || pos[row] >= 0 {
				return nil, storeerr.Internal("bigquery offline store: the join's answer has a missing, unknown or repeated entity row %d", row)
			}
			pos[row] = at + int64(i)
		}
		at += rec.NumRows()
	}
	if at != int64(n) {
		return nil, storeerr.Internal("bigquery offline store: the join answered %d rows for %d entity rows", at, n)
	}
	res := &joinResult{pos: pos}
	if len(recs) == 0 {
		return res, nil
	}
	for j := 1; j < int(recs[0].NumCols()); j++ {
		parts := make([]arrow.Array, len(recs))
		for i, r := range recs {
			parts[i] = r.Column(j)
		}
		col, err := array.Concatenate(parts, memory.DefaultAllocator)
		if err != nil {
			res.release()
			return nil, storeerr.Internal("bigquery offline store: gathering the join's answer: %v", err)
		}
		res.cols = append(res.cols, col)
	}
	return res, nil
}
