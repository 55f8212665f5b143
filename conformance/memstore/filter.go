package memstore

import (
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// matches evaluates a filter tree on a row with the sdk's evaluator
// (onlinestore.MatchFilter). A nil filter matches every row.
func matches(f *onlinestore.Filter, r *storedRow) (bool, error) {
	return onlinestore.MatchFilter(f, func(name string) (types.Value, bool) { return fieldValue(r, name) })
}

// fieldValue looks a field up among the row's features, then its join keys.
func fieldValue(r *storedRow, name string) (types.Value, bool) {
	if v, ok := r.values[name]; ok {
		return v, true
	}
	for _, p := range r.key {
		if p.JoinKey == name {
			return p.Value, true
		}
	}
	return types.Value{}, false
}
