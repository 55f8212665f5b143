package sqliteonline

import (
	"context"
	"database/sql"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// upsertSQL writes a row unless the stored one has a newer (event, created)
// timestamp pair.
func upsertSQL(table string) string {
	t := quoted(table)
	return `INSERT INTO ` + t + ` (key, vals, event_ts, created_ts) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET vals = excluded.vals, event_ts = excluded.event_ts, created_ts = excluded.created_ts
		WHERE (excluded.event_ts, excluded.created_ts) >= (` + t + `.event_ts, ` + t + `.created_ts)`
}

// bumpSQL records that a view's data changed and returns the new version.
const bumpSQL = `UPDATE quiver_online_views SET data_version = data_version + 1
	WHERE project = ? AND view = ? RETURNING data_version`

// WriteBatch writes rows of one view in one transaction. A row replaces the
// stored one only if its (event, created) pair is not older; within the
// batch the newest row per key wins (the later one on a tie).
func (s *Store) WriteBatch(ctx context.Context, req *onlinestore.WriteBatchRequest) (*onlinestore.WriteBatchResponse, error) {
	if req.Project == "" || req.FeatureView == "" {
		return nil, storeerr.InvalidArgument("sqlite online store: WriteBatch: project and feature view are required")
	}
	db, err := s.database()
	if err != nil {
		return nil, err
	}
	table := tableName(req.Project, req.FeatureView)
	upsert, err := s.prepare(ctx, db, true, upsertSQL(table), req.Project, req.FeatureView)
	if err != nil {
		return nil, err
	}
	lookup, err := db.stmt(ctx, true, lookupSQL)
	if err != nil {
		return nil, dbError("preparing the catalog lookup", err)
	}
	var meta *viewMeta
	var applied []*writeRow
	var version int64
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		if meta, err = s.lookupView(ctx, tx, lookup, req.Project, req.FeatureView); err != nil {
			return err
		}
		rows, err := planRows(meta.spec, req)
		if err != nil {
			return err
		}
		st := tx.StmtContext(ctx, upsert)
		for _, r := range rows {
			res, err := st.ExecContext(ctx, r.key, r.vals, types.ToMicros(r.row.EventTimestamp), types.ToMicros(r.row.CreatedTimestamp))
			if err != nil {
				return dbError("writing view "+req.FeatureView, err)
			}
			if n, err := res.RowsAffected(); err == nil && n > 0 {
				applied = append(applied, r)
			}
		}
		if len(applied) == 0 {
			return nil
		}
		if err := tx.QueryRowContext(ctx, bumpSQL, req.Project, req.FeatureView).Scan(&version); err != nil {
			return dbError("recording the write of view "+req.FeatureView, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(applied) > 0 {
		s.vectors.applyWrites(meta, version, req.FeatureNames, applied)
	}
	return &onlinestore.WriteBatchResponse{RowsReceived: int64(len(req.Rows))}, nil
}

// prepare returns a prepared statement over a view's table; when the table
// does not exist, the view was never applied, which is NotFound.
func (s *Store) prepare(ctx context.Context, db *database, write bool, query, project, view string) (*sql.Stmt, error) {
	st, err := db.stmt(ctx, write, query)
	if err == nil {
		return st, nil
	}
	var n int
	if qerr := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM quiver_online_views WHERE project = ? AND view = ?`,
		project, view).Scan(&n); qerr == nil && n == 0 {
		return nil, storeerr.NotFound("sqlite online store: feature view %q of project %q not found; run apply first", view, project)
	}
	return nil, dbError("preparing a statement for view "+view, err)
}

// writeRow is one row to write, encoded.
type writeRow struct {
	row  *onlinestore.WriteRow
	key  []byte
	vals []byte
}

// newer reports whether a is at least as new as b by (event, created).
func newer(a, b *onlinestore.WriteRow) bool {
	ae, be := types.ToMicros(a.EventTimestamp), types.ToMicros(b.EventTimestamp)
	if ae != be {
		return ae > be
	}
	return types.ToMicros(a.CreatedTimestamp) >= types.ToMicros(b.CreatedTimestamp)
}

// planRows checks req against the view's spec, encodes its rows and keeps
// the newest row per key, in order of first appearance.
func planRows(spec *types.FeatureViewSpec, req *onlinestore.WriteBatchRequest) ([]*writeRow, error) {
	fields, err := featureFields(spec, req.FeatureNames)
	if err != nil {
		return nil, err
	}
	var out []*writeRow
	byKey := map[string]int{}
	for i := range req.Rows {
		r := &req.Rows[i]
		if err := checkRow(spec, fields, i, r); err != nil {
			return nil, err
		}
		key := codec.EncodeEntityKey(r.EntityKey)
		if j, seen := byKey[string(key)]; seen {
			if newer(r, out[j].row) {
				out[j] = &writeRow{row: r, key: key}
			}
			continue
		}
		byKey[string(key)] = len(out)
		out = append(out, &writeRow{row: r, key: key})
	}
	for _, w := range out {
		w.vals = codec.EncodeNamedValues(codec.Zip(req.FeatureNames, w.row.Values))
	}
	return out, nil
}
