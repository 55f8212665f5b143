package onlinestore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/quiverfs/quiver/sdk/types"
)

// Store is an online store. Every method must be safe for concurrent use.
//
// Optional interfaces add to it; the host discovers them by type assertion,
// advertises them as capabilities and never calls what is not advertised:
//   - StoreWithVectorSearch: SearchVectors (top-k nearest rows of a vector field);
//   - StoreWithKeyTTL: the store expires keys by itself;
//   - StoreWithCapabilities: a proxy or wrapper that states the
//     capabilities of the store behind it.
//
// Times are UTC with microsecond precision throughout. Errors should be
// built with package storeerr; a method must not return nil, nil.
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
	// Health reports whether the store can serve. It may come before
	// Configure: it must then answer at once, not serving (Serving false
	// with a message, or an error), never panic, block or dial anything,
	// and leave the store ready for Configure.
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
	// KeyTTL reports whether key expiry is active. False means the store
	// has the method but does not expire keys with this configuration:
	// the host applies ttl at read time either way.
	KeyTTL() bool
}

// VectorSearchOptions describes a store's vector search.
type VectorSearchOptions struct {
	// Metrics lists the distance metrics SearchVectors supports. Required,
	// at least one.
	Metrics []types.DistanceMetric
	// IndexTypes lists the index types (e.g. "HNSW") a vector field's
	// index_type may name. Optional; empty means the store picks.
	IndexTypes []string
	// Filters is true when SearchVectorsRequest.Filter is honoured; when
	// false the host never sends a filter.
	Filters bool
	// TextQuery is true when SearchVectorsRequest.QueryText is honoured;
	// when false the host never sends query text.
	TextQuery bool
}

// Capabilities is what a store advertises; the host never calls what is
// not advertised.
type Capabilities struct {
	// VectorSearch: the store implements StoreWithVectorSearch.
	VectorSearch bool
	// Vector describes the vector search; meaningful when VectorSearch is set.
	Vector VectorSearchOptions
	// KeyTTL: the store expires keys by itself (StoreWithKeyTTL).
	KeyTTL bool
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
	// Project is the feature repository's project. Required.
	Project string
	// Config is the store block of quiver.yaml without `type`, as a JSON
	// object, ${ENV} references expanded. It may hold secrets: never echo it.
	Config json.RawMessage
	// RepoDir is the absolute path of the feature repository folder:
	// resolve relative paths of Config against it, not against the working
	// directory (a plugin's is the host's). Empty when the host has none.
	RepoDir string
}

// ConfigureResponse is empty.
type ConfigureResponse struct{}

// ApplyInfraRequest lists what to keep and what to delete.
type ApplyInfraRequest struct {
	// Project is the project the objects belong to. Required.
	Project string
	// ViewsToKeep are the online views to create or update; their stored
	// rows stay. Optional.
	ViewsToKeep []types.FeatureViewSpec
	// ViewsToDelete are views whose stored rows to remove, Partial or not;
	// reading one afterwards finds nothing. Optional.
	ViewsToDelete []types.FeatureViewSpec
	// EntitiesToKeep are the entities of the kept views. Optional.
	EntitiesToKeep []types.EntitySpec
	// EntitiesToDelete are entities no longer used. Optional.
	EntitiesToDelete []types.EntitySpec
	// Partial: ViewsToKeep lists only changed views; views it does not list
	// keep their rows. When false, ViewsToKeep lists every online view of
	// the project, and a store may drop the rows of a view it does not list
	// (or keep them unchanged; the host names deleted views in
	// ViewsToDelete either way).
	Partial bool
}

// ApplyInfraResponse is empty.
type ApplyInfraResponse struct{}

// TeardownRequest names the project and what it holds.
type TeardownRequest struct {
	// Project is the project to remove. Required.
	Project string
	// Views are the project's views, for stores that keep one table each.
	Views []types.FeatureViewSpec
	// Entities are the project's entities.
	Entities []types.EntitySpec
}

