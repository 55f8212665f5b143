package definitions

import (
	"context"
	"fmt"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/yamlstrict"
	"github.com/quiverfs/quiver/sdk/types"
)

// SchemaLookup returns the columns of a batch source, as the offline store sees them.
type SchemaLookup func(ctx context.Context, src *model.DataSource) ([]types.Field, error)

// CheckSources compares each feature view's schema with its batch source's
// columns (after field mapping): every feature and join key must exist with
// the declared type, and the timestamp columns must exist.
func (d *Definitions) CheckSources(ctx context.Context, lookup SchemaLookup) Problems {
	var problems Problems
	r := d.Repo
	cache := map[string][]types.Field{}
	for _, name := range r.Names(model.KindFeatureView) {
		v := r.FeatureViews[name]
		src, err := r.BatchSource(v)
		if err != nil {
			continue // reported by validate
		}
		cols, seen := cache[src.Name]
		if !seen {
			cols, err = lookup(ctx, src)
			if err != nil {
				problems = append(problems, Problem{Pos: d.Pos(model.KindDataSource, src.Name, "path"),
					Message: yamlstrict.Clip(fmt.Sprintf("data source %s: %v", src.Name, err))})
			}
			cache[src.Name] = cols
		}
		if cols != nil {
			problems = append(problems, d.checkView(v, src, cols)...)
		}
	}
	problems.Sort()
	return problems
}

func (d *Definitions) checkView(v *model.FeatureView, src *model.DataSource, cols []types.Field) Problems {
	var problems Problems
	add := func(key, format string, args ...any) {
		problems = append(problems, Problem{Pos: d.Pos(model.KindFeatureView, v.Name, key), Message: yamlstrict.Clip(fmt.Sprintf(format, args...))})
	}
	byName := map[string]types.ValueType{}
	for _, c := range cols {
		byName[mapped(c.Name, src.FieldMapping, v.FieldMapping)] = c.Type
	}
	keys, _ := d.Repo.JoinKeys(v)
	want := append([]types.Field{}, keys...)
	for _, f := range v.Schema {
		want = append(want, types.Field{Name: f.Name, Type: f.DType})
	}
	for _, f := range want {
		got, ok := byName[f.Name]
		switch {
		case !ok:
			add("schema", "feature view %s: column %q is not in source %s (it has %s)", v.Name, f.Name, src.Name, columnList(cols))
		case !compatible(f.Type, got):
			add("schema", "feature view %s: column %q is %s in the schema but %s in source %s", v.Name, f.Name, f.Type, got, src.Name)
		}
	}
	for _, ts := range []string{src.TimestampField, src.CreatedTimestampColumn} {
		if t, ok := byName[mapped(ts, src.FieldMapping, v.FieldMapping)]; ts != "" && (!ok || t != types.Timestamp) {
			add("source", "feature view %s: source %s has no timestamp column %q", v.Name, src.Name, ts)
		}
	}
	return problems
}

// mapped applies the source's and then the view's field mapping to a column name.
func mapped(col string, maps ...map[string]string) string {
	for _, m := range maps {
		if to, ok := m[col]; ok {
			col = to
		}
	}
	return col
}

// compatible reports whether a source column of type got can feed a field of type want.
func compatible(want, got types.ValueType) bool {
	return want == got
}

func columnList(cols []types.Field) string {
	s := ""
	for i, c := range cols {
		if i > 0 {
			s += ", "
		}
		s += c.Name + " " + c.Type.String()
	}
	return s
}
