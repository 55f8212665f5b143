package definitions

import (
	"sort"

	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/host/internal/model"
)

func sortStrings(s []string) { sort.Strings(s) }

func decodeEntity(c collector, n *yaml.Node) (*model.Entity, where, bool) {
	e := &model.Entity{}
	w, ok := decodeMapping(c, n, "entity", meta(&e.Meta, map[string]setter{
		"name":       name(&e.Name, "entity"),
		"join_keys":  nameList(&e.JoinKeys, "join key"),
		"value_type": valueType(&e.ValueType),
	}))
	return e, w, ok
}

func decodeDataSource(c collector, n *yaml.Node) (*model.DataSource, where, bool) {
	s := &model.DataSource{}
	var kind string
	w, ok := decodeMapping(c, n, "data source", meta(&s.Meta, map[string]setter{
		"name":                     name(&s.Name, "data source"),
		"type":                     str(&kind),
		"path":                     str(&s.Path),
		"table":                    str(&s.Table),
		"query":                    str(&s.Query),
		"timestamp_field":          str(&s.TimestampField),
		"created_timestamp_column": str(&s.CreatedTimestampColumn),
		"field_mapping":            strMap(&s.FieldMapping),
		"batch_source":             str(&s.BatchSource),
		"schema":                   fieldList(&s.Schema),
	}))
	s.Kind = model.SourceKind(kind)
	return s, w, ok
}

func decodeFeatureView(c collector, n *yaml.Node) (*model.FeatureView, where, bool) {
	v := &model.FeatureView{Online: true}
	w, ok := decodeMapping(c, n, "feature view", meta(&v.Meta, map[string]setter{
		"name":          name(&v.Name, "feature view"),
		"entities":      strList(&v.Entities),
		"schema":        fieldList(&v.Schema),
		"ttl":           duration(&v.TTL),
		"source":        str(&v.Source),
		"online":        boolean(&v.Online),
		"field_mapping": strMap(&v.FieldMapping),
	}))
	return v, w, ok
}

func decodeFeatureService(c collector, n *yaml.Node) (*model.FeatureService, where, bool) {
	s := &model.FeatureService{}
	w, ok := decodeMapping(c, n, "feature service", meta(&s.Meta, map[string]setter{
		"name":     name(&s.Name, "feature service"),
		"features": strList(&s.Features),
	}))
	return s, w, ok
}

// fieldList decodes a schema: a list of {name, dtype, vector}.
func fieldList(dst *[]model.Field) setter {
	return func(c collector, n *yaml.Node) {
		if n.Kind != yaml.SequenceNode {
			c.add(n, "expected a list of fields, got %s", nodeKind(n))
			return
		}
		for _, item := range n.Content {
			var f model.Field
			var vec *yaml.Node
			decodeMapping(c, item, "field", map[string]setter{
				"name":   name(&f.Name, "field"),
				"dtype":  valueType(&f.DType),
				"vector": func(_ collector, n *yaml.Node) { vec = n },
			})
			if f.Name == "" && item.Kind == yaml.MappingNode {
				c.add(item, "field needs a name")
			}
			if vec != nil {
				f.Vector = &model.VectorField{}
				decodeMapping(c, vec, "vector", map[string]setter{
					"dimension":    integer(&f.Vector.Dimension),
					"metric":       str(&f.Vector.Metric),
					"index_type":   str(&f.Vector.IndexType),
					"index_params": strMap(&f.Vector.IndexParams),
				})
			}
			*dst = append(*dst, f)
		}
	}
}
