package sqliteonline

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Connection settings.
const (
	readConns = 4
	pragmas   = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
)

// formatVersion is the layout version kept in quiver_online_meta.
const formatVersion = "1"

// schema creates the catalog and the meta table.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS quiver_online_meta (
		name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`,
	`INSERT OR IGNORE INTO quiver_online_meta (name, value) VALUES ('format', '` + formatVersion + `')`,
	`CREATE TABLE IF NOT EXISTS quiver_online_views (
		project TEXT NOT NULL,
		view TEXT NOT NULL,
		tbl TEXT NOT NULL UNIQUE,
		spec TEXT NOT NULL,
		spec_version INTEGER NOT NULL,
		data_version INTEGER NOT NULL,
		PRIMARY KEY (project, view)) WITHOUT ROWID`,
}

// database is an open SQLite file: one writer connection (writes never wait
// on each other inside SQLite) and a small pool of readers (WAL lets them
// read while a write is under way).
type database struct {
	path   string
	writer *sql.DB
	reader *sql.DB

	mu    sync.Mutex
	stmts map[string]*sql.Stmt // prepared statements by "w|" or "r|" + SQL
}

// openDatabase opens (creating if needed) the file at path and its schema.
func openDatabase(ctx context.Context, path string) (*database, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, storeerr.Unavailable("sqlite online store: creating the folder of %s: %v", path, err).Downstream()
		}
	}
	w, err := sql.Open("sqlite", path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, storeerr.Unavailable("sqlite online store: opening %s: %v", path, err).Downstream()
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	db := &database{path: path, writer: w, stmts: map[string]*sql.Stmt{}}
	if err := db.migrate(ctx); err != nil {
		_ = w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", path+"?"+pragmas+"&_txlock=deferred")
	if err != nil {
		_ = w.Close()
		return nil, storeerr.Unavailable("sqlite online store: opening %s: %v", path, err).Downstream()
	}
	r.SetMaxOpenConns(readConns)
	r.SetMaxIdleConns(readConns)
	r.SetConnMaxLifetime(0)
	db.reader = r
	return db, nil
}

// migrate creates the schema and checks the layout version.
func (db *database) migrate(ctx context.Context) error {
	for _, q := range schema {
		if _, err := db.writer.ExecContext(ctx, q); err != nil {
			return storeerr.Unavailable("sqlite online store: preparing %s: %v", db.path, err).Downstream()
		}
	}
	var v string
	if err := db.writer.QueryRowContext(ctx, `SELECT value FROM quiver_online_meta WHERE name = 'format'`).Scan(&v); err != nil {
		return storeerr.Unavailable("sqlite online store: reading the format of %s: %v", db.path, err).Downstream()
	}
	if v != formatVersion {
		return storeerr.InvalidArgument("sqlite online store: %s has layout version %s; this quiver reads version %s", db.path, v, formatVersion)
	}
	return nil
}

// close closes both pools and every prepared statement.
func (db *database) close() error {
	db.mu.Lock()
	for _, st := range db.stmts {
		_ = st.Close()
	}
	db.stmts = map[string]*sql.Stmt{}
	db.mu.Unlock()
	werr := db.writer.Close()
	if err := db.reader.Close(); err != nil {
		return err
	}
	return werr
}

// stmt returns a prepared statement of the writer (write) or reader pool,
// preparing it on first use. Call it before beginning a transaction (the
// writer pool has one connection, which the transaction would hold), then
// use the statement inside the transaction through tx.StmtContext.
func (db *database) stmt(ctx context.Context, write bool, query string) (*sql.Stmt, error) {
	pool, tag := db.reader, "r|"
	if write {
		pool, tag = db.writer, "w|"
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if st, ok := db.stmts[tag+query]; ok {
		return st, nil
	}
	st, err := pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("preparing %q: %w", query, err)
	}
	db.stmts[tag+query] = st
	return st, nil
}

// forgetTable closes the prepared statements that name table.
func (db *database) forgetTable(table string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	for q, st := range db.stmts {
		if containsTable(q, table) {
			_ = st.Close()
			delete(db.stmts, q)
		}
	}
}

// containsTable reports whether query names table (always quoted).
func containsTable(query, table string) bool {
	return strings.Contains(query, `"`+table+`"`)
}
