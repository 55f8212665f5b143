package onlinestore

import (
	"time"

	"github.com/quiverfs/quiver/sdk/types"
)

// FilterOp is a comparison operator of a filter.
type FilterOp int

// The filter operators. The numbers match the wire protocol.
const (
	OpEq  FilterOp = 1
	OpNe  FilterOp = 2
	OpGt  FilterOp = 3
	OpGte FilterOp = 4
	OpLt  FilterOp = 5
	OpLte FilterOp = 6
	OpIn  FilterOp = 7
	OpNin FilterOp = 8
)

// String returns the operator's name, e.g. "eq".
func (o FilterOp) String() string {
	names := [...]string{"", "eq", "ne", "gt", "gte", "lt", "lte", "in", "nin"}
	if o > 0 && int(o) < len(names) {
		return names[o]
	}
	return "invalid"
}

// Filter is a node of a filter tree: either a comparison (Field, Op, Value
// or Values) or a compound (And or Or over Children).
type Filter struct {
	Field  string
	Op     FilterOp
	Value  types.Value   // for every op but OpIn and OpNin
	Values []types.Value // for OpIn and OpNin

	And      bool // compound: all children match
	Or       bool // compound: any child matches
	Children []*Filter
}

// SearchVectorsRequest asks for the TopK rows nearest to QueryVector.
type SearchVectorsRequest struct {
	Project     string
	FeatureView string
	VectorField string
	QueryVector []float32
	QueryText   string // optional; only if the store advertises TextQuery
	TopK        int
	Metric      types.DistanceMetric
	Filter      *Filter // optional; only if the store advertises Filters
	Features    []string
}

// SearchHit is one result. Distance: smaller is nearer for every metric
// (inner product is returned negated).
type SearchHit struct {
	EntityKey      types.EntityKey
	Distance       float64
	Values         []types.Value // align with SearchVectorsRequest.Features
	EventTimestamp time.Time
}

// SearchVectorsResponse lists hits, nearest first.
type SearchVectorsResponse struct {
	Hits []SearchHit
}
