package authz

import (
	"context"
)

// Resource is what an action applies to.
type Resource struct {
	// Kind is the resource type: project, entity, data-source,
	// feature-view, feature-service, saved-dataset or permission.
	Kind string
	Name string
	Tags map[string]string
}

// String is "kind/name".
func (r Resource) String() string { return r.Kind + "/" + r.Name }

// Identity is the authenticated caller.
type Identity struct {
	Name       string
	Roles      []string
	Groups     []string
	Namespaces []string
}

// Anonymous reports whether the identity is nobody: no authenticated name.
func (id Identity) Anonymous() bool { return id.Name == "" }

// Request is one authorization question: may the caller do every one of
// Actions on every one of Resources.
type Request struct {
	Identity  Identity
	Actions   []Action
	Resources []Resource
}

// Authorizer decides whether a request is allowed; it returns nil or an
// error that names what is denied (a *Denied, or ErrUnauthenticated).
type Authorizer interface {
	Authorize(ctx context.Context, req *Request) error
}

// AllowAll allows everything.
type AllowAll struct{}

// Authorize implements Authorizer.
func (AllowAll) Authorize(context.Context, *Request) error { return nil }

type identityKey struct{}

// WithIdentity returns a context carrying the caller's identity.
func WithIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// IdentityFrom returns the identity in ctx, or the anonymous identity.
func IdentityFrom(ctx context.Context) Identity {
	id, _ := ctx.Value(identityKey{}).(Identity)
	return id
}

// Check asks a whether the caller in ctx may do actions on resources.
func Check(ctx context.Context, a Authorizer, actions []Action, resources ...Resource) error {
	return a.Authorize(ctx, &Request{Identity: IdentityFrom(ctx), Actions: actions, Resources: resources})
}
