package registryapi

import (
	"context"
	"slices"

	"github.com/quiverfs/quiver/host/internal/apierr"
	feastcore "github.com/quiverfs/quiver/host/internal/gen/feast/core"
	feastregistry "github.com/quiverfs/quiver/host/internal/gen/feast/registry"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/service"
)

// view converts a feature view object with its materialized intervals.
func (s *server) view(ctx context.Context, repo *model.Repo, o service.Object, project string) (*feastcore.FeatureView, error) {
	done, err := s.svc.Materialized(ctx, &o)
	if err != nil {
		return nil, err
	}
	return viewProto(repo, o.Value.(*model.FeatureView), project, o.Record, done), nil
}

// views lists the feature views of project that keep says to keep.
func (s *server) views(ctx context.Context, project string, tags map[string]string, keep func(*model.FeatureView, service.Object) bool) ([]item[*feastcore.FeatureView], error) {
	objs, err := s.list(ctx, model.KindFeatureView, project, tags)
	if err != nil {
		return nil, err
	}
	repo := s.svc.Repo()
	var out []item[*feastcore.FeatureView]
	for _, o := range objs {
		if keep != nil && !keep(o.Value.(*model.FeatureView), o) {
			continue
		}
		fv, err := s.view(ctx, repo, o, project)
		if err != nil {
			return nil, err
		}
		out = append(out, item[*feastcore.FeatureView]{name: o.Record.Name, created: o.Record.CreatedAt, updated: o.Record.UpdatedAt, msg: fv})
	}
	return out, nil
}

// GetFeatureView returns one feature view.
func (s *server) GetFeatureView(ctx context.Context, req *feastregistry.GetRequest) (*feastcore.FeatureView, error) {
	obj, err := s.get(ctx, model.KindFeatureView, req.Name, req.Project)
	if err != nil {
		return nil, fail(err)
	}
	fv, err := s.view(ctx, s.svc.Repo(), *obj, req.Project)
	if err != nil {
		return nil, fail(err)
	}
	return fv, nil
}

// GetAnyFeatureView returns one feature view (Quiver has no other kind).
func (s *server) GetAnyFeatureView(ctx context.Context, req *feastregistry.GetRequest) (*feastregistry.GetAnyFeatureViewResponse, error) {
	fv, err := s.GetFeatureView(ctx, req)
	if err != nil {
		return nil, err
	}
	return &feastregistry.GetAnyFeatureViewResponse{AnyFeatureView: anyView(fv)}, nil
}

func anyView(fv *feastcore.FeatureView) *feastregistry.AnyFeatureView {
	return &feastregistry.AnyFeatureView{AnyFeatureView: &feastregistry.AnyFeatureView_FeatureView{FeatureView: fv}}
}

// ListFeatureViews lists the feature views.
func (s *server) ListFeatureViews(ctx context.Context, req *feastregistry.ListRequest) (*feastregistry.ListFeatureViewsResponse, error) {
	items, err := s.views(ctx, req.Project, req.Tags, nil)
	if err != nil {
		return nil, fail(err)
	}
	out, meta, err := page(items, req.Pagination, req.Sorting)
	if err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListFeatureViewsResponse{FeatureViews: out, Pagination: meta}, nil
}

// ListAllFeatureViews lists the feature views that pass every filter set:
// an entity they use, a feature they have, a feature service that reads
// them, a data source they read (directly or as a push source's batch
// source), and an update at or after updated_since.
func (s *server) ListAllFeatureViews(ctx context.Context, req *feastregistry.ListAllFeatureViewsRequest) (*feastregistry.ListAllFeatureViewsResponse, error) {
	repo := s.svc.Repo()
	var serviceViews []string
	if req.FeatureService != "" {
		refs, _ := repo.ResolveService(req.FeatureService) // unknown: no view
		for _, r := range refs {
			serviceViews = append(serviceViews, r.View)
		}
	}
	keep := func(v *model.FeatureView, o service.Object) bool {
		switch {
		case req.Entity != "" && !slices.Contains(v.Entities, req.Entity):
			return false
		case req.Feature != "" && !anyTrue(repo.Features(v), func(f model.Field) bool { return f.Name == req.Feature }):
			return false
		case req.FeatureService != "" && !slices.Contains(serviceViews, v.Name):
			return false
		case req.DataSource != "" && !readsSource(repo, v, req.DataSource):
			return false
		case req.UpdatedSince != nil && o.Record.UpdatedAt.Before(req.UpdatedSince.AsTime()):
			return false
		}
		return true
	}
	items, err := s.views(ctx, req.Project, req.Tags, keep)
	if err != nil {
		return nil, fail(err)
	}
	views, meta, err := page(items, req.Pagination, req.Sorting)
	if err != nil {
		return nil, fail(err)
	}
	out := make([]*feastregistry.AnyFeatureView, len(views))
	for i, fv := range views {
		out[i] = anyView(fv)
	}
	return &feastregistry.ListAllFeatureViewsResponse{FeatureViews: out, Pagination: meta}, nil
}

