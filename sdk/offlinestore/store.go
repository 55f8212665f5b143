package offlinestore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/sdk/types"
)

// Store is an offline store. Every method must be safe for concurrent use.
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
	// FiltersEntities reports whether entity filtering is active.
	FiltersEntities() bool
}

// Capabilities is what an offline store advertises.
type Capabilities struct {
	HistoricalPushdown bool
	EntityFilter       bool
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
	Project string
	Config  json.RawMessage // the store block without `type`, as a JSON object
}

// ConfigureResponse is empty.
type ConfigureResponse struct{}

// GetSourceSchemaRequest names a source.
type GetSourceSchemaRequest struct {
	Source types.DataSourceSpec
}

// GetSourceSchemaResponse lists a source's columns.
type GetSourceSchemaResponse struct {
	Columns []types.Field
}

// PullRequest selects rows of a source.
type PullRequest struct {
	Project        string
	Source         types.DataSourceSpec
	JoinKeys       []string
	FeatureColumns []string
	Start, End     time.Time         // event time in [Start, End)
	EntityKeys     []types.EntityKey // optional; honoured with EntityFilter
}

// PullResponse streams the rows: join keys, features, then the event
// timestamp column and, if the source has one, the created timestamp column,
// under the source's own names. The receiver releases Records.
type PullResponse struct {
	Records array.RecordReader
}

// WriteBatchRequest appends Records to Destination.
type WriteBatchRequest struct {
	Project     string
	Destination types.DataSourceSpec
	Records     array.RecordReader
}

// WriteBatchResponse counts the rows written.
type WriteBatchResponse struct {
	RowsWritten int64
}

// ViewRef is one feature view of a historical request.
type ViewRef struct {
	View       types.FeatureViewSpec
	Source     types.DataSourceSpec
	Features   []string
	JoinKeyMap map[string]string // entity-table column -> view join key; optional
}

// HistoricalFeaturesRequest is a point-in-time join to push down.
type HistoricalFeaturesRequest struct {
	Project               string
	Views                 []ViewRef
	EntityTimestampColumn string
	FullFeatureNames      bool
	Entities              array.RecordReader
}

// TeardownRequest names what to remove.
type TeardownRequest struct {
	Project string
	Sources []types.DataSourceSpec
}

// TeardownResponse is empty.
type TeardownResponse struct{}
