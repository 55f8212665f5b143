package milvusstore

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/milvus-io/milvus-sdk-go/v2/entity"

	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// scalarTypes are the Quiver types kept in typed fields, usable by filters.
var scalarTypes = map[types.ValueType]entity.FieldType{
	types.Bool: entity.FieldTypeBool, types.Int32: entity.FieldTypeInt32, types.Int64: entity.FieldTypeInt64,
	types.Float32: entity.FieldTypeFloat, types.Float64: entity.FieldTypeDouble,
	types.String: entity.FieldTypeVarChar, types.Timestamp: entity.FieldTypeInt64,
}

// indexTypes are the vector index types the plugin builds.
var indexTypes = map[string]bool{"FLAT": true, "IVF_FLAT": true, "HNSW": true}

// metricTypes maps Quiver metrics to Milvus ones.
var metricTypes = map[types.DistanceMetric]entity.MetricType{
	types.MetricL2: entity.L2, types.MetricCosine: entity.COSINE, types.MetricInnerProduct: entity.IP,
}

// view is what the plugin knows of a collection: its spec, its vector
// field (nil for none) and which fields are typed.
type view struct {
	spec       types.FeatureViewSpec
	collection string
	vector     *types.Field // the vector feature, or nil
	typed      map[string]types.ValueType
}

// newView checks a spec and derives the collection layout.
func newView(spec types.FeatureViewSpec, collection string) (*view, error) {
	v := &view{spec: spec, collection: collection, typed: map[string]types.ValueType{}}
	for _, f := range spec.JoinKeys {
		if _, ok := scalarTypes[f.Type]; ok && validName(f.Name) {
			v.typed[f.Name] = f.Type
		}
	}
	for i, f := range spec.Features {
		if f.Vector != nil {
			if v.vector != nil {
				return nil, storeerr.InvalidArgument("milvus online store: view %s has vector fields %s and %s; Milvus 2.3 allows one vector field per collection",
					spec.Name, v.vector.Name, f.Name)
			}
			if f.Vector.Dimension <= 0 {
				return nil, storeerr.InvalidArgument("milvus online store: view %s: vector field %s needs a positive dimension", spec.Name, f.Name)
			}
			if !validName(f.Name) {
				return nil, storeerr.InvalidArgument("milvus online store: view %s: vector field name %q must be letters, digits and underscores", spec.Name, f.Name)
			}
			v.vector = &spec.Features[i]
			continue
		}
		if _, ok := scalarTypes[f.Type]; ok && validName(f.Name) {
			v.typed[f.Name] = f.Type
		}
	}
	return v, nil
}

// vectorFieldName is the collection's FloatVector field.
func (v *view) vectorFieldName() string {
	if v.vector == nil {
		return fieldNoVec
	}
	return featureField(v.vector.Name)
}

// isJoinKey reports whether name is a join key of the view.
func (v *view) isJoinKey(name string) bool {
	for _, k := range v.spec.JoinKeys {
		if k.Name == name {
			return true
		}
	}
	return false
}

// schema is the Milvus schema of the view; its description holds the spec
// as JSON, so a restarted plugin knows the view again.
func (v *view) schema() (*entity.Schema, error) {
	desc, err := json.Marshal(v.spec)
	if err != nil {
		return nil, storeerr.Internal("milvus online store: encoding view %s: %v", v.spec.Name, err)
	}
	s := entity.NewSchema().WithName(v.collection).WithDescription(string(desc)).
		WithField(entity.NewField().WithName(fieldPK).WithDataType(entity.FieldTypeVarChar).WithIsPrimaryKey(true).WithMaxLength(maxPKLen)).
		WithField(entity.NewField().WithName(fieldEvent).WithDataType(entity.FieldTypeInt64)).
		WithField(entity.NewField().WithName(fieldCreated).WithDataType(entity.FieldTypeInt64)).
		WithField(entity.NewField().WithName(fieldRow).WithDataType(entity.FieldTypeVarChar).WithMaxLength(maxVarChar))
	for _, name := range v.typedNames() {
		f := entity.NewField().WithName(featureField(name)).WithDataType(scalarTypes[v.typed[name]])
		if v.typed[name] == types.String {
			f.WithMaxLength(maxVarChar)
		}
		s.WithField(f)
		if !v.isJoinKey(name) {
			s.WithField(entity.NewField().WithName(nullField(name)).WithDataType(entity.FieldTypeBool))
		}
	}
	dim := int64(noVecDim)
	if v.vector != nil {
		dim = int64(v.vector.Vector.Dimension)
		s.WithField(entity.NewField().WithName(nullField(v.vector.Name)).WithDataType(entity.FieldTypeBool))
	}
	s.WithField(entity.NewField().WithName(v.vectorFieldName()).WithDataType(entity.FieldTypeFloatVector).WithDim(dim))
	return s, nil
}

// typedNames lists the typed fields in the order of the spec.
func (v *view) typedNames() []string {
	var out []string
	for _, f := range append(append([]types.Field{}, v.spec.JoinKeys...), v.spec.Features...) {
		if _, ok := v.typed[f.Name]; ok {
			out = append(out, f.Name)
		}
	}
	return out
}

// metric is the Milvus metric of the vector field.
func (v *view) metric() entity.MetricType {
	if v.vector == nil {
		return entity.L2
	}
	return metricTypes[v.vector.Vector.Metric]
}

// indexType is the index type of the vector field: the spec's, else def.
func (v *view) indexType(def string) string {
	if v.vector == nil {
		return "FLAT"
	}
	if t := strings.ToUpper(v.vector.Vector.IndexType); t != "" {
		return t
	}
	return strings.ToUpper(def)
}

// index builds the vector index of the view.
func (v *view) index(def string) (entity.Index, error) {
	if v.vector != nil {
		if _, ok := metricTypes[v.vector.Vector.Metric]; !ok {
			return nil, storeerr.InvalidArgument("milvus online store: view %s: vector field %s has no metric", v.spec.Name, v.vector.Name)
		}
	}
	switch t := v.indexType(def); t {
	case "FLAT":
		return entity.NewIndexFlat(v.metric())
	case "IVF_FLAT":
		return entity.NewIndexIvfFlat(v.metric(), v.param("nlist", 128))
	case "HNSW":
		return entity.NewIndexHNSW(v.metric(), v.param("M", 16), v.param("efConstruction", 200))
	default:
		return nil, storeerr.InvalidArgument("milvus online store: view %s: index type %q is not FLAT, IVF_FLAT or HNSW", v.spec.Name, t)
	}
}

// param reads an integer index parameter of the vector field.
func (v *view) param(name string, def int) int {
	if v.vector == nil {
		return def
	}
	if s, ok := v.vector.Vector.IndexParams[name]; ok {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return def
}
