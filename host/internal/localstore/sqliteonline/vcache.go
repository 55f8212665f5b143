package sqliteonline

import (
	"context"
	"database/sql"
	"sync"

	"github.com/quiverfs/quiver/sdk/types"
)

// vectorCache holds the vector indexes of every view, by table.
type vectorCache struct {
	mu    sync.Mutex
	views map[string]*viewVectors
}

// viewVectors holds the indexes of one view's vector fields.
type viewVectors struct {
	loadMu sync.Mutex   // one load at a time
	mu     sync.RWMutex // guards fields
	fields map[string]*vectorIndex
}

// reset forgets every index.
func (c *vectorCache) reset() {
	c.mu.Lock()
	c.views = nil
	c.mu.Unlock()
}

// drop forgets the indexes of a table.
func (c *vectorCache) drop(table string) {
	c.mu.Lock()
	delete(c.views, table)
	c.mu.Unlock()
}

// view returns the indexes of a table, created empty if create is set.
func (c *vectorCache) view(table string, create bool) *viewVectors {
	c.mu.Lock()
	defer c.mu.Unlock()
	vv := c.views[table]
	if vv == nil && create {
		if c.views == nil {
			c.views = map[string]*viewVectors{}
		}
		vv = &viewVectors{fields: map[string]*vectorIndex{}}
		c.views[table] = vv
	}
	return vv
}

// current returns the index of field if it reflects version, read-locked.
func (vv *viewVectors) current(field string, version int64) *vectorIndex {
	vv.mu.RLock()
	ix := vv.fields[field]
	vv.mu.RUnlock()
	if ix == nil {
		return nil
	}
	ix.mu.RLock()
	if ix.version == version && !ix.stale {
		return ix
	}
	ix.mu.RUnlock()
	return nil
}

// acquire returns the index of field as of the data version tx sees,
// read-locked (call ix.mu.RUnlock when done), loading it in tx if needed.
func (c *vectorCache) acquire(ctx context.Context, tx *sql.Tx, meta *viewMeta, field types.Field) (*vectorIndex, error) {
	vv := c.view(meta.table, true)
	if ix := vv.current(field.Name, meta.dataVersion); ix != nil {
		return ix, nil
	}
	vv.loadMu.Lock()
	defer vv.loadMu.Unlock()
	if ix := vv.current(field.Name, meta.dataVersion); ix != nil {
		return ix, nil
	}
	ix, err := loadIndex(ctx, tx, meta, field)
	if err != nil {
		return nil, err
	}
	ix.mu.RLock() // before anyone else can see it
	vv.mu.Lock()
	vv.fields[field.Name] = ix
	vv.mu.Unlock()
	return ix, nil
}

// applyWrites brings the loaded indexes of a view from version-1 to
// version with the rows this process wrote; an index at another version
// missed a change and is marked stale.
func (c *vectorCache) applyWrites(meta *viewMeta, version int64, names []string, rows []*writeRow) {
	vv := c.view(meta.table, false)
	if vv == nil {
		return
	}
	vv.mu.RLock()
	indexes := make([]*vectorIndex, 0, len(vv.fields))
	for _, ix := range vv.fields {
		indexes = append(indexes, ix)
	}
	vv.mu.RUnlock()
	col := make(map[string]int, len(names))
	for i, n := range names {
		col[n] = i
	}
	for _, ix := range indexes {
		ix.mu.Lock()
		switch {
		case ix.version == version: // loaded after the write committed
		case ix.version == version-1 && !ix.stale:
			for _, r := range rows {
				ix.put(string(r.key), r.row.EntityKey, func(name string) types.Value {
					if i, ok := col[name]; ok {
						return r.row.Values[i]
					}
					return types.Null()
				})
			}
			ix.version = version
		default:
			ix.stale = true
		}
		ix.mu.Unlock()
	}
}
