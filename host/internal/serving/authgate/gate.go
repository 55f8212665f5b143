package authgate

import (
	"context"
	"errors"
	"fmt"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/authn"
	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Gate authenticates the callers of one server.
type Gate struct {
	// Authn checks tokens; nil means authentication is off.
	Authn authn.Authenticator
}

// Enabled reports whether callers must authenticate.
func (g *Gate) Enabled() bool { return g != nil && g.Authn != nil }

// Admit checks the token read from a request (tokenErr is the error of
// reading it, e.g. no Authorization header) and returns ctx carrying the
// caller's identity. With authentication off it returns ctx unchanged.
func (g *Gate) Admit(ctx context.Context, token string, tokenErr error) (context.Context, error) {
	if !g.Enabled() {
		return ctx, nil
	}
	if tokenErr != nil {
		return ctx, refuse(tokenErr)
	}
	id, err := g.Authn.Authenticate(ctx, token)
	if err != nil {
		return ctx, refuse(err)
	}
	if id.Anonymous() {
		return ctx, apierr.Unauthenticated("unauthenticated: the token names no caller")
	}
	return authz.WithIdentity(ctx, id), nil
}

// refuse turns an authentication failure into the caller's error: 401
// with its safe reason, or 503 when what checks tokens is unreachable.
func refuse(err error) error {
	reason := "invalid credentials"
	var ae *authn.Error
	if errors.As(err, &ae) {
		reason = ae.Reason
	}
	if errors.Is(err, authn.ErrUnavailable) {
		return fmt.Errorf("cannot check credentials now (%s): %w", reason, storeerr.ErrUnavailable)
	}
	return apierr.Unauthenticated("unauthenticated: %s; send Authorization: Bearer <token>", reason)
}
