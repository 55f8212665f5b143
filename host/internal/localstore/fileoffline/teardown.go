package fileoffline

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Teardown implements offlinestore.Store. In the directory of each source
// whose Options["owned"] is "true" and which WriteBatch created, it removes
// the part files req.Project wrote, then the directory once no Parquet
// file is left in it; it never touches any other file. Several projects
// may write to one directory: each one's Teardown leaves the others' rows.
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
		if loc.glob {
			continue
		}
		if err := removeParts(loc.path, req.Project); err != nil {
			return nil, storeerr.Unavailable("file offline store: tearing down %s: %v", loc.path, err).Downstream()
		}
	}
	return &offlinestore.TeardownResponse{}, nil
}

// removeParts removes the part files project wrote to dir, if WriteBatch
// created dir (it holds the marker), and then dir when no Parquet file is
// left. Part files without a project tag, written before they had one,
// are the marker's project's.
func removeParts(dir, project string) error {
	creator, err := os.ReadFile(filepath.Join(dir, ownedMarker))
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) || isNotDir(err) {
		return nil // not a directory WriteBatch created
	}
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	tag, left := projectTag(project), false
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir():
			left = left || hasParquet(filepath.Join(dir, name))
		case !strings.HasSuffix(name, ".parquet"):
		case partProject(name) == tag || (partProject(name) == "" && string(creator) == project):
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		default:
			left = true
		}
	}
	if left {
		return nil
	}
	return os.RemoveAll(dir)
}

// isNotDir reports whether err says a path element is not a directory.
func isNotDir(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "not a directory")
}
