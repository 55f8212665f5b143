package service

import (
	"context"

	"github.com/quiverfs/quiver/host/internal/vector"
)

// RetrieveDocuments returns the documents nearest to a query vector or
// text, after asking the authorizer for READ_ONLINE on the view.
func (s *Service) RetrieveDocuments(ctx context.Context, req *vector.Request) (*vector.Response, error) {
	repo := s.opts.Repos.Repo()
	v, err := vector.Resolve(repo, req)
	if err != nil {
		return nil, err
	}
	if err := s.check(ctx, documentsAccess(v)); err != nil {
		return nil, err
	}
	store, err := s.onlineStore(ctx)
	if err != nil {
		return nil, err
	}
	r := vector.Retriever{Store: store}
	if req.QueryText != "" {
		if r.Embedder, err = s.embed(); err != nil {
			return nil, err
		}
	}
	return r.Retrieve(ctx, repo, req)
}
