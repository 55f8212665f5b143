package registryapi

import (
	"context"

	"github.com/quiverfs/quiver/host/internal/apierr"
	feastcore "github.com/quiverfs/quiver/host/internal/gen/feast/core"
	feastregistry "github.com/quiverfs/quiver/host/internal/gen/feast/registry"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/service"
)

// GetEntity returns one entity (Feast's __dummy when a view has none).
func (s *server) GetEntity(ctx context.Context, req *feastregistry.GetRequest) (*feastcore.Entity, error) {
	if req.Name == dummyEntity && s.served(req.Project) && hasEntitylessView(s.svc.Repo()) {
		return dummyEntityProto(req.Project), nil
	}
	obj, err := s.get(ctx, model.KindEntity, req.Name, req.Project)
	if err != nil {
		return nil, fail(err)
	}
	return entityProto(obj.Value.(*model.Entity), req.Project, obj.Record), nil
}

// ListEntities lists the entities, and Feast's __dummy when a view has
// none (Feast's client hides it from users, and needs it).
func (s *server) ListEntities(ctx context.Context, req *feastregistry.ListRequest) (*feastregistry.ListEntitiesResponse, error) {
	objs, err := s.list(ctx, model.KindEntity, req.Project, req.Tags)
	if err != nil {
		return nil, fail(err)
	}
	items := itemsOf(objs, func(o service.Object) *feastcore.Entity {
		return entityProto(o.Value.(*model.Entity), req.Project, o.Record)
	})
	if s.served(req.Project) && len(req.Tags) == 0 && hasEntitylessView(s.svc.Repo()) {
		items = append(items, item[*feastcore.Entity]{name: dummyEntity, msg: dummyEntityProto(req.Project)})
	}
	out, meta, err := page(items, req.Pagination, req.Sorting)
	if err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListEntitiesResponse{Entities: out, Pagination: meta}, nil
}

// GetDataSource returns one data source.
func (s *server) GetDataSource(ctx context.Context, req *feastregistry.GetRequest) (*feastcore.DataSource, error) {
	obj, err := s.get(ctx, model.KindDataSource, req.Name, req.Project)
	if err != nil {
		return nil, fail(err)
	}
	return sourceProto(s.svc.Repo(), obj.Value.(*model.DataSource), req.Project, &obj.Record), nil
}

// ListDataSources lists the data sources.
func (s *server) ListDataSources(ctx context.Context, req *feastregistry.ListRequest) (*feastregistry.ListDataSourcesResponse, error) {
	objs, err := s.list(ctx, model.KindDataSource, req.Project, req.Tags)
	if err != nil {
		return nil, fail(err)
	}
	repo := s.svc.Repo()
	out, meta, err := page(itemsOf(objs, func(o service.Object) *feastcore.DataSource {
		return sourceProto(repo, o.Value.(*model.DataSource), req.Project, &o.Record)
	}), req.Pagination, req.Sorting)
	if err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListDataSourcesResponse{DataSources: out, Pagination: meta}, nil
}

// GetPermission returns one permission.
func (s *server) GetPermission(ctx context.Context, req *feastregistry.GetRequest) (*feastcore.Permission, error) {
	obj, err := s.get(ctx, model.KindPermission, req.Name, req.Project)
	if err != nil {
		return nil, fail(err)
	}
	return permissionProto(obj.Value.(*model.Permission), req.Project, obj.Record), nil
}

// ListPermissions lists the permissions.
func (s *server) ListPermissions(ctx context.Context, req *feastregistry.ListRequest) (*feastregistry.ListPermissionsResponse, error) {
	objs, err := s.list(ctx, model.KindPermission, req.Project, req.Tags)
	if err != nil {
		return nil, fail(err)
	}
	out, meta, err := page(itemsOf(objs, func(o service.Object) *feastcore.Permission {
		return permissionProto(o.Value.(*model.Permission), req.Project, o.Record)
	}), req.Pagination, req.Sorting)
	if err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListPermissionsResponse{Permissions: out, Pagination: meta}, nil
}

// GetValidationReference: Quiver has no validation references.
func (s *server) GetValidationReference(ctx context.Context, req *feastregistry.GetRequest) (*feastcore.ValidationReference, error) {
	return nil, fail(s.notFound(apierr.ValidationReference, "validation reference", req.Name, req.Project))
}

// ListValidationReferences: Quiver has no validation references.
func (s *server) ListValidationReferences(ctx context.Context, req *feastregistry.ListRequest) (*feastregistry.ListValidationReferencesResponse, error) {
	if err := checkTags(req.Tags); err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListValidationReferencesResponse{}, nil
}
