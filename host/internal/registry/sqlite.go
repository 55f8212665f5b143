package registry

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver

	"github.com/quiverfs/quiver/host/internal/model"
)

const schema = `
CREATE TABLE IF NOT EXISTS objects (
	project TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
	version INTEGER NOT NULL, spec TEXT NOT NULL,
	created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
	PRIMARY KEY (project, kind, name));
CREATE TABLE IF NOT EXISTS object_versions (
	project TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
	version INTEGER NOT NULL, op TEXT NOT NULL, spec TEXT, applied_at INTEGER NOT NULL,
	PRIMARY KEY (project, kind, name, version));
CREATE TABLE IF NOT EXISTS materializations (
	project TEXT NOT NULL, view TEXT NOT NULL,
	start_us INTEGER NOT NULL, end_us INTEGER NOT NULL, done_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS materializations_view ON materializations (project, view);
`

// SQLite is the embedded registry: one SQLite file.
type SQLite struct {
	db  *sql.DB
	now func() time.Time
}

var _ Registry = (*SQLite)(nil)

// Open opens (creating if needed) the registry file at path.
func Open(ctx context.Context, path string) (*SQLite, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("registry %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("registry %s: %w", path, err)
	}
	if _, err := db.ExecContext(ctx, schema+datasetSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("registry %s: creating tables: %w", path, err)
	}
	return &SQLite{db: db, now: time.Now}, nil
}

// Close implements Registry.
func (r *SQLite) Close() error { return r.db.Close() }

// Load implements Registry.
func (r *SQLite) Load(ctx context.Context, project string) (*model.Repo, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT kind, name, spec FROM objects WHERE project = ?`, project)
	if err != nil {
		return nil, fmt.Errorf("registry: loading %s: %w", project, err)
	}
	defer rows.Close()
	repo := model.NewRepo(project)
	for rows.Next() {
		var kind, name, spec string
		if err := rows.Scan(&kind, &name, &spec); err != nil {
			return nil, err
		}
		obj, err := decode(model.Kind(kind), []byte(spec))
		if err != nil {
			return nil, fmt.Errorf("registry: %s %s: %w", kind, name, err)
		}
		repo.Add(obj)
	}
	return repo, rows.Err()
}

// decode unmarshals a spec into the struct of its kind.
func decode(kind model.Kind, spec []byte) (any, error) {
	var obj any
	switch kind {
	case model.KindEntity:
		obj = &model.Entity{}
	case model.KindDataSource:
		obj = &model.DataSource{}
	case model.KindFeatureView:
		obj = &model.FeatureView{}
	case model.KindFeatureService:
		obj = &model.FeatureService{}
	case model.KindPermission:
		obj = &model.Permission{}
	default:
		return nil, fmt.Errorf("unknown kind %q", kind)
	}
	return obj, json.Unmarshal(spec, obj)
}

// Apply implements Registry.
func (r *SQLite) Apply(ctx context.Context, project string, changes []Change) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	defer tx.Rollback()
	now := r.now().UnixMicro()
	for _, c := range changes {
		if err := applyOne(ctx, tx, project, c, now); err != nil {
			return fmt.Errorf("registry: %s %s %s: %w", c.Op, c.Kind, c.Name, err)
		}
	}
	return tx.Commit()
}

func applyOne(ctx context.Context, tx *sql.Tx, project string, c Change, now int64) error {
	var version int
	var current string
	err := tx.QueryRowContext(ctx, `SELECT version, spec FROM objects WHERE project=? AND kind=? AND name=?`,
		project, c.Kind, c.Name).Scan(&version, &current)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if c.Op == OpDelete {
		if !exists {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM objects WHERE project=? AND kind=? AND name=?`, project, c.Kind, c.Name); err != nil {
			return err
		}
		return addVersion(ctx, tx, project, c, version+1, OpDelete, nil, now)
	}
	spec, err := json.Marshal(c.Object)
	if err != nil {
		return err
	}
	if exists && current == string(spec) {
		return nil // unchanged: no new version
	}
	op := OpCreate
	if exists {
		op = OpUpdate
	} else {
		version = lastVersion(ctx, tx, project, c)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO objects (project, kind, name, version, spec, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (project, kind, name) DO UPDATE SET version=excluded.version, spec=excluded.spec, updated_at=excluded.updated_at`,
		project, c.Kind, c.Name, version+1, string(spec), now, now)
	if err != nil {
		return err
	}
	return addVersion(ctx, tx, project, c, version+1, op, spec, now)
}

// lastVersion returns the highest version a deleted object had, or 0.
func lastVersion(ctx context.Context, tx *sql.Tx, project string, c Change) int {
	var v sql.NullInt64
	_ = tx.QueryRowContext(ctx, `SELECT MAX(version) FROM object_versions WHERE project=? AND kind=? AND name=?`,
		project, c.Kind, c.Name).Scan(&v)
	return int(v.Int64)
}

func addVersion(ctx context.Context, tx *sql.Tx, project string, c Change, version int, op Op, spec []byte, now int64) error {
	var s any
	if spec != nil {
		s = string(spec)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO object_versions (project, kind, name, version, op, spec, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		project, c.Kind, c.Name, version, op, s, now)
	return err
}
