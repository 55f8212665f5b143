package bqstore

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/quiverfs/quiver/sdk/types"
)

// maxQueryBytes bounds a query source's SQL text.
const maxQueryBytes = 1 << 20

// source is a data source resolved against the settings: a table or a
// query, with its field mapping.
type source struct {
	spec  types.DataSourceSpec
	table tableRef // set for a table source
	query string   // set for a query source
}

// resolveSource reads a DataSourceSpec: Options["table"] or
// Options["query"] (exactly one), FieldMapping names checked.
func resolveSource(s *Settings, spec types.DataSourceSpec) (*source, error) {
	table, query := spec.Options["table"], spec.Options["query"]
	for k := range spec.Options {
		if k != "table" && k != "query" {
			return nil, fmt.Errorf("data source %s: unknown option %q (a bigquery source has a table or a query)", clip(spec.Name), clip(k))
		}
	}
	src := &source{spec: spec}
	switch {
	case table != "" && query != "":
		return nil, fmt.Errorf("data source %s has both a table and a query; give one", clip(spec.Name))
	case table != "":
		t, err := parseTableRef(s, table)
		if err != nil {
			return nil, fmt.Errorf("data source %s: %w", clip(spec.Name), err)
		}
		src.table = t
	case query != "":
		if len(query) > maxQueryBytes {
			return nil, fmt.Errorf("data source %s: the query is %d bytes long, at most %d", clip(spec.Name), len(query), maxQueryBytes)
		}
		src.query = strings.TrimRight(strings.TrimSpace(query), ";")
	default:
		return nil, fmt.Errorf("data source %s has neither a table nor a query", clip(spec.Name))
	}
	for k, v := range spec.FieldMapping {
		if err := checkIdent(k); err != nil {
			return nil, fmt.Errorf("data source %s: field mapping: %w", clip(spec.Name), err)
		}
		if err := checkIdent(v); err != nil {
			return nil, fmt.Errorf("data source %s: field mapping: %w", clip(spec.Name), err)
		}
	}
	return src, nil
}

// isQuery reports whether the source is a query.
func (s *source) isQuery() bool { return s.query != "" }

// from is the source in a FROM clause.
func (s *source) from() string {
	if s.isQuery() {
		return "(" + s.query + "\n)"
	}
	return s.table.sql()
}

// String names the source in messages.
func (s *source) String() string {
	if s.isQuery() {
		return "query source " + s.spec.Name
	}
	return "table " + s.table.String()
}

// column returns the source column a mapped name reads: the field
// mapping's key whose value is name, else name itself.
func (s *source) column(name string) string {
	keys := slices.Sorted(maps.Keys(s.spec.FieldMapping))
	for _, k := range keys {
		if s.spec.FieldMapping[k] == name {
			return k
		}
	}
	return name
}

// mapped returns the name a source column goes by.
func (s *source) mapped(col string) string {
	if n, ok := s.spec.FieldMapping[col]; ok {
		return n
	}
	return col
}

// timeColumn returns the source column of the timestamp field or the
// created column: the spec names a source column, or a mapped name.
func (s *source) timeColumn(name string, cols map[string]column) (string, bool) {
	if _, ok := cols[name]; ok {
		return name, true
	}
	c := s.column(name)
	_, ok := cols[c]
	return c, ok
}
