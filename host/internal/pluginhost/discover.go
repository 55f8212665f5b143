package pluginhost

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// BinaryPrefix starts the file name of every plugin binary:
// quiver-plugin-<name>.
const BinaryPrefix = "quiver-plugin-"

// EnvPluginsDir names the environment variable that sets the plugins
// directory when no flag does.
const EnvPluginsDir = "QUIVER_PLUGINS_DIR"

// DirSource says where the plugins directory came from.
type DirSource string

// The places a plugins directory can come from, in order of precedence.
const (
	DirFromFlag    DirSource = "flag"
	DirFromEnv     DirSource = "env"
	DirFromRepoDir DirSource = "repo"
)

// ResolveDir returns the plugins directory, made absolute: flagDir if set,
// else the value of QUIVER_PLUGINS_DIR (read through getenv), else
// "plugins" beside the feature repository repoDir ("." when empty).
func ResolveDir(flagDir, repoDir string, getenv func(string) string) (string, DirSource, error) {
	dir, src := flagDir, DirFromFlag
	if dir == "" {
		dir, src = getenv(EnvPluginsDir), DirFromEnv
	}
	if dir == "" {
		if repoDir == "" {
			repoDir = "."
		}
		dir, src = filepath.Join(repoDir, "plugins"), DirFromRepoDir
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", fmt.Errorf("resolving plugins directory %s: %w", dir, err)
	}
	return abs, src, nil
}

// Binary is a plugin binary found in the plugins directory.
type Binary struct {
	Name string // the plugin's name: the file name without BinaryPrefix
	File string // the file name, e.g. quiver-plugin-redis
	Path string // the absolute path
}

// BinaryPath returns where the binary of plugin name lives in dir.
func BinaryPath(dir, name string) string { return filepath.Join(dir, BinaryPrefix+name) }

// Discover lists the executable files named quiver-plugin-<name> in dir,
// sorted by name. A missing directory holds no plugins.
func Discover(dir string) ([]Binary, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing plugins directory: %w", err)
	}
	var out []Binary
	for _, e := range entries {
		name, ok := strings.CutPrefix(e.Name(), BinaryPrefix)
		if !ok || name == "" {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if !isExecutable(path) {
			continue
		}
		out = append(out, Binary{Name: name, File: e.Name(), Path: path})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Find returns the binary of plugin name in dir.
func Find(dir, name string) (Binary, error) {
	b := Binary{Name: name, File: BinaryPrefix + name, Path: BinaryPath(dir, name)}
	if strings.ContainsAny(name, `/\`) || name == "" {
		return Binary{}, fmt.Errorf("invalid plugin name %q", name)
	}
	if !isExecutable(b.Path) {
		return Binary{}, fmt.Errorf("plugin %s: no executable %s in plugins directory %s", name, b.File, dir)
	}
	return b, nil
}

// isExecutable reports whether path (symlinks followed) is a regular file
// with an execute bit set.
func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}
