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

// lookupSQL reads one view's catalog row. The spec's text is answered only
// when its version differs from the first argument (the cached version), so
// that a read does not copy a spec it has parsed before.
const lookupSQL = `SELECT tbl, spec_version, data_version, CASE WHEN spec_version = ? THEN NULL ELSE spec END
	FROM quiver_online_views WHERE project = ? AND view = ?`

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

// specCache keeps parsed specs by project and view, so a call parses a spec
// only when its version changed.
type specCache struct {
	mu    sync.Mutex
	specs map[viewID]cachedSpec
}

type viewID struct{ project, view string }

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

// version returns the cached spec's version of a view, -1 if none.
func (c *specCache) version(id viewID) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.specs[id]; ok {
		return s.version
	}
	return -1
}

// parse returns the spec of a view at version, parsing raw if it is not
// null. Without raw it answers the cached spec, if that is still at version.
func (c *specCache) parse(id viewID, table string, version int64, raw sql.NullString) (*types.FeatureViewSpec, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.specs[id]; ok && s.version == version {
		return s.spec, true, nil
	}
	if !raw.Valid {
		return nil, false, nil
	}
	spec := new(types.FeatureViewSpec)
	if err := json.Unmarshal([]byte(raw.String), spec); err != nil {
		return nil, false, storeerr.Internal("sqlite online store: the catalog holds a bad spec for table %s: %v", table, err)
	}
	if c.specs == nil {
		c.specs = map[viewID]cachedSpec{}
	}
	c.specs[id] = cachedSpec{version: version, spec: spec}
	return spec, true, nil
}

// lookupView reads a view's catalog row in tx; a view never applied is
// NotFound naming it. The spec's text is read only when the cache does not
// hold its version: when another call replaced the cached spec between the
// two steps, the row is read again with its text.
func (s *Store) lookupView(ctx context.Context, tx *sql.Tx, lookup *sql.Stmt, project, view string) (*viewMeta, error) {
	id := viewID{project, view}
	st := tx.StmtContext(ctx, lookup)
	known := s.specs.version(id)
	for range 2 {
		m := &viewMeta{project: project, name: view}
		var raw sql.NullString
		err := st.QueryRowContext(ctx, known, project, view).Scan(&m.table, &m.specVersion, &m.dataVersion, &raw)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, storeerr.NotFound("sqlite online store: feature view %q of project %q not found; run apply first", view, project)
		}
		if err != nil {
			return nil, dbError("reading the catalog", err)
		}
		var ok bool
		if m.spec, ok, err = s.specs.parse(id, m.table, m.specVersion, raw); err != nil {
			return nil, err
		}
		if ok {
			return m, nil
		}
		known = -1 // the cached spec changed under this call: read the text
	}
	return nil, storeerr.Internal("sqlite online store: the catalog holds no spec for view %q of project %q", view, project)
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
