package pitjoin

import (
	"github.com/apache/arrow-go/v18/arrow"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// Reserved column-name prefix of the engine's own columns.
const reserved = "__quiver_"

// OutputName is a feature's output column: feature, or view__feature.
func OutputName(view, feature string, full bool) string {
	if full {
		return view + "__" + feature
	}
	return feature
}

// Validate checks a join request against its entity schema before any
// work: the timestamp column exists and holds timestamps, every view's
// join keys (through its join-key map) are entity columns of a matching
// type, and no output column name occurs twice. Errors are apierr.Invalid.
func Validate(req *offlinestore.HistoricalFeaturesRequest, schema *arrow.Schema) error {
	if len(req.Views) == 0 {
		return apierr.Invalid("no features requested")
	}
	ts := req.EntityTimestampColumn
	idx := schema.FieldIndices(ts)
	if len(idx) == 0 {
		return apierr.Invalid("the entity table has no timestamp column %q (columns: %v)", ts, columnNames(schema))
	}
	if schema.Field(idx[0]).Type.ID() != arrow.TIMESTAMP {
		return apierr.Invalid("entity column %q is %s, not a timestamp", ts, schema.Field(idx[0]).Type)
	}
	seen := map[string]string{}
	for _, f := range schema.Fields() {
		if len(f.Name) >= len(reserved) && f.Name[:len(reserved)] == reserved {
			return apierr.Invalid("entity column %q uses the reserved prefix %s", f.Name, reserved)
		}
		seen[f.Name] = "entity column " + f.Name
	}
	for _, v := range req.Views {
		if err := checkKeys(v, schema); err != nil {
			return err
		}
		for _, f := range v.Features {
			if _, ok := v.View.Feature(f); !ok {
				return apierr.Invalid("unknown feature %s:%s", v.View.Name, f)
			}
			out := OutputName(v.View.Name, f, req.FullFeatureNames)
			if prev, dup := seen[out]; dup {
				return apierr.Invalid("output column %q is ambiguous (%s and feature %s:%s); ask with full feature names", out, prev, v.View.Name, f)
			}
			seen[out] = "feature " + v.View.Name + ":" + f
		}
	}
	return nil
}

// checkKeys checks that the entity table holds each join key of v.
func checkKeys(v offlinestore.ViewRef, schema *arrow.Schema) error {
	for _, k := range v.View.JoinKeys {
		col := EntityColumn(v, k.Name)
		idx := schema.FieldIndices(col)
		if len(idx) == 0 {
			return apierr.Invalid("the entity table has no join key column %q (needed by feature view %s; columns: %v)", col, v.View.Name, columnNames(schema))
		}
		if !keyTypeMatches(schema.Field(idx[0]).Type, k.Type) {
			return apierr.Invalid("entity column %q is %s but join key %s of feature view %s is %s", col, schema.Field(idx[0]).Type, k.Name, v.View.Name, k.Type)
		}
	}
	return nil
}

// EntityColumn returns the entity column that holds join key key of v.
func EntityColumn(v offlinestore.ViewRef, key string) string {
	for col, k := range v.JoinKeyMap {
		if k == key {
			return col
		}
	}
	return key
}

// keyTypeMatches reports whether an entity column of Arrow type dt can be
// compared with a join key of type t: integers with integers, strings with
// strings, bytes with bytes, booleans with booleans.
func keyTypeMatches(dt arrow.DataType, t types.ValueType) bool {
	switch dt.ID() {
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.UINT8, arrow.UINT16, arrow.UINT32:
		return t == types.Int32 || t == types.Int64
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return t == types.String
	case arrow.BINARY, arrow.LARGE_BINARY:
		return t == types.Bytes
	case arrow.BOOL:
		return t == types.Bool
	}
	return false
}

func columnNames(s *arrow.Schema) []string {
	out := make([]string, s.NumFields())
	for i, f := range s.Fields() {
		out[i] = f.Name
	}
	return out
}
