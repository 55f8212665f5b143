package config

import (
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Auth is the `auth` block of quiver.yaml: how callers of the feature
// server prove who they are. Package authn builds an authenticator from it.
// Optional; the default type is no_auth.
type Auth struct {
	// Type is AuthNone (default), AuthStaticTokens, AuthOIDC or
	// AuthKubernetes.
	Type string
	// Tokens are the static_tokens type's callers.
	Tokens []StaticToken
	// OIDC holds the oidc type's settings.
	OIDC OIDC
	// Kubernetes holds the kubernetes type's settings.
	Kubernetes Kubernetes
	// Pos is where the block is in quiver.yaml; zero when it holds none.
	Pos Position
}

// The auth types.
const (
	AuthNone         = "no_auth"
	AuthStaticTokens = "static_tokens"
	AuthOIDC         = "oidc"
	AuthKubernetes   = "kubernetes"
)

// StaticToken is one caller of the static_tokens type. quiver.yaml holds
// the SHA-256 of the token, never the token itself.
type StaticToken struct {
	Name string
	// SHA256 is the token's SHA-256 as 64 lowercase hex digits.
	SHA256                    string
	Roles, Groups, Namespaces []string
	// Pos is where the token's entry is in quiver.yaml.
	Pos Position
}

// OIDC holds the settings of the oidc type, named as in Feast. The client
// secret is never in quiver.yaml: a client reads it from the environment
// (package authn).
type OIDC struct {
	// DiscoveryURL is the issuer's OpenID configuration document,
	// e.g. https://idp/realms/r/.well-known/openid-configuration.
	DiscoveryURL string
	ClientID     string
	// Audience is what a token's aud must hold; default ClientID.
	Audience string
	// Issuer is what a token's iss must be; empty means the discovered
	// issuer.
	Issuer string
	// InsecureSkipVerify is set by verify_ssl: false: TLS certificates of
	// the issuer are not checked.
	InsecureSkipVerify bool
	// CACertPath is a PEM file of extra CA certificates for the issuer.
	CACertPath string
	// JWKSCacheLifespan is how long fetched signing keys are used before
	// they are fetched again. A token signed with a key not yet known
	// makes them be fetched at once (rate limited).
	JWKSCacheLifespan time.Duration
	// Timeout bounds each request to the issuer.
	Timeout time.Duration
	// UsernameClaims are tried in order; the first non-empty string names
	// the caller.
	UsernameClaims []string
	// RolesClaim is the top-level claim with roles ("" for none).
	RolesClaim string
	// IgnoreClientRoles is set by client_roles: false: roles in
	// resource_access.<client_id>.roles are not read.
	IgnoreClientRoles bool
	// GroupsClaim and NamespacesClaim are the top-level claims with
	// groups and namespaces ("" for none).
	GroupsClaim     string
	NamespacesClaim string
	// Scopes are asked for by a client's client-credentials flow.
	Scopes []string
}

// Kubernetes holds the settings of the kubernetes type: tokens are checked
// with a TokenReview at the API server.
type Kubernetes struct {
	// APIServerURL is the API server; empty means the in-cluster address
	// from KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT.
	APIServerURL string
	// TokenFile holds the token the server presents to the API server.
	TokenFile string
	// CAFile is the API server's CA certificate bundle (PEM).
	CAFile string
	// Audiences, when set, are sent in the review; the API server must
	// answer that the token is meant for one of them.
	Audiences []string
	// Timeout bounds each review.
	Timeout time.Duration
	// CacheTTL is how long an accepted token's review is reused; 0 turns
	// the cache off.
	CacheTTL time.Duration
}

// Defaults of the auth block.
const (
	DefaultAuthTimeout       = 10 * time.Second
	DefaultJWKSCacheLifespan = 5 * time.Minute
	DefaultTokenReviewTTL    = 10 * time.Second
	DefaultKubeTokenFile     = "/var/run/secrets/kubernetes.io/serviceaccount/token"
	DefaultKubeCAFile        = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"
)

// DefaultUsernameClaims are the claims that name an OIDC caller, in order.
var DefaultUsernameClaims = []string{"preferred_username", "upn", "azp", "sub"}

// authKeys lists the keys each type accepts besides type.
var authKeys = map[string][]string{
	AuthNone:         nil,
	AuthStaticTokens: {"tokens"},
	AuthOIDC: {"auth_discovery_url", "client_id", "audience", "issuer", "verify_ssl", "ca_cert_path",
		"jwks_cache_lifespan", "timeout", "username_claims", "roles_claim", "client_roles",
		"groups_claim", "namespaces_claim", "scopes"},
	AuthKubernetes: {"api_server_url", "token_file", "ca_file", "audiences", "timeout", "cache_ttl"},
}

// authTypes is the known types in the order messages name them.
var authTypes = []string{AuthNone, AuthStaticTokens, AuthOIDC, AuthKubernetes}

// maxAuthTimeout bounds timeout and the cache durations of the auth block.
const maxAuthTimeout = 24 * time.Hour

func (p *parser) auth(a *Auth, n *yaml.Node) {
	a.Pos = pos(n)
	keys := map[string]*yaml.Node{}
	var typeNode *yaml.Node
	o, k8s := &a.OIDC, &a.Kubernetes
	p.mapping(n, "auth", func(k, v *yaml.Node) {
		switch k.Value {
		case "type":
			a.Type, typeNode = p.str(v), v
			return
		case "tokens":
			a.Tokens = p.staticTokens(v)
		case "auth_discovery_url":
			o.DiscoveryURL = p.httpURL(v, k.Value)
		case "client_id":
			o.ClientID = p.nonEmpty(v, k.Value)
		case "audience":
			o.Audience = p.nonEmpty(v, k.Value)
		case "issuer":
			o.Issuer = p.nonEmpty(v, k.Value)
		case "verify_ssl":
			o.InsecureSkipVerify = !p.boolean(v, k.Value)
		case "ca_cert_path":
			o.CACertPath = p.nonEmpty(v, k.Value)
		case "jwks_cache_lifespan":
			o.JWKSCacheLifespan = p.duration(v, k.Value, false, maxAuthTimeout)
		case "timeout":
			d := p.duration(v, k.Value, false, maxAuthTimeout)
			o.Timeout, k8s.Timeout = d, d
		case "username_claims":
			o.UsernameClaims = p.strList(v, k.Value, false)
			if len(o.UsernameClaims) == 0 && v.Kind == yaml.SequenceNode {
				p.errorf(v, "username_claims must name at least one claim")
			}
		case "roles_claim":
			o.RolesClaim = p.str(v)
		case "client_roles":
			o.IgnoreClientRoles = !p.boolean(v, k.Value)
		case "groups_claim":
			o.GroupsClaim = p.str(v)
		case "namespaces_claim":
			o.NamespacesClaim = p.str(v)
		case "scopes":
			o.Scopes = p.strList(v, k.Value, false)
		case "api_server_url":
			k8s.APIServerURL = p.httpURL(v, k.Value)
		case "token_file":
			k8s.TokenFile = p.nonEmpty(v, k.Value)
		case "ca_file":
			k8s.CAFile = p.nonEmpty(v, k.Value)
		case "audiences":
			k8s.Audiences = p.strList(v, k.Value, false)
		case "cache_ttl":
			k8s.CacheTTL = p.duration(v, k.Value, true, maxAuthTimeout)
		case "client_secret":
			p.errorf(k, "client_secret does not belong in quiver.yaml: a client reads it from the environment variable QUIVER_OIDC_CLIENT_SECRET")
			return
		case "username", "password":
			p.errorf(k, "%s: the password flow is not supported (a client uses QUIVER_TOKEN or the client-credentials flow)", k.Value)
			return
		default:
			p.errorf(k, "unknown key %q in auth (known: type, %s)", k.Value, strings.Join(allAuthKeys(), ", "))
			return
		}
		keys[k.Value] = k
	})
	if n.Kind != yaml.MappingNode {
		return
	}
	if a.Type == "" {
		a.Type = AuthNone
	}
	allowed, ok := authKeys[a.Type]
	if !ok {
		at := n
		if typeNode != nil {
			at = typeNode
		}
		p.errorf(at, "auth type %q is not supported (use %s)", a.Type, strings.Join(authTypes, ", "))
		return
	}
	for name, k := range keys {
		if !slices.Contains(allowed, name) {
			p.errorf(k, "key %q does not apply to auth type %s (its keys: %s)", name, a.Type, keyList(allowed))
		}
	}
	switch a.Type {
	case AuthStaticTokens:
		if _, ok := keys["tokens"]; !ok {
			p.errorf(n, "auth type static_tokens needs tokens")
		}
	case AuthOIDC:
		for _, req := range []string{"auth_discovery_url", "client_id"} {
			if _, ok := keys[req]; !ok {
				p.errorf(n, "auth type oidc needs %s", req)
			}
		}
		o.applyDefaults(keys)
	case AuthKubernetes:
		k8s.applyDefaults(keys)
	}
	// Only the chosen type's settings stay (timeout is shared).
	if a.Type != AuthOIDC {
		a.OIDC = OIDC{}
	}
	if a.Type != AuthKubernetes {
		a.Kubernetes = Kubernetes{}
	}
}

func keyList(keys []string) string {
	if len(keys) == 0 {
		return "none but type"
	}
	return "type, " + strings.Join(keys, ", ")
}

func allAuthKeys() []string {
	var all []string
	for _, t := range authTypes {
		for _, k := range authKeys[t] {
			if !slices.Contains(all, k) {
				all = append(all, k)
			}
		}
	}
	return all
}

func (o *OIDC) applyDefaults(set map[string]*yaml.Node) {
	if o.Audience == "" {
		o.Audience = o.ClientID
	}
	if o.JWKSCacheLifespan == 0 {
		o.JWKSCacheLifespan = DefaultJWKSCacheLifespan
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultAuthTimeout
	}
	if o.UsernameClaims == nil {
		o.UsernameClaims = slices.Clone(DefaultUsernameClaims)
	}
	// An empty claim name turns that claim off, so only unset keys default.
	if _, ok := set["roles_claim"]; !ok {
		o.RolesClaim = "roles"
	}
	if _, ok := set["groups_claim"]; !ok {
		o.GroupsClaim = "groups"
	}
	if _, ok := set["namespaces_claim"]; !ok {
		o.NamespacesClaim = "namespaces"
	}
}

func (k *Kubernetes) applyDefaults(set map[string]*yaml.Node) {
	if k.TokenFile == "" {
		k.TokenFile = DefaultKubeTokenFile
	}
	if k.CAFile == "" {
		k.CAFile = DefaultKubeCAFile
	}
	if k.Timeout == 0 {
		k.Timeout = DefaultAuthTimeout
	}
	if _, ok := set["cache_ttl"]; !ok {
		k.CacheTTL = DefaultTokenReviewTTL
	}
}

func (a *Auth) applyDefaults() {
	if a.Type == "" {
		a.Type = AuthNone
	}
}

// staticTokens reads the tokens list of the static_tokens type, reporting
// an entry without a name or with a malformed hash, and a name or hash
// that repeats an earlier entry's.
func (p *parser) staticTokens(n *yaml.Node) []StaticToken {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "tokens must be a list of {name, sha256, roles, groups, namespaces}")
		return nil
	}
	if len(n.Content) == 0 {
		p.errorf(n, "tokens must list at least one token")
	}
	out := make([]StaticToken, 0, len(n.Content))
	names := map[string]*yaml.Node{}
	hashes := map[string]*yaml.Node{}
	for _, e := range n.Content {
		t := StaticToken{Pos: pos(e)}
		var nameNode, hashNode *yaml.Node
		p.mapping(e, "a token", func(k, v *yaml.Node) {
			switch k.Value {
			case "name":
				t.Name, nameNode = p.nonEmpty(v, "name"), v
			case "sha256":
				t.SHA256, hashNode = p.sha256Hex(v), v
			case "roles":
				t.Roles = p.strList(v, k.Value, false)
			case "groups":
				t.Groups = p.strList(v, k.Value, false)
			case "namespaces":
				t.Namespaces = p.strList(v, k.Value, false)
			case "token":
				p.errorf(k, "write the token's SHA-256 as sha256 (`quiver auth hash-token` prints it), never the token itself")
			default:
				p.errorf(k, "unknown key %q in a token (known: name, sha256, roles, groups, namespaces)", k.Value)
			}
		})
		if e.Kind != yaml.MappingNode {
			continue
		}
		if nameNode == nil {
			p.errorf(e, "a token needs a name")
		} else if first, ok := names[t.Name]; ok && t.Name != "" {
			p.errorf(nameNode, "token name %q repeated (first at %s:%d:%d)", t.Name, p.file, first.Line, first.Column)
		} else {
			names[t.Name] = nameNode
		}
		if hashNode == nil {
			p.errorf(e, "a token needs a sha256 (`quiver auth hash-token` prints it)")
		} else if first, ok := hashes[t.SHA256]; ok && t.SHA256 != "" {
			p.errorf(hashNode, "token sha256 repeated (first at %s:%d:%d): two callers would share one token", p.file, first.Line, first.Column)
		} else {
			hashes[t.SHA256] = hashNode
		}
		out = append(out, t)
	}
	return out
}

