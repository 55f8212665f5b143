package bqstore

import (
	"context"
	"errors"
	"time"

	"google.golang.org/api/iterator"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Teardown implements offlinestore.Store. It drops the project's
// temporary tables (named with its prefix in temp_dataset) and, of the
// named sources, the tables WriteBatch created that no other project
// wrote to; a shared one only forgets the project, and a table Quiver did
// not create is never touched.
func (s *Store) Teardown(ctx context.Context, req *offlinestore.TeardownRequest) (*offlinestore.TeardownResponse, error) {
	c, err := s.conn()
	if err != nil {
		return nil, err
	}
	if req.Project == "" {
		return nil, storeerr.InvalidArgument("bigquery offline store: Teardown needs a project")
	}
	ctx, cancel := context.WithTimeout(ctx, time.Duration(c.settings.QueryTimeout))
	defer cancel()
	for _, spec := range req.Sources {
		src, err := resolveSource(&c.settings, spec)
		if err != nil {
			return nil, storeerr.InvalidArgument("bigquery offline store: Teardown: %v", err)
		}
		if src.isQuery() {
			continue
		}
		// The last writer's table is dropped without an update first.
		drop := false
		_, marked, err := c.updateOwners(ctx, src.table, func(o *owners) bool {
			removed := removeWriter(req.Project)(o)
			drop = removed && len(o.Writers) == 0
			return removed && !drop
		})
		switch {
		case isNotFound(err):
			continue
		case err != nil:
			return nil, bqError("Teardown of "+src.String(), err)
		case !marked:
			s.logger.Info("teardown keeps a table Quiver did not create", "table", src.table.String())
		case drop:
			if err := c.table(src.table).Delete(ctx); err != nil && !isNotFound(err) {
				return nil, bqError("dropping "+src.String(), err)
			}
		}
	}
	if err := c.dropTemps(ctx, req.Project); err != nil {
		return nil, err
	}
	return &offlinestore.TeardownResponse{}, nil
}

// dropTemps drops every temporary table of project.
func (c *conn) dropTemps(ctx context.Context, project string) error {
	it := c.client.DatasetInProject(c.settings.ProjectID, c.settings.TempDataset).Tables(ctx)
	for {
		t, err := it.Next()
		if errors.Is(err, iterator.Done) || isNotFound(err) {
			return nil
		}
		if err != nil {
			return bqError("listing temporary tables", err)
		}
		if !isTempOf(project, t.TableID) {
			continue
		}
		if err := t.Delete(ctx); err != nil && !isNotFound(err) {
			return bqError("dropping temporary table "+t.TableID, err)
		}
	}
}
