package service

import (
	"context"
	"strings"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/onlineread"
)

// Resource kinds as the authorizer sees them.
const (
	kindView    = "feature-view"
	kindService = "feature-service"
	kindSource  = "data-source"
	kindProject = "project"
)

// authorize asks the authorizer; a refusal becomes a Forbidden error.
func (s *Service) authorize(ctx context.Context, action authz.Action, resources []authz.Resource) error {
	err := authz.Check(ctx, s.opts.Authorizer, action, resources...)
	if err == nil {
		return nil
	}
	if _, ok := apierr.As(err); ok {
		return err
	}
	return apierr.Forbidden("%s denied: %v", action, err)
}

func viewResource(v *model.FeatureView) authz.Resource {
	return authz.Resource{Kind: kindView, Name: v.Name, Tags: v.Tags}
}

// readResources lists the known views (and the service) a read touches;
// unknown names are reported by the reader afterwards.
func readResources(repo *model.Repo, req *onlineread.Request) []authz.Resource {
	refs := req.Features
	var out []authz.Resource
	if fs, ok := repo.FeatureServices[req.FeatureService]; ok {
		out = append(out, authz.Resource{Kind: kindService, Name: fs.Name, Tags: fs.Tags})
		refs = fs.Features
	}
	seen := make(map[string]bool, 4)
	for _, ref := range refs {
		name, _, _ := strings.Cut(ref, ":")
		if v, ok := repo.FeatureViews[name]; ok && !seen[name] {
			seen[name] = true
			out = append(out, viewResource(v))
		}
	}
	return out
}

// projectResource is the resource of project-wide operations (health).
func projectResource(repo *model.Repo) []authz.Resource {
	return []authz.Resource{{Kind: kindProject, Name: repo.Project}}
}

// AuthorizeDescribe asks whether the caller may DESCRIBE the project, as
// reading the server's metrics requires.
func (s *Service) AuthorizeDescribe(ctx context.Context) error {
	return s.authorize(ctx, authz.Describe, projectResource(s.opts.Repos.Repo()))
}
