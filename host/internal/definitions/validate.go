package definitions

import (
	"fmt"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/yamlstrict"
	"github.com/quiverfs/quiver/sdk/types"
)

// validate checks references and rules across objects.
func (d *Definitions) validate(problems *Problems) {
	r := d.Repo
	add := func(kind model.Kind, name, key, format string, args ...any) {
		*problems = append(*problems, Problem{Pos: d.Pos(kind, name, key), Message: yamlstrict.Clip(fmt.Sprintf(format, args...))})
	}
	for _, name := range r.Names(model.KindEntity) {
		e := r.Entities[name]
		if len(e.JoinKeys) == 0 {
			e.JoinKeys = []string{e.Name}
		}
		if e.ValueType == types.Invalid {
			add(model.KindEntity, name, "value_type", "entity %s needs a value_type", name)
		} else if e.ValueType.IsList() {
			add(model.KindEntity, name, "value_type", "entity %s: join keys cannot be lists (%s)", name, e.ValueType)
		}
	}
	for _, name := range r.Names(model.KindDataSource) {
		d.validateSource(r.DataSources[name], add)
	}
	for _, name := range r.Names(model.KindFeatureView) {
		d.validateView(r.FeatureViews[name], add)
	}
	for _, name := range r.Names(model.KindPermission) {
		d.validatePermission(r.Permissions[name], add)
	}
	for _, name := range r.Names(model.KindFeatureService) {
		s := r.FeatureServices[name]
		if len(s.Features) == 0 {
			add(model.KindFeatureService, name, "features", "feature service %s lists no features", name)
		}
		if _, err := r.ResolveFeatures(s.Features); err != nil {
			add(model.KindFeatureService, name, "features", "feature service %s: %v", name, err)
		}
	}
}

type addFunc func(kind model.Kind, name, key, format string, args ...any)

func (d *Definitions) validateSource(s *model.DataSource, add addFunc) {
	k, n := model.KindDataSource, s.Name
	switch s.Kind {
	case model.SourceFile:
		if s.Path == "" {
			add(k, n, "", "file source %s needs a path", n)
		}
		if s.TimestampField == "" {
			add(k, n, "", "file source %s needs a timestamp_field", n)
		}
	case model.SourceBigQuery:
		switch {
		case s.Table == "" && s.Query == "":
			add(k, n, "", "bigquery source %s needs a table or a query", n)
		case s.Table != "" && s.Query != "":
			add(k, n, "query", "bigquery source %s has both a table and a query; give one", n)
		}
		if s.TimestampField == "" {
			add(k, n, "", "bigquery source %s needs a timestamp_field", n)
		}
	case model.SourcePush:
		batch, ok := d.Repo.DataSources[s.BatchSource]
		switch {
		case s.BatchSource == "":
			add(k, n, "", "push source %s needs a batch_source", n)
		case !ok:
			add(k, n, "batch_source", "push source %s: unknown batch source %q", n, s.BatchSource)
		case batch.Kind != model.SourceFile && batch.Kind != model.SourceBigQuery:
			add(k, n, "batch_source", "push source %s: batch source %s is a %s source, not file or bigquery", n, batch.Name, batch.Kind)
		case batch.Kind == model.SourceBigQuery && batch.Query != "":
			add(k, n, "batch_source", "push source %s: batch source %s is a bigquery query, which cannot be written to; use a table", n, batch.Name)
		}
	case model.SourceRequest:
		if len(s.Schema) == 0 {
			add(k, n, "", "request source %s needs a schema", n)
		}
	case "":
		add(k, n, "", "data source %s needs a type (file, push, request or bigquery)", n)
	default:
		add(k, n, "type", "data source %s: unknown type %q (use file, push, request or bigquery)", n, s.Kind)
	}
}

func (d *Definitions) validateView(v *model.FeatureView, add addFunc) {
	k, n, r := model.KindFeatureView, v.Name, d.Repo
	for _, e := range v.Entities {
		if _, ok := r.Entities[e]; !ok {
			add(k, n, "entities", "feature view %s: unknown entity %q", n, e)
		}
	}
	src, ok := r.DataSources[v.Source]
	switch {
	case v.Source == "":
		add(k, n, "", "feature view %s needs a source", n)
	case !ok:
		add(k, n, "source", "feature view %s: unknown data source %q", n, v.Source)
	case src.Kind == model.SourceRequest:
		add(k, n, "source", "feature view %s: a request source cannot back a feature view", n)
	}
	if len(v.Schema) == 0 {
		add(k, n, "", "feature view %s needs a schema", n)
	}
	seen := map[string]bool{}
	for _, f := range v.Schema {
		if seen[f.Name] {
			add(k, n, "schema", "feature view %s: field %q listed twice", n, f.Name)
		}
		seen[f.Name] = true
		if f.DType == types.Invalid && f.Name != "" {
			add(k, n, "schema", "feature view %s: field %s needs a dtype", n, f.Name)
		}
		if f.Vector != nil {
			validateVector(n, f, func(format string, args ...any) { add(k, n, "schema", format, args...) })
		}
	}
}

func validateVector(view string, f model.Field, add func(string, ...any)) {
	if f.DType != types.Float32List {
		add("feature view %s: vector field %s must have dtype list<float32>, not %s", view, f.Name, f.DType)
	}
	if f.Vector.Dimension <= 0 {
		add("feature view %s: vector field %s needs a positive dimension", view, f.Name)
	}
	if model.ParseMetric(f.Vector.Metric) == types.MetricUnspecified {
		add("feature view %s: vector field %s: unknown metric %q (use l2, cosine or inner_product)", view, f.Name, f.Vector.Metric)
	}
}
