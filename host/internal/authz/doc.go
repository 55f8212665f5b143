// Package authz decides whether a caller may do an action on a resource,
// with Feast's permission model.
//
// A permission (PermissionSpec) covers resources by type, by name
// (regular expressions matching the whole name; any one suffices) and by
// required tags (each must be on the resource with that exact value), and
// grants a set of actions to a policy: roles, groups, namespaces, or
// groups and namespaces combined. A request asks for one or more actions
// on one or more resources. For each resource, the permissions that cover
// it AND every requested action are found; the resource is allowed when
// any of their policies admits the caller. Once any permission exists,
// whatever none grants is denied (Set.Decide). The Enforcer adds
// authentication: an anonymous caller is refused when authentication is
// on, and with authentication off nothing is enforced.
//
// The service layer (host/internal/service/access.go) is the only caller:
// it maps each operation to (actions, resources) and asks the Authorizer.
package authz
