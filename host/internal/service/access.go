package service

import (
	"context"
	"errors"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/onlineread"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/host/internal/plan"
	"github.com/quiverfs/quiver/host/internal/registry"
)

// This file is the one place that says what each operation asks the
// authorizer: which action on which resources. Every Service method that
// reads or changes anything calls check with one of these functions first.

// need is one question to the authorizer: may the caller do every one of
// actions on every one of resources.
type need struct {
	actions   []authz.Action
	resources []authz.Resource
}

// one is a need of a single action.
func one(action authz.Action, resources ...authz.Resource) need {
	return need{[]authz.Action{action}, resources}
}

// check asks the authorizer each need in turn. A refusal becomes a
// Forbidden error naming the action and resource, an anonymous caller
// where authentication is on an Unauthenticated one. A need without
// resources (every name it would cover is unknown, which the operation
// then reports) asks nothing.
func (s *Service) check(ctx context.Context, needs ...need) error {
	for _, n := range needs {
		if len(n.resources) == 0 {
			continue
		}
		if err := authz.Check(ctx, s.authorizer(), n.actions, n.resources...); err != nil {
			return refusal(err)
		}
	}
	return nil
}

// refusal turns an authorizer's error into the error the caller sees.
func refusal(err error) error {
	if _, ok := apierr.As(err); ok {
		return err
	}
	if errors.Is(err, authz.ErrUnauthenticated) {
		return apierr.Unauthenticated("authentication required: send a bearer token (Authorization: Bearer ...), or set QUIVER_TOKEN for the CLI")
	}
	return apierr.Forbidden("permission denied: %w", err)
}

// allowed reports whether the caller may do n; only a refusal (not an
// unauthenticated caller) is false without an error. List operations use
// it to leave out what the caller may not DESCRIBE.
func (s *Service) allowed(ctx context.Context, n need) (bool, error) {
	err := authz.Check(ctx, s.authorizer(), n.actions, n.resources...)
	var denied *authz.Denied
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &denied):
		return false, nil
	}
	return false, refusal(err)
}

// resourceOf is the resource of a registry object; obj may be nil (an
// object the registry no longer has).
func resourceOf(kind model.Kind, name string, obj any) authz.Resource {
	res := authz.Resource{Kind: string(kind), Name: name}
	switch o := obj.(type) {
	case *model.Entity:
		res.Tags = o.Tags
	case *model.DataSource:
		res.Tags = o.Tags
	case *model.FeatureView:
		res.Tags = o.Tags
	case *model.FeatureService:
		res.Tags = o.Tags
	case *model.Permission:
		res.Tags = o.Tags
	}
	return res
}

func viewResource(v *model.FeatureView) authz.Resource {
	return resourceOf(model.KindFeatureView, v.Name, v)
}

func projectResource(project string) authz.Resource {
	return authz.Resource{Kind: authz.TypeProject, Name: project}
}

// viewsOf lists the known views of refs once each, in order.
func viewsOf(repo *model.Repo, refs []model.FeatureRef) []authz.Resource {
	var out []authz.Resource
	seen := make(map[string]bool, 4)
	for _, ref := range refs {
		if v, ok := repo.FeatureViews[ref.View]; ok && !seen[ref.View] {
			seen[ref.View] = true
			out = append(out, viewResource(v))
		}
	}
	return out
}

// readOnlineAccess: READ_ONLINE on the feature service the request names
// and on every view it reads. Unknown names are left for the reader.
func readOnlineAccess(repo *model.Repo, req *onlineread.Request) need {
	var res []authz.Resource
	var refs []model.FeatureRef
	if fs, ok := repo.FeatureServices[req.FeatureService]; ok {
		res = append(res, resourceOf(model.KindFeatureService, fs.Name, fs))
		refs, _ = repo.ResolveServiceShared(req.FeatureService)
	} else {
		refs, _ = repo.ResolveFeaturesShared(req.Features)
	}
	return one(authz.ReadOnline, append(res, viewsOf(repo, refs)...)...)
}

// readOfflineAccess: READ_OFFLINE on every view a historical request
// reads.
func readOfflineAccess(repo *model.Repo, req *pitjoin.Request) need {
	var refs []model.FeatureRef
	if req.FeatureService != "" {
		refs, _ = repo.ResolveService(req.FeatureService)
	} else {
		refs, _ = repo.ResolveFeatures(req.Features)
	}
	return one(authz.ReadOffline, viewsOf(repo, refs)...)
}

