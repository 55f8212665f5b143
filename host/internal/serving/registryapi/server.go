package registryapi

import (
	"context"
	"slices"
	"strings"

	"google.golang.org/grpc"

	"github.com/quiverfs/quiver/host/internal/apierr"
	feastregistry "github.com/quiverfs/quiver/host/internal/gen/feast/registry"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/serving/grpcapi"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// maxTagFilters bounds the tags a list call may filter by.
const maxTagFilters = 64

// server answers Feast's registry calls from svc.
type server struct {
	feastregistry.UnimplementedRegistryServerServer
	svc *service.Service
	// repoDir is the repository folder, which dataset paths are shown
	// relative to.
	repoDir string
}

// Register adds Feast's registry service to s. repoDir is the folder of
// the feature repository.
func Register(s *grpc.Server, svc *service.Service, repoDir string) {
	feastregistry.RegisterRegistryServerServer(s, &server{svc: svc, repoDir: repoDir})
}

// fail is the status of err as Feast's client reads it.
func fail(err error) error { return grpcapi.RegistryStatus(err) }

// served reports whether project is the one this server serves.
func (s *server) served(project string) bool { return project == s.svc.Project() }

// notFound is the error for an object of a kind absent from project.
func (s *server) notFound(object apierr.Object, what, name, project string) error {
	if !s.served(project) {
		return apierr.NotFound("no %s named %q in project %q: this server serves project %s", what,
			textclip.Clip(name, 80), textclip.Clip(project, 80), s.svc.Project()).About(object)
	}
	return apierr.NotFound("no %s named %q in project %s", what, textclip.Clip(name, 80), project).About(object)
}

// get returns one object of kind from project, DESCRIBE checked.
func (s *server) get(ctx context.Context, kind model.Kind, name, project string) (*service.Object, error) {
	if !s.served(project) {
		return nil, s.notFound(service.ObjectOf(kind), strings.ReplaceAll(string(kind), "-", " "), name, project)
	}
	return s.svc.Get(ctx, kind, name)
}

// list returns the objects of kind in project that carry every tag of
// filter and that the caller may DESCRIBE; none for another project.
func (s *server) list(ctx context.Context, kind model.Kind, project string, filter map[string]string) ([]service.Object, error) {
	if err := checkTags(filter); err != nil {
		return nil, err
	}
	if !s.served(project) {
		return nil, nil
	}
	return s.svc.List(ctx, kind, filter)
}

// checkTags bounds a tag filter.
func checkTags(filter map[string]string) error {
	if len(filter) > maxTagFilters {
		return apierr.Invalid("a list may filter by at most %d tags, not %d", maxTagFilters, len(filter))
	}
	return nil
}

// itemsOf maps objects to list items with convert.
func itemsOf[T any](objs []service.Object, convert func(service.Object) T) []item[T] {
	out := make([]item[T], len(objs))
	for i, o := range objs {
		out[i] = item[T]{name: o.Record.Name, created: o.Record.CreatedAt, updated: o.Record.UpdatedAt, msg: convert(o)}
	}
	return out
}

// hasEntitylessView reports whether a view of repo has no entity, which
// makes Feast's __dummy entity part of the project.
func hasEntitylessView(repo *model.Repo) bool {
	for _, v := range repo.FeatureViews {
		if len(v.Entities) == 0 {
			return true
		}
	}
	return false
}

// anyTrue reports whether f holds for some element of s.
func anyTrue[T any](s []T, f func(T) bool) bool { return slices.IndexFunc(s, f) >= 0 }

// hasCode reports whether err is an error of code (nil is no error).
func hasCode(err error, code service.Code) bool {
	if err == nil {
		return false
	}
	c, _ := service.Classify(err)
	return c == code
}
