package sqliteonline

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/quiverfs/quiver/host/internal/stores"
)

var _ stores.SettingsChecker = (*Store)(nil)

// CheckSettings implements stores.SettingsChecker: it checks the settings
// as Configure does and that the file could be opened there, without
// creating the file or its folder.
func (s *Store) CheckSettings(raw json.RawMessage) error {
	cfg, err := parseSettings(raw)
	if err != nil {
		return err
	}
	return checkPath(cfg.Path)
}

// checkPath reports a path that is not a regular file and cannot become
// one: a directory, something else that is not a file, or a file whose
// folder cannot be made because a part of it is a file.
func checkPath(path string) error {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return settingErr("path", "setting %q: %s is a directory, not a database file", "path", path)
	case err == nil && !fi.Mode().IsRegular():
		return settingErr("path", "setting %q: %s is not a regular file", "path", path)
	case err == nil:
		return nil
	case !missing(err):
		return settingErr("path", "setting %q: %v", "path", err)
	}
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		fi, err := os.Stat(dir)
		switch {
		case err == nil && !fi.IsDir():
			return settingErr("path", "setting %q: cannot create %s: %s is not a directory", "path", path, dir)
		case err == nil:
			return nil
		case !missing(err):
			return settingErr("path", "setting %q: %v", "path", err)
		}
		if parent := filepath.Dir(dir); parent == dir {
			return nil
		}
	}
}

// missing reports a stat error saying the path is not there: it does not
// exist, or a part of it is a file.
func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
