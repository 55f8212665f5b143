package model

import (
	"slices"
	"testing"

	"github.com/quiverfs/quiver/sdk/types"
)

func resolvedRepo() *Repo {
	r := NewRepo("p")
	r.Add(&Entity{Name: "e", JoinKeys: []string{"k"}, ValueType: types.Int64})
	r.Add(&FeatureView{Name: "v", Entities: []string{"e"}, Schema: []Field{{Name: "f1", DType: types.Int64}, {Name: "f2", DType: types.Int64}}})
	r.Add(&FeatureService{Name: "s", Features: []string{"v:f2"}})
	return r
}

func TestResolveFeaturesSharedRemembersOnlyWhatResolves(t *testing.T) {
	r := resolvedRepo()
	want, _ := r.ResolveFeatures([]string{"v:f1", "v:f2"})
	for range 2 { // the second answer comes from the cache
		got, err := r.ResolveFeaturesShared([]string{"v:f1", "v:f2"})
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("got %v, %v; want %v", got, err, want)
		}
	}
	// A list whose references run together must not meet the cached one.
	if _, err := r.ResolveFeaturesShared([]string{"v:f1v:f2"}); err == nil {
		t.Fatal(`["v:f1v:f2"] resolved: its key met the cached ["v:f1", "v:f2"]`)
	}
	if _, err := r.ResolveFeaturesShared([]string{"v:nope"}); err == nil {
		t.Fatal("an unknown feature resolved")
	}
	if _, err := r.ResolveFeaturesShared([]string{"v:nope"}); err == nil {
		t.Fatal("an unknown feature resolved the second time (a failure was remembered as a success)")
	}
	if got, err := r.ResolveServiceShared("s"); err != nil || !slices.Equal(got, []FeatureRef{{View: "v", Feature: "f2"}}) {
		t.Fatalf("service s: %v, %v", got, err)
	}
	if _, err := r.ResolveServiceShared("nope"); err == nil {
		t.Fatal("an unknown service resolved")
	}
}

func TestResolveFeaturesSharedIsBoundedAndForgottenOnChange(t *testing.T) {
	r := resolvedRepo()
	for i := range maxResolvedShapes + 100 {
		refs := make([]string, 13) // i in binary, f1 for 0 and f2 for 1: every list differs
		for bit := range refs {
			refs[bit] = []string{"v:f1", "v:f2"}[i>>bit&1]
		}
		if _, err := r.ResolveFeaturesShared(refs); err != nil {
			t.Fatal(err)
		}
	}
	if n := r.idx.resolved.size.Load(); n > maxResolvedShapes {
		t.Fatalf("the cache holds %d lists, more than %d", n, maxResolvedShapes)
	}
	if _, err := r.ResolveFeaturesShared([]string{"v:f1", "v:f2"}); err != nil {
		t.Fatal(err)
	}
	// A changed repo forgets: the view loses f2.
	r.Add(&FeatureView{Name: "v", Entities: []string{"e"}, Schema: []Field{{Name: "f1", DType: types.Int64}}})
	if _, err := r.ResolveFeaturesShared([]string{"v:f1", "v:f2"}); err == nil {
		t.Fatal("after f2 was removed, the remembered resolution was still given")
	}
}
