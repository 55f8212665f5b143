package sqliteonline

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/quiverfs/quiver/sdk/types"
)

// checkFeaturesReference is the plain quadratic form of checkFeatures: every
// name is looked up from the start, and compared with every earlier name.
func checkFeaturesReference(spec *types.FeatureViewSpec, names []string) (indexes []int, ok bool) {
	for i, name := range names {
		j := slices.IndexFunc(spec.Features, func(f types.Field) bool { return f.Name == name })
		if j < 0 || slices.Contains(names[:i], name) {
			return nil, false
		}
		indexes = append(indexes, j)
	}
	return indexes, true
}

// TestCheckFeaturesMatchesTheReference asks random lists of names (in order,
// shuffled, repeated, unknown) and wants checkFeatures to accept and map
// exactly what the reference does.
func TestCheckFeaturesMatchesTheReference(t *testing.T) {
	spec := &types.FeatureViewSpec{Name: "v"}
	for i := range 12 {
		spec.Features = append(spec.Features, types.Field{Name: fmt.Sprintf("f%d", i), Type: types.Int64})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	accepted, refused := 0, 0
	for range 20000 {
		names := make([]string, rng.IntN(8))
		for i := range names {
			names[i] = fmt.Sprintf("f%d", rng.IntN(13)) // f12 is unknown
		}
		if rng.IntN(2) == 0 { // often in the spec's order, the fast case
			slices.SortFunc(names, func(a, b string) int { return len(a)*100 + int(a[len(a)-1]) - len(b)*100 - int(b[len(b)-1]) })
		}
		want, wantOK := checkFeaturesReference(spec, names)
		var got []int
		err := checkFeatures(spec, names, func(i, j int) {
			if i != len(got) {
				t.Fatalf("%v: found(%d, %d) out of order", names, i, j)
			}
			got = append(got, j)
		})
		if (err == nil) != wantOK {
			t.Fatalf("%v: checkFeatures error %v, the reference accepts: %v", names, err, wantOK)
		}
		if wantOK && !slices.Equal(got, want) {
			t.Fatalf("%v: indexes %v, want %v", names, got, want)
		}
		if wantOK {
			accepted++
		} else {
			refused++
		}
	}
	if accepted < 1000 || refused < 1000 {
		t.Fatalf("the random lists cover too little: %d accepted, %d refused", accepted, refused)
	}
}

// TestCheckFeaturesFindsARepeatAfterAHigherName is the case a check of only
// the previous name would miss: the repeat comes after a name that is later
// in the spec than the first one.
func TestCheckFeaturesFindsARepeatAfterAHigherName(t *testing.T) {
	spec := &types.FeatureViewSpec{Name: "v", Features: []types.Field{{Name: "a"}, {Name: "b"}, {Name: "c"}}}
	for _, names := range [][]string{{"c", "a", "c"}, {"b", "c", "a", "b"}, {"a", "a"}} {
		if err := checkFeatures(spec, names, nil); err == nil {
			t.Errorf("%v: accepted, want a repeat refused", names)
		}
	}
	if err := checkFeatures(spec, []string{"c", "a", "b"}, nil); err != nil {
		t.Errorf("c, a, b: %v", err)
	}
}
