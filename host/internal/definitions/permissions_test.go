package definitions

import (
	"slices"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/model"
)

func TestPermissionsAreReadWithEveryKey(t *testing.T) {
	t.Parallel()
	yaml := `permissions:
  - name: risk_readers
    description: the risk team reads its views
    types: [feature-view, feature-service]
    name_patterns: ["driver_.*", "trips"]
    required_tags: {team: risk}
    actions: [READ, DESCRIBE]
    policy: {groups: [risk], namespaces: [risk-ns]}
    tags: {owner: sec}
`
	d := &Definitions{Repo: model.NewRepo("demo"), pos: map[model.Kind]map[string]where{}}
	var problems Problems
	d.readData("p.yaml", []byte(yaml), &problems)
	d.validate(&problems)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	p := d.Repo.Permissions["risk_readers"]
	if p == nil || !slices.Equal(p.Types, []string{"feature-view", "feature-service"}) || len(p.NamePatterns) != 2 ||
		p.RequiredTags["team"] != "risk" || !slices.Equal(p.Actions, []string{"READ", "DESCRIBE"}) ||
		!slices.Equal(p.Policy.Groups, []string{"risk"}) || !slices.Equal(p.Policy.Namespaces, []string{"risk-ns"}) || p.Tags["owner"] != "sec" {
		t.Errorf("read %+v", p)
	}
}

func TestBadPermissionsAreReportedWhereTheyAre(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown type", "permissions:\n  - name: p\n    types: [feature-view, table]\n    actions: [READ]\n    policy: {roles: [r]}\n",
			`p.yaml:3:27: unknown resource type "table"`},
		{"bad pattern", "permissions:\n  - name: p\n    name_patterns: [\"ok\", \"(\"]\n    actions: [READ]\n    policy: {roles: [r]}\n",
			`p.yaml:3:27: name pattern "("`},
		{"unknown action", "permissions:\n  - name: p\n    actions: [READ, QUERY]\n    policy: {roles: [r]}\n",
			`p.yaml:3:21: unknown action "QUERY"`},
		{"no actions", "permissions:\n  - name: p\n    policy: {roles: [r]}\n",
			`p.yaml:2:5: permission p needs actions`},
		{"no policy", "permissions:\n  - name: p\n    actions: [ALL]\n",
			`p.yaml:2:5: permission p needs a policy with roles, groups or namespaces`},
		{"mixed policy", "permissions:\n  - name: p\n    actions: [ALL]\n    policy: {roles: [r], groups: [g]}\n",
			`p.yaml:4:13: permission p: a policy has roles, or groups and/or namespaces, not both`},
		{"unknown policy key", "permissions:\n  - name: p\n    actions: [ALL]\n    policy: {users: [u]}\n",
			`p.yaml:4:14: unknown key "users" in policy (known: groups, namespaces, roles)`},
		{"unknown key", "permissions:\n  - name: p\n    action: [ALL]\n    policy: {roles: [r]}\n",
			`p.yaml:3:5: unknown key "action" in permission`},
		{"duplicate", "permissions:\n  - {name: p, actions: [ALL], policy: {roles: [r]}}\n  - {name: p, actions: [ALL], policy: {roles: [r]}}\n",
			`p.yaml:3:5: duplicate permission "p"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := parseOne("p.yaml", []byte(tc.yaml))
			if !strings.Contains(got, tc.want) {
				t.Errorf("problems:\n%s\nwant one containing %q", got, tc.want)
			}
		})
	}
}
