package fileoffline

import (
	"bytes"
	"encoding/json"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/quiverfs/quiver/host/internal/stores"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// settings are the store's Configure settings; every field is optional.
type settings struct {
	MemoryLimit   string `json:"memory_limit"`   // DuckDB memory_limit, e.g. "2GB"
	Threads       int    `json:"threads"`        // DuckDB threads; 0 leaves DuckDB's default
	TempDirectory string `json:"temp_directory"` // DuckDB spill directory
	Root          string `json:"root"`           // base of relative paths and tables
}

// settingKeys are the keys Configure accepts.
var settingKeys = []string{"memory_limit", "threads", "temp_directory", "root"}

// parseSettings decodes and checks a Configure config. An empty config is {}.
func parseSettings(raw json.RawMessage) (settings, error) {
	var s settings
	if len(bytes.TrimSpace(raw)) == 0 {
		return s, nil
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		return s, storeerr.InvalidArgument("file offline store: config is not a JSON object: %v", err)
	}
	for k := range keys {
		if !slices.Contains(settingKeys, k) {
			return s, &stores.SettingError{Key: k, Err: storeerr.InvalidArgument("file offline store: unknown config key %q (known: %v)", k, settingKeys)}
		}
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return s, storeerr.InvalidArgument("file offline store: config: %v", err)
	}
	if s.Threads < 0 {
		return s, &stores.SettingError{Key: "threads", Err: storeerr.InvalidArgument("file offline store: config key \"threads\" must be positive, got %d", s.Threads)}
	}
	if s.Root != "" {
		abs, err := filepath.Abs(s.Root)
		if err != nil {
			return s, &stores.SettingError{Key: "root", Err: storeerr.InvalidArgument("file offline store: config key \"root\": %v", err)}
		}
		s.Root = abs
	}
	return s, nil
}

// dsn returns the DuckDB data source name of an in-memory database with the
// settings as DuckDB config options. Values are URL-encoded, never SQL.
func (s settings) dsn() string {
	v := url.Values{}
	if s.MemoryLimit != "" {
		v.Set("memory_limit", s.MemoryLimit)
	}
	if s.Threads > 0 {
		v.Set("threads", strconv.Itoa(s.Threads))
	}
	if s.TempDirectory != "" {
		v.Set("temp_directory", s.TempDirectory)
	}
	// Quiver reads only the files it is pointed at: no extension downloads.
	v.Set("autoinstall_known_extensions", "false")
	return ":memory:?" + v.Encode()
}

var _ stores.SettingsChecker = (*Store)(nil)

// CheckSettings implements stores.SettingsChecker: it checks the settings
// as Configure does, opening an in-memory DuckDB with them (which writes
// nothing) and closing it.
func (s *Store) CheckSettings(raw json.RawMessage) error {
	cfg, err := parseSettings(raw)
	if err != nil {
		return err
	}
	db, err := openDB(cfg)
	if err != nil {
		return err
	}
	return db.Close()
}