// sourceReadAccess: READ_OFFLINE on a data source whose rows are read
// (Feast's pull_* and column listing over Flight).
func sourceReadAccess(src *model.DataSource) need {
	return one(authz.ReadOffline, resourceOf(model.KindDataSource, src.Name, src))
}

// writeOfflineAccess: WRITE_OFFLINE on the view written offline and on
// its source.
func writeOfflineAccess(v *model.FeatureView, src *model.DataSource) need {
	return one(authz.WriteOffline, viewResource(v), resourceOf(model.KindDataSource, src.Name, src))
}

// documentsAccess: READ_ONLINE on the documents view searched.
func documentsAccess(v *model.FeatureView) need {
	return one(authz.ReadOnline, viewResource(v))
}

// writeOnlineAccess: WRITE_ONLINE on the views written (write-to-online
// store, ingest-documents, materialize).
func writeOnlineAccess(views ...*model.FeatureView) need {
	res := make([]authz.Resource, len(views))
	for i, v := range views {
		res[i] = viewResource(v)
	}
	return one(authz.WriteOnline, res...)
}

// materializeAccess: WRITE_ONLINE on the views, whose rows it writes, and
// READ_OFFLINE on them, whose sources it reads.
func materializeAccess(views []*model.FeatureView) []need {
	write := writeOnlineAccess(views...)
	return []need{write, one(authz.ReadOffline, write.resources...)}
}

// pushAccess: WRITE_ONLINE on the views when rows go online; WRITE_OFFLINE
// on the views and the push source when they go offline.
func pushAccess(src *model.DataSource, views []*model.FeatureView, to PushTo) []need {
	var needs []need
	online := writeOnlineAccess(views...)
	if to != ToOffline {
		needs = append(needs, online)
	}
	if to == ToOffline || to == ToOnlineAndOffline {
		res := append(online.resources[:len(online.resources):len(online.resources)], resourceOf(model.KindDataSource, src.Name, src))
		needs = append(needs, one(authz.WriteOffline, res...))
	}
	return needs
}

// describeProjectAccess: DESCRIBE on the project (plan, health, metrics).
func describeProjectAccess(project string) need {
	return one(authz.Describe, projectResource(project))
}

// describeAccess: DESCRIBE on one registry object (list, describe).
func describeAccess(kind model.Kind, name string, obj any) need {
	return one(authz.Describe, resourceOf(kind, name, obj))
}

// applyAccess: CREATE on each new object; DESCRIBE and UPDATE on both the
// current and the new version of each changed one (so a caller can
// neither change an object it may not see nor retag it out of a
// permission's reach); DELETE on each removed one.
func applyAccess(p *plan.Plan, current *model.Repo) []need {
	needs := make([]need, 0, len(p.Changes))
	for _, ch := range p.Changes {
		old := resourceOf(ch.Kind, ch.Name, current.Object(ch.Kind, ch.Name))
		switch ch.Op {
		case registry.OpCreate:
			needs = append(needs, one(authz.Create, resourceOf(ch.Kind, ch.Name, ch.Object)))
		case registry.OpUpdate:
			needs = append(needs, need{[]authz.Action{authz.Describe, authz.Update}, []authz.Resource{old, resourceOf(ch.Kind, ch.Name, ch.Object)}})
		case registry.OpDelete:
			needs = append(needs, one(authz.Delete, old))
		}
	}
	return needs
}

// teardownAccess: DELETE on the project and each of its views.
func teardownAccess(repo *model.Repo) need {
	res := []authz.Resource{projectResource(repo.Project)}
	for _, name := range repo.Names(model.KindFeatureView) {
		res = append(res, viewResource(repo.FeatureViews[name]))
	}
	return one(authz.Delete, res...)
}

// datasetAccess: action (CREATE to save, DESCRIBE to read) on a saved
// dataset.
func datasetAccess(action authz.Action, name string) need {
	return one(action, authz.Resource{Kind: authz.TypeSavedDataset, Name: name})
}

// AuthorizeMetrics asks whether the caller may read the server's
// metrics: anyone when health is open, else DESCRIBE on the project.
func (s *Service) AuthorizeMetrics(ctx context.Context) error {
	return s.check(ctx, s.healthAccess())
}

// healthAccess: nothing when health and metrics are open, else DESCRIBE
// on the project.
func (s *Service) healthAccess() need {
	if s.opts.OpenHealth {
		return need{}
	}
	return describeProjectAccess(s.Project())
}
