package materialize

import (
	"context"
	"fmt"
	"time"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// window is the event-time window [start, end) of one view's run; empty
// is set when there is nothing to do.
type window struct {
	start, end time.Time
	empty      bool
}

// viewWindow works out the window of view v. An explicit request uses its
// Start and End. An incremental one starts at the greatest end of the
// intervals the registry recorded for the view; a first run starts at End
// minus the view's ttl, or, with ttl 0, at the oldest event timestamp of
// the source (one scan of the event timestamp column).
func (m *Materializer) viewWindow(ctx context.Context, p *viewPlan, req Request) (window, error) {
	w := window{start: req.Start.UTC(), end: req.End.UTC()}
	if req.Incremental {
		start, err := m.incrementalStart(ctx, p, w.end)
		if err != nil {
			return w, err
		}
		if start == nil {
			return window{start: w.end, end: w.end, empty: true}, nil
		}
		w.start = *start
	}
	w.start, w.end = truncate(w.start), truncate(w.end)
	w.empty = !w.start.Before(w.end)
	return w, nil
}

// incrementalStart returns where an incremental run of the view starts, or
// nil when the source has no row before end.
func (m *Materializer) incrementalStart(ctx context.Context, p *viewPlan, end time.Time) (*time.Time, error) {
	ivs, err := m.FS.Registry.Materialized(ctx, m.FS.Project(), p.view.Name)
	if err != nil {
		return nil, err
	}
	if len(ivs) > 0 {
		last := ivs[0].End
		for _, iv := range ivs[1:] {
			if iv.End.After(last) {
				last = iv.End
			}
		}
		return &last, nil
	}
	if ttl := p.view.TTL.Duration; ttl > 0 {
		start := end.Add(-ttl)
		return &start, nil
	}
	return m.oldestRow(ctx, p, end)
}

// oldestRow scans the event timestamps of the view's source before end
// and returns the oldest, or nil when there is none. It pulls no join key
// or feature column, so the store reads only the timestamp column(s).
func (m *Materializer) oldestRow(ctx context.Context, p *viewPlan, end time.Time) (*time.Time, error) {
	resp, err := p.offline.PullRange(ctx, &offlinestore.PullRequest{Project: m.FS.Project(), Source: p.source, End: end})
	if err != nil {
		return nil, fmt.Errorf("finding the oldest row of %s: %w", p.source.Name, err)
	}
	rd := resp.Records
	defer rd.Release()
	var oldest *time.Time
	for rd.Next() {
		rec := rd.RecordBatch()
		get, err := timeGetter(rec, p.source.TimestampField)
		if err != nil {
			return nil, err
		}
		for i := range int(rec.NumRows()) {
			v, err := get(i)
			if err != nil {
				return nil, err
			}
			if t := v.Time(); !v.IsNull() && (oldest == nil || t.Before(*oldest)) {
				oldest = &t
			}
		}
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("finding the oldest row of %s: %w", p.source.Name, err)
	}
	return oldest, nil
}

// truncate drops what is finer than a microsecond, the precision of the
// stores and the registry, and moves t to UTC.
func truncate(t time.Time) time.Time { return t.Truncate(time.Microsecond).UTC() }

// composedMapping is the source's field mapping followed by the view's: a
// raw source column maps to the name the view uses for it.
func composedMapping(src *model.DataSource, v *model.FeatureView) map[string]string {
	out := map[string]string{}
	mappedTo := map[string]string{} // source-mapped name -> raw column
	for raw, name := range src.FieldMapping {
		out[raw] = name
		mappedTo[name] = raw
	}
	for from, to := range v.FieldMapping {
		if raw, ok := mappedTo[from]; ok {
			out[raw] = to
		} else {
			out[from] = to
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// specFor returns the view's source spec with the composed field mapping,
// so pulls name columns as the view does.
func specFor(spec types.DataSourceSpec, src *model.DataSource, v *model.FeatureView) types.DataSourceSpec {
	spec.FieldMapping = composedMapping(src, v)
	return spec
}
