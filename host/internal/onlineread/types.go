package onlineread

import (
	"time"

	"github.com/quiverfs/quiver/sdk/onlinestore"

	"github.com/quiverfs/quiver/sdk/types"
)

// Status says what a returned value is (onlinestore.Status).
type Status = onlinestore.Status

// The statuses, as Feast names them.
const (
	Present       = onlinestore.StatusPresent
	NullValue     = onlinestore.StatusNullValue
	NotFound      = onlinestore.StatusNotFound
	OutsideMaxAge = onlinestore.StatusOutsideMaxAge
)

// Request asks for features of some entities.
type Request struct {
	// Features are "view:feature" references. Either Features or FeatureService.
	Features       []string
	FeatureService string
	// JoinKeys lists the entity columns in request order; Entities holds
	// each column's raw JSON values (decoded with json.Number).
	JoinKeys []string
	Entities map[string][]any
	// FullFeatureNames names features "view__feature".
	FullFeatureNames bool
}

// Column is one output column: a join key or a feature.
type Column struct {
	Values          []types.Value
	Statuses        []Status
	EventTimestamps []time.Time
}

// Response holds the columns: join keys first, then the features.
type Response struct {
	FeatureNames []string
	Results      []Column
	// Views are the feature views read, in order of first appearance.
	Views []string
}
