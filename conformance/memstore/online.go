package memstore

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// Online is an in-memory online store with exact vector search. The zero
// value is not usable; call NewOnline.
type Online struct {
	mu         sync.RWMutex
	configured bool // Configure succeeded once
	settings   settings
	projects   map[string]map[string]*view // project -> view name -> view
}

var _ onlinestore.StoreWithVectorSearch = (*Online)(nil)

// view holds the spec and the latest row per entity key of one feature view.
type view struct {
	spec types.FeatureViewSpec
	rows map[string]*storedRow
}

// storedRow is the latest row of one entity key.
type storedRow struct {
	key     types.EntityKey
	values  map[string]types.Value
	event   time.Time
	created time.Time
	expires time.Time // zero: never (key_ttl)
}

// NewOnline returns an empty online store with default settings.
func NewOnline() *Online {
	return &Online{settings: settings{MaxVectorDimension: defaultMaxVectorDimension},
		projects: map[string]map[string]*view{}}
}

// HideVectorSearch returns s as a plain onlinestore.Store, so that it does
// not advertise vector search. Test plugins use it.
func HideVectorSearch(s onlinestore.Store) onlinestore.Store {
	return struct{ onlinestore.Store }{s}
}

// Configure implements onlinestore.Store. Unknown keys are InvalidArgument;
// a rejected config leaves the store unchanged.
func (s *Online) Configure(_ context.Context, req *onlinestore.ConfigureRequest) (*onlinestore.ConfigureResponse, error) {
	st, err := parseSettings(req.Config)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.settings, s.configured = st, true
	s.mu.Unlock()
	return &onlinestore.ConfigureResponse{}, nil
}

// ApplyInfra implements onlinestore.Store: kept views are created (their
// rows kept when they exist), deleted views lose their rows.
func (s *Online) ApplyInfra(_ context.Context, req *onlinestore.ApplyInfraRequest) (*onlinestore.ApplyInfraResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range req.ViewsToKeep {
		if err := s.checkSpec(v); err != nil {
			return nil, err
		}
	}
	views := s.projects[req.Project]
	if views == nil {
		views = map[string]*view{}
		s.projects[req.Project] = views
	}
	for _, v := range req.ViewsToDelete {
		delete(views, v.Name)
	}
	for _, v := range req.ViewsToKeep {
		if old, ok := views[v.Name]; ok {
			old.spec = v
			continue
		}
		views[v.Name] = &view{spec: v, rows: map[string]*storedRow{}}
	}
	return &onlinestore.ApplyInfraResponse{}, nil
}

// checkSpec validates the vector fields of a view.
func (s *Online) checkSpec(v types.FeatureViewSpec) error {
	if v.Name == "" {
		return storeerr.InvalidArgument("feature view without a name")
	}
	for _, f := range v.Features {
		if f.Vector == nil {
			continue
		}
		if f.Type != types.Float32List && f.Type != types.Float64List {
			return storeerr.InvalidArgument("vector field %s of view %s has type %s, want a float list", f.Name, v.Name, f.Type)
		}
		if f.Vector.Dimension <= 0 || f.Vector.Dimension > s.settings.MaxVectorDimension {
			return storeerr.InvalidArgument("vector field %s of view %s has dimension %d, want 1..%d",
				f.Name, v.Name, f.Vector.Dimension, s.settings.MaxVectorDimension)
		}
	}
	return nil
}

// Teardown implements onlinestore.Store: the whole project is dropped.
func (s *Online) Teardown(_ context.Context, req *onlinestore.TeardownRequest) (*onlinestore.TeardownResponse, error) {
	s.mu.Lock()
	delete(s.projects, req.Project)
	s.mu.Unlock()
	return &onlinestore.TeardownResponse{}, nil
}

// Health implements onlinestore.Store: serving once configured.
func (s *Online) Health(context.Context, *onlinestore.HealthRequest) (*onlinestore.HealthResponse, error) {
	s.mu.RLock()
	configured := s.configured
	s.mu.RUnlock()
	if !configured {
		return &onlinestore.HealthResponse{Serving: false, Message: "memory store: not configured"}, nil
	}
	return &onlinestore.HealthResponse{Serving: true, Message: "memory store serving"}, nil
}

// view returns a view of a project, or NotFound naming both. Callers hold s.mu.
func (s *Online) view(project, name string) (*view, error) {
	v, ok := s.projects[project][name]
	if !ok {
		return nil, storeerr.NotFound("feature view %q of project %q is not applied", name, project)
	}
	return v, nil
}

// featureTypes maps each requested feature to its type, or names an unknown one.
func featureTypes(v *view, names []string) ([]types.Field, error) {
	out := make([]types.Field, len(names))
	for i, n := range names {
		f, ok := v.spec.Feature(n)
		if !ok {
			return nil, storeerr.InvalidArgument("feature view %s has no feature %q", v.spec.Name, n)
		}
		out[i] = f
	}
	return out, nil
}

// entityKeyString encodes a key for the row map.
func entityKeyString(k types.EntityKey) string {
	parts := make([]keyPart, len(k))
	for i, p := range k {
		parts[i] = keyPart{joinKey: p.JoinKey, typ: int(p.Value.Type()), value: valueString(p.Value)}
	}
	return keyString(parts)
}

// valueString renders a value unambiguously within its type.
func valueString(v types.Value) string {
	switch v.Type() {
	case types.Timestamp:
		return fmt.Sprint(v.Int64())
	case types.TimestampList:
		return fmt.Sprint(v.Int64List())
	}
	return fmt.Sprintf("%#v", v.Interface())
}
