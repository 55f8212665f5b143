package service

import (
	"context"
	"io"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/ingest"
)

// IngestRequest asks to chunk, embed and write local files to a documents
// feature view.
type IngestRequest struct {
	// FeatureView is the documents view. Required.
	FeatureView string
	// Paths are files or folders. Required.
	Paths []string
	// ChunkSize and Overlap are in characters.
	ChunkSize, Overlap int
	// Progress receives progress lines. Optional.
	Progress io.Writer
}

// IngestResult is what an ingestion wrote, and with which embedder.
type IngestResult struct {
	ingest.Result
	Embedder string
}

// IngestDocuments authorizes WRITE_ONLINE on the view, then chunks,
// embeds and writes the files.
func (s *Service) IngestDocuments(ctx context.Context, req *IngestRequest) (*IngestResult, error) {
	repo := s.Repo()
	v, ok := repo.FeatureViews[req.FeatureView]
	if !ok {
		return nil, apierr.NotFound("feature view %q is not registered (run quiver apply)", req.FeatureView).About(apierr.FeatureView)
	}
	if err := s.check(ctx, writeOnlineAccess(v)); err != nil {
		return nil, err
	}
	spec, err := repo.ViewSpec(v)
	if err != nil {
		return nil, err
	}
	e, err := s.embed()
	if err != nil {
		return nil, err
	}
	online, err := s.onlineStore(ctx)
	if err != nil {
		return nil, err
	}
	res, err := ingest.Run(ctx, ingest.Options{Store: online, Embedder: e, Project: repo.Project, View: spec,
		Paths: req.Paths, ChunkSize: req.ChunkSize, Overlap: req.Overlap, Progress: req.Progress})
	if err != nil {
		return nil, err
	}
	return &IngestResult{Result: *res, Embedder: e.Name()}, nil
}
