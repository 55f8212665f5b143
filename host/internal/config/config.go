package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// FileName is the name of the configuration file in a feature repository.
const FileName = "quiver.yaml"

// Config is a parsed quiver.yaml.
type Config struct {
	// Dir is the feature repository's folder.
	Dir          string
	Project      string
	Registry     Registry
	OnlineStore  Store
	OfflineStore Store
	Auth         Auth
	Server       Server
	// Ingestion bounds the event timestamps that writes may carry.
	Ingestion Ingestion
	// Embedder turns text into vectors (ingest-documents, text queries).
	Embedder Embedder
	// Tracing says where OpenTelemetry spans go; off by default.
	Tracing Tracing
}

// Registry says where the registry lives.
type Registry struct {
	Type string // "sqlite" (default)
	Path string // resolved against Dir
}

// Store is a store block: its type and the rest of its settings.
type Store struct {
	Type string
	// Settings are the block's other keys as a JSON object, after ${ENV}
	// expansion. They may hold secrets: never log them.
	Settings json.RawMessage
	// Pos is where the block is in quiver.yaml, TypePos where its type's
	// value is and Keys where each setting's key is. Set by Parse; zero for
	// a block quiver.yaml does not hold.
	Pos     Position
	TypePos Position
	Keys    map[string]Position
}

// Position is a line and column in quiver.yaml, both counted from 1.
type Position struct {
	Line, Column int
}

// Known reports whether the position was set.
func (p Position) Known() bool { return p.Line > 0 }

// Server holds the feature server's defaults.
type Server struct {
	HTTPAddr     string
	GRPCAddr     string
	MaxBodyBytes int64
	// ReadHeaderTimeout bounds reading a request's headers.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, body included.
	ReadTimeout time.Duration
	// WriteTimeout bounds writing a response; 0 means none (historical
	// retrieval streams).
	WriteTimeout time.Duration
	// IdleTimeout bounds how long a keep-alive connection may sit idle.
	IdleTimeout time.Duration
	// MaxInFlight is how many requests the server handles at once; at least 1.
	MaxInFlight int
	// ProtectHealth makes GET /health, GET /metrics and the Health RPC
	// need credentials and DESCRIBE on the project when authentication is
	// on; by default they are open, as Feast's.
	ProtectHealth bool
	// ErrorFormat is the form of HTTP error bodies: ErrorFormatAuto (the
	// default), ErrorFormatQuiver or ErrorFormatFeast.
	ErrorFormat string
}

// The forms of HTTP error bodies (feature_server.error_format).
const (
	// ErrorFormatAuto answers Feast's SDK (User-Agent python-requests/...)
	// in Feast's form and everyone else in Quiver's.
	ErrorFormatAuto = "auto"
	// ErrorFormatQuiver always answers {"error": {"code", "message"}}.
	ErrorFormatQuiver = "quiver"
	// ErrorFormatFeast always answers Feast's form: a JSON string holding
	// {"module", "class", "message", "error": {"code", "message"}}.
	ErrorFormatFeast = "feast"
)

// Defaults for unset keys.
const (
	DefaultRegistryPath = "data/registry.db"
	DefaultHTTPAddr     = "127.0.0.1:6566"
	DefaultGRPCAddr     = "127.0.0.1:6570"
	DefaultMaxBodyBytes = 10 << 20

	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 60 * time.Second
	DefaultWriteTimeout      = 0 // none: historical retrieval streams
	DefaultIdleTimeout       = 2 * time.Minute
	DefaultMaxInFlight       = 256
)

// Load reads dir/quiver.yaml.
func Load(dir string) (*Config, error) {
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w (is %s a feature repository? `quiver init` makes one)", path, err, dir)
	}
	return Parse(dir, path, data)
}

// Parse parses the contents of a quiver.yaml found at path in repository dir.
func Parse(dir, path string, data []byte) (*Config, error) {
	p := &parser{file: path}
	cfg := &Config{Dir: dir}
	if root := p.document(data); root != nil {
		p.top(cfg, root)
	}
	if len(p.errs) > 0 {
		return nil, fmt.Errorf("%d problem(s) in %s:\n%s", len(p.errs), path, strings.Join(p.errs, "\n"))
	}
	cfg.applyDefaults()
	return cfg, nil
}

func (c *Config) applyDefaults() {
	if c.Registry.Type == "" {
		c.Registry.Type = "sqlite"
	}
	if c.Registry.Path == "" {
		c.Registry.Path = DefaultRegistryPath
	}
	if !filepath.IsAbs(c.Registry.Path) {
		c.Registry.Path = filepath.Join(c.Dir, c.Registry.Path)
	}
	if c.OnlineStore.Type == "" {
		c.OnlineStore.Type = "sqlite"
	}
	if c.OfflineStore.Type == "" {
		c.OfflineStore.Type = "file"
	}
	for _, s := range []*Store{&c.OnlineStore, &c.OfflineStore} {
		if len(s.Settings) == 0 {
			s.Settings = json.RawMessage("{}")
		}
	}
	c.Auth.applyDefaults()
	c.Server.applyDefaults()
	c.Ingestion.applyDefaults()
	c.Embedder.applyDefaults()
}
