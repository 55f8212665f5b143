package model

import "github.com/quiverfs/quiver/host/internal/authz"

// KindPermission is the kind of permission objects.
const KindPermission Kind = "permission"

// Permission grants actions on matching resources to a policy (see
// package authz for the rule).
type Permission struct {
	Name string `json:"name"`
	// Types are resource types (authz.ResourceTypes); empty means all.
	Types []string `json:"types,omitempty"`
	// NamePatterns are regular expressions over whole names; empty means
	// every name.
	NamePatterns []string `json:"name_patterns,omitempty"`
	// RequiredTags must each be on the resource with that value.
	RequiredTags map[string]string `json:"required_tags,omitempty"`
	// Actions are action names or aliases, as written.
	Actions []string     `json:"actions"`
	Policy  authz.Policy `json:"policy"`
	Meta
}

// Spec is the permission as package authz takes it.
func (p *Permission) Spec() authz.PermissionSpec {
	return authz.PermissionSpec{Name: p.Name, Types: p.Types, NamePatterns: p.NamePatterns,
		RequiredTags: p.RequiredTags, Actions: p.Actions, Policy: p.Policy}
}
