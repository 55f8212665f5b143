package service

import (
	"context"
	"fmt"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
)

// GetHistoricalFeatures builds a training set with the pitjoin engine
// after checking READ_OFFLINE on every view asked for. The request's
// Project and Repo are set from the current snapshot.
func (s *Service) GetHistoricalFeatures(ctx context.Context, req *pitjoin.Request) (*pitjoin.Response, error) {
	release := func() {
		if req.Entities != nil {
			req.Entities.Release()
		}
	}
	if s.opts.Historical == nil || s.opts.Offline == nil || s.opts.SourceSpec == nil {
		release()
		return nil, apierr.Invalid("this server has no offline store for historical retrieval")
	}
	repo := s.opts.Repos.Repo()
	req.Project, req.Repo = repo.Project, repo
	if err := s.authorize(ctx, authz.ReadOffline, historicalResources(repo, req)); err != nil {
		release()
		return nil, err
	}
	store, err := s.opts.Offline(ctx)
	if err != nil {
		release()
		return nil, fmt.Errorf("opening the offline store: %w", err)
	}
	return s.opts.Historical.GetHistoricalFeatures(ctx, store, s.opts.SourceSpec, req)
}

// historicalResources are the views a historical request reads; unknown
// names are left for the engine to report.
func historicalResources(repo *model.Repo, req *pitjoin.Request) []authz.Resource {
	var refs []model.FeatureRef
	if req.FeatureService != "" {
		refs, _ = repo.ResolveService(req.FeatureService)
	} else {
		refs, _ = repo.ResolveFeatures(req.Features)
	}
	var out []authz.Resource
	seen := map[string]bool{}
	for _, ref := range refs {
		if v, ok := repo.FeatureViews[ref.View]; ok && !seen[ref.View] {
			seen[ref.View] = true
			out = append(out, viewResource(v))
		}
	}
	return out
}

// Repo returns the current repository snapshot.
func (s *Service) Repo() *model.Repo { return s.opts.Repos.Repo() }
