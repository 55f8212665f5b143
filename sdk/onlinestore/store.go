package onlinestore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/quiverfs/quiver/sdk/types"
)

// Store is an online store. Every method must be safe for concurrent use.
type Store interface {
	// Configure passes the store block of quiver.yaml. It is called once,
	// before any other call but Health. A bad config is InvalidArgument.
	Configure(ctx context.Context, req *ConfigureRequest) (*ConfigureResponse, error)
	// ApplyInfra creates what views and entities need and removes what
	// deleted ones held.
	ApplyInfra(ctx context.Context, req *ApplyInfraRequest) (*ApplyInfraResponse, error)
	// Teardown removes everything the project holds in the store.
	Teardown(ctx context.Context, req *TeardownRequest) (*TeardownResponse, error)
	// WriteBatch writes rows of one view. Large writes arrive as several calls.
	WriteBatch(ctx context.Context, req *WriteBatchRequest) (*WriteBatchResponse, error)
	// Read returns, for each view and entity key, the stored row.
	Read(ctx context.Context, req *ReadRequest) (*ReadResponse, error)
	// Health reports whether the store can serve.
	Health(ctx context.Context, req *HealthRequest) (*HealthResponse, error)
}

// StoreWithVectorSearch is a Store that can search vector fields.
type StoreWithVectorSearch interface {
	Store
	// SearchVectors returns the top-k rows nearest to a query vector.
	SearchVectors(ctx context.Context, req *SearchVectorsRequest) (*SearchVectorsResponse, error)
	// VectorSearchOptions describes what SearchVectors supports. It is
	// called once, when capabilities are collected.
	VectorSearchOptions() VectorSearchOptions
}

// StoreWithKeyTTL is a Store that expires keys by itself.
type StoreWithKeyTTL interface {
	Store
	// KeyTTL reports whether key expiry is active.
	KeyTTL() bool
}

// VectorSearchOptions describes a store's vector search.
type VectorSearchOptions struct {
	Metrics    []types.DistanceMetric // metrics supported; required
	IndexTypes []string               // index types understood; optional
	Filters    bool                   // SearchVectorsRequest.Filter is honoured
	TextQuery  bool                   // SearchVectorsRequest.QueryText is honoured
}

// Capabilities is what a store advertises; the host never calls what is
// not advertised.
type Capabilities struct {
	VectorSearch bool
	Vector       VectorSearchOptions // meaningful when VectorSearch is set
	KeyTTL       bool
}

// StoreWithCapabilities is a Store that states its capabilities instead
// of having them derived from the interfaces it implements: a proxy of a
// plugin's store, or a wrapper around a store, reports the capabilities of
// the store it stands for. CapabilitiesOf returns them as stated.
type StoreWithCapabilities interface {
	Store
	// Capabilities returns the capabilities of the store behind s.
	Capabilities() Capabilities
}

// CapabilitiesOf returns what s advertises: what it states, if it is a
// StoreWithCapabilities, else what the interfaces it implements say.
func CapabilitiesOf(s Store) Capabilities {
	if r, ok := s.(StoreWithCapabilities); ok {
		return r.Capabilities()
	}
	var c Capabilities
	if v, ok := s.(StoreWithVectorSearch); ok {
		c.VectorSearch = true
		c.Vector = v.VectorSearchOptions()
	}
	if k, ok := s.(StoreWithKeyTTL); ok {
		c.KeyTTL = k.KeyTTL()
	}
	return c
}

// ConfigureRequest carries a store's settings.
type ConfigureRequest struct {
	Project string // required
	// Config is the store block of quiver.yaml without `type`, as a JSON object.
	Config json.RawMessage
}

// ConfigureResponse is empty.
type ConfigureResponse struct{}

// ApplyInfraRequest lists what to keep and what to delete.
type ApplyInfraRequest struct {
	Project          string
	ViewsToKeep      []types.FeatureViewSpec
	ViewsToDelete    []types.FeatureViewSpec
	EntitiesToKeep   []types.EntitySpec
	EntitiesToDelete []types.EntitySpec
	// Partial: ViewsToKeep lists only changed views; absent views are not deleted.
	Partial bool
}

// ApplyInfraResponse is empty.
type ApplyInfraResponse struct{}

// TeardownRequest names the project and what it holds.
type TeardownRequest struct {
	Project  string
	Views    []types.FeatureViewSpec
	Entities []types.EntitySpec
}

// TeardownResponse is empty.
type TeardownResponse struct{}

// WriteRow is one row; Values align with WriteBatchRequest.FeatureNames.
type WriteRow struct {
	EntityKey        types.EntityKey
	Values           []types.Value
	EventTimestamp   time.Time // required, UTC, microsecond precision
	CreatedTimestamp time.Time // optional
}

// WriteBatchRequest writes rows of one view.
type WriteBatchRequest struct {
	Project      string
	FeatureView  string
	FeatureNames []string
	Rows         []WriteRow
}

// WriteBatchResponse counts the rows received.
type WriteBatchResponse struct {
	RowsReceived int64
}

// ReadView asks one view for features of many entity keys.
type ReadView struct {
	FeatureView string
	Features    []string
	EntityKeys  []types.EntityKey
}

// ReadRequest asks many views at once, so a store can answer in one round trip.
type ReadRequest struct {
	Project string
	Views   []ReadView
}

// ReadRow is the stored row of one entity key; Values align with ReadView.Features.
type ReadRow struct {
	Found            bool
	Values           []types.Value
	EventTimestamp   time.Time
	CreatedTimestamp time.Time
}

// ReadResponse holds one []ReadRow per ReadView, aligned with its EntityKeys.
type ReadResponse struct {
	Views [][]ReadRow
}

// HealthRequest is empty.
type HealthRequest struct{}

// HealthResponse reports a store's health.
type HealthResponse struct {
	Serving bool
	Message string
}
