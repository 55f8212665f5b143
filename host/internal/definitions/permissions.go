package definitions

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/model"
)

// decodePermission reads a permission, checking each type, pattern and
// action where it is written:
//
//	permissions:
//	  - name: risk-readers
//	    types: [feature-view, feature-service]   # absent: every type
//	    name_patterns: ["driver_.*"]             # whole names; absent: all
//	    required_tags: {team: risk}
//	    actions: [READ, DESCRIBE]
//	    policy: {roles: [reader]}                # or groups / namespaces
func decodePermission(c collector, n *yaml.Node) (*model.Permission, where, bool) {
	p := &model.Permission{}
	w, ok := decodeMapping(c, n, "permission", meta(&p.Meta, map[string]setter{
		"name":          name(&p.Name, "permission"),
		"types":         checkedList(&p.Types, checkType),
		"name_patterns": checkedList(&p.NamePatterns, checkPattern),
		"required_tags": strMap(&p.RequiredTags),
		"actions":       checkedList(&p.Actions, checkAction),
		"policy":        policy(&p.Policy),
	}))
	return p, w, ok
}

// checkedList decodes a list of strings and reports each item check
// refuses, at the item.
func checkedList(dst *[]string, check func(string) string) setter {
	return func(c collector, n *yaml.Node) {
		strList(dst)(c, n)
		if n.Kind != yaml.SequenceNode {
			return
		}
		for _, item := range n.Content {
			if item.Kind == yaml.ScalarNode {
				if msg := check(item.Value); msg != "" {
					c.add(item, "%s", msg)
				}
			}
		}
	}
}

func checkType(s string) string {
	if slices.Contains(authz.ResourceTypes, s) {
		return ""
	}
	return "unknown resource type " + model.QuoteName(s) + " (known: " + strings.Join(authz.ResourceTypes, ", ") + ")"
}

func checkPattern(s string) string {
	if _, err := authz.Compile(authz.PermissionSpec{NamePatterns: []string{s}, Actions: []string{"ALL"},
		Policy: authz.Policy{Roles: []string{"x"}}}); err != nil {
		return err.Error()
	}
	return ""
}

func checkAction(s string) string {
	if _, err := authz.ParseActions([]string{s}); err != nil {
		return err.Error()
	}
	return ""
}

// policy decodes {roles: [...]}, {groups: [...]}, {namespaces: [...]} or
// {groups: [...], namespaces: [...]}.
func policy(dst *authz.Policy) setter {
	return func(c collector, n *yaml.Node) {
		decodeMapping(c, n, "policy", map[string]setter{
			"roles":      strList(&dst.Roles),
			"groups":     strList(&dst.Groups),
			"namespaces": strList(&dst.Namespaces),
		})
	}
}

// validatePermission reports what only the whole permission shows: no
// action, or a policy of no or mixed forms.
func (d *Definitions) validatePermission(p *model.Permission, add addFunc) {
	k, n := model.KindPermission, p.Name
	if len(p.Actions) == 0 {
		add(k, n, "actions", "permission %s needs actions (CREATE, DESCRIBE, UPDATE, DELETE, READ_ONLINE, READ_OFFLINE, WRITE_ONLINE, WRITE_OFFLINE, or READ, WRITE, CRUD, ALL)", n)
	}
	pol := p.Policy
	switch {
	case len(pol.Roles) > 0 && (len(pol.Groups) > 0 || len(pol.Namespaces) > 0):
		add(k, n, "policy", "permission %s: a policy has roles, or groups and/or namespaces, not both", n)
	case len(pol.Roles) == 0 && len(pol.Groups) == 0 && len(pol.Namespaces) == 0:
		add(k, n, "policy", "permission %s needs a policy with roles, groups or namespaces", n)
	}
}
