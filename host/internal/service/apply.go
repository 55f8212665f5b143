package service

import (
	"context"
	"fmt"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/plan"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// Apply plans as Plan does, asks the authorizer about every change, brings
// the online store's infrastructure in line, then records the changes in
// the registry. It returns the plan it applied.
func (s *Service) Apply(ctx context.Context, prune bool) (*plan.Plan, error) {
	p, err := s.Plan(ctx, prune)
	if err != nil {
		return nil, err
	}
	current, err := s.fs.Repo(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.check(ctx, applyAccess(p, current)...); err != nil {
		return nil, err
	}
	if req, err := infraRequest(p); err != nil {
		return nil, err
	} else if req != nil {
		online, err := s.onlineStore(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := online.ApplyInfra(ctx, req); err != nil {
			return nil, fmt.Errorf("online store %s: applying infrastructure: %w", s.fs.Config.OnlineStore.Type, err)
		}
	}
	if err := s.fs.Registry.Apply(ctx, s.Project(), p.RegistryChanges()); err != nil {
		return nil, err
	}
	return p, nil
}

// infraRequest is the plan's online request; when the plan changes no
// infrastructure it still asks the store to keep every online view, so
// apply restores what a teardown removed. It is nil when the project has
// no online view and nothing to delete.
func infraRequest(p *plan.Plan) (*onlinestore.ApplyInfraRequest, error) {
	if p.Infra != nil {
		return p.Infra, nil
	}
	req := &onlinestore.ApplyInfraRequest{Project: p.Project}
	for _, name := range p.Final.Names(model.KindFeatureView) {
		v := p.Final.FeatureViews[name]
		if !v.Online {
			continue
		}
		spec, err := p.Final.ViewSpec(v)
		if err != nil {
			return nil, err
		}
		req.ViewsToKeep = append(req.ViewsToKeep, spec)
	}
	if len(req.ViewsToKeep) == 0 {
		return nil, nil
	}
	for _, name := range p.Final.Names(model.KindEntity) {
		req.EntitiesToKeep = append(req.EntitiesToKeep, p.Final.Entities[name].EntitySpec())
	}
	return req, nil
}