// sha256Hex returns a 64-digit hex value in lowercase.
func (p *parser) sha256Hex(n *yaml.Node) string {
	s := p.str(n)
	if b, err := hex.DecodeString(s); err != nil || len(b) != 32 {
		p.errorf(n, "sha256 must be 64 hex digits (the SHA-256 of the token; `quiver auth hash-token` prints it), not %d characters", len(s))
		return ""
	}
	return strings.ToLower(s)
}

// strList returns a list of strings; each must be non-empty unless emptyOK.
func (p *parser) strList(n *yaml.Node, key string, emptyOK bool) []string {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list such as [a, b]", key)
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		s := p.str(c)
		if s == "" && !emptyOK && c.Kind == yaml.ScalarNode {
			p.errorf(c, "%s holds an empty value", key)
			continue
		}
		out = append(out, s)
	}
	return out
}

func (p *parser) nonEmpty(n *yaml.Node, key string) string {
	s := p.str(n)
	if s == "" && n.Kind == yaml.ScalarNode {
		p.errorf(n, "%s must not be empty", key)
	}
	return s
}

func (p *parser) boolean(n *yaml.Node, key string) bool {
	switch s := p.str(n); s {
	case "true", "True", "TRUE":
		return true
	case "false", "False", "FALSE":
		return false
	default:
		if n.Kind == yaml.ScalarNode {
			p.errorf(n, "%s must be true or false", key)
		}
		return true
	}
}

// httpURL returns an absolute http or https URL without a user or
// password. The value is not echoed: a URL may hold a secret.
func (p *parser) httpURL(n *yaml.Node, key string) string {
	s := p.str(n)
	if n.Kind != yaml.ScalarNode {
		return s
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		p.errorf(n, "%s must be an absolute http or https URL", key)
	case u.User != nil:
		p.errorf(n, "%s must not hold a user or password", key)
	}
	return s
}

// String describes the block without secrets (quiver.yaml holds none:
// static tokens are hashes).
func (a Auth) String() string {
	switch a.Type {
	case AuthStaticTokens:
		return fmt.Sprintf("%s (%d tokens)", a.Type, len(a.Tokens))
	case AuthOIDC:
		return fmt.Sprintf("%s (client %s, %s)", a.Type, a.OIDC.ClientID, a.OIDC.DiscoveryURL)
	}
	return a.Type
}
