package authn

import (
	"context"
	"errors"
	"fmt"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/config"
)

// Authenticator turns a caller's bearer token into its identity. It is
// safe for concurrent use.
type Authenticator interface {
	// Authenticate returns the identity token stands for. Every error
	// wraps ErrUnauthenticated and holds neither the token nor a secret;
	// an empty token gives one that also wraps ErrNoCredentials.
	Authenticate(ctx context.Context, token string) (authz.Identity, error)
}

// The sentinel errors; test with errors.Is.
var (
	// ErrUnauthenticated is wrapped by every failure to authenticate.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrNoCredentials is wrapped when a request carries no token; it
	// also matches ErrUnauthenticated.
	ErrNoCredentials = errors.New("no credentials")
	// ErrUnavailable is wrapped when the token could not be checked
	// because what checks it (the OIDC issuer's keys, the Kubernetes API
	// server) could not be reached or refused the server itself. It also
	// matches ErrUnauthenticated; a server may answer 503 rather than 401.
	ErrUnavailable = errors.New("authentication unavailable")
)

// Error is a failure to authenticate. Reason is short and safe to show to
// the caller and to log: it never holds the token or a secret.
type Error struct {
	Reason string
	kind   error // ErrNoCredentials, ErrUnavailable or nil
}

func (e *Error) Error() string { return "unauthenticated: " + e.Reason }

// Is reports whether target is ErrUnauthenticated or the error's kind.
func (e *Error) Is(target error) bool {
	return target == ErrUnauthenticated || (e.kind != nil && target == e.kind)
}

// The reasons of the errors this package returns.
const (
	ReasonNoCredentials    = "no credentials"
	ReasonMalformedHeader  = "malformed authorization header"
	ReasonScheme           = "authorization scheme is not Bearer"
	ReasonTooLarge         = "token too large"
	ReasonBadCharacters    = "token has characters a bearer token cannot have"
	ReasonManyHeaders      = "more than one authorization value"
	ReasonUnknownToken     = "unknown token"
	ReasonMalformedToken   = "malformed token"
	ReasonSignature        = "signature invalid"
	ReasonKeysUnavailable  = "signing keys unavailable"
	ReasonExpired          = "token expired"
	ReasonNoExpiry         = "token has no expiry"
	ReasonNotYetValid      = "token not yet valid"
	ReasonWrongIssuer      = "wrong issuer"
	ReasonWrongAudience    = "wrong audience"
	ReasonNoUsername       = "no username claim"
	ReasonMalformedClaims  = "malformed claims"
	ReasonInvalid          = "token invalid"
	ReasonReviewRejected   = "token rejected by token review"
	ReasonReviewFailed     = "token review failed"
	ReasonReviewNoAudience = "token not meant for this server"
)

func fail(reason string) error { return &Error{Reason: reason} }

func noCredentials() error { return &Error{Reason: ReasonNoCredentials, kind: ErrNoCredentials} }

func unavailable(reason string) error { return &Error{Reason: reason, kind: ErrUnavailable} }

// Enabled reports whether cfg asks callers to authenticate (any type but
// no_auth).
func Enabled(cfg config.Auth) bool {
	return cfg.Type != "" && cfg.Type != config.AuthNone
}

// New builds the authenticator cfg selects. For oidc it fetches the
// issuer's discovery document and signing keys once, each request bounded
// by cfg.OIDC.Timeout, and fails (it does not retry) when the issuer
// cannot be reached: a server must not start unable to check tokens. For
// kubernetes it reads the service-account token and CA but does not call
// the API server until the first token arrives.
func New(ctx context.Context, cfg config.Auth) (Authenticator, error) {
	switch cfg.Type {
	case "", config.AuthNone:
		return NoAuth{}, nil
	case config.AuthStaticTokens:
		return NewStaticTokens(cfg.Tokens)
	case config.AuthOIDC:
		return NewOIDC(ctx, cfg.OIDC)
	case config.AuthKubernetes:
		return NewKubernetes(cfg.Kubernetes)
	}
	return nil, fmt.Errorf("auth type %q is not supported", cfg.Type)
}

// NoAuth is the no_auth authenticator: every caller is anonymous.
type NoAuth struct{}

// Authenticate returns the anonymous identity whatever token is.
func (NoAuth) Authenticate(context.Context, string) (authz.Identity, error) {
	return authz.Identity{}, nil
}
