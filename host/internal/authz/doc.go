// Package authz is the one authorizer every server endpoint and registry
// operation calls before doing anything. For now the only policy is AllowAll;
// permissions (Feast's model: resources matched by type, name and tags,
// actions granted to roles) plug in behind the same interface later.
package authz
