package authz

import (
	"fmt"
	"testing"
)

// BenchmarkDecideFiftyPermissions is the permission check of one online
// read with 50 permissions defined, the last one granting.
func BenchmarkDecideFiftyPermissions(b *testing.B) {
	var perms []*Permission
	for i := range 49 {
		p, err := Compile(PermissionSpec{Name: fmt.Sprintf("p%02d", i), Types: []string{TypeFeatureView},
			NamePatterns: []string{fmt.Sprintf("team%02d_.*", i)}, RequiredTags: map[string]string{"team": fmt.Sprint(i)},
			Actions: []string{"READ"}, Policy: Policy{Roles: []string{fmt.Sprintf("role%02d", i)}}})
		if err != nil {
			b.Fatal(err)
		}
		perms = append(perms, p)
	}
	last, _ := Compile(PermissionSpec{Name: "readers", Types: []string{TypeFeatureView}, NamePatterns: []string{"driver_.*"},
		Actions: []string{"READ_ONLINE"}, Policy: Policy{Roles: []string{"reader"}}})
	set := NewSet(append(perms, last)...)
	id := Identity{Name: "bench", Roles: []string{"reader"}}
	res := Resource{Kind: TypeFeatureView, Name: "driver_stats"}
	actions := []Action{ReadOnline}
	b.ReportAllocs()
	for b.Loop() {
		if d := set.Decide(id, actions, res); !d.Allowed {
			b.Fatal(d.Reason())
		}
	}
}
