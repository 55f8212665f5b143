package service

import (
	"context"
	"fmt"

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
	repo := s.opts.Repos.Repo()
	req.Project, req.Repo = repo.Project, repo
	if err := s.check(ctx, readOfflineAccess(repo, req)); err != nil {
		release()
		return nil, err
	}
	store, err := s.offlineStore(ctx)
	if err != nil {
		release()
		return nil, fmt.Errorf("opening the offline store: %w", err)
	}
	return s.opts.Historical.GetHistoricalFeatures(ctx, store, s.fs.SourceSpec, req)
}
