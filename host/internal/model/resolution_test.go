package model

import (
	"reflect"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/sdk/types"
)

func TestResolutionGroupsByViewAndNamesColumnsOnce(t *testing.T) {
	r := resolvedRepo()
	r.Add(&FeatureView{Name: "w", Entities: []string{"e"}, Schema: []Field{{Name: "f1", DType: types.Int64}}})
	res, err := r.FeaturesResolution([]string{"v:f2", "w:f1", "v:f1"})
	if err != nil {
		t.Fatal(err)
	}
	want := []ViewFeatures{{View: "v", Features: []string{"f2", "f1"}, Indexes: []int{0, 2}}, {View: "w", Features: []string{"f1"}, Indexes: []int{1}}}
	if got := res.ByView(); !reflect.DeepEqual(got, want) {
		t.Errorf("ByView = %+v, want %+v", got, want)
	}
	if full, err := res.OutputNames(true); err != nil || !reflect.DeepEqual(full, []string{"v__f2", "w__f1", "v__f1"}) {
		t.Errorf("OutputNames(full) = %v, %v", full, err)
	}
	// Short names clash (v:f1 and w:f1); the error is remembered too.
	for range 2 {
		if _, err := res.OutputNames(false); err == nil || !strings.Contains(err.Error(), "ambiguous") {
			t.Errorf("OutputNames(short) = %v, want the ambiguity", err)
		}
	}
	again, _ := r.FeaturesResolution([]string{"v:f2", "w:f1", "v:f1"})
	if again != res {
		t.Error("the same list resolved twice gave two resolutions; want the shared one")
	}
}
