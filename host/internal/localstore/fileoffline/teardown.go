package fileoffline

import (
	"context"
	"os"
	"path/filepath"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Teardown implements offlinestore.Store. It removes the directory of each
// source whose Options["owned"] is "true" and which WriteBatch created for
// req.Project; it never touches any other file.
func (s *Store) Teardown(ctx context.Context, req *offlinestore.TeardownRequest) (*offlinestore.TeardownResponse, error) {
	cfg := s.settings()
	for _, src := range req.Sources {
		if src.Options[optOwned] != "true" {
			continue
		}
		loc, err := locate(cfg, src)
		if err != nil {
			return nil, err
		}
		if loc.glob || !ownedBy(loc.path, req.Project) {
			continue
		}
		if err := os.RemoveAll(loc.path); err != nil {
			return nil, storeerr.Unavailable("file offline store: removing %s: %v", loc.path, err).Downstream()
		}
	}
	return &offlinestore.TeardownResponse{}, nil
}

// ownedBy reports whether dir holds the marker WriteBatch left when it
// created dir for project.
func ownedBy(dir, project string) bool {
	b, err := os.ReadFile(filepath.Join(dir, ownedMarker))
	return err == nil && string(b) == project
}
