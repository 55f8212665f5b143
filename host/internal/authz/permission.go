package authz

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// PermissionSpec is a permission as the definition files state it.
type PermissionSpec struct {
	Name string
	// Types are the resource types it covers; empty means all.
	Types []string
	// NamePatterns are regular expressions; a resource matches when any
	// one matches its WHOLE name. Empty means every name.
	NamePatterns []string
	// RequiredTags must each be on the resource with that exact value.
	RequiredTags map[string]string
	// Actions are action names or aliases; at least one.
	Actions []string
	Policy  Policy
}

// Policy says whom a permission grants its actions to. Exactly one form:
// Roles alone (the caller has any of them); Groups alone; Namespaces
// alone; or Groups and Namespaces together, which grants a caller in any
// of the groups OR any of the namespaces (Feast's combined policy).
type Policy struct {
	Roles      []string `json:"roles,omitempty"`
	Groups     []string `json:"groups,omitempty"`
	Namespaces []string `json:"namespaces,omitempty"`
}

// Permission is a compiled permission, ready to match requests.
type Permission struct {
	Name         string
	types        map[string]bool // nil: every type
	patterns     []*regexp.Regexp
	requiredTags map[string]string
	actions      map[Action]bool
	policy       Policy
}

// maxPatternLength bounds a name pattern, as regexp compile cost grows
// with it.
const maxPatternLength = 1024

// Compile checks a permission and compiles its patterns. Every problem
// is reported, joined.
func Compile(spec PermissionSpec) (*Permission, error) {
	p := &Permission{Name: spec.Name, requiredTags: spec.RequiredTags, policy: spec.Policy, actions: map[Action]bool{}}
	var errs []error
	if len(spec.Types) > 0 {
		p.types = map[string]bool{}
		for _, t := range spec.Types {
			if !slices.Contains(ResourceTypes, t) {
				errs = append(errs, fmt.Errorf("unknown resource type %q (known: %s)", t, strings.Join(ResourceTypes, ", ")))
			}
			p.types[t] = true
		}
	}
	for _, pat := range spec.NamePatterns {
		if len(pat) > maxPatternLength {
			errs = append(errs, fmt.Errorf("name pattern longer than %d characters", maxPatternLength))
			continue
		}
		re, err := regexp.Compile(`^(?:` + pat + `)$`)
		if err != nil {
			errs = append(errs, fmt.Errorf("name pattern %q: %v", pat, err))
			continue
		}
		p.patterns = append(p.patterns, re)
	}
	actions, err := ParseActions(spec.Actions)
	switch {
	case err != nil:
		errs = append(errs, err)
	case len(actions) == 0:
		errs = append(errs, errors.New("a permission needs at least one action"))
	}
	for _, a := range actions {
		p.actions[a] = true
	}
	if err := spec.Policy.check(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// check reports a policy of no or two incompatible forms.
func (pol Policy) check() error {
	switch {
	case len(pol.Roles) > 0 && (len(pol.Groups) > 0 || len(pol.Namespaces) > 0):
		return errors.New("a policy has roles, or groups and/or namespaces, not both")
	case len(pol.Roles) == 0 && len(pol.Groups) == 0 && len(pol.Namespaces) == 0:
		return errors.New("a policy needs roles, groups or namespaces")
	}
	return nil
}

// MatchesResource reports whether the permission covers r: its type, its
// whole name against any pattern, and every required tag.
func (p *Permission) MatchesResource(r Resource) bool {
	return p.MatchesType(r.Kind) && p.MatchesName(r.Name) && p.MatchesTags(r.Tags)
}

// MatchesType reports whether the permission covers resources of kind.
func (p *Permission) MatchesType(kind string) bool { return p.types == nil || p.types[kind] }

// MatchesName reports whether any pattern matches the whole name (or
// there is none).
func (p *Permission) MatchesName(name string) bool {
	return len(p.patterns) == 0 || slices.ContainsFunc(p.patterns, func(re *regexp.Regexp) bool { return re.MatchString(name) })
}

// MatchesTags reports whether tags hold every required tag with its value.
func (p *Permission) MatchesTags(tags map[string]string) bool {
	for k, v := range p.requiredTags {
		if got, ok := tags[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// CoversActions reports whether the permission lists every one of
// actions.
func (p *Permission) CoversActions(actions []Action) bool {
	for _, a := range actions {
		if !p.actions[a] {
			return false
		}
	}
	return true
}

// Grants reports whether the policy admits id.
func (p *Permission) Grants(id Identity) bool {
	pol := p.policy
	if len(pol.Roles) > 0 {
		return intersects(pol.Roles, id.Roles)
	}
	return intersects(pol.Groups, id.Groups) || intersects(pol.Namespaces, id.Namespaces)
}

// Actions returns the actions the permission grants, in AllActions order.
func (p *Permission) Actions() []Action {
	var out []Action
	for _, a := range AllActions {
		if p.actions[a] {
			out = append(out, a)
		}
	}
	return out
}

// Describe is the policy in words, e.g. "roles reader, admin".
func (pol Policy) Describe() string {
	var parts []string
	for _, f := range []struct {
		what string
		vals []string
	}{{"roles", pol.Roles}, {"groups", pol.Groups}, {"namespaces", pol.Namespaces}} {
		if len(f.vals) > 0 {
			v := slices.Clone(f.vals)
			sort.Strings(v)
			parts = append(parts, f.what+" "+strings.Join(v, ", "))
		}
	}
	return strings.Join(parts, " or ")
}

func intersects(want, have []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}
