package authz

import "context"

// Action is what a caller wants to do, as Feast names it.
type Action string

// The actions.
const (
	Create       Action = "CREATE"
	Describe     Action = "DESCRIBE"
	Update       Action = "UPDATE"
	Delete       Action = "DELETE"
	ReadOnline   Action = "READ_ONLINE"
	ReadOffline  Action = "READ_OFFLINE"
	WriteOnline  Action = "WRITE_ONLINE"
	WriteOffline Action = "WRITE_OFFLINE"
)

// Resource is what an action applies to.
type Resource struct {
	Kind string // e.g. "feature-view", "feature-service", "project"
	Name string
	Tags map[string]string
}

// Identity is the authenticated caller.
type Identity struct {
	Name       string
	Roles      []string
	Groups     []string
	Namespaces []string
}

// Request is one authorization question.
type Request struct {
	Identity  Identity
	Action    Action
	Resources []Resource
}

// Authorizer decides whether a request is allowed; it returns nil or an
// error that names what is denied.
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

// Check asks a for one action on resources by the caller in ctx.
func Check(ctx context.Context, a Authorizer, action Action, resources ...Resource) error {
	return a.Authorize(ctx, &Request{Identity: IdentityFrom(ctx), Action: action, Resources: resources})
}
