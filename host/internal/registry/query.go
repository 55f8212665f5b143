package registry

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/quiverfs/quiver/host/internal/model"
)

// List implements Registry.
func (r *SQLite) List(ctx context.Context, project string, kind model.Kind) ([]Record, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT name, version, spec, created_at, updated_at FROM objects
		WHERE project=? AND kind=? ORDER BY name`, project, kind)
	if err != nil {
		return nil, fmt.Errorf("registry: listing %s: %w", kind, err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		rec := Record{Kind: kind}
		var spec string
		var created, updated int64
		if err := rows.Scan(&rec.Name, &rec.Version, &spec, &created, &updated); err != nil {
			return nil, err
		}
		rec.Spec, rec.CreatedAt, rec.UpdatedAt = json.RawMessage(spec), fromMicros(created), fromMicros(updated)
		out = append(out, rec)
	}
	return out, rows.Err()
}

// Get implements Registry.
func (r *SQLite) Get(ctx context.Context, project string, kind model.Kind, name string) (*Record, error) {
	rec := &Record{Kind: kind, Name: name}
	var spec string
	var created, updated int64
	err := r.db.QueryRowContext(ctx, `SELECT version, spec, created_at, updated_at FROM objects
		WHERE project=? AND kind=? AND name=?`, project, kind, name).Scan(&rec.Version, &spec, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s %q: %w", kind, name, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	rec.Spec, rec.CreatedAt, rec.UpdatedAt = json.RawMessage(spec), fromMicros(created), fromMicros(updated)
	return rec, nil
}

// History implements Registry.
func (r *SQLite) History(ctx context.Context, project string, kind model.Kind, name string) ([]Version, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT version, op, spec, applied_at FROM object_versions
		WHERE project=? AND kind=? AND name=? ORDER BY version`, project, kind, name)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var spec sql.NullString
		var applied int64
		if err := rows.Scan(&v.Version, &v.Op, &spec, &applied); err != nil {
			return nil, err
		}
		if spec.Valid {
			v.Spec = json.RawMessage(spec.String)
		}
		v.AppliedAt = fromMicros(applied)
		out = append(out, v)
	}
	return out, rows.Err()
}

// AddMaterialized implements Registry.
func (r *SQLite) AddMaterialized(ctx context.Context, project, view string, iv Interval) error {
	if iv.DoneAt.IsZero() {
		iv.DoneAt = r.now()
	}
	_, err := r.db.ExecContext(ctx, `INSERT INTO materializations (project, view, start_us, end_us, done_at) VALUES (?, ?, ?, ?, ?)`,
		project, view, iv.Start.UnixMicro(), iv.End.UnixMicro(), iv.DoneAt.UnixMicro())
	if err != nil {
		return fmt.Errorf("registry: recording materialization of %s: %w", view, err)
	}
	return nil
}

// Materialized implements Registry.
func (r *SQLite) Materialized(ctx context.Context, project, view string) ([]Interval, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT start_us, end_us, done_at FROM materializations
		WHERE project=? AND view=? ORDER BY done_at, end_us`, project, view)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	defer rows.Close()
	var out []Interval
	for rows.Next() {
		var s, e, d int64
		if err := rows.Scan(&s, &e, &d); err != nil {
			return nil, err
		}
		out = append(out, Interval{Start: fromMicros(s), End: fromMicros(e), DoneAt: fromMicros(d)})
	}
	return out, rows.Err()
}

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }
