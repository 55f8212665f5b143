package sqliteonline

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// ApplyInfra creates a table for each view to keep (or records its new
// spec) and drops the table of each view to delete; other views are left
// alone. A view both kept and deleted is kept.
func (s *Store) ApplyInfra(ctx context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	if req.Project == "" {
		return nil, storeerr.InvalidArgument("sqlite online store: ApplyInfra: project is required")
	}
	keep := map[string]bool{}
	for i := range req.ViewsToKeep {
		if err := checkSpec(&req.ViewsToKeep[i]); err != nil {
			return nil, err
		}
		keep[req.ViewsToKeep[i].Name] = true
	}
	var dropped []string
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		for _, v := range req.ViewsToDelete {
			if keep[v.Name] {
				continue
			}
			t, err := dropView(ctx, tx, req.Project, v.Name)
			if err != nil {
				return err
			}
			dropped = append(dropped, t)
		}
		for i := range req.ViewsToKeep {
			if err := ensureView(ctx, tx, req.Project, &req.ViewsToKeep[i]); err != nil {
				return err
			}
		}
		return nil
	})
	s.forget(dropped, err == nil)
	if err != nil {
		return nil, err
	}
	return &onlinestore.ApplyInfraResponse{}, nil
}

// Teardown drops every table of the project, whatever views it lists.
func (s *Store) Teardown(ctx context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	if req.Project == "" {
		return nil, storeerr.InvalidArgument("sqlite online store: Teardown: project is required")
	}
	var tables []string
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT view FROM quiver_online_views WHERE project = ?`, req.Project)
		if err != nil {
			return dbError("listing the project's views", err)
		}
		var views []string
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				_ = rows.Close()
				return dbError("listing the project's views", err)
			}
			views = append(views, v)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return dbError("listing the project's views", err)
		}
		for _, v := range views {
			t, err := dropView(ctx, tx, req.Project, v)
			if err != nil {
				return err
			}
			tables = append(tables, t)
		}
		return nil
	})
	s.forget(tables, err == nil)
	if err != nil {
		return nil, err
	}
	return &onlinestore.TeardownResponse{}, nil
}

// checkSpec rejects a view spec the store cannot hold.
func checkSpec(v *types.FeatureViewSpec) error {
	if v.Name == "" {
		return storeerr.InvalidArgument("sqlite online store: a feature view has no name")
	}
	for _, f := range v.Features {
		if f.Vector == nil {
			continue
		}
		if f.Type != types.Float32List {
			return storeerr.InvalidArgument("sqlite online store: vector field %q of view %q has type %s, want list<float32>", f.Name, v.Name, f.Type)
		}
		if f.Vector.Dimension <= 0 {
			return storeerr.InvalidArgument("sqlite online store: vector field %q of view %q has dimension %d, want > 0", f.Name, v.Name, f.Vector.Dimension)
		}
	}
	return nil
}

// ensureView creates a view's table and catalog row, or records a changed
// spec (which also bumps the data version, so vector copies reload).
func ensureView(ctx context.Context, tx *sql.Tx, project string, v *types.FeatureViewSpec) error {
	spec, err := json.Marshal(v)
	if err != nil {
		return storeerr.InvalidArgument("sqlite online store: encoding the spec of view %q: %v", v.Name, err)
	}
	table := tableName(project, v.Name)
	var old string
	err = tx.QueryRowContext(ctx, `SELECT spec FROM quiver_online_views WHERE project = ? AND view = ?`, project, v.Name).Scan(&old)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		create := `CREATE TABLE IF NOT EXISTS ` + quoted(table) + ` (
			key BLOB PRIMARY KEY, vals BLOB NOT NULL,
			event_ts INTEGER NOT NULL, created_ts INTEGER NOT NULL) WITHOUT ROWID`
		if _, err := tx.ExecContext(ctx, create); err != nil {
			return dbError("creating the table of view "+v.Name, err)
		}
		version := time.Now().UnixNano() // unlike any version an earlier view of this name had
		_, err = tx.ExecContext(ctx, `INSERT INTO quiver_online_views (project, view, tbl, spec, spec_version, data_version)
			VALUES (?, ?, ?, ?, ?, ?)`, project, v.Name, table, string(spec), version, version)
	case err != nil:
		return dbError("reading the catalog", err)
	case old != string(spec):
		_, err = tx.ExecContext(ctx, `UPDATE quiver_online_views SET spec = ?, spec_version = spec_version + 1,
			data_version = data_version + 1 WHERE project = ? AND view = ?`, string(spec), project, v.Name)
	}
	if err != nil {
		return dbError("recording view "+v.Name, err)
	}
	return nil
}

// dropView drops a view's table and catalog row, if any.
func dropView(ctx context.Context, tx *sql.Tx, project, view string) (string, error) {
	table := tableName(project, view)
	if _, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS `+quoted(table)); err != nil {
		return "", dbError("dropping the table of view "+view, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM quiver_online_views WHERE project = ? AND view = ?`, project, view); err != nil {
		return "", dbError("removing view "+view+" from the catalog", err)
	}
	return table, nil
}

// forget drops the in-memory state of dropped tables; after a committed
// change it also closes their prepared statements.
func (s *Store) forget(tables []string, committed bool) {
	db, err := s.database()
	for _, t := range tables {
		s.vectors.drop(t)
		if committed && err == nil {
			db.forgetTable(t)
		}
	}
}

// writeTx runs fn in a transaction of the writer connection and commits it.
func (s *Store) writeTx(ctx context.Context, fn func(*sql.Tx) error) error {
	db, err := s.database()
	if err != nil {
		return err
	}
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return dbError("beginning a write", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return dbError("committing a write", err)
	}
	return nil
}
