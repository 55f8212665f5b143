package types

import "time"

// DistanceMetric is a vector distance metric.
type DistanceMetric int

// The distance metrics. The numbers match the wire protocol.
const (
	MetricUnspecified  DistanceMetric = 0
	MetricL2           DistanceMetric = 1
	MetricCosine       DistanceMetric = 2
	MetricInnerProduct DistanceMetric = 3
)

// String returns the name used in definition files: l2, cosine or inner_product.
func (m DistanceMetric) String() string {
	switch m {
	case MetricL2:
		return "l2"
	case MetricCosine:
		return "cosine"
	case MetricInnerProduct:
		return "inner_product"
	}
	return "unspecified"
}

// VectorSpec describes a vector field: a list<float32> of fixed dimension.
type VectorSpec struct {
	Dimension int            // required
	Metric    DistanceMetric // required
	IndexType string         // optional, e.g. FLAT, IVF_FLAT, HNSW
	// IndexParams are store-specific index parameters. Optional.
	IndexParams map[string]string
}

// Field is a named, typed column.
type Field struct {
	Name   string      // required
	Type   ValueType   // required
	Vector *VectorSpec // set only for vector fields
}

// EntitySpec describes an entity.
type EntitySpec struct {
	Name     string
	JoinKeys []Field
}

// FeatureViewSpec is what a store needs to know about a feature view.
type FeatureViewSpec struct {
	Name     string  // required
	JoinKeys []Field // ordered; empty for a view with no entities
	Features []Field
	TTL      time.Duration // 0: values never expire
	Tags     map[string]string
}

// Feature returns the feature named name, if the view has it.
func (v *FeatureViewSpec) Feature(name string) (Field, bool) {
	for _, f := range v.Features {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// DataSourceSpec locates a table of an offline store.
type DataSourceSpec struct {
	Name string
	// Options hold the store-specific location, e.g. {"path": ...}.
	Options                map[string]string
	TimestampField         string
	CreatedTimestampColumn string            // optional
	FieldMapping           map[string]string // source column -> name; optional
}
