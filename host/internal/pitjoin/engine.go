package pitjoin

import (
	"context"
	"database/sql/driver"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/hashicorp/go-hclog"
)

// DefaultMaxFilterKeys is the largest number of distinct entity keys a
// view's pull is filtered on when the store can filter (more keys cost
// more to send than they save).
const DefaultMaxFilterKeys = 10_000

// Settings bound the embedded DuckDB that runs the joins.
type Settings struct {
	// MemoryLimit is DuckDB's memory_limit, e.g. "2GB". Optional; default "2GB".
	MemoryLimit string
	// TempDirectory is where DuckDB spills what does not fit. Optional;
	// default a directory under os.TempDir().
	TempDirectory string
	// Threads is DuckDB's thread count. Optional; 0 leaves DuckDB's default.
	Threads int
}

// Engine runs point-in-time joins. Create one per process and reuse it;
// its methods are safe for concurrent use, each join on a DuckDB
// connection of its own.
type Engine struct {
	// Settings bound the embedded database. Optional.
	Settings Settings
	// MaxFilterKeys caps entity filtering; DefaultMaxFilterKeys when 0,
	// negative disables filtering.
	MaxFilterKeys int
	// Logger logs each join's stages. Optional.
	Logger hclog.Logger

	once sync.Once
	db   *duckdb.Connector
	err  error
}

// connector opens the embedded database on first use.
func (e *Engine) connector() (*duckdb.Connector, error) {
	e.once.Do(func() {
		s := e.Settings
		if s.MemoryLimit == "" {
			s.MemoryLimit = "2GB"
		}
		if s.TempDirectory == "" {
			s.TempDirectory = filepath.Join(os.TempDir(), "quiver-pitjoin-"+strconv.Itoa(os.Getpid()))
		}
		v := url.Values{}
		v.Set("memory_limit", s.MemoryLimit)
		v.Set("temp_directory", s.TempDirectory)
		v.Set("autoinstall_known_extensions", "false")
		if s.Threads > 0 {
			v.Set("threads", strconv.Itoa(s.Threads))
		}
		e.db, e.err = duckdb.NewConnector(":memory:?"+v.Encode(), func(ex driver.ExecerContext) error {
			_, err := ex.ExecContext(context.Background(), "SET TimeZone = 'UTC'", nil)
			return err
		})
		if e.err != nil {
			e.err = fmt.Errorf("pitjoin: opening DuckDB: %w", e.err)
		}
	})
	return e.db, e.err
}

// conn opens a new connection; the caller closes it.
func (e *Engine) conn(ctx context.Context) (*duckdb.Conn, error) {
	db, err := e.connector()
	if err != nil {
		return nil, err
	}
	c, err := db.Connect(ctx)
	if err != nil {
		return nil, fmt.Errorf("pitjoin: connecting to DuckDB: %w", err)
	}
	return c.(*duckdb.Conn), nil
}

// Close closes the embedded database.
func (e *Engine) Close() error {
	if e.db != nil {
		return e.db.Close()
	}
	return nil
}

func (e *Engine) log() hclog.Logger {
	if e.Logger == nil {
		return hclog.NewNullLogger()
	}
	return e.Logger
}

func (e *Engine) maxFilterKeys() int {
	if e.MaxFilterKeys == 0 {
		return DefaultMaxFilterKeys
	}
	return e.MaxFilterKeys
}

// duckdbConnector is the embedded database type.
type duckdbConnector = duckdb.Connector
