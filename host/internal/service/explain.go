package service

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
)

// PermissionVerdict is how one permission relates to a question.
type PermissionVerdict struct {
	Permission string `json:"permission"`
	Type       bool   `json:"covers_type"`
	Name       bool   `json:"covers_name"`
	Tags       bool   `json:"covers_tags"`
	Actions    bool   `json:"covers_actions"`
	Admits     bool   `json:"policy_admits"`
}

// Explanation answers "may this identity do these actions on this
// resource", with every permission's part in the answer.
type Explanation struct {
	Identity    authz.Identity      `json:"identity"`
	Actions     []authz.Action      `json:"actions"`
	Resource    authz.Resource      `json:"resource"`
	AuthEnabled bool                `json:"auth_enabled"`
	Allowed     bool                `json:"allowed"`
	Reason      string              `json:"reason"`
	Verdicts    []PermissionVerdict `json:"permissions"`
}

// ExplainAccess decides, as a request by id would be decided with
// authentication on, whether id may do actions on the resource kind/name
// of the registry, and says which permission granted or why none did.
// AuthEnabled tells whether quiver.yaml actually enforces it. Asking needs
// DESCRIBE on the project.
func (s *Service) ExplainAccess(ctx context.Context, id authz.Identity, actions []authz.Action, kind, name string) (*Explanation, error) {
	if err := s.check(ctx, describeProjectAccess(s.Project())); err != nil {
		return nil, err
	}
	res, err := s.resource(ctx, kind, name)
	if err != nil {
		return nil, err
	}
	ex := &Explanation{Identity: id, Actions: actions, Resource: res, AuthEnabled: s.enforcer.AuthEnabled}
	repo := s.Repo()
	set := CompilePermissions(repo, func(string, error) {})
	for _, pname := range repo.Names(model.KindPermission) {
		p, err := authz.Compile(repo.Permissions[pname].Spec())
		if err != nil {
			ex.Verdicts = append(ex.Verdicts, PermissionVerdict{Permission: pname})
			continue
		}
		ex.Verdicts = append(ex.Verdicts, PermissionVerdict{Permission: pname, Type: p.MatchesType(res.Kind),
			Name: p.MatchesName(res.Name), Tags: p.MatchesTags(res.Tags), Actions: p.CoversActions(actions), Admits: p.Grants(id)})
	}
	err = (&authz.Enforcer{AuthEnabled: true, Permissions: func() *authz.Set { return set }}).Authorize(ctx,
		&authz.Request{Identity: id, Actions: actions, Resources: []authz.Resource{res}})
	var denied *authz.Denied
	switch {
	case err == nil:
		ex.Allowed, ex.Reason = true, set.Decide(id, actions, res).Reason()
	case errors.Is(err, authz.ErrUnauthenticated):
		ex.Reason = "the identity has no name: an unauthenticated caller is refused"
	case errors.As(err, &denied):
		ex.Reason = denied.Decision.Reason()
	default:
		return nil, err
	}
	return ex, nil
}

// resource is the resource kind/name as the authorizer sees it, with the
// tags of the registry object.
func (s *Service) resource(ctx context.Context, kind, name string) (authz.Resource, error) {
	if !slices.Contains(authz.ResourceTypes, kind) {
		return authz.Resource{}, apierr.Invalid("unknown resource type %q (known: %s)", kind, strings.Join(authz.ResourceTypes, ", "))
	}
	switch kind {
	case authz.TypeProject:
		if name != s.Project() {
			return authz.Resource{}, apierr.NotFound("no project %q here (this repository is project %s)", name, s.Project()).About(apierr.Project)
		}
		return projectResource(name), nil
	case authz.TypeSavedDataset:
		if _, err := s.fs.Registry.GetDataset(ctx, s.Project(), name); errors.Is(err, registry.ErrNotFound) {
			return authz.Resource{}, apierr.NotFound("no saved dataset named %q", name).About(apierr.SavedDataset)
		} else if err != nil {
			return authz.Resource{}, err
		}
		return authz.Resource{Kind: kind, Name: name}, nil
	}
	obj := s.Repo().Object(model.Kind(kind), name)
	if obj == nil {
		return authz.Resource{}, apierr.NotFound("no %s named %q in project %s", kind, name, s.Project()).About(ObjectOf(model.Kind(kind)))
	}
	return resourceOf(model.Kind(kind), name, obj), nil
}
