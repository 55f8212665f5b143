package authz

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ErrUnauthenticated is the refusal of an anonymous caller where
// authentication is required.
var ErrUnauthenticated = errors.New("authentication required")

// Set is the permissions in force for a project.
type Set struct {
	perms []*Permission
}

// NewSet returns a set of compiled permissions.
func NewSet(perms ...*Permission) *Set { return &Set{perms: perms} }

// Len is the number of permissions.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.perms)
}

// Decision is the answer for one resource, with why.
type Decision struct {
	Resource Resource
	Allowed  bool
	// GrantedBy names the permission that granted, if one did.
	GrantedBy string
	// Matching names the permissions that cover the resource and all the
	// actions (whether or not their policy admits the caller).
	Matching []string
}

// Reason says why in words.
func (d Decision) Reason() string {
	switch {
	case d.Allowed && d.GrantedBy != "":
		return "granted by permission " + d.GrantedBy
	case d.Allowed:
		return "no permission is defined, and the caller is authenticated"
	case len(d.Matching) == 0:
		return "no permission covers it"
	}
	return "the policies of " + strings.Join(d.Matching, ", ") + " do not admit the caller"
}

// Decide answers whether id may do every one of actions on r: the
// permissions covering r's type, name and tags and ALL of actions are
// found, and r is allowed if any of their policies admits id. With no
// permission in the set at all, it is allowed.
func (s *Set) Decide(id Identity, actions []Action, r Resource) Decision {
	d := Decision{Resource: r}
	if s.Len() == 0 {
		d.Allowed = true
		return d
	}
	for _, p := range s.perms {
		if !p.MatchesResource(r) || !p.CoversActions(actions) {
			continue
		}
		d.Matching = append(d.Matching, p.Name)
		if !d.Allowed && p.Grants(id) {
			d.Allowed, d.GrantedBy = true, p.Name
		}
	}
	return d
}

// Denied is a refusal: who, what and why, never a credential.
type Denied struct {
	Caller   string
	Actions  []Action
	Decision Decision
}

func (e *Denied) Error() string {
	return fmt.Sprintf("%s may not %s %s %s: %s", e.Caller, actionList(e.Actions), e.Decision.Resource.Kind,
		e.Decision.Resource.Name, e.Decision.Reason())
}

// Enforcer is the authorizer of Quiver's permissions.
type Enforcer struct {
	// Permissions returns the permissions in force (from the current
	// registry snapshot). Required.
	Permissions func() *Set
	// AuthEnabled is true when quiver.yaml turns authentication on. Then
	// an anonymous caller is refused with ErrUnauthenticated, and each
	// resource needs a permission that grants it once any is defined;
	// with none defined every authenticated caller is allowed. With
	// authentication off (no_auth) nothing is enforced, as in Feast:
	// there is no caller to match policies against.
	AuthEnabled bool
}

// Authorize implements Authorizer.
func (e *Enforcer) Authorize(_ context.Context, req *Request) error {
	if !e.AuthEnabled {
		return nil
	}
	if req.Identity.Anonymous() {
		return ErrUnauthenticated
	}
	set := e.Permissions()
	for _, r := range req.Resources {
		if d := set.Decide(req.Identity, req.Actions, r); !d.Allowed {
			return &Denied{Caller: req.Identity.Name, Actions: req.Actions, Decision: d}
		}
	}
	return nil
}
