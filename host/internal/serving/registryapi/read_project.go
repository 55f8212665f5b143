package registryapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/quiverfs/quiver/host/internal/apierr"
	feastcore "github.com/quiverfs/quiver/host/internal/gen/feast/core"
	feastregistry "github.com/quiverfs/quiver/host/internal/gen/feast/registry"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// GetSavedDataset returns one saved dataset.
func (s *server) GetSavedDataset(ctx context.Context, req *feastregistry.GetRequest) (*feastcore.SavedDataset, error) {
	if !s.served(req.Project) {
		return nil, fail(s.notFound(apierr.SavedDataset, "saved dataset", req.Name, req.Project))
	}
	d, err := s.svc.Dataset(ctx, req.Name)
	if err != nil {
		return nil, fail(err)
	}
	return datasetProto(s.svc.Repo(), *d, req.Project, s.repoDir), nil
}

// ListSavedDatasets lists the saved datasets. Quiver's datasets have no
// tags, namespace or collection: filtering by any lists none.
func (s *server) ListSavedDatasets(ctx context.Context, req *feastregistry.ListSavedDatasetsRequest) (*feastregistry.ListSavedDatasetsResponse, error) {
	if err := checkTags(req.Tags); err != nil {
		return nil, fail(err)
	}
	if !s.served(req.Project) || len(req.Tags) > 0 || req.Namespace != "" || req.Collection != "" {
		return &feastregistry.ListSavedDatasetsResponse{}, nil
	}
	list, err := s.svc.Datasets(ctx)
	if err != nil {
		return nil, fail(err)
	}
	repo := s.svc.Repo()
	items := make([]item[*feastcore.SavedDataset], len(list))
	for i, d := range list {
		items[i] = item[*feastcore.SavedDataset]{name: d.Name, created: d.CreatedAt, updated: d.CreatedAt,
			msg: datasetProto(repo, d, req.Project, s.repoDir)}
	}
	out, meta, err := page(items, req.Pagination, req.Sorting)
	if err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListSavedDatasetsResponse{SavedDatasets: out, Pagination: meta}, nil
}

// visible reports whether the caller may DESCRIBE the project.
func (s *server) visible(ctx context.Context) (bool, error) {
	err := s.svc.DescribeProject(ctx)
	if hasCode(err, service.CodeForbidden) {
		return false, nil
	}
	return err == nil, err
}

// project is the served project as Feast's.
func (s *server) project() *feastcore.Project {
	return &feastcore.Project{Spec: &feastcore.ProjectSpec{Name: s.svc.Project()}, Meta: &feastcore.ProjectMeta{}}
}

// GetProject returns the served project, when the caller may DESCRIBE it.
func (s *server) GetProject(ctx context.Context, req *feastregistry.GetProjectRequest) (*feastcore.Project, error) {
	if !s.served(req.Name) {
		return nil, fail(apierr.NotFound("no project named %q: this server serves project %s", textclip.Clip(req.Name, 80), s.svc.Project()).About(apierr.Project))
	}
	if err := s.svc.DescribeProject(ctx); err != nil {
		return nil, fail(err)
	}
	return s.project(), nil
}

// ListProjects lists the served project, when the caller may DESCRIBE
// it and it has every tag asked for (it has none).
func (s *server) ListProjects(ctx context.Context, req *feastregistry.ListProjectsRequest) (*feastregistry.ListProjectsResponse, error) {
	if err := checkTags(req.Tags); err != nil {
		return nil, fail(err)
	}
	ok, err := s.visible(ctx)
	if err != nil {
		return nil, fail(err)
	}
	var items []item[*feastcore.Project]
	if ok && len(req.Tags) == 0 {
		items = append(items, item[*feastcore.Project]{name: s.svc.Project(), msg: s.project()})
	}
	out, meta, err := page(items, req.Pagination, req.Sorting)
	if err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListProjectsResponse{Projects: out, Pagination: meta}, nil
}

