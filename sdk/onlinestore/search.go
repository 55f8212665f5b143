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
//
// Nulls: a null field matches no comparison but OpNe and OpNin, the
// negations of OpEq and OpIn (category != "b" matches a row whose category
// is null). OpEq and OpNe with a null Value test for null, and a null among
// the Values of OpIn and OpNin matches a null field. An order comparison
// (OpGt, OpGte, OpLt, OpLte) with a null Value is InvalidArgument.
//
// Numbers compare by value whatever their types: price > 40.5 on an int64
// field matches 41 and not 40, price == 40.0 matches 40.
type Filter struct {
	// Field names a non-vector field of the view (a feature or join key);
	// set on comparisons.
	Field string
	// Op is the comparison; set on comparisons.
	Op FilterOp
	// Value is compared with for every op but OpIn and OpNin. It has the
	// field's type, or is null, or, for a numeric field, is a number of
	// another type (the host sends an int field's fractional operands as
	// float64).
	Value types.Value
	// Values are the set for OpIn and OpNin, each as Value.
	Values []types.Value

	// And: a compound that matches when all Children match.
	And bool
	// Or: a compound that matches when any child matches.
	Or bool
	// Children are a compound's operands, at least one; at most 64 levels deep.
	Children []*Filter
}

// SearchVectorsRequest asks for the TopK rows nearest to QueryVector.
type SearchVectorsRequest struct {
	// Project and FeatureView name the view. Required.
	Project     string
	FeatureView string
	// VectorField names the view's vector field to search. Required.
	VectorField string
	// QueryVector has the field's dimension. Required.
	QueryVector []float32
	// QueryText is the text the vector was made from, for stores that
	// also match text. Optional; sent only if the store advertises TextQuery.
	QueryText string
	// TopK is how many hits to return at most, 1 to 16,384. Required.
	TopK int
	// Metric is the distance to rank by; one the store advertised. Required.
	Metric types.DistanceMetric
	// Filter restricts the rows searched. Optional; sent only if the store
	// advertises Filters.
	Filter *Filter
	// Features are the features each hit returns, in SearchHit.Values order.
	Features []string
}

// SearchHit is one result. Distance: smaller is nearer for every metric
// (inner product is returned negated).
type SearchHit struct {
	// EntityKey is the hit row's key.
	EntityKey types.EntityKey
	// Distance from the query; smaller is nearer for every metric.
	Distance float64
	// Values align with SearchVectorsRequest.Features.
	Values []types.Value
	// EventTimestamp is the hit row's, UTC.
	EventTimestamp time.Time
}

// SearchVectorsResponse lists hits, nearest first.
type SearchVectorsResponse struct {
	// Hits are at most TopK rows, nearest first.
	Hits []SearchHit
}
