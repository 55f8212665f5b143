package sqliteonline

import (
	"slices"
	"strings"

	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// featureFields returns the fields of the named features, in order; an
// unknown or repeated name is InvalidArgument naming it.
func featureFields(spec *types.FeatureViewSpec, names []string) ([]types.Field, error) {
	out := make([]types.Field, len(names))
	err := checkFeatures(spec, names, func(i, j int) { out[i] = spec.Features[j] })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkFeatures checks that every name is a feature of spec, named once, and
// calls found (if not nil) with each name's position and its feature's index.
// The search for each name starts after the previous match and a repeat is
// looked for only when a name comes before an earlier one in the spec, so
// names asked in the spec's order (the usual case) cost one comparison each.
func checkFeatures(spec *types.FeatureViewSpec, names []string, found func(i, j int)) error {
	n, next, highest := len(spec.Features), 0, -1
	for i, name := range names {
		j := -1
		for k := range n {
			if c := (next + k) % n; spec.Features[c].Name == name {
				j = c
				break
			}
		}
		if j < 0 {
			return storeerr.InvalidArgument("sqlite online store: view %q has no feature %q (features: %s)",
				spec.Name, name, strings.Join(featureNames(spec), ", "))
		}
		if j <= highest && slices.Contains(names[:i], name) {
			return storeerr.InvalidArgument("sqlite online store: feature %q of view %q is named twice", name, spec.Name)
		}
		highest, next = max(highest, j), j+1
		if found != nil {
			found(i, j)
		}
	}
	return nil
}

// featureNames lists a view's feature names.
func featureNames(spec *types.FeatureViewSpec) []string {
	out := make([]string, len(spec.Features))
	for i, f := range spec.Features {
		out[i] = f.Name
	}
	return out
}

// checkKey checks that an entity key has the view's join keys, in order.
func checkKey(spec *types.FeatureViewSpec, k types.EntityKey) error {
	ok := len(k) == len(spec.JoinKeys)
	for i := 0; ok && i < len(k); i++ {
		ok = k[i].JoinKey == spec.JoinKeys[i].Name
	}
	if ok {
		return nil
	}
	want := make([]string, len(spec.JoinKeys))
	for i, f := range spec.JoinKeys {
		want[i] = f.Name
	}
	return storeerr.InvalidArgument("sqlite online store: entity key %s of view %q has join keys [%s], want [%s]",
		k, spec.Name, strings.Join(k.JoinKeys(), ", "), strings.Join(want, ", "))
}

// checkRow checks row i of a write: its key, its event timestamp, and each
// value's type (null or the feature's type) and vector dimension.
func checkRow(spec *types.FeatureViewSpec, fields []types.Field, i int, r *onlinestore.WriteRow) error {
	if err := checkKey(spec, r.EntityKey); err != nil {
		return err
	}
	if r.EventTimestamp.IsZero() {
		return storeerr.InvalidArgument("sqlite online store: row %d (%s) of view %q has no event timestamp", i, r.EntityKey, spec.Name)
	}
	if len(r.Values) != len(fields) {
		return storeerr.InvalidArgument("sqlite online store: row %d (%s) of view %q has %d values for %d features",
			i, r.EntityKey, spec.Name, len(r.Values), len(fields))
	}
	for j, v := range r.Values {
		f := fields[j]
		if v.IsNull() {
			continue
		}
		if v.Type() != f.Type {
			return storeerr.InvalidArgument("sqlite online store: row %d (%s): feature %q of view %q is %s, want %s",
				i, r.EntityKey, f.Name, spec.Name, v.Type(), f.Type)
		}
		if f.Vector != nil && len(v.Float32List()) != f.Vector.Dimension {
			return storeerr.InvalidArgument("sqlite online store: row %d (%s): vector %q of view %q has %d dimensions, want %d",
				i, r.EntityKey, f.Name, spec.Name, len(v.Float32List()), f.Vector.Dimension)
		}
	}
	return nil
}
