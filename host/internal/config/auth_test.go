package config

import (
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	hashA = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"
	hashB = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b"
)

func parseAuth(t *testing.T, block string) (Auth, error) {
	t.Helper()
	cfg, err := Parse("/repo", "quiver.yaml", []byte("project: demo\nauth:\n"+block))
	if err != nil {
		return Auth{}, err
	}
	return cfg.Auth, nil
}

func TestAuthDefaultsToNoAuth(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{"project: demo\n", "project: demo\nauth:\n  type: no_auth\n", "project: demo\nauth: {}\n"} {
		cfg, err := Parse("/repo", "quiver.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Auth.Type != AuthNone || cfg.Auth.Tokens != nil || !cmp.Equal(cfg.Auth.OIDC, OIDC{}) {
			t.Errorf("%q: %+v", doc, cfg.Auth)
		}
	}
}

func TestAuthStaticTokensAreRead(t *testing.T) {
	t.Parallel()
	a, err := parseAuth(t, `  type: static_tokens
  tokens:
    - name: alice
      sha256: `+strings.ToUpper(hashA)+`
      roles: [reader]
      groups: [ds]
      namespaces: [team-a]
    - name: bob
      sha256: `+hashB+`
`)
	if err != nil {
		t.Fatal(err)
	}
	want := Auth{Type: AuthStaticTokens, Pos: Position{3, 3}, Tokens: []StaticToken{
		{Name: "alice", SHA256: hashA, Roles: []string{"reader"}, Groups: []string{"ds"}, Namespaces: []string{"team-a"}, Pos: Position{5, 7}},
		{Name: "bob", SHA256: hashB, Pos: Position{10, 7}},
	}}
	if d := cmp.Diff(want, a); d != "" {
		t.Errorf("auth (-want +got):\n%s", d)
	}
}

func TestAuthOIDCEveryKey(t *testing.T) {
	t.Setenv("QUIVER_TEST_CLIENT", "quiver")
	a, err := parseAuth(t, `  type: oidc
  auth_discovery_url: https://idp.example/realms/r/.well-known/openid-configuration
  client_id: ${QUIVER_TEST_CLIENT}
  audience: quiver-api
  issuer: https://idp.example/realms/r
  verify_ssl: false
  ca_cert_path: /etc/ssl/idp.pem
  jwks_cache_lifespan: 30m
  timeout: 3s
  username_claims: [email, sub]
  roles_claim: realm_access.roles
  client_roles: false
  groups_claim: teams
  namespaces_claim: ""
  scopes: [openid, quiver]
`)
	if err != nil {
		t.Fatal(err)
	}
	want := OIDC{
		DiscoveryURL: "https://idp.example/realms/r/.well-known/openid-configuration", ClientID: "quiver",
		Audience: "quiver-api", Issuer: "https://idp.example/realms/r", InsecureSkipVerify: true,
		CACertPath: "/etc/ssl/idp.pem", JWKSCacheLifespan: 30 * time.Minute, Timeout: 3 * time.Second,
		UsernameClaims: []string{"email", "sub"}, RolesClaim: "realm_access.roles", IgnoreClientRoles: true,
		GroupsClaim: "teams", NamespacesClaim: "", Scopes: []string{"openid", "quiver"},
	}
	if a.Type != AuthOIDC || !cmp.Equal(a.OIDC, want) || !cmp.Equal(a.Kubernetes, Kubernetes{}) {
		t.Errorf("oidc (-want +got):\n%s", cmp.Diff(want, a.OIDC))
	}
}

