package service

import (
	"context"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/serving/frame"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// OfflineWriteRequest appends rows of one feature view to its batch source
// in the offline store (Feast's write_to_offline_store).
type OfflineWriteRequest struct {
	// FeatureView names the view. Required.
	FeatureView string
	// Frame holds the rows, under the view's column names. Required.
	Frame frame.Frame
}

// WriteToOfflineStore checks the rows whole against the view, then
// appends them to the view's batch source (a push source's batch source).
func (s *Service) WriteToOfflineStore(ctx context.Context, req *OfflineWriteRequest) (*WriteResult, error) {
	repo := s.opts.Repos.Repo()
	v, ok := repo.FeatureViews[req.FeatureView]
	if !ok {
		return nil, apierr.NotFound("unknown feature view %q", textclip.Clip(req.FeatureView, 80)).About(apierr.FeatureView)
	}
	src, ok := repo.DataSources[v.Source]
	if !ok {
		return nil, apierr.Invalid("feature view %s has no data source", v.Name)
	}
	table, _, err := s.viewRows(ctx, repo, v, req.Frame, writeOfflineAccess(v, src))
	if err != nil {
		return nil, err
	}
	dest, err := s.offlineDestination(ctx, repo, src)
	if err != nil {
		return nil, err
	}
	n, err := s.writeOffline(ctx, repo.Project, dest, table)
	if err != nil {
		return nil, err
	}
	return &WriteResult{Rows: n, IgnoredColumns: table.Ignored}, nil
}
