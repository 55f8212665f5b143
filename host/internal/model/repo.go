package model

import (
	"fmt"
	"sort"

	"github.com/quiverfs/quiver/sdk/types"
)

// Repo is the set of objects of one project.
type Repo struct {
	Project         string
	Entities        map[string]*Entity
	DataSources     map[string]*DataSource
	FeatureViews    map[string]*FeatureView
	FeatureServices map[string]*FeatureService
	Permissions     map[string]*Permission

	idx *repoIndex
}

// NewRepo returns an empty repo for project.
func NewRepo(project string) *Repo {
	return &Repo{
		Project:         project,
		Entities:        map[string]*Entity{},
		DataSources:     map[string]*DataSource{},
		FeatureViews:    map[string]*FeatureView{},
		FeatureServices: map[string]*FeatureService{},
		Permissions:     map[string]*Permission{},
		idx:             &repoIndex{},
	}
}

// Names returns the sorted names of the objects of a kind.
func (r *Repo) Names(kind Kind) []string {
	var names []string
	switch kind {
	case KindEntity:
		names = keys(r.Entities)
	case KindDataSource:
		names = keys(r.DataSources)
	case KindFeatureView:
		names = keys(r.FeatureViews)
	case KindFeatureService:
		names = keys(r.FeatureServices)
	case KindPermission:
		names = keys(r.Permissions)
	}
	sort.Strings(names)
	return names
}

// Object returns the object of a kind by name, or nil.
func (r *Repo) Object(kind Kind, name string) any {
	var obj any
	var ok bool
	switch kind {
	case KindEntity:
		obj, ok = r.Entities[name]
	case KindDataSource:
		obj, ok = r.DataSources[name]
	case KindFeatureView:
		obj, ok = r.FeatureViews[name]
	case KindFeatureService:
		obj, ok = r.FeatureServices[name]
	case KindPermission:
		obj, ok = r.Permissions[name]
	}
	if !ok {
		return nil
	}
	return obj
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// JoinKeys returns a view's join keys with their types, in entity order.
func (r *Repo) JoinKeys(v *FeatureView) ([]types.Field, error) {
	var out []types.Field
	for _, name := range v.Entities {
		e, ok := r.Entities[name]
		if !ok {
			return nil, fmt.Errorf("feature view %s: unknown entity %q", v.Name, name)
		}
		for _, k := range e.JoinKeys {
			out = append(out, types.Field{Name: k, Type: e.ValueType})
		}
	}
	return out, nil
}

// JoinKeyNames returns a view's join key names in order.
func (r *Repo) JoinKeyNames(v *FeatureView) []string {
	keys, _ := r.JoinKeys(v)
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Name
	}
	return names
}

// Features returns a view's features: its schema without join key columns.
func (r *Repo) Features(v *FeatureView) []Field {
	isKey := map[string]bool{}
	for _, k := range r.JoinKeyNames(v) {
		isKey[k] = true
	}
	var out []Field
	for _, f := range v.Schema {
		if !isKey[f.Name] {
			out = append(out, f)
		}
	}
	return out
}

// Feature returns the feature of a view by name.
func (r *Repo) Feature(v *FeatureView, name string) (Field, bool) {
	if r.idx != nil && r.FeatureViews[v.Name] == v {
		f, ok := r.featureIndex()[v.Name][name]
		return f, ok
	}
	for _, f := range r.Features(v) {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// BatchSource returns the source a view's offline data comes from: its
// source, or the batch source behind a push source.
func (r *Repo) BatchSource(v *FeatureView) (*DataSource, error) {
	src, ok := r.DataSources[v.Source]
	if !ok {
		return nil, fmt.Errorf("feature view %s: unknown data source %q", v.Name, v.Source)
	}
	if src.Kind == SourcePush {
		batch, ok := r.DataSources[src.BatchSource]
		if !ok {
			return nil, fmt.Errorf("push source %s: unknown batch source %q", src.Name, src.BatchSource)
		}
		return batch, nil
	}
	return src, nil
}

// ViewSpec returns what a store needs to know about a view.
func (r *Repo) ViewSpec(v *FeatureView) (types.FeatureViewSpec, error) {
	keys, err := r.JoinKeys(v)
	if err != nil {
		return types.FeatureViewSpec{}, err
	}
	features := r.Features(v)
	spec := types.FeatureViewSpec{Name: v.Name, JoinKeys: keys, TTL: v.TTL.Duration, Tags: v.Tags,
		Features: make([]types.Field, len(features))}
	for i, f := range features {
		spec.Features[i] = f.Spec()
	}
	return spec, nil
}

// EntitySpec returns what a store needs to know about an entity.
func (e *Entity) EntitySpec() types.EntitySpec {
	spec := types.EntitySpec{Name: e.Name}
	for _, k := range e.JoinKeys {
		spec.JoinKeys = append(spec.JoinKeys, types.Field{Name: k, Type: e.ValueType})
	}
	return spec
}

// Spec converts a field to the SDK's field.
func (f Field) Spec() types.Field {
	out := types.Field{Name: f.Name, Type: f.DType}
	if f.Vector != nil {
		out.Vector = &types.VectorSpec{Dimension: f.Vector.Dimension, Metric: ParseMetric(f.Vector.Metric),
			IndexType: f.Vector.IndexType, IndexParams: f.Vector.IndexParams}
	}
	return out
}

// ParseMetric parses l2, cosine or inner_product; anything else is unspecified.
func ParseMetric(s string) types.DistanceMetric {
	switch s {
	case "l2", "L2":
		return types.MetricL2
	case "cosine", "COSINE":
		return types.MetricCosine
	case "inner_product", "ip", "IP":
		return types.MetricInnerProduct
	}
	return types.MetricUnspecified
}

// Add puts an *Entity, *DataSource, *FeatureView, *FeatureService or
// *Permission into the repo.
func (r *Repo) Add(obj any) {
	r.idx = &repoIndex{}
	switch o := obj.(type) {
	case *Entity:
		r.Entities[o.Name] = o
	case *DataSource:
		r.DataSources[o.Name] = o
	case *FeatureView:
		r.FeatureViews[o.Name] = o
	case *FeatureService:
		r.FeatureServices[o.Name] = o
	case *Permission:
		r.Permissions[o.Name] = o
	default:
		panic(fmt.Sprintf("model: Add of %T", obj))
	}
}
