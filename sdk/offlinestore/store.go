package offlinestore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/sdk/types"
)

// Store is an offline store. Every method must be safe for concurrent use.
//
// Optional interfaces add to it; the host discovers them by type assertion,
// advertises them as capabilities and never calls what is not advertised:
//   - StoreWithHistoricalFeatures: the store runs point-in-time joins itself
//     (else the host joins in embedded DuckDB over pulled rows);
//   - StoreWithEntityFilter: pulls honour PullRequest.EntityKeys;
//   - StoreWithCapabilities: a proxy or wrapper that states the
//     capabilities of the store behind it.
//
// Times are UTC with microsecond precision throughout. Arrow records travel
// as array.RecordReader: a reader in a request stays the caller's (it
// releases it after the call returns, so read it all before returning); a
// reader in a response is the receiver's to release. Errors should be
// built with package storeerr; a method must not return nil, nil.
type Store interface {
	// Configure passes the store block of quiver.yaml. A bad config is InvalidArgument.
	Configure(ctx context.Context, req *ConfigureRequest) (*ConfigureResponse, error)
	// GetSourceSchema returns the columns of a source.
	GetSourceSchema(ctx context.Context, req *GetSourceSchemaRequest) (*GetSourceSchemaResponse, error)
	// PullLatest returns, per entity key, the latest row with event time in
	// [Start, End): greatest event timestamp, then greatest created timestamp.
	PullLatest(ctx context.Context, req *PullRequest) (*PullResponse, error)
	// PullRange returns every row with event time in [Start, End).
	PullRange(ctx context.Context, req *PullRequest) (*PullResponse, error)
	// WriteBatch appends rows to a destination table.
	WriteBatch(ctx context.Context, req *WriteBatchRequest) (*WriteBatchResponse, error)
	// Teardown removes what the project created in the store.
	Teardown(ctx context.Context, req *TeardownRequest) (*TeardownResponse, error)
}

// StoreWithHistoricalFeatures is a Store that computes point-in-time joins itself.
type StoreWithHistoricalFeatures interface {
	Store
	// HistoricalFeatures joins the entity table with the views' sources
	// following the point-in-time rules of the semantics contract.
	HistoricalFeatures(ctx context.Context, req *HistoricalFeaturesRequest) (*PullResponse, error)
}

// StoreWithEntityFilter is a Store whose pulls honour PullRequest.EntityKeys.
type StoreWithEntityFilter interface {
	Store
	// FiltersEntities reports whether entity filtering is active. False
	// means the store has the method but pulls every key with this
	// configuration: the host then sends no EntityKeys.
	FiltersEntities() bool
}

// Capabilities is what an offline store advertises.
type Capabilities struct {
	// HistoricalPushdown: the store implements StoreWithHistoricalFeatures.
	HistoricalPushdown bool
	// EntityFilter: pulls honour PullRequest.EntityKeys (StoreWithEntityFilter).
	EntityFilter bool
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
	_, c.HistoricalPushdown = s.(StoreWithHistoricalFeatures)
	if f, ok := s.(StoreWithEntityFilter); ok {
		c.EntityFilter = f.FiltersEntities()
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

// GetSourceSchemaRequest names a source.
type GetSourceSchemaRequest struct {
	// Source is the data source to describe. Required.
	Source types.DataSourceSpec
}

// GetSourceSchemaResponse lists a source's columns.
type GetSourceSchemaResponse struct {
	// Columns are the source's columns with their types, in source order.
	Columns []types.Field
}

// PullRequest selects rows of a source.
type PullRequest struct {
	// Project is the project of the source. Required.
	Project string
	// Source is the data source to read. Required.
	Source types.DataSourceSpec
	// JoinKeys are the key columns, in the order PullLatest groups by. Required.
	JoinKeys []string
	// FeatureColumns are the other columns to return; empty returns none
	// (a count of keys).
	FeatureColumns []string
	// Start and End bound event time, [Start, End), UTC. Required.
	Start, End time.Time
	// EntityKeys restrict the pull to these keys (ordered like JoinKeys).
	// Optional; sent only to a store that advertises EntityFilter.
	EntityKeys []types.EntityKey
}

// PullResponse streams the rows: join keys, features, then the event
// timestamp column and, if the source has one, the created timestamp column,
// under the source's own names. The receiver releases Records.
type PullResponse struct {
	// Records streams the rows. Required; the receiver releases it.
	Records array.RecordReader
}

// WriteBatchRequest appends Records to Destination.
type WriteBatchRequest struct {
	// Project is the project of the destination. Required.
	Project string
	// Destination is the batch source the rows are appended to. Required.
	Destination types.DataSourceSpec
	// Records are the rows, with the destination's columns and
	// timestamp[us, UTC] times. Required; the caller releases it after
	// WriteBatch returns, so the store reads it all before returning.
	Records array.RecordReader
}

// WriteBatchResponse counts the rows written.
type WriteBatchResponse struct {
	// RowsWritten counts the rows appended.
	RowsWritten int64
}

// ViewRef is one feature view of a historical request.
type ViewRef struct {
	// View is the feature view, with its ttl and join keys. Required.
	View types.FeatureViewSpec
	// Source is the view's batch source. Required.
	Source types.DataSourceSpec
	// Features are the view's features to join, in output order. Required.
	Features []string
	// JoinKeyMap maps an entity-table column to the view join key it
	// stands for. Optional.
	JoinKeyMap map[string]string
}

// HistoricalFeaturesRequest is a point-in-time join to push down.
//
// The answer has exactly one row per entity row, in input order, every
// entity column passed through, then the features of each view in Views
// order, named `feature` or, with FullFeatureNames, `view__feature`.
type HistoricalFeaturesRequest struct {
	// Project is the project of the views. Required.
	Project string
	// Views are the views to join, in output order. Required.
	Views []ViewRef
	// EntityTimestampColumn names the entity table's event time column.
	// Required.
	EntityTimestampColumn string
	// FullFeatureNames prefixes output columns with their view's name.
	FullFeatureNames bool
	// Entities is the entity table. Required; the caller releases it after
	// HistoricalFeatures returns, so the store reads it before returning.
	Entities array.RecordReader
}

// TeardownRequest names what to remove.
type TeardownRequest struct {
	// Project is the project to remove. Required.
	Project string
	// Sources are the destinations the project wrote to (pushed rows).
	Sources []types.DataSourceSpec
}

// TeardownResponse is empty.
type TeardownResponse struct{}

// EntityColumnType is the type an entity column of type dt has in a
// historical answer (docs/historical.md): timestamps become
// timestamp[us, tz=UTC], large and view strings utf8, large and view
// binaries binary; other types stay as they are.
func EntityColumnType(dt arrow.DataType) arrow.DataType {
	switch dt.ID() {
	case arrow.TIMESTAMP:
		return types.TimestampArrowType
	case arrow.LARGE_STRING, arrow.STRING_VIEW:
		return arrow.BinaryTypes.String
	case arrow.LARGE_BINARY, arrow.BINARY_VIEW:
		return arrow.BinaryTypes.Binary
	}
	return dt
}
