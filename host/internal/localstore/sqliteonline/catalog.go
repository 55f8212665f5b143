package sqliteonline

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sync"

	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// lookupSQL reads one view's catalog row.
const lookupSQL = `SELECT tbl, spec, spec_version, data_version FROM quiver_online_views WHERE project = ? AND view = ?`

// tableName returns the data table of a view: a hash of project and view,
// so any names are safe and the two never mix across projects.
func tableName(project, view string) string {
	h := sha256.Sum256([]byte(project + "\x00" + view))
	return "qv_" + hex.EncodeToString(h[:12])
}

// quoted returns a table name quoted for SQL.
func quoted(table string) string { return `"` + table + `"` }

// viewMeta is a view's catalog row as one transaction saw it.
type viewMeta struct {
	project, name, table string
	spec                 *types.FeatureViewSpec
	specVersion          int64
	dataVersion          int64
}

// specCache keeps parsed specs by table, so a call parses a spec only when
// its version changed.
type specCache struct {
	mu    sync.Mutex
	specs map[string]cachedSpec
}

type cachedSpec struct {
	version int64
	spec    *types.FeatureViewSpec
}

// reset forgets every spec.
func (c *specCache) reset() {
	c.mu.Lock()
	c.specs = nil
	c.mu.Unlock()
}

// parse returns the spec of table at version, parsing raw if needed.
func (c *specCache) parse(table string, version int64, raw string) (*types.FeatureViewSpec, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.specs[table]; ok && s.version == version {
		return s.spec, nil
	}
	spec := new(types.FeatureViewSpec)
	if err := json.Unmarshal([]byte(raw), spec); err != nil {
		return nil, storeerr.Internal("sqlite online store: the catalog holds a bad spec for table %s: %v", table, err)
	}
	if c.specs == nil {
		c.specs = map[string]cachedSpec{}
	}
	c.specs[table] = cachedSpec{version: version, spec: spec}
	return spec, nil
}

// lookupView reads a view's catalog row in tx; a view never applied is
// NotFound naming it.
func (s *Store) lookupView(ctx context.Context, tx *sql.Tx, lookup *sql.Stmt, project, view string) (*viewMeta, error) {
	m := &viewMeta{project: project, name: view}
	var raw string
	err := tx.StmtContext(ctx, lookup).QueryRowContext(ctx, project, view).Scan(&m.table, &raw, &m.specVersion, &m.dataVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, storeerr.NotFound("sqlite online store: feature view %q of project %q not found; run apply first", view, project)
	}
	if err != nil {
		return nil, dbError("reading the catalog", err)
	}
	if m.spec, err = s.specs.parse(m.table, m.specVersion, raw); err != nil {
		return nil, err
	}
	return m, nil
}

// dbError wraps a SQLite error: a cancelled context stays recognisable, the
// rest is Unavailable from downstream.
func dbError(what string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return storeerr.Unavailable("sqlite online store: %s: %w", what, err)
	}
	var se *storeerr.Error
	if errors.As(err, &se) {
		return err
	}
	return storeerr.Unavailable("sqlite online store: %s: %v", what, err).Downstream()
}
