package registry

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/quiverfs/quiver/host/internal/model"
)

// ErrNotFound is returned for an object that does not exist.
var ErrNotFound = errors.New("not found")

// Registry stores a project's objects.
type Registry interface {
	// Load returns the project's current objects.
	Load(ctx context.Context, project string) (*model.Repo, error)
	// Apply performs changes in one transaction. A create or update stores
	// a new version only when the object differs from its current version.
	Apply(ctx context.Context, project string, changes []Change) error
	// List returns the current records of a kind, sorted by name.
	List(ctx context.Context, project string, kind model.Kind) ([]Record, error)
	// Get returns one current record, or ErrNotFound.
	Get(ctx context.Context, project string, kind model.Kind, name string) (*Record, error)
	// History returns every version of an object, oldest first, deletions included.
	History(ctx context.Context, project string, kind model.Kind, name string) ([]Version, error)
	// AddMaterialized records that [start, end) of a view was materialized.
	AddMaterialized(ctx context.Context, project, view string, iv Interval) error
	// Materialized returns the intervals recorded for a view, oldest first.
	Materialized(ctx context.Context, project, view string) ([]Interval, error)
	// SaveDataset registers a saved dataset; a taken name is ErrExists.
	SaveDataset(ctx context.Context, project string, d Dataset) error
	// Datasets returns the saved datasets, sorted by name.
	Datasets(ctx context.Context, project string) ([]Dataset, error)
	// GetDataset returns one saved dataset, or ErrNotFound.
	GetDataset(ctx context.Context, project, name string) (*Dataset, error)
	// Close releases the registry.
	Close() error
}

// Op is what a change does.
type Op string

// The change operations.
const (
	OpCreate Op = "create"
	OpUpdate Op = "update"
	OpDelete Op = "delete"
)

// Change is one object to put or delete.
type Change struct {
	Op     Op
	Kind   model.Kind
	Name   string
	Object any // *model.Entity, ...; nil for OpDelete
}

// Record is the current version of an object.
type Record struct {
	Kind      model.Kind      `json:"kind"`
	Name      string          `json:"name"`
	Version   int             `json:"version"`
	Spec      json.RawMessage `json:"spec"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// Version is one entry of an object's history.
type Version struct {
	Version   int             `json:"version"`
	Op        Op              `json:"op"`
	Spec      json.RawMessage `json:"spec,omitempty"`
	AppliedAt time.Time       `json:"applied_at"`
}

// Interval is a materialized time window [Start, End).
type Interval struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// DoneAt is when the run finished.
	DoneAt time.Time `json:"done_at"`
}