func TestAuthOIDCDefaults(t *testing.T) {
	t.Parallel()
	a, err := parseAuth(t, "  type: oidc\n  auth_discovery_url: http://127.0.0.1:8080/.well-known/openid-configuration\n  client_id: quiver\n")
	if err != nil {
		t.Fatal(err)
	}
	want := OIDC{
		DiscoveryURL: "http://127.0.0.1:8080/.well-known/openid-configuration", ClientID: "quiver", Audience: "quiver",
		JWKSCacheLifespan: DefaultJWKSCacheLifespan, Timeout: DefaultAuthTimeout,
		UsernameClaims: []string{"preferred_username", "upn", "azp", "sub"},
		RolesClaim:     "roles", GroupsClaim: "groups", NamespacesClaim: "namespaces",
	}
	if d := cmp.Diff(want, a.OIDC); d != "" {
		t.Errorf("oidc defaults (-want +got):\n%s", d)
	}
}

func TestAuthKubernetesKeysAndDefaults(t *testing.T) {
	t.Parallel()
	a, err := parseAuth(t, "  type: kubernetes\n  api_server_url: https://10.0.0.1:6443\n  token_file: /t\n  ca_file: /ca\n  audiences: [quiver]\n  timeout: 2s\n  cache_ttl: 0s\n")
	if err != nil {
		t.Fatal(err)
	}
	want := Kubernetes{APIServerURL: "https://10.0.0.1:6443", TokenFile: "/t", CAFile: "/ca", Audiences: []string{"quiver"}, Timeout: 2 * time.Second}
	if d := cmp.Diff(want, a.Kubernetes); d != "" {
		t.Errorf("kubernetes (-want +got):\n%s", d)
	}
	a, err = parseAuth(t, "  type: kubernetes\n")
	if err != nil {
		t.Fatal(err)
	}
	want = Kubernetes{TokenFile: DefaultKubeTokenFile, CAFile: DefaultKubeCAFile, Timeout: DefaultAuthTimeout, CacheTTL: DefaultTokenReviewTTL}
	if d := cmp.Diff(want, a.Kubernetes); d != "" {
		t.Errorf("kubernetes defaults (-want +got):\n%s", d)
	}
}

