package service

import (
	"context"
	"fmt"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// TeardownResult counts what a teardown removed.
type TeardownResult struct {
	Views, Entities int
}

// Teardown removes every online view and entity of the registered
// project, then what the offline store created for its sources. The
// registry stays.
func (s *Service) Teardown(ctx context.Context) (*TeardownResult, error) {
	repo, err := s.fs.Repo(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.check(ctx, teardownAccess(repo)); err != nil {
		return nil, err
	}
	onlineReq := &onlinestore.TeardownRequest{Project: repo.Project}
	for _, name := range repo.Names(model.KindFeatureView) {
		spec, err := repo.ViewSpec(repo.FeatureViews[name])
		if err != nil {
			spec = types.FeatureViewSpec{Name: name}
		}
		onlineReq.Views = append(onlineReq.Views, spec)
	}
	for _, name := range repo.Names(model.KindEntity) {
		onlineReq.Entities = append(onlineReq.Entities, repo.Entities[name].EntitySpec())
	}
	online, err := s.onlineStore(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := online.Teardown(ctx, onlineReq); err != nil {
		return nil, fmt.Errorf("online store %s: teardown: %w", s.fs.Config.OnlineStore.Type, err)
	}
	offlineReq := &offlinestore.TeardownRequest{Project: repo.Project}
	for _, name := range repo.Names(model.KindDataSource) {
		if src := repo.DataSources[name]; src.Kind == model.SourceFile || src.Kind == model.SourceBigQuery {
			offlineReq.Sources = append(offlineReq.Sources, s.fs.SourceSpec(src))
		}
	}
	offline, err := s.offlineStore(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := offline.Teardown(ctx, offlineReq); err != nil {
		return nil, fmt.Errorf("offline store %s: teardown: %w", s.fs.Config.OfflineStore.Type, err)
	}
	return &TeardownResult{Views: len(onlineReq.Views), Entities: len(onlineReq.Entities)}, nil
}
