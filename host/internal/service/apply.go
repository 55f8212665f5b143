package service

import (
	"context"
	"fmt"

	"github.com/quiverfs/quiver/host/internal/plan"
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
	if req := p.ApplyRequest(); req != nil {
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
