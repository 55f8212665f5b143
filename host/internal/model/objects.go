package model

import (
	"github.com/quiverfs/quiver/sdk/types"
)

// Kind names a kind of registry object.
type Kind string

// The kinds of objects a repository defines.
const (
	KindEntity         Kind = "entity"
	KindDataSource     Kind = "data-source"
	KindFeatureView    Kind = "feature-view"
	KindFeatureService Kind = "feature-service"
)

// Kinds lists every kind in dependency order (an object only refers to
// objects of earlier kinds).
var Kinds = []Kind{KindEntity, KindDataSource, KindFeatureView, KindFeatureService, KindPermission}

// Position locates an object or a key in a definition file.
type Position struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// Meta is what every object carries besides its own fields.
type Meta struct {
	Description string            `json:"description,omitempty"`
	Owner       string            `json:"owner,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
}

// Entity is a thing features describe, identified by join keys.
type Entity struct {
	Name      string          `json:"name"`
	JoinKeys  []string        `json:"join_keys"`
	ValueType types.ValueType `json:"value_type"`
	Meta
}

// SourceKind is the type of a data source.
type SourceKind string

// The data source kinds.
const (
	SourceFile     SourceKind = "file"
	SourcePush     SourceKind = "push"
	SourceRequest  SourceKind = "request"
	SourceBigQuery SourceKind = "bigquery"
)

// DataSource is where feature data comes from.
type DataSource struct {
	Name string     `json:"name"`
	Kind SourceKind `json:"type"`
	// Path of a parquet file or directory (file sources), relative to the repo.
	Path string `json:"path,omitempty"`
	// Table or Query of a bigquery source (exactly one).
	Table                  string            `json:"table,omitempty"`
	Query                  string            `json:"query,omitempty"`
	TimestampField         string            `json:"timestamp_field,omitempty"`
	CreatedTimestampColumn string            `json:"created_timestamp_column,omitempty"`
	FieldMapping           map[string]string `json:"field_mapping,omitempty"`
	// BatchSource names the batch source behind a push source.
	BatchSource string `json:"batch_source,omitempty"`
	// Schema of a request source.
	Schema []Field `json:"schema,omitempty"`
	Meta
}

// Field is a typed column of a feature view or request source.
type Field struct {
	Name   string          `json:"name"`
	DType  types.ValueType `json:"dtype"`
	Vector *VectorField    `json:"vector,omitempty"`
}

// VectorField makes a list<float32> field a searchable vector.
type VectorField struct {
	Dimension   int               `json:"dimension"`
	Metric      string            `json:"metric"` // l2, cosine, inner_product
	IndexType   string            `json:"index_type,omitempty"`
	IndexParams map[string]string `json:"index_params,omitempty"`
}

// FeatureView is a group of features from one source, keyed by entities.
type FeatureView struct {
	Name     string   `json:"name"`
	Entities []string `json:"entities"`
	// Schema lists the features (join key columns may appear too; they are
	// not features).
	Schema       []Field           `json:"schema"`
	TTL          Duration          `json:"ttl"`
	Source       string            `json:"source"`
	Online       bool              `json:"online"`
	FieldMapping map[string]string `json:"field_mapping,omitempty"`
	Meta
}

// FeatureService is a named set of features, for models to ask for at once.
type FeatureService struct {
	Name string `json:"name"`
	// Features are "view:feature" references, or "view" for all its features.
	Features []string `json:"features"`
	Meta
}