func TestAuthRejectsMistakesWithPositions(t *testing.T) {
	t.Parallel()
	oidc := "  type: oidc\n  auth_discovery_url: https://idp/x\n  client_id: c\n"
	static := "  type: static_tokens\n  tokens:\n"
	for _, tc := range []struct{ name, block, want string }{
		{"unknown type", "  type: ldap\n", `quiver.yaml:3:9: auth type "ldap" is not supported (use no_auth, static_tokens, oidc, kubernetes)`},
		{"unknown key", "  type: oidc\n  client: x\n", `quiver.yaml:4:3: unknown key "client" in auth (known: type, tokens, auth_discovery_url,`},
		{"a key of another type", "  type: no_auth\n  client_id: x\n", `quiver.yaml:4:3: key "client_id" does not apply to auth type no_auth (its keys: none but type)`},
		{"an oidc key with static tokens", static + "    - {name: a, sha256: " + hashA + "}\n  audience: x\n",
			`quiver.yaml:6:3: key "audience" does not apply to auth type static_tokens (its keys: type, tokens)`},
		{"a kubernetes key with oidc", oidc + "  cache_ttl: 1s\n", `quiver.yaml:6:3: key "cache_ttl" does not apply to auth type oidc`},
		{"type not a scalar", "  type: [oidc]\n", `quiver.yaml:3:9: expected a single value`},
		{"auth not a mapping", "  - oidc\n", `quiver.yaml:3:3: auth must be a mapping`},
		{"oidc without discovery url", "  type: oidc\n  client_id: c\n", `quiver.yaml:3:3: auth type oidc needs auth_discovery_url`},
		{"oidc without client id", "  type: oidc\n  auth_discovery_url: https://idp/x\n", `quiver.yaml:3:3: auth type oidc needs client_id`},
		{"discovery url not http", "  type: oidc\n  client_id: c\n  auth_discovery_url: ftp://idp/x\n", `quiver.yaml:5:23: auth_discovery_url must be an absolute http or https URL`},
		{"discovery url relative", "  type: oidc\n  client_id: c\n  auth_discovery_url: /x\n", `quiver.yaml:5:23: auth_discovery_url must be an absolute http or https URL`},
		{"discovery url with a password", "  type: oidc\n  client_id: c\n  auth_discovery_url: https://u:pw@idp/x\n", `quiver.yaml:5:23: auth_discovery_url must not hold a user or password`},
		{"empty client id", "  type: oidc\n  auth_discovery_url: https://idp/x\n  client_id: \"\"\n", `quiver.yaml:5:14: client_id must not be empty`},
		{"client secret in the file", oidc + "  client_secret: s3cret\n", `quiver.yaml:6:3: client_secret does not belong in quiver.yaml: a client reads it from the environment variable QUIVER_OIDC_CLIENT_SECRET`},
		{"password flow", oidc + "  password: s3cret\n", `quiver.yaml:6:3: password: the password flow is not supported`},
		{"verify_ssl not a bool", oidc + "  verify_ssl: maybe\n", `quiver.yaml:6:15: verify_ssl must be true or false`},
		{"bad lifespan", oidc + "  jwks_cache_lifespan: 5\n", `quiver.yaml:6:24: jwks_cache_lifespan "5" is not a duration`},
		{"zero lifespan", oidc + "  jwks_cache_lifespan: 0s\n", `quiver.yaml:6:24: jwks_cache_lifespan must be above zero`},
		{"huge timeout", oidc + "  timeout: 25h\n", `quiver.yaml:6:12: timeout must be below 24h0m0s`},
		{"username claims not a list", oidc + "  username_claims: email\n", `quiver.yaml:6:20: username_claims must be a list such as [a, b]`},
		{"no username claims", oidc + "  username_claims: []\n", `quiver.yaml:6:20: username_claims must name at least one claim`},
		{"an empty username claim", oidc + "  username_claims: [sub, \"\"]\n", `quiver.yaml:6:26: username_claims holds an empty value`},
		{"static without tokens", "  type: static_tokens\n", `quiver.yaml:3:3: auth type static_tokens needs tokens`},
		{"tokens not a list", static + "    name: a\n", `quiver.yaml:5:5: tokens must be a list of {name, sha256, roles, groups, namespaces}`},
		{"no tokens", "  type: static_tokens\n  tokens: []\n", `quiver.yaml:4:11: tokens must list at least one token`},
		{"a token without a name", static + "    - sha256: " + hashA + "\n", `quiver.yaml:5:7: a token needs a name`},
		{"a token without a hash", static + "    - name: a\n", `quiver.yaml:5:7: a token needs a sha256`},
		{"a short hash", static + "    - name: a\n      sha256: abc\n", `quiver.yaml:6:15: sha256 must be 64 hex digits (the SHA-256 of the token; ` + "`quiver auth hash-token`" + ` prints it), not 3 characters`},
		{"a hash not hex", static + "    - name: a\n      sha256: " + strings.Repeat("g", 64) + "\n", `quiver.yaml:6:15: sha256 must be 64 hex digits`},
		{"a plain token", static + "    - name: a\n      token: hunter2\n", "quiver.yaml:6:7: write the token's SHA-256 as sha256"},
		{"an unknown token key", static + "    - name: a\n      sha256: " + hashA + "\n      role: [x]\n", `quiver.yaml:7:7: unknown key "role" in a token (known: name, sha256, roles, groups, namespaces)`},
		{"a repeated name", static + "    - {name: a, sha256: " + hashA + "}\n    - {name: a, sha256: " + hashB + "}\n", `quiver.yaml:6:14: token name "a" repeated (first at quiver.yaml:5:14)`},
		{"a repeated hash", static + "    - {name: a, sha256: " + hashA + "}\n    - {name: b, sha256: " + strings.ToUpper(hashA) + "}\n", `quiver.yaml:6:25: token sha256 repeated (first at quiver.yaml:5:25)`},
		{"roles not a list", static + "    - {name: a, sha256: " + hashA + ", roles: reader}\n", `quiver.yaml:5:98: roles must be a list such as [a, b]`},
		{"a role not a string", static + "    - {name: a, sha256: " + hashA + ", roles: [{x: 1}]}\n", `quiver.yaml:5:99: expected a single value`},
		{"an empty group", static + "    - {name: a, sha256: " + hashA + ", groups: [\"\"]}\n", `quiver.yaml:5:100: groups holds an empty value`},
		{"bad api server url", "  type: kubernetes\n  api_server_url: 10.0.0.1:6443\n", `quiver.yaml:4:19: api_server_url must be an absolute http or https URL`},
		{"negative cache ttl", "  type: kubernetes\n  cache_ttl: -1s\n", `quiver.yaml:4:14: cache_ttl must be above zero`},
		{"a repeated key", "  type: oidc\n  type: kubernetes\n", `quiver.yaml:4:3: key "type" repeated (first at quiver.yaml:3:3)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseAuth(t, tc.block)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestAuthErrorsDoNotEchoSecrets(t *testing.T) {
	t.Parallel()
	for _, block := range []string{
		"  type: oidc\n  client_id: c\n  auth_discovery_url: https://user:hunter2@idp/x\n",
		"  type: oidc\n  client_id: c\n  auth_discovery_url: ftp://idp/x?key=hunter2\n",
		"  type: oidc\n  client_id: c\n  auth_discovery_url: https://idp/x\n  client_secret: hunter2\n",
		"  type: static_tokens\n  tokens:\n    - name: a\n      token: hunter2\n",
		"  type: static_tokens\n  tokens:\n    - name: a\n      sha256: hunter2\n",
	} {
		_, err := parseAuth(t, block)
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("err = %v", err)
		}
	}
}

func TestAuthString(t *testing.T) {
	t.Parallel()
	a := Auth{Type: AuthStaticTokens, Tokens: make([]StaticToken, 2)}
	if got := a.String(); got != "static_tokens (2 tokens)" {
		t.Errorf("String = %q", got)
	}
}

// checkAuth checks what an accepted auth block promises (FuzzParse).
func checkAuth(t *testing.T, a Auth) {
	t.Helper()
	if _, ok := authKeys[a.Type]; !ok {
		t.Errorf("accepted auth type %q", a.Type)
	}
	names := map[string]bool{}
	hashes := map[string]bool{}
	for _, tok := range a.Tokens {
		b, err := hex.DecodeString(tok.SHA256)
		if err != nil || len(b) != 32 || strings.ToLower(tok.SHA256) != tok.SHA256 || tok.Name == "" || names[tok.Name] || hashes[tok.SHA256] {
			t.Errorf("accepted token %+v", tok)
		}
		names[tok.Name], hashes[tok.SHA256] = true, true
		for _, list := range [][]string{tok.Roles, tok.Groups, tok.Namespaces} {
			if slices.Contains(list, "") {
				t.Errorf("accepted an empty value in token %q", tok.Name)
			}
		}
	}
	switch a.Type {
	case AuthStaticTokens:
		if len(a.Tokens) == 0 {
			t.Errorf("accepted static_tokens without tokens")
		}
	case AuthOIDC:
		o := a.OIDC
		if o.DiscoveryURL == "" || o.ClientID == "" || o.Audience == "" || len(o.UsernameClaims) == 0 ||
			o.Timeout <= 0 || o.JWKSCacheLifespan <= 0 {
			t.Errorf("accepted oidc settings %+v", o)
		}
	case AuthKubernetes:
		k := a.Kubernetes
		if k.TokenFile == "" || k.CAFile == "" || k.Timeout <= 0 || k.CacheTTL < 0 {
			t.Errorf("accepted kubernetes settings %+v", k)
		}
	}
}
