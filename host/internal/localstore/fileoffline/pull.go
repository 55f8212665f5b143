//go:build duckdb_arrow

package fileoffline

import (
	"context"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// PullLatest implements offlinestore.Store.
func (s *Store) PullLatest(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return s.pull(ctx, req, true)
}

// PullRange implements offlinestore.Store.
func (s *Store) PullRange(ctx context.Context, req *offlinestore.PullRequest) (*offlinestore.PullResponse, error) {
	return s.pull(ctx, req, false)
}

// pull runs a pull on a connection of its own, which the returned reader
// closes when it is released.
func (s *Store) pull(ctx context.Context, req *offlinestore.PullRequest, latest bool) (resp *offlinestore.PullResponse, err error) {
	_, conn, err := s.connect(ctx)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			conn.Close()
		}
	}()
	t, err := s.describe(ctx, conn, req.Source)
	if err != nil {
		return nil, err
	}
	// A view without join keys has only the empty key: nothing to filter.
	filter := len(req.EntityKeys) > 0 && len(req.JoinKeys) > 0
	p, err := planPull(t, req, latest, filter)
	if err != nil {
		return nil, err
	}
	if filter {
		if err := loadKeys(ctx, conn, p.keys, req.EntityKeys); err != nil {
			return nil, err
		}
	}
	ar, err := duckdb.NewArrowFromConn(conn)
	if err != nil {
		return nil, duckError(ctx, "pulling "+t.spec.Name, err)
	}
	rd, err := ar.QueryContext(ctx, p.sql, p.args...)
	if err != nil {
		return nil, duckError(ctx, "pulling "+t.spec.Name, err)
	}
	return &offlinestore.PullResponse{Records: newConnReader(rd, conn)}, nil
}
