package cli

import (
	"crypto/sha256"
	"encoding/hex"
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

// TestTheCLIRunsAsTheCallerOfQuiverToken turns static tokens on: local
// commands then run as the caller QUIVER_TOKEN names, under the registry's
// permissions, exactly as the server would decide.
func TestTheCLIRunsAsTheCallerOfQuiverToken(t *testing.T) {
	dir := newTestRepo(t)
	writeFile(t, dir, "permissions.yaml", testPermissions)
	ok(t, dir, "apply") // auth still off: anyone may apply
	writeFile(t, dir, "quiver.yaml", testConfig+`auth:
  type: static_tokens
  tokens:
    - {name: ann, sha256: `+sha256Hex("ann-secret-token")+`, roles: [reader]}
    - {name: ops, sha256: `+sha256Hex("ops-secret-token")+`, groups: [platform]}
`)
	for _, tc := range []struct {
		token string
		args  []string
		code  int
		want  string
	}{
		{"", []string{"list", "feature-views"}, 1, "authentication required"},
		{"wrong-token-value", []string{"list", "feature-views"}, 1, "the CLI's token is refused: unauthenticated: unknown token"},
		{"ann-secret-token", []string{"list", "feature-views"}, 0, "driver_hourly_stats"},
		{"ops-secret-token", []string{"list", "feature-views"}, 0, "driver_trips"},
		{"ann-secret-token", []string{"teardown"}, 1, "permission denied: ann may not DELETE project demo"},
		{"ann-secret-token", []string{"materialize", "2025-03-01", "2025-03-02", "--views", "driver_hourly_stats"}, 1,
			"permission denied: ann may not WRITE_ONLINE feature-view driver_hourly_stats"},
		{"ops-secret-token", []string{"materialize", "2025-03-01", "2025-03-02", "--views", "driver_hourly_stats"}, 0, "Materialized"},
		{"ann-secret-token", []string{"get-online-features", "--features", "driver_hourly_stats:conv_rate", "--entity", "driver_id=1001"}, 0, "conv_rate"},
		{"ann-secret-token", []string{"get-online-features", "--features", "driver_trips:avg_daily_trips", "--entity", "driver_id=1001"}, 1,
			"ann may not READ_ONLINE feature-view driver_trips"},
	} {
		t.Setenv("QUIVER_TOKEN", tc.token)
		r := quiver(t, dir, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.want) {
			t.Errorf("QUIVER_TOKEN=%q quiver %s: exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", tc.token, strings.Join(tc.args, " "), r.code, tc.code, tc.want, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, tc.token) && tc.token != "" {
			t.Errorf("quiver %s echoed the token", strings.Join(tc.args, " "))
		}
	}
	// ann may not DESCRIBE driver_trips (tagged team=pricing): the list leaves it out.
	t.Setenv("QUIVER_TOKEN", "ann-secret-token")
	if out := ok(t, dir, "list", "feature-views"); strings.Contains(out, "driver_trips") {
		t.Errorf("ann's list shows driver_trips, which no permission lets her DESCRIBE:\n%s", out)
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
