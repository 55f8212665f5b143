package service

import (
	"context"
	"fmt"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
)

// DescribeProject asks for DESCRIBE on the project, before its name and
// metadata are shown.
func (s *Service) DescribeProject(ctx context.Context) error {
	return s.check(ctx, describeProjectAccess(s.Project()))
}

// Materialized returns the intervals materialized into a view's online
// table, oldest first. view comes from Get or List, which asked for
// DESCRIBE on it.
func (s *Service) Materialized(ctx context.Context, view *Object) ([]registry.Interval, error) {
	if view.Record.Kind != model.KindFeatureView {
		return nil, fmt.Errorf("%s %s is not a feature view", view.Record.Kind, view.Record.Name)
	}
	return s.fs.Registry.Materialized(ctx, s.Project(), view.Record.Name)
}

// RecordMaterialized records that [start, end) of a view was
// materialized by someone else (Feast's SDK materializes through the
// online and offline stores, then reports the interval), as a Quiver
// materialization records it: later incremental runs start at end. It
// asks for what materializing the view asks for. An empty interval
// records nothing.
func (s *Service) RecordMaterialized(ctx context.Context, view string, start, end time.Time) error {
	obj, err := s.Get(ctx, model.KindFeatureView, view)
	if err != nil {
		return err
	}
	v := obj.Value.(*model.FeatureView)
	if !v.Online {
		return apierr.Invalid("feature view %s is not online: nothing is materialized into it", v.Name)
	}
	if err := s.check(ctx, materializeAccess([]*model.FeatureView{v})...); err != nil {
		return err
	}
	switch {
	case end.Before(start):
		return apierr.Invalid("the interval of feature view %s ends (%s) before it starts (%s)", v.Name,
			end.UTC().Format(time.RFC3339), start.UTC().Format(time.RFC3339))
	case end.Equal(start):
		return nil
	}
	return s.fs.Registry.AddMaterialized(ctx, s.Project(), v.Name, registry.Interval{Start: start.UTC(), End: end.UTC()})
}

// refresher is a snapshot source that can reload the registry on demand.
type refresher interface {
	Refresh(ctx context.Context) error
}

// RefreshRegistry reloads the registry snapshot requests are served from,
// after asking for DESCRIBE on the project. A source that reloads on its
// own schedule only (or never) makes it a no-op.
func (s *Service) RefreshRegistry(ctx context.Context) error {
	if err := s.DescribeProject(ctx); err != nil {
		return err
	}
	if r, ok := s.opts.Repos.(refresher); ok {
		return r.Refresh(ctx)
	}
	return nil
}