// TeardownResponse is empty.
type TeardownResponse struct{}

// WriteRow is one row; Values align with WriteBatchRequest.FeatureNames.
type WriteRow struct {
	// EntityKey is the row's key: every join key of the view, in the
	// view's order. Required. Two keys are one entity only when every
	// (join key, value) pair is equal: keys that differ in one part, or
	// hold the same values under other join keys, are other entities, so a
	// store must encode keys unambiguously (sdk/codec does).
	EntityKey types.EntityKey
	// Values are the features, aligned with WriteBatchRequest.FeatureNames;
	// a null value is stored as null: it replaces the stored value like
	// any other value of a row that is not older (it does not mean "leave
	// unchanged"), and an older row's nulls change nothing. An empty list,
	// string or bytes is a value, not null.
	Values []types.Value
	// EventTimestamp is when the values were true. Required; UTC,
	// microsecond precision.
	EventTimestamp time.Time
	// CreatedTimestamp breaks ties between equal event timestamps.
	// Optional (zero when absent); UTC, microsecond precision.
	CreatedTimestamp time.Time
}

// WriteBatchRequest writes rows of one view.
//
// A row replaces the stored row of its key only if its (event, created)
// timestamp pair is not older: an equal pair replaces it too. Within one
// batch the newest row wins. The rule holds between concurrent writers
// (goroutines or processes): compare and write atomically.
type WriteBatchRequest struct {
	// Project and FeatureView name the view. Required.
	Project     string
	FeatureView string
	// FeatureNames are the features every row carries, in Values order:
	// all the view's features, in any order. Required.
	FeatureNames []string
	// Rows are the rows; several rows may share a key.
	Rows []WriteRow
}

// WriteBatchResponse counts the rows received.
type WriteBatchResponse struct {
	// RowsReceived counts the rows the store took, stored or not (an older
	// row loses to the stored one and still counts).
	RowsReceived int64
}

// ReadView asks one view for features of many entity keys. A view that was
// never applied, or was deleted, holds nothing: it is answered with one
// Found=false row per key, not an error.
type ReadView struct {
	// FeatureView names the view. Required.
	FeatureView string
	// Features are the features to return, a subset of the view's, in the
	// order ReadRow.Values follows. Required.
	Features []string
	// EntityKeys are the keys to read; ReadResponse answers them in this
	// order, one row each, repeated keys included. It may be empty: the
	// view is then answered with no rows.
	EntityKeys []types.EntityKey
}

// ReadRequest asks many views at once, so a store can answer in one round trip.
type ReadRequest struct {
	// Project is the project of the views. Required.
	Project string
	// Views are the views to read; ReadResponse.Views follows this order.
	Views []ReadView
}

// ReadRow is the stored row of one entity key; Values align with ReadView.Features.
type ReadRow struct {
	// Found is false when nothing is stored for the key (or it expired);
	// the other fields are then zero.
	Found bool
	// Values align with ReadView.Features; a stored null is a null value.
	Values []types.Value
	// EventTimestamp and CreatedTimestamp are the stored row's, UTC. The
	// host applies the view's ttl to EventTimestamp.
	EventTimestamp   time.Time
	CreatedTimestamp time.Time
}

// ReadResponse holds one []ReadRow per ReadView, aligned with its EntityKeys.
type ReadResponse struct {
	// Views has one entry per ReadRequest.Views, in order; each holds one
	// ReadRow per ReadView.EntityKeys, in order.
	Views [][]ReadRow
}

// HealthRequest is empty.
type HealthRequest struct{}

// HealthResponse reports a store's health.
type HealthResponse struct {
	// Serving is true when the store can answer reads and writes now.
	Serving bool
	// Message says why not, or what the store is connected to. Optional;
	// it reaches health checks, so it must hold no secret.
	Message string
}
