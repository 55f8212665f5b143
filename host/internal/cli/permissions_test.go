package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

const testPermissions = `permissions:
  - name: perf_readers
    types: [feature-view]
    required_tags: {team: driver_performance}
    actions: [READ, DESCRIBE]
    policy: {roles: [reader]}
  - name: admins
    actions: [ALL]
    policy: {groups: [platform]}
`

func TestPermissionsCommands(t *testing.T) {
	dir := newTestRepo(t)
	writeFile(t, dir, "permissions.yaml", testPermissions)
	if out := ok(t, dir, "plan"); !strings.Contains(out, "+ create  permission       admins") {
		t.Errorf("plan does not show the permissions:\n%s", out)
	}
	ok(t, dir, "apply")
	out := ok(t, dir, "permissions", "list")
	for _, want := range []string{"perf_readers", "feature-view", "team=driver_performance", "READ,DESCRIBE", "roles reader", "admins", "groups platform"} {
		if !strings.Contains(out, want) {
			t.Errorf("permissions list lacks %q:\n%s", want, out)
		}
	}
	writeFile(t, dir, "ann.yaml", "name: ann\nroles: [reader]\n")
	writeFile(t, dir, "ops.json", `{"name": "ops", "groups": ["platform"]}`)
	ann, ops := filepath.Join(dir, "ann.yaml"), filepath.Join(dir, "ops.json")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"check", "--identity", ann, "--action", "READ_ONLINE", "--resource", "feature-view/driver_hourly_stats"}, 0,
			"ALLOWED: ann may READ_ONLINE feature-view/driver_hourly_stats: granted by permission perf_readers"},
		{[]string{"check", "--identity", ann, "--action", "READ", "--resource", "feature-view/driver_trips"}, 1,
			"DENIED: ann may READ_ONLINE+READ_OFFLINE feature-view/driver_trips: the policies of admins do not admit the caller"},
		{[]string{"check", "--identity", ann, "--action", "WRITE_ONLINE", "--resource", "feature-view/driver_hourly_stats"}, 1,
			"DENIED"},
		{[]string{"check", "--identity", ops, "--action", "ALL", "--resource", "project/demo"}, 0, "granted by permission admins"},
		{[]string{"explain", "--identity", ann, "--action", "DESCRIBE", "--resource", "feature-view/driver_trips"}, 1,
			"perf_readers  yes   yes   no    yes      yes"},
		{[]string{"check", "--identity", ann, "--action", "QUERY", "--resource", "feature-view/x"}, 1, `unknown action "QUERY"`},
		{[]string{"check", "--identity", ann, "--action", "READ", "--resource", "table/x"}, 1, `unknown resource type "table"`},
		{[]string{"check", "--identity", ann, "--action", "READ", "--resource", "feature-view/nosuch"}, 1, `no feature-view named "nosuch"`},
		{[]string{"check", "--identity", filepath.Join(dir, "nosuch.yaml"), "--action", "READ", "--resource", "project/demo"}, 1, "no such file"},
	} {
		r := quiver(t, dir, append([]string{"permissions"}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.want) {
			t.Errorf("permissions %s: exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", strings.Join(tc.args, " "), r.code, tc.code, tc.want, r.stdout, r.stderr)
		}
	}
}
