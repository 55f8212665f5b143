package conformance

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/conformance/pitoracle"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// The reference store answers pushdowns with the oracle itself, so the
// historical cases would pass whatever they checked. These stores push
// down deliberately wrong joins, each with one classic bug, to prove the
// cases catch it.

// ttlIgnored joins as if no view had a ttl.
type ttlIgnored struct{ *memstore.Offline }

func (s ttlIgnored) HistoricalFeatures(ctx context.Context, req *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
	r := *req
	r.Views = append([]offlinestore.ViewRef(nil), req.Views...)
	for i := range r.Views {
		r.Views[i].View.TTL = 0
	}
	return s.Offline.HistoricalFeatures(ctx, &r)
}

// createdIgnored breaks ties of equal event times without the created
// timestamp.
type createdIgnored struct{ *memstore.Offline }

func (s createdIgnored) HistoricalFeatures(ctx context.Context, req *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
	r := *req
	r.Views = append([]offlinestore.ViewRef(nil), req.Views...)
	for i := range r.Views {
		r.Views[i].Source.CreatedTimestampColumn = ""
	}
	return s.Offline.HistoricalFeatures(ctx, &r)
}

// strictlyBefore takes source rows with e < t instead of e <= t: it joins
// at entity times one microsecond earlier, then moves the entity times in
// the answer back.
type strictlyBefore struct{ *memstore.Offline }

func (s strictlyBefore) HistoricalFeatures(ctx context.Context, req *offlinestore.HistoricalFeaturesRequest) (*offlinestore.PullResponse, error) {
	req.Entities.Retain() // the caller releases it too
	ents, err := pitoracle.ReadAll(req.Entities)
	if err != nil {
		return nil, err
	}
	defer ents.Release()
	idx := ents.Schema().FieldIndices(req.EntityTimestampColumn)
	if len(idx) != 1 {
		return nil, storeerr.InvalidArgument("no entity timestamp column %q", req.EntityTimestampColumn)
	}
	shifted := shiftMicros(ents, idx[0], -1)
	defer shifted.Release()
	r := *req
	r.Entities, err = array.NewRecordReader(shifted.Schema(), []arrow.RecordBatch{shifted})
	if err != nil {
		return nil, err
	}
	defer r.Entities.Release()
	resp, err := s.Offline.HistoricalFeatures(ctx, &r)
	if err != nil {
		return nil, err
	}
	out, err := pitoracle.ReadAll(resp.Records)
	if err != nil {
		return nil, err
	}
	defer out.Release()
	restored := shiftMicros(out, out.Schema().FieldIndices(req.EntityTimestampColumn)[0], 1)
	defer restored.Release()
	rd, err := array.NewRecordReader(restored.Schema(), []arrow.RecordBatch{restored})
	return &offlinestore.PullResponse{Records: rd}, err
}

// shiftMicros returns rec with the timestamps of column c moved by d
// microseconds (in the column's own unit, at least one tick).
func shiftMicros(rec arrow.RecordBatch, c int, d int64) arrow.RecordBatch {
	old := rec.Column(c).(*array.Timestamp)
	switch old.DataType().(*arrow.TimestampType).Unit {
	case arrow.Nanosecond:
		d *= 1000
	case arrow.Millisecond, arrow.Second:
		// one tick is already more than a microsecond
	}
	b := array.NewTimestampBuilder(memory.DefaultAllocator, old.DataType().(*arrow.TimestampType))
	defer b.Release()
	for i := range old.Len() {
		if old.IsNull(i) {
			b.AppendNull()
		} else {
			b.Append(old.Value(i) + arrow.Timestamp(d))
		}
	}
	col := b.NewArray()
	defer col.Release()
	out, err := rec.SetColumn(c, col)
	if err != nil {
		panic(err)
	}
	return out
}

func TestHistoricalCasesFailWrongPushdowns(t *testing.T) {
	t.Parallel()
	stores := map[string]offlinestore.Store{
		"ttl ignored":         ttlIgnored{memstore.NewOffline()},
		"created tie ignored": createdIgnored{memstore.NewOffline()},
		"e < t instead of <=": strictlyBefore{memstore.NewOffline()},
	}
	for name, store := range stores {
		cfg := NewConfig()
		cfg.Offline = store
		results, err := RunCases(t.Context(), cfg, Options{Match: func(n string) bool {
			return strings.HasPrefix(n, "OfflineStore/HistoricalFeatures/")
		}})
		if err != nil {
			t.Fatal(err)
		}
		failed := 0
		for _, r := range results {
			if r.Status == StatusFail && strings.Contains(r.Message, "differs from the reference join") {
				failed++
			}
		}
		t.Logf("%s: %d of %d historical cases failed", name, failed, len(results))
		if len(results) == 0 || failed != len(results) {
			t.Errorf("%s: %d of %d historical cases failed the wrong pushdown; want all: %+v", name, failed, len(results), results)
		}
	}
}
