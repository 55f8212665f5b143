package materialize

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// DefaultBatchRows is the number of rows per online write when
// Materializer.BatchRows is not set.
const DefaultBatchRows = 10_000

// viewPlan is what one view's run needs.
type viewPlan struct {
	view    *model.FeatureView
	source  types.DataSourceSpec
	schema  RowSchema
	offline offlinestore.Store
	online  onlinestore.Store
}

// Run materializes the requested views one after the other; the caller
// (the service layer) has authorized them. It records a view's window
// in the registry only after all its rows were written. A failed or
// cancelled run records nothing for the view it was on; running it again
// gives the same online state as one clean run.
func (m *Materializer) Run(ctx context.Context, req Request) (*Result, error) {
	if req.End.IsZero() {
		return nil, apierr.Invalid("materialize: an end time is required")
	}
	if !req.Incremental && !req.Start.Before(req.End) {
		return nil, apierr.Invalid("materialize: start %s is not before end %s", req.Start.UTC().Format(time.RFC3339), req.End.UTC().Format(time.RFC3339))
	}
	repo, err := m.FS.Repo(ctx)
	if err != nil {
		return nil, err
	}
	views, err := selectViews(repo, req.Views)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for _, v := range views {
		p, err := m.planView(ctx, repo, v)
		if err != nil {
			return res, err
		}
		vr, err := m.runView(ctx, p, req)
		if err != nil {
			return res, fmt.Errorf("materializing %s: %w", v.Name, err)
		}
		res.Views = append(res.Views, vr)
	}
	return res, nil
}

// selectViews returns the named views, or every online view, sorted by name.
func selectViews(repo *model.Repo, names []string) ([]*model.FeatureView, error) {
	var out []*model.FeatureView
	if len(names) == 0 {
		for _, n := range repo.Names(model.KindFeatureView) {
			if v := repo.FeatureViews[n]; v.Online {
				out = append(out, v)
			}
		}
		return out, nil
	}
	for _, n := range names {
		v, ok := repo.FeatureViews[n]
		switch {
		case !ok:
			return nil, apierr.NotFound("materialize: unknown feature view %q (is it applied?)", n).About(apierr.FeatureView)
		case !v.Online:
			return nil, apierr.Invalid("materialize: feature view %s is not online", n)
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// planView opens the stores and works out the view's source and columns.
func (m *Materializer) planView(ctx context.Context, repo *model.Repo, v *model.FeatureView) (*viewPlan, error) {
	src, err := repo.BatchSource(v)
	if err != nil {
		return nil, err
	}
	keys, err := repo.JoinKeys(v)
	if err != nil {
		return nil, err
	}
	p := &viewPlan{view: v, source: specFor(m.FS.SourceSpec(src), src, v)}
	now, window := time.Now(), m.FS.Config.Ingestion
	p.schema = RowSchema{JoinKeys: keys, EventTimestamp: src.TimestampField, CreatedTimestamp: src.CreatedTimestampColumn,
		CheckTime: func(t time.Time) error { return window.Check(t, now) }}
	for _, f := range repo.Features(v) {
		p.schema.Features = append(p.schema.Features, f.Spec())
	}
	if p.offline, err = m.FS.Offline(ctx); err != nil {
		return nil, err
	}
	if p.online, err = m.FS.Online(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// names returns the names of fields.
func names(fields []types.Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Name
	}
	return out
}

// record stores the view's finished window in the registry.
func (m *Materializer) record(ctx context.Context, view string, w window) error {
	return m.FS.Registry.AddMaterialized(ctx, m.FS.Project(), view, registry.Interval{Start: w.start, End: w.end})
}