// readsSource reports whether v reads the data source named name.
func readsSource(repo *model.Repo, v *model.FeatureView, name string) bool {
	if v.Source == name {
		return true
	}
	src, ok := repo.DataSources[v.Source]
	return ok && src.Kind == model.SourcePush && src.BatchSource == name
}

// GetStreamFeatureView: Quiver has no stream feature views. Feast's
// offline server asks for one after a feature view was not found.
func (s *server) GetStreamFeatureView(ctx context.Context, req *feastregistry.GetRequest) (*feastcore.StreamFeatureView, error) {
	return nil, fail(s.notFound(apierr.FeatureView, "stream feature view", req.Name, req.Project))
}

// GetOnDemandFeatureView: Quiver has no on-demand feature views.
func (s *server) GetOnDemandFeatureView(ctx context.Context, req *feastregistry.GetRequest) (*feastcore.OnDemandFeatureView, error) {
	return nil, fail(s.notFound(apierr.FeatureView, "on-demand feature view", req.Name, req.Project))
}

// GetLabelView: Quiver has no label views.
func (s *server) GetLabelView(ctx context.Context, req *feastregistry.GetRequest) (*feastcore.LabelView, error) {
	return nil, fail(s.notFound(apierr.FeatureView, "label view", req.Name, req.Project))
}

// ListStreamFeatureViews: none.
func (s *server) ListStreamFeatureViews(ctx context.Context, req *feastregistry.ListRequest) (*feastregistry.ListStreamFeatureViewsResponse, error) {
	if err := checkTags(req.Tags); err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListStreamFeatureViewsResponse{}, nil
}

// ListOnDemandFeatureViews: none.
func (s *server) ListOnDemandFeatureViews(ctx context.Context, req *feastregistry.ListRequest) (*feastregistry.ListOnDemandFeatureViewsResponse, error) {
	if err := checkTags(req.Tags); err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListOnDemandFeatureViewsResponse{}, nil
}

// ListLabelViews: none.
func (s *server) ListLabelViews(ctx context.Context, req *feastregistry.ListRequest) (*feastregistry.ListLabelViewsResponse, error) {
	if err := checkTags(req.Tags); err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListLabelViewsResponse{}, nil
}

// GetFeatureService returns one feature service.
func (s *server) GetFeatureService(ctx context.Context, req *feastregistry.GetRequest) (*feastcore.FeatureService, error) {
	obj, err := s.get(ctx, model.KindFeatureService, req.Name, req.Project)
	if err != nil {
		return nil, fail(err)
	}
	return serviceProto(s.svc.Repo(), obj.Value.(*model.FeatureService), req.Project, obj.Record), nil
}

// ListFeatureServices lists the feature services (those reading
// feature_view, when it is set).
func (s *server) ListFeatureServices(ctx context.Context, req *feastregistry.ListFeatureServicesRequest) (*feastregistry.ListFeatureServicesResponse, error) {
	objs, err := s.list(ctx, model.KindFeatureService, req.Project, req.Tags)
	if err != nil {
		return nil, fail(err)
	}
	repo := s.svc.Repo()
	if req.FeatureView != "" {
		objs = slices.DeleteFunc(objs, func(o service.Object) bool {
			refs, _ := repo.ResolveService(o.Record.Name)
			return !anyTrue(refs, func(r model.FeatureRef) bool { return r.View == req.FeatureView })
		})
	}
	out, meta, err := page(itemsOf(objs, func(o service.Object) *feastcore.FeatureService {
		return serviceProto(repo, o.Value.(*model.FeatureService), req.Project, o.Record)
	}), req.Pagination, req.Sorting)
	if err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListFeatureServicesResponse{FeatureServices: out, Pagination: meta}, nil
}