// ListProjectMetadata gives the served project a stable UUID derived from
// its name (Feast keys usage statistics by it).
func (s *server) ListProjectMetadata(ctx context.Context, req *feastregistry.ListProjectMetadataRequest) (*feastregistry.ListProjectMetadataResponse, error) {
	if !s.served(req.Project) {
		return &feastregistry.ListProjectMetadataResponse{}, nil
	}
	if err := s.svc.DescribeProject(ctx); err != nil {
		return nil, fail(err)
	}
	return &feastregistry.ListProjectMetadataResponse{ProjectMetadata: []*feastcore.ProjectMetadata{
		{Project: req.Project, ProjectUuid: projectUUID(req.Project)}}}, nil
}

// projectUUID is a name-based UUID (version 5 layout over SHA-256) of a
// project name.
func projectUUID(project string) string {
	h := sha256.Sum256([]byte("quiver project " + project))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	x := hex.EncodeToString(h[:16])
	return fmt.Sprintf("%s-%s-%s-%s-%s", x[:8], x[8:12], x[12:16], x[16:20], x[20:32])
}

// GetInfra: Quiver's stores manage their own tables, so Feast's infra
// list is empty.
func (s *server) GetInfra(ctx context.Context, req *feastregistry.GetInfraRequest) (*feastcore.Infra, error) {
	return &feastcore.Infra{}, nil
}

// Refresh reloads the registry snapshot the server answers from (any
// project: Feast's client sends "None" for none).
func (s *server) Refresh(ctx context.Context, req *feastregistry.RefreshRequest) (*emptypb.Empty, error) {
	if err := s.svc.RefreshRegistry(ctx); err != nil {
		return nil, fail(err)
	}
	return &emptypb.Empty{}, nil
}

// Commit has nothing to do: nothing is ever pending.
func (s *server) Commit(ctx context.Context, _ *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Proto returns the whole registry as one message: every object the
// caller may DESCRIBE, with last_updated the latest change and version_id
// naming the current versions of all objects.
func (s *server) Proto(ctx context.Context, _ *emptypb.Empty) (*feastcore.Registry, error) {
	project := s.svc.Project()
	reg := &feastcore.Registry{Infra: &feastcore.Infra{}}
	if ok, err := s.visible(ctx); err != nil {
		return nil, fail(err)
	} else if ok {
		reg.Projects = []*feastcore.Project{s.project()}
	}
	ents, err := s.ListEntities(ctx, &feastregistry.ListRequest{Project: project})
	if err != nil {
		return nil, err
	}
	srcs, err := s.ListDataSources(ctx, &feastregistry.ListRequest{Project: project})
	if err != nil {
		return nil, err
	}
	views, err := s.ListFeatureViews(ctx, &feastregistry.ListRequest{Project: project})
	if err != nil {
		return nil, err
	}
	fss, err := s.ListFeatureServices(ctx, &feastregistry.ListFeatureServicesRequest{Project: project})
	if err != nil {
		return nil, err
	}
	sets, err := s.ListSavedDatasets(ctx, &feastregistry.ListSavedDatasetsRequest{Project: project})
	if err != nil {
		return nil, err
	}
	perms, err := s.ListPermissions(ctx, &feastregistry.ListRequest{Project: project})
	if err != nil {
		return nil, err
	}
	reg.Entities, reg.DataSources, reg.FeatureViews = ents.Entities, srcs.DataSources, views.FeatureViews
	reg.FeatureServices, reg.SavedDatasets, reg.Permissions = fss.FeatureServices, sets.SavedDatasets, perms.Permissions
	version, last, err := s.version(ctx)
	if err != nil {
		return nil, fail(err)
	}
	reg.VersionId, reg.LastUpdated = version, timestamp(last)
	return reg, nil
}

// version names the current version of every object the caller may
// DESCRIBE, and returns the latest update among them.
func (s *server) version(ctx context.Context) (string, time.Time, error) {
	h := sha256.New()
	var last time.Time
	for _, kind := range model.Kinds {
		objs, err := s.svc.List(ctx, kind, nil)
		if err != nil {
			return "", time.Time{}, err
		}
		for _, o := range objs {
			fmt.Fprintf(h, "%s\x00%s\x00%d\n", kind, o.Record.Name, o.Record.Version)
			if o.Record.UpdatedAt.After(last) {
				last = o.Record.UpdatedAt
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), last, nil
}
