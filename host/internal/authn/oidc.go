package authn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/config"
)

// OIDC is the oidc authenticator: a token is a JWT signed by the issuer.
// github.com/coreos/go-oidc verifies it (algorithm, signature, iss, aud,
// exp and nbf, the latter with its five minutes of leeway for clock
// skew); the signing keys come from the issuer's jwks_uri through
// keySet. The claims then name the caller (mapClaims).
type OIDC struct {
	cfg      config.OIDC
	issuer   string
	verifier *oidc.IDTokenVerifier
	keys     *keySet
}

// discovery is what is read of an OpenID configuration document.
type discovery struct {
	Issuer        string   `json:"issuer"`
	JWKSURI       string   `json:"jwks_uri"`
	TokenEndpoint string   `json:"token_endpoint"`
	Algorithms    []string `json:"id_token_signing_alg_values_supported"`
}

// signingAlgs are the algorithms a token may be signed with: asymmetric
// ones only, so that a public key can never serve as an HMAC secret.
var signingAlgs = []string{
	oidc.RS256, oidc.RS384, oidc.RS512, oidc.ES256, oidc.ES384, oidc.ES512,
	oidc.PS256, oidc.PS384, oidc.PS512, oidc.EdDSA,
}

// allowedAlgs returns the algorithms of advertised (the issuer's
// id_token_signing_alg_values_supported) that are in signingAlgs, or RS256
// when the issuer advertises none.
func allowedAlgs(advertised []string) ([]string, error) {
	if len(advertised) == 0 {
		return []string{oidc.RS256}, nil // the one algorithm every issuer supports
	}
	var algs []string
	for _, a := range advertised {
		if slices.Contains(signingAlgs, a) && !slices.Contains(algs, a) {
			algs = append(algs, a)
		}
	}
	if len(algs) == 0 {
		return nil, fmt.Errorf("oidc: the issuer signs with none of %v", signingAlgs)
	}
	return algs, nil
}

// discover fetches and checks the discovery document at cfg.DiscoveryURL.
func discover(ctx context.Context, c *http.Client, discoveryURL string) (*discovery, error) {
	var d discovery
	if err := getJSON(ctx, c, discoveryURL, &d); err != nil {
		return nil, fmt.Errorf("oidc: discovery: %w", err)
	}
	if d.Issuer == "" {
		return nil, fmt.Errorf("oidc: discovery: %s names no issuer", discoveryURL)
	}
	if u, err := url.Parse(d.JWKSURI); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("oidc: discovery: %s has no usable jwks_uri", discoveryURL)
	}
	return &d, nil
}

// NewOIDC fetches the issuer's discovery document and signing keys and
// returns the authenticator. It does not retry: when the issuer cannot be
// reached within cfg.Timeout (per request) the error says so, and the
// caller (the server) should not start.
func NewOIDC(ctx context.Context, cfg config.OIDC) (*OIDC, error) {
	switch {
	case cfg.DiscoveryURL == "":
		return nil, errors.New("oidc: auth_discovery_url is required")
	case cfg.ClientID == "":
		return nil, errors.New("oidc: client_id is required")
	}
	if cfg.Audience == "" {
		cfg.Audience = cfg.ClientID
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = config.DefaultAuthTimeout
	}
	if cfg.JWKSCacheLifespan <= 0 {
		cfg.JWKSCacheLifespan = config.DefaultJWKSCacheLifespan
	}
	if len(cfg.UsernameClaims) == 0 {
		cfg.UsernameClaims = slices.Clone(config.DefaultUsernameClaims)
	}
	client, err := newHTTPClient(cfg.Timeout, cfg.InsecureSkipVerify, cfg.CACertPath)
	if err != nil {
		return nil, fmt.Errorf("oidc: ca_cert_path: %w", err)
	}
	d, err := discover(ctx, client, cfg.DiscoveryURL)
	if err != nil {
		return nil, err
	}
	algs, err := allowedAlgs(d.Algorithms)
	if err != nil {
		return nil, err
	}
	keys := newKeySet(client, d.JWKSURI, cfg.JWKSCacheLifespan, algs)
	if err := keys.refresh(ctx); err != nil {
		return nil, fmt.Errorf("oidc: signing keys: %w", err)
	}
	issuer := cfg.Issuer
	if issuer == "" {
		issuer = d.Issuer
	}
	v := oidc.NewVerifier(issuer, keys, &oidc.Config{ClientID: cfg.Audience, SupportedSigningAlgs: algs})
	return &OIDC{cfg: cfg, issuer: issuer, verifier: v, keys: keys}, nil
}

// Issuer returns the issuer a token must name.
func (o *OIDC) Issuer() string { return o.issuer }

// Authenticate verifies token and maps its claims to an identity.
func (o *OIDC) Authenticate(ctx context.Context, token string) (authz.Identity, error) {
	if err := CheckToken(token); err != nil {
		return authz.Identity{}, err
	}
	st := &verifyState{}
	idt, err := o.verifier.Verify(withState(ctx, st), token)
	if err != nil {
		return authz.Identity{}, o.classify(err, st)
	}
	var claims json.RawMessage
	if err := idt.Claims(&claims); err != nil {
		return authz.Identity{}, fail(ReasonMalformedClaims)
	}
	return mapClaims(claims, o.cfg)
}

// classify turns go-oidc's refusal into a reason. go-oidc checks the
// signature first (through keySet, which records how that went in st),
// then iss, aud, and exp and nbf; its errors are plain strings, so after a
// good signature the verified claims tell which check failed, taken in
// go-oidc's order.
func (o *OIDC) classify(err error, st *verifyState) error {
	var expired *oidc.TokenExpiredError
	switch {
	case errors.As(err, &expired):
		if expired.Expiry.IsZero() {
			return fail(ReasonNoExpiry)
		}
		return fail(ReasonExpired)
	case st.unavailable:
		return unavailable(ReasonKeysUnavailable)
	case st.badSignature:
		return fail(ReasonSignature)
	case st.payload == nil:
		return fail(ReasonMalformedToken)
	}
	var c struct {
		Issuer    string          `json:"iss"`
		Audience  json.RawMessage `json:"aud"`
		NotBefore json.RawMessage `json:"nbf"`
	}
	if json.Unmarshal(st.payload, &c) != nil {
		return fail(ReasonMalformedToken)
	}
	if c.Issuer != o.issuer {
		return fail(ReasonWrongIssuer)
	}
	var one string
	var many []string
	switch {
	case len(c.Audience) == 0 || string(c.Audience) == "null":
	case json.Unmarshal(c.Audience, &one) == nil:
		many = []string{one}
	case json.Unmarshal(c.Audience, &many) != nil:
		return fail(ReasonMalformedToken)
	}
	if !slices.Contains(many, o.cfg.Audience) {
		return fail(ReasonWrongAudience)
	}
	if len(c.NotBefore) > 0 && string(c.NotBefore) != "null" {
		return fail(ReasonNotYetValid)
	}
	return fail(ReasonInvalid)
}

// verifyState is what keySet learns while go-oidc verifies one token.
type verifyState struct {
	payload      []byte // the verified payload
	badSignature bool   // no known key verifies the signature
	unavailable  bool   // the keys could not be fetched
}

type stateKey struct{}

func withState(ctx context.Context, st *verifyState) context.Context {
	return context.WithValue(ctx, stateKey{}, st)
}

func stateFrom(ctx context.Context) *verifyState {
	if st, ok := ctx.Value(stateKey{}).(*verifyState); ok {
		return st
	}
	return &verifyState{}
}
