package memstore

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/conformance/pitoracle"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

var _ offlinestore.StoreWithHistoricalFeatures = (*Offline)(nil)

// HistoricalFeatures implements offlinestore.StoreWithHistoricalFeatures
// with the reference join of package pitoracle: each view's table is read
// whole (field mappings applied) and joined row by row in memory.
func (s *Offline) HistoricalFeatures(_ context.Context, req *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
	if req.Entities == nil {
		return nil, storeerr.InvalidArgument("HistoricalFeatures has no entity records")
	}
	ents, err := readRecords(req.Entities)
	if err != nil {
		return nil, err
	}
	defer releaseAll(ents)
	if len(ents) == 0 {
		return nil, storeerr.InvalidArgument("HistoricalFeatures: the entity table has no records")
	}
	oreq := &pitoracle.Request{Entities: ents, TimestampColumn: req.EntityTimestampColumn, FullFeatureNames: req.FullFeatureNames}
	defer func() {
		for _, v := range oreq.Views {
			releaseAll(v.Rows)
		}
	}()
	for _, ref := range req.Views {
		v, err := s.oracleView(req.Project, ref)
		if err != nil {
			return nil, err
		}
		oreq.Views = append(oreq.Views, v)
	}
	out, err := pitoracle.Join(oreq)
	if err != nil {
		return nil, storeerr.InvalidArgument("HistoricalFeatures: %v", err)
	}
	defer out.Release()
	rd, err := array.NewRecordReader(out.Schema(), []arrow.RecordBatch{out})
	if err != nil {
		return nil, storeerr.Internal("HistoricalFeatures: %v", err)
	}
	return &offlinestore.PullResponse{Records: rd}, nil
}

// oracleView reads every row of a view's source under the view's names
// (pulls apply the source's field mapping).
func (s *Offline) oracleView(project string, ref offlinestore.ViewRef) (pitoracle.View, error) {
	v := pitoracle.View{Name: ref.View.Name, JoinKeyMap: ref.JoinKeyMap, Features: ref.Features, TTL: ref.View.TTL,
		EventColumn: ref.Source.TimestampField, CreatedColumn: ref.Source.CreatedTimestampColumn}
	preq := &offlinestore.PullRequest{Project: project, Source: ref.Source}
	var names []string
	for _, k := range ref.View.JoinKeys {
		v.JoinKeys = append(v.JoinKeys, k.Name)
		preq.JoinKeys = append(preq.JoinKeys, k.Name)
		names = append(names, k.Name)
	}
	for _, f := range ref.Features {
		preq.FeatureColumns = append(preq.FeatureColumns, f)
		names = append(names, f)
	}
	names = append(names, ref.Source.TimestampField)
	if ref.Source.CreatedTimestampColumn != "" {
		names = append(names, ref.Source.CreatedTimestampColumn)
	}
	resp, err := s.pull(preq, false)
	if err != nil {
		return v, err
	}
	recs, err := readRecords(resp.Records)
	if err != nil {
		return v, err
	}
	for _, rec := range recs {
		v.Rows = append(v.Rows, renamed(rec, names))
		rec.Release()
	}
	if len(v.Rows) == 0 {
		empty := emptyRecord(s, resp.Records.Schema())
		v.Rows = append(v.Rows, renamed(empty, names))
		empty.Release()
	}
	return v, nil
}

// renamed returns rec with its columns named names.
func renamed(rec arrow.RecordBatch, names []string) arrow.RecordBatch {
	fields := make([]arrow.Field, len(names))
	for i, f := range rec.Schema().Fields() {
		f.Name = names[i]
		fields[i] = f
	}
	return array.NewRecordBatch(arrow.NewSchema(fields, nil), rec.Columns(), rec.NumRows())
}

// emptyRecord returns a record of no rows.
func emptyRecord(s *Offline, schema *arrow.Schema) arrow.RecordBatch {
	cols := make([]arrow.Array, schema.NumFields())
	for i, f := range schema.Fields() {
		cols[i] = array.MakeArrayOfNull(s.mem, f.Type, 0)
		defer cols[i].Release()
	}
	return array.NewRecordBatch(schema, cols, 0)
}

// readRecords reads and retains every record of rd, then releases rd.
func readRecords(rd array.RecordReader) ([]arrow.RecordBatch, error) {
	defer rd.Release()
	var out []arrow.RecordBatch
	for rd.Next() {
		rec := rd.RecordBatch()
		rec.Retain()
		out = append(out, rec)
	}
	if err := rd.Err(); err != nil {
		releaseAll(out)
		return nil, storeerr.InvalidArgument("reading records: %v", err)
	}
	return out, nil
}
