package authgate

import (
	"context"
	"crypto/sha256"
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
	// cache, when set, remembers verified JWTs until their exp (see
	// NewCaching).
	cache *tokenCache
}

// NewCaching returns a gate that remembers the identity of each JWT that
// verified, until the token's exp and for at most five minutes, so that a
// client sending the same token does not pay a signature check per
// request. Use it for OIDC, whose tokens are self-contained; a revoked
// signing key then stops admitting tokens after at most five minutes.
func NewCaching(a authn.Authenticator) *Gate {
	return &Gate{Authn: a, cache: newTokenCache()}
}

// Enabled reports whether callers must authenticate.
func (g *Gate) Enabled() bool { return g != nil && g.Authn != nil }

// Admit checks the token read from a request for operation (the route or
// RPC, named in refusals; tokenErr is the error of reading the token,
// e.g. no Authorization header) and returns ctx carrying the caller's
// identity. With authentication off it returns ctx unchanged.
func (g *Gate) Admit(ctx context.Context, operation, token string, tokenErr error) (context.Context, error) {
	if !g.Enabled() {
		return ctx, nil
	}
	if tokenErr != nil {
		return ctx, refuse(operation, tokenErr)
	}
	var key [sha256.Size]byte
	if g.cache != nil {
		key = sha256.Sum256([]byte(token))
		if id, ok := g.cache.get(key); ok {
			return authz.WithIdentity(ctx, id), nil
		}
	}
	id, err := g.Authn.Authenticate(ctx, token)
	if err != nil {
		return ctx, refuse(operation, err)
	}
	if id.Anonymous() {
		return ctx, apierr.Unauthenticated("%s needs an authenticated caller: the token names no caller", operation)
	}
	if g.cache != nil {
		g.cache.put(key, token, id)
	}
	return authz.WithIdentity(ctx, id), nil
}

// refuse turns an authentication failure into the caller's error: 401
// with its safe reason, or 503 when what checks tokens is unreachable.
func refuse(operation string, err error) error {
	reason := "invalid credentials"
	var ae *authn.Error
	if errors.As(err, &ae) {
		reason = ae.Reason
	}
	if errors.Is(err, authn.ErrUnavailable) {
		return fmt.Errorf("%s: cannot check credentials now (%s): %w", operation, reason, storeerr.ErrUnavailable)
	}
	return apierr.Unauthenticated("unauthenticated: %s; %s needs Authorization: Bearer <token>", reason, operation)
}
