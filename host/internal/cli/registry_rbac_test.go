package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// registryPermissions grant the registry operations piecemeal: admins
// everything; viewers DESCRIBE of every type; editors CRUD of the
// feature views named driver_* tagged team=driver_performance; creators
// CREATE of entities; ds readers DESCRIBE of saved datasets; viewers,
// editors and creators DESCRIBE of the project (which plan and apply
// need).
const registryPermissions = `permissions:
  - {name: admins, actions: [ALL], policy: {groups: [platform]}}
  - {name: viewers, actions: [DESCRIBE], policy: {roles: [viewer]}}
  - name: view_editors
    types: [feature-view]
    name_patterns: ["driver_.*"]
    required_tags: {team: driver_performance}
    actions: [CRUD]
    policy: {roles: [editor]}
  - {name: entity_creators, types: [entity], actions: [CREATE], policy: {roles: [creator]}}
  - {name: dataset_readers, types: [saved-dataset], actions: [DESCRIBE], policy: {namespaces: [ds]}}
  - {name: project_describers, types: [project], actions: [DESCRIBE], policy: {roles: [viewer, editor, creator]}}
`

// registryCallers are the static-token callers of the matrix.
var registryCallers = []struct{ name, yaml string }{
	{"pat", "groups: [platform]"}, {"vic", "roles: [viewer]"}, {"eddie", "roles: [editor]"},
	{"cora", "roles: [creator]"}, {"nina", "namespaces: [ds]"}, {"nob", "roles: [nobody]"},
}

// registryRepo is an applied test repository with the permissions above,
// a saved dataset, and static-token authentication turned on.
func registryRepo(t *testing.T) string {
	dir := newTestRepo(t)
	writeFile(t, dir, "permissions.yaml", registryPermissions)
	ok(t, dir, "apply")
	writeFile(t, dir, "entities.csv", "driver_id,event_timestamp\n1001,2025-03-01T03:00:00\n")
	ok(t, dir, "get-historical-features", "--entities", filepath.Join(dir, "entities.csv"),
		"--features", "driver_trips:avg_daily_trips", "--output", filepath.Join(dir, "train.csv"), "--save-as", "train")
	auth := "auth:\n  type: static_tokens\n  tokens:\n"
	for _, c := range registryCallers {
		auth += fmt.Sprintf("    - {name: %s, sha256: %s, %s}\n", c.name, sha256Hex("token-of-"+c.name), c.yaml)
	}
	writeFile(t, dir, "quiver.yaml", testConfig+auth)
	return dir
}

// TestRegistryRBACMatrix runs every registry operation of the CLI as
// every caller, under real static-token authentication and the
// registry's permissions: CREATE, DESCRIBE, UPDATE and DELETE over the
// project, entities, feature views (name pattern and required tag),
// feature services and saved datasets. The expected callers are worked
// out by hand from the rule in docs/permissions.md.
func TestRegistryRBACMatrix(t *testing.T) {
	base := registryRepo(t)
	type op struct {
		name    string
		edit    func(dir string) // changes the files before the command (on a copy)
		args    []string
		allowed string // callers who succeed
		shows   string // for lists: text only the allowed see
	}
	ops := []op{
		{name: "plan", args: []string{"plan"}, allowed: "pat vic eddie cora"},
		{name: "list entities", args: []string{"list", "entities"}, allowed: "pat vic", shows: "driver"},
		{name: "list feature views (pattern and tag)", args: []string{"list", "feature-views"}, allowed: "pat vic eddie", shows: "driver_hourly_stats"},
		{name: "list feature views: driver_trips is tagged pricing", args: []string{"list", "feature-views"}, allowed: "pat vic", shows: "driver_trips"},
		{name: "list datasets", args: []string{"list", "datasets"}, allowed: "pat vic nina", shows: "train"},
		{name: "describe entity", args: []string{"describe", "entity", "driver"}, allowed: "pat vic"},
		{name: "describe a feature view an editor covers", args: []string{"describe", "feature-view", "driver_hourly_stats"}, allowed: "pat vic eddie"},
		{name: "describe a feature view out of the editor's tag", args: []string{"describe", "feature-view", "driver_trips"}, allowed: "pat vic"},
		{name: "describe dataset", args: []string{"describe", "dataset", "train"}, allowed: "pat vic nina"},
		{name: "apply: create an entity", edit: func(dir string) {
			writeFile(t, dir, "rider.yaml", "entities:\n  - {name: rider, join_keys: [rider_id], value_type: string}\n")
		}, args: []string{"apply"}, allowed: "pat cora"},
		{name: "apply: update a feature view the editor covers", edit: func(dir string) {
			writeFile(t, dir, "views.yaml", testViews("edited"))
		}, args: []string{"apply"}, allowed: "pat eddie"},
		{name: "apply: retag a feature view out of the editor's reach", edit: func(dir string) {
			writeFile(t, dir, "views.yaml", strings.Replace(testViews("hourly stats"), "team: driver_performance", "team: pricing", 1))
		}, args: []string{"apply"}, allowed: "pat"},
		{name: "apply --prune: delete a feature service", edit: func(dir string) {
			if err := os.Remove(filepath.Join(dir, "services.yaml")); err != nil {
				t.Fatal(err)
			}
		}, args: []string{"apply", "--prune"}, allowed: "pat"},
		{name: "teardown", args: []string{"teardown"}, allowed: "pat"},
	}
	cases, passed := 0, 0
	for _, o := range ops {
		for _, c := range registryCallers {
			cases++
			dir := base
			if o.edit != nil || o.name == "teardown" {
				dir = copyRepo(t, base)
				if o.edit != nil {
					o.edit(dir)
				}
			}
			t.Setenv("QUIVER_TOKEN", "token-of-"+c.name)
			r := quiver(t, dir, o.args...)
			allowed := strings.Contains(" "+o.allowed+" ", " "+c.name+" ")
			var bad string
			switch {
			case o.shows != "" && r.code != 0:
				bad = "a list failed instead of leaving out what the caller may not see"
			case o.shows != "" && strings.Contains(r.stdout, o.shows) != allowed:
				bad = fmt.Sprintf("shows %q: %v, want %v", o.shows, !allowed, allowed)
			case o.shows == "" && allowed && r.code != 0:
				bad = "refused, want allowed"
			case o.shows == "" && !allowed && (r.code == 0 || !strings.Contains(r.stderr, "permission denied: "+c.name+" may not")):
				bad = "allowed or failed otherwise, want permission denied"
			}
			if bad != "" {
				t.Errorf("%s as %s: %s\nstdout:\n%s\nstderr:\n%s", o.name, c.name, bad, r.stdout, r.stderr)
			} else {
				passed++
			}
		}
	}
	t.Logf("registry RBAC matrix: %d of %d cases pass (%d operations x %d callers)", passed, cases, len(ops), len(registryCallers))
}

// copyRepo copies a test repository (files and the data folder) to a new
// temporary folder.
func copyRepo(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}
