package fileoffline

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// Source option keys.
const (
	optPath  = "path"  // a file, a directory or a glob
	optTable = "table" // a directory under the configured root
	optOwned = "owned" // "true": Teardown may remove what WriteBatch created
)

// location is where a source's files are.
type location struct {
	path string // absolute file, directory or glob, as configured
	glob bool   // path is a glob pattern
}

// locate returns the location of src from its options and the settings.
func locate(cfg settings, src types.DataSourceSpec) (location, error) {
	p, table := src.Options[optPath], src.Options[optTable]
	switch {
	case p != "" && filepath.IsAbs(p):
	case p != "" && cfg.Root != "":
		p = filepath.Join(cfg.Root, p)
	case p != "":
		return location{}, storeerr.InvalidArgument("file offline store: source %q: path %q is relative and no root is configured", src.Name, p)
	case table != "":
		if cfg.Root == "" {
			return location{}, storeerr.InvalidArgument("file offline store: source %q: option %q needs the store setting \"root\"", src.Name, optTable)
		}
		if table == "." || table == ".." || strings.ContainsAny(table, `/\`) {
			return location{}, storeerr.InvalidArgument("file offline store: source %q: table %q must be a plain name", src.Name, table)
		}
		p = filepath.Join(cfg.Root, table)
	default:
		return location{}, storeerr.InvalidArgument("file offline store: source %q has neither a %q nor a %q option", src.Name, optPath, optTable)
	}
	return location{path: filepath.Clean(p), glob: strings.ContainsAny(p, "*?[{")}, nil
}

// PushedSuffix names, next to a source that is a single Parquet file, the
// directory <file>.pushed where offline writes to that source go (a file
// cannot be appended to); reads of the source include it.
const PushedSuffix = ".pushed"

// patterns returns what read_parquet reads: the file (and the Parquet
// files under <file>.pushed, when there are any), the glob, or every
// Parquet file under the directory. It is NotFound when nothing is there.
func (l location) patterns() ([]string, error) {
	if l.glob {
		return []string{l.path}, nil
	}
	fi, err := os.Stat(l.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, storeerr.NotFound("file offline store: %s does not exist", l.path)
	case err != nil:
		return nil, storeerr.Unavailable("file offline store: %v", err).Downstream()
	case !fi.IsDir():
		pushed := l.path + PushedSuffix
		if fi, err := os.Stat(pushed); err == nil && fi.IsDir() && hasParquet(pushed) {
			return []string{l.path, filepath.Join(pushed, "**", "*.parquet")}, nil
		}
		return []string{l.path}, nil
	}
	if !hasParquet(l.path) {
		return nil, storeerr.NotFound("file offline store: directory %s holds no Parquet file", l.path)
	}
	return []string{filepath.Join(l.path, "**", "*.parquet")}, nil
}

// hasParquet reports whether dir holds a *.parquet file at any depth.
func hasParquet(dir string) bool {
	found := errors.New("found")
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(d.Name(), ".parquet") {
			return found
		}
		return nil
	})
	return err == found
}

// dir returns the directory WriteBatch writes to.
func (l location) dir() (string, error) {
	if l.glob {
		return "", storeerr.InvalidArgument("file offline store: cannot write to the glob %s; give a directory", l.path)
	}
	if fi, err := os.Stat(l.path); err == nil && !fi.IsDir() {
		return "", storeerr.InvalidArgument("file offline store: cannot write to %s: it is a file; give a directory", l.path)
	}
	return l.path, nil
}
