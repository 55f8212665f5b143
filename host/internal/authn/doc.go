// Package authn authenticates callers of the feature server: it turns the
// bearer token a request carries into an authz.Identity (name, roles,
// groups, namespaces) that package authz then judges.
//
// The `auth` block of quiver.yaml (config.Auth) picks how:
//
//   - no_auth (default): every caller, with or without a token, is the
//     anonymous identity.
//   - static_tokens: quiver.yaml lists each caller's token by its SHA-256;
//     hashes are compared in constant time.
//   - oidc: the token is a JWT from an OpenID Connect issuer, verified with
//     github.com/coreos/go-oidc (signature, exp, nbf, iss, aud) against the
//     issuer's published keys, which are cached and fetched again when a
//     token names a key not yet known.
//   - kubernetes: the token is sent to the API server in a TokenReview.
//
// Start with New, which builds an Authenticator from config.Auth, and
// BearerToken / GRPCToken, which take the token out of a request. Every
// error of an Authenticator wraps ErrUnauthenticated and says why in a
// few safe words (Reason); none holds the token or a secret. ClientToken
// is the other side: the token a client of the server sends.
package authn
