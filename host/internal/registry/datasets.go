package registry

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ErrExists is returned when saving a dataset under a name already taken.
var ErrExists = errors.New("already exists")

const datasetSchema = `
CREATE TABLE IF NOT EXISTS datasets (
	project TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, created_at INTEGER NOT NULL,
	PRIMARY KEY (project, name));
`

// Dataset is a saved training set: where its rows are and how they were made.
type Dataset struct {
	Name string `json:"name"`
	// Features or FeatureService is what was asked for.
	Features         []string `json:"features,omitempty"`
	FeatureService   string   `json:"feature_service,omitempty"`
	FullFeatureNames bool     `json:"full_feature_names,omitempty"`
	// Entities describes the entity rows: a file path, or a time window.
	Entities string `json:"entities"`
	// Storage locates the rows in the offline store (a source's Options).
	Storage map[string]string `json:"storage"`
	// Columns are the output columns with their Arrow types.
	Columns   []DatasetColumn `json:"columns"`
	Rows      int64           `json:"rows"`
	CreatedAt time.Time       `json:"created_at"`
	// MinEventTime and MaxEventTime bound the rows' event_timestamp
	// column, when it has one and a row (datasets saved before they were
	// recorded have neither).
	MinEventTime *time.Time `json:"min_event_timestamp,omitempty"`
	MaxEventTime *time.Time `json:"max_event_timestamp,omitempty"`
}

// DatasetColumn is one column of a dataset.
type DatasetColumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// SaveDataset implements Registry.
func (r *SQLite) SaveDataset(ctx context.Context, project string, d Dataset) error {
	if d.CreatedAt.IsZero() {
		d.CreatedAt = r.now().UTC()
	}
	spec, err := json.Marshal(d)
	if err != nil {
		return err
	}
	res, err := r.db.ExecContext(ctx, `INSERT INTO datasets (project, name, spec, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (project, name) DO NOTHING`, project, d.Name, string(spec), d.CreatedAt.UnixMicro())
	if err != nil {
		return fmt.Errorf("registry: saving dataset %s: %w", d.Name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("registry: dataset %q %w", d.Name, ErrExists)
	}
	return nil
}

// Datasets implements Registry.
func (r *SQLite) Datasets(ctx context.Context, project string) ([]Dataset, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT spec FROM datasets WHERE project = ? ORDER BY name`, project)
	if err != nil {
		return nil, fmt.Errorf("registry: listing datasets: %w", err)
	}
	defer rows.Close()
	var out []Dataset
	for rows.Next() {
		var spec string
		if err := rows.Scan(&spec); err != nil {
			return nil, err
		}
		var d Dataset
		if err := json.Unmarshal([]byte(spec), &d); err != nil {
			return nil, fmt.Errorf("registry: decoding a dataset: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// GetDataset implements Registry.
func (r *SQLite) GetDataset(ctx context.Context, project, name string) (*Dataset, error) {
	var spec string
	err := r.db.QueryRowContext(ctx, `SELECT spec FROM datasets WHERE project = ? AND name = ?`, project, name).Scan(&spec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("registry: dataset %s: %w", name, err)
	}
	var d Dataset
	if err := json.Unmarshal([]byte(spec), &d); err != nil {
		return nil, fmt.Errorf("registry: decoding dataset %s: %w", name, err)
	}
	return &d, nil
}
