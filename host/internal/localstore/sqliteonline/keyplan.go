package sqliteonline

import (
	"context"
	"database/sql"
	"sync"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// keyPlan is how one view's keys are read: distinct encoded keys in batches,
// each with its statement prepared before the transaction begins.
type keyPlan struct {
	keyOf   []string // encoded key of each requested key, in request order
	batches [][]any  // distinct keys, padded to a bucket size
	stmts   []*sql.Stmt
}

// planKeys encodes keys, removes repeats, and prepares the statements of a
// view's table (NotFound when the view was never applied).
func (s *Store) planKeys(ctx context.Context, db *database, project, view string, keys []types.EntityKey) (*keyPlan, error) {
	p := &keyPlan{keyOf: make([]string, len(keys))}
	seen := make(map[string]bool, len(keys))
	var distinct [][]byte
	for i, k := range keys {
		enc := codec.EncodeEntityKey(k)
		p.keyOf[i] = string(enc)
		if !seen[p.keyOf[i]] {
			seen[p.keyOf[i]] = true
			distinct = append(distinct, enc)
		}
	}
	table := tableName(project, view)
	for start := 0; start < len(distinct); start += maxIn {
		batch := distinct[start:min(start+maxIn, len(distinct))]
		size := bucketFor(len(batch))
		st, err := s.prepare(ctx, db, false, selectSQL(table, size), project, view)
		if err != nil {
			return nil, err
		}
		p.batches = append(p.batches, padded(batch, size))
		p.stmts = append(p.stmts, st)
	}
	return p, nil
}

// padded returns keys as query arguments, repeating the last key up to size.
func padded(keys [][]byte, size int) []any {
	args := make([]any, size)
	for i := range args {
		args[i] = keys[min(i, len(keys)-1)]
	}
	return args
}

// namePool keeps the interned value names of earlier reads, so that a read
// of rows written under the same feature names allocates none. A table of
// names that grew past maxPooledNames is dropped rather than kept.
var namePool = sync.Pool{New: func() any { return codec.Names{} }}

const maxPooledNames = 4096

// pooledNames takes a table of names from namePool; release gives it back.
func pooledNames() (names codec.Names, release func()) {
	names = namePool.Get().(codec.Names)
	return names, func() {
		if len(names) <= maxPooledNames {
			namePool.Put(names)
		}
	}
}

// fetch runs the plan's queries in tx and returns the rows found by key.
func (p *keyPlan) fetch(ctx context.Context, tx *sql.Tx) (map[string]storedRow, error) {
	found := make(map[string]storedRow, len(p.keyOf))
	names, release := pooledNames()
	defer release()
	for i, args := range p.batches {
		if err := queryRows(ctx, tx.StmtContext(ctx, p.stmts[i]), args, names, found); err != nil {
			return nil, err
		}
	}
	return found, nil
}

// queryRows runs one batch and adds its rows to found.
func queryRows(ctx context.Context, st *sql.Stmt, args []any, names codec.Names, found map[string]storedRow) error {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var key, vals sql.RawBytes
		var r storedRow
		if err := rows.Scan(&key, &vals, &r.event, &r.created); err != nil {
			return err
		}
		if r.vals, err = codec.DecodeNamedValuesWith(vals, names); err != nil {
			return storeerr.Internal("sqlite online store: a stored row is corrupt: %v", err)
		}
		found[string(key)] = r
	}
	return rows.Err()
}
