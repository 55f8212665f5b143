package authn

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/config"
)

// issuer is a real OIDC issuer (mockoidc) on a loopback port: discovery,
// JWKS and token endpoints over HTTP. Tokens with any claims are signed
// with its current key pair.
type issuer struct {
	m *mockoidc.MockOIDC
	// mu guards m.Keypair: a test changes it while the server reads it.
	mu        sync.Mutex
	jwksHits  atomic.Int32
	jwksFails atomic.Bool
	// jwksHang, when set, holds JWKS requests until it is closed.
	jwksHang atomic.Pointer[chan struct{}]
}

func startIssuer(t *testing.T) *issuer {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Keypair.KeyID(); err != nil { // computed once, before serving
		t.Fatal(err)
	}
	iss := &issuer{m: m}
	if err := m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if hang := iss.jwksHang.Load(); hang != nil && r.URL.Path == mockoidc.JWKSEndpoint {
				select {
				case <-*hang:
				case <-r.Context().Done():
				}
			}
			iss.mu.Lock()
			defer iss.mu.Unlock()
			if r.URL.Path == mockoidc.JWKSEndpoint {
				iss.jwksHits.Add(1)
				if iss.jwksFails.Load() {
					http.Error(w, "down", http.StatusInternalServerError)
					return
				}
			}
			if r.URL.Path == mockoidc.TokenEndpoint && r.PostFormValue("grant_type") == "client_credentials" {
				iss.clientCredentials(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return iss
}

// claims returns valid claims for user, to be changed by a test.
func (iss *issuer) claims(user string) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"iss": iss.m.Issuer(), "aud": iss.m.ClientID, "sub": "sub-" + user, "preferred_username": user,
		"iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
	}
}

func (iss *issuer) sign(t *testing.T, c jwt.MapClaims) string {
	t.Helper()
	iss.mu.Lock()
	defer iss.mu.Unlock()
	tok, err := iss.m.Keypair.SignJWT(c)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// rotate makes the issuer sign with a new key and publish only it.
func (iss *issuer) rotate(t *testing.T) {
	t.Helper()
	kp, err := mockoidc.RandomKeypair(2048)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kp.KeyID(); err != nil {
		t.Fatal(err)
	}
	iss.mu.Lock()
	iss.m.Keypair = kp
	iss.mu.Unlock()
}

// clientCredentials answers the client-credentials grant, which mockoidc
// itself does not implement: the client authenticates with its secret
// (HTTP Basic or form) and gets an access token signed by the issuer.
func (iss *issuer) clientCredentials(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	w.Header().Set("Content-Type", "application/json")
	if id != iss.m.ClientID || secret != iss.m.ClientSecret {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"bad client credentials"}`))
		return
	}
	now := time.Now()
	tok, err := iss.m.Keypair.SignJWT(jwt.MapClaims{
		"iss": iss.m.Issuer(), "aud": iss.m.ClientID, "azp": iss.m.ClientID, "sub": "service-account-id",
		"scope": r.PostFormValue("scope"), "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
	})
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 300})
}

// authCfg parses an oidc auth block pointing at the issuer through
// config.Parse, so the defaults are quiver.yaml's.
func (iss *issuer) authCfg(t *testing.T, extra string) config.Auth {
	t.Helper()
	doc := fmt.Sprintf("project: p\nauth:\n  type: oidc\n  auth_discovery_url: %s\n  client_id: %s\n%s",
		iss.m.DiscoveryEndpoint(), iss.m.ClientID, extra)
	cfg, err := config.Parse("/repo", "quiver.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Auth
}

func (iss *issuer) authenticator(t *testing.T, extra string) *OIDC {
	t.Helper()
	a, err := NewOIDC(context.Background(), iss.authCfg(t, extra).OIDC)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// clock moves a key set's time forward.
type clock struct{ off atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *clock) advance(d time.Duration) { c.off.Add(int64(d)) }
func withClock(a *OIDC) *clock           { c := &clock{}; a.keys.now = c.now; return c }
func reasonOf(err error) string          { var e *Error; errors.As(err, &e); return e.Reason }
func joined(s []string) string           { return strings.Join(s, ",") }
func ident(id authz.Identity) [4]string {
	return [4]string{id.Name, joined(id.Roles), joined(id.Groups), joined(id.Namespaces)}
}

// refused checks that err refuses with reason, wraps ErrUnauthenticated and
// holds nothing of the token.
func refused(t *testing.T, what string, err error, token, reason string) {
	t.Helper()
	if !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("%s: err = %v, want it to wrap ErrUnauthenticated", what, err)
		return
	}
	if got := reasonOf(err); got != reason {
		t.Errorf("%s: reason %q, want %q", what, got, reason)
	}
	for _, part := range strings.Split(token, ".") {
		if len(part) >= 8 && strings.Contains(err.Error(), part) {
			t.Errorf("%s: the error %q holds part of the token", what, err)
		}
	}
}

func TestOIDCValidTokenMapsClaims(t *testing.T) {
	t.Parallel()
	iss := startIssuer(t)
	a := iss.authenticator(t, "")
	c := iss.claims("alice")
	c["roles"] = []string{"reader"}
	c["resource_access"] = map[string]any{iss.m.ClientID: map[string]any{"roles": []string{"writer"}}, "other-client": map[string]any{"roles": []string{"admin"}}}
	c["groups"] = []string{"ds", "ml"}
	c["namespaces"] = []string{"team-a"}
	id, err := a.Authenticate(context.Background(), iss.sign(t, c))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ident(id), [4]string{"alice", "reader,writer", "ds,ml", "team-a"}; got != want {
		t.Errorf("identity %q, want %q", got, want)
	}
	if a.Issuer() != iss.m.Issuer() {
		t.Errorf("issuer %q, want the discovered %q", a.Issuer(), iss.m.Issuer())
	}
}

func TestOIDCUsernameFallsBackAndIsRequired(t *testing.T) {
	t.Parallel()
	iss := startIssuer(t)
	a := iss.authenticator(t, "")
	c := iss.claims("x")
	delete(c, "preferred_username")
	c["upn"] = "bob@corp"
	if id, err := a.Authenticate(context.Background(), iss.sign(t, c)); err != nil || id.Name != "bob@corp" {
		t.Errorf("upn: %+v, %v", id, err)
	}
	delete(c, "upn")
	if id, err := a.Authenticate(context.Background(), iss.sign(t, c)); err != nil || id.Name != "sub-x" {
		t.Errorf("sub: %+v, %v", id, err)
	}
	delete(c, "sub")
	tok := iss.sign(t, c)
	_, err := a.Authenticate(context.Background(), tok)
	refused(t, "no username claim", err, tok, ReasonNoUsername)
}

func TestOIDCRefusesBadTokens(t *testing.T) {
	t.Parallel()
	iss := startIssuer(t)
	a := iss.authenticator(t, "")
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, tc := range []struct {
		name   string
		token  func() string
		reason string
	}{
		{"expired", func() string {
			c := iss.claims("a")
			c["exp"] = now.Add(-time.Minute).Unix()
			return iss.sign(t, c)
		}, ReasonExpired},
		{"no exp", func() string { c := iss.claims("a"); delete(c, "exp"); return iss.sign(t, c) }, ReasonNoExpiry},
		{"not yet valid (nbf an hour ahead; go-oidc allows 5 minutes of skew)", func() string {
			c := iss.claims("a")
			c["nbf"] = now.Add(time.Hour).Unix()
			return iss.sign(t, c)
		}, ReasonNotYetValid},
		{"wrong audience", func() string { c := iss.claims("a"); c["aud"] = "another-client"; return iss.sign(t, c) }, ReasonWrongAudience},
		{"wrong audience in a list", func() string {
			c := iss.claims("a")
			c["aud"] = []string{"x", "y"}
			return iss.sign(t, c)
		}, ReasonWrongAudience},
		{"no audience", func() string { c := iss.claims("a"); delete(c, "aud"); return iss.sign(t, c) }, ReasonWrongAudience},
		{"wrong issuer", func() string { c := iss.claims("a"); c["iss"] = "http://127.0.0.1:1/evil"; return iss.sign(t, c) }, ReasonWrongIssuer},
		{"signed by another key under the issuer's key ID", func() string {
			kid, _ := iss.m.Keypair.KeyID()
			kp := &mockoidc.Keypair{PrivateKey: other, PublicKey: &other.PublicKey, Kid: kid}
			tok, _ := kp.SignJWT(iss.claims("a"))
			return tok
		}, ReasonSignature},
		{"signed by another key under its own key ID", func() string {
			kp, _ := mockoidc.NewKeypair(other)
			tok, _ := kp.SignJWT(iss.claims("a"))
			return tok
		}, ReasonSignature},
		{"payload changed after signing", func() string {
			parts := strings.Split(iss.sign(t, iss.claims("a")), ".")
			c := iss.claims("root")
			b, _ := json.Marshal(c)
			parts[1] = strings.TrimRight(jwtB64(b), "=")
			return strings.Join(parts, ".")
		}, ReasonSignature},
		{"HS256 with the public key as secret", func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, iss.claims("a"))
			kid, _ := iss.m.Keypair.KeyID()
			tok.Header["kid"] = kid
			s, _ := tok.SignedString(iss.m.Keypair.PublicKey.N.Bytes())
			return s
		}, ReasonMalformedToken},
		{"alg none", func() string {
			s, _ := jwt.NewWithClaims(jwt.SigningMethodNone, iss.claims("a")).SignedString(jwt.UnsafeAllowNoneSignatureType)
			return s
		}, ReasonMalformedToken},
		{"garbage", func() string { return "not-a-jwt" }, ReasonMalformedToken},
		{"three garbage parts", func() string { return "aaaa.bbbb.cccc" }, ReasonMalformedToken},
		{"oversize", func() string { return strings.Repeat("a", MaxTokenBytes+1) }, ReasonTooLarge},
		{"oversize but signed", func() string {
			c := iss.claims("a")
			c["pad"] = strings.Repeat("p", MaxTokenBytes)
			return iss.sign(t, c)
		}, ReasonTooLarge},
		{"characters a bearer token cannot hold", func() string { return "a b" }, ReasonBadCharacters},
	} {
		tok := tc.token()
		_, err := a.Authenticate(context.Background(), tok)
		refused(t, tc.name, err, tok, tc.reason)
	}
	_, err = a.Authenticate(context.Background(), "")
	if !errors.Is(err, ErrNoCredentials) || !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("empty token: %v", err)
	}
}

func jwtB64(b []byte) string {
	return strings.NewReplacer("+", "-", "/", "_").Replace(base64Std(b))
}

func TestOIDCConfiguredIssuerAndAudience(t *testing.T) {
	t.Parallel()
	iss := startIssuer(t)
	a := iss.authenticator(t, "  issuer: https://idp.example/realms/r\n  audience: quiver-api\n")
	c := iss.claims("a")
	c["aud"] = []string{"account", "quiver-api"}
	_, err := a.Authenticate(context.Background(), iss.sign(t, c))
	refused(t, "the discovered issuer when another is configured", err, "", ReasonWrongIssuer)
	c["iss"] = "https://idp.example/realms/r"
	if id, err := a.Authenticate(context.Background(), iss.sign(t, c)); err != nil || id.Name != "a" {
		t.Errorf("configured issuer and audience: %+v, %v", id, err)
	}
	c["aud"] = iss.m.ClientID // the client ID is not the audience now
	_, err = a.Authenticate(context.Background(), iss.sign(t, c))
	refused(t, "client_id as audience when another is configured", err, "", ReasonWrongAudience)
}

func TestOIDCCustomClaimNames(t *testing.T) {
	t.Parallel()
	iss := startIssuer(t)
	a := iss.authenticator(t, "  username_claims: [email]\n  roles_claim: realm_access.roles\n  client_roles: false\n  groups_claim: teams\n  namespaces_claim: https://quiver.dev/ns\n")
	c := iss.claims("ignored")
	c["email"] = "e@x.io"
	c["realm_access"] = map[string]any{"roles": []string{"r1"}}
	c["resource_access"] = map[string]any{iss.m.ClientID: map[string]any{"roles": []string{"not-read"}}}
	c["teams"] = "t1"
	c["https://quiver.dev/ns"] = []string{"n1", "n2"}
	id, err := a.Authenticate(context.Background(), iss.sign(t, c))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ident(id), [4]string{"e@x.io", "r1", "t1", "n1,n2"}; got != want {
		t.Errorf("identity %q, want %q", got, want)
	}
}

// TestOIDCPicksUpRotatedKeys: the issuer switches to a new key; a token
// signed with it names a key ID not yet known, so the keys are fetched
// again and it verifies; a token of the old key is then refused.
func TestOIDCPicksUpRotatedKeys(t *testing.T) {
	t.Parallel()
	iss := startIssuer(t)
	a := iss.authenticator(t, "")
	clk := withClock(a)
	ctx := context.Background()
	oldTok := iss.sign(t, iss.claims("old"))
	if _, err := a.Authenticate(ctx, oldTok); err != nil {
		t.Fatal(err)
	}
	iss.rotate(t)
	newTok := iss.sign(t, iss.claims("new"))
	clk.advance(minRefetch) // the start-up fetch was just now
	hits := iss.jwksHits.Load()
	if id, err := a.Authenticate(ctx, newTok); err != nil || id.Name != "new" {
		t.Fatalf("a token of the new key: %+v, %v", id, err)
	}
	if got := iss.jwksHits.Load() - hits; got != 1 {
		t.Errorf("%d key fetches for the new key, want 1", got)
	}
	_, err := a.Authenticate(ctx, oldTok)
	refused(t, "a token of the removed key", err, oldTok, ReasonSignature)
}

// TestOIDCRateLimitsFetchesForUnknownKeys: made-up key IDs do not turn
// into one request to the issuer each.
func TestOIDCRateLimitsFetchesForUnknownKeys(t *testing.T) {
	t.Parallel()
	iss := startIssuer(t)
	a := iss.authenticator(t, "")
	clk := withClock(a)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	hits := iss.jwksHits.Load()
	for i := range 20 {
		kp := &mockoidc.Keypair{PrivateKey: other, PublicKey: &other.PublicKey, Kid: fmt.Sprintf("made-up-%d", i)}
		tok, _ := kp.SignJWT(iss.claims("a"))
		_, err := a.Authenticate(context.Background(), tok)
		refused(t, "made-up key ID", err, tok, ReasonSignature)
		if i == 9 {
			clk.advance(minRefetch)
		}
	}
	if got := iss.jwksHits.Load() - hits; got != 1 {
		t.Errorf("%d key fetches for 20 tokens over two rate-limit windows (the first just after start-up), want 1", got)
	}
}

// TestOIDCKeysExpireAfterTheCacheLifespan: after jwks_cache_lifespan the
// keys are fetched again before a token is checked, so a key the issuer
// withdrew stops verifying even though no new key ID was seen.
func TestOIDCKeysExpireAfterTheCacheLifespan(t *testing.T) {
	t.Parallel()
	iss := startIssuer(t)
	a := iss.authenticator(t, "  jwks_cache_lifespan: 1m\n")
	clk := withClock(a)
	oldTok := iss.sign(t, iss.claims("old"))
	iss.rotate(t)
	if _, err := a.Authenticate(context.Background(), oldTok); err != nil {
		t.Fatalf("within the lifespan the cached key still verifies: %v", err)
	}
	clk.advance(time.Minute)
	_, err := a.Authenticate(context.Background(), oldTok)
	refused(t, "the withdrawn key after the lifespan", err, oldTok, ReasonSignature)
}

func TestOIDCKeysUnavailable(t *testing.T) {
	t.Parallel()
	iss := startIssuer(t)
	a := iss.authenticator(t, "")
	clk := withClock(a)
	goodTok := iss.sign(t, iss.claims("a"))
	iss.rotate(t)
	iss.jwksFails.Store(true)
	clk.advance(minRefetch)
	tok := iss.sign(t, iss.claims("b"))
	_, err := a.Authenticate(context.Background(), tok)
	refused(t, "a new key while the key set cannot be fetched", err, tok, ReasonKeysUnavailable)
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("err = %v, want ErrUnavailable", err)
	}
	if _, err := a.Authenticate(context.Background(), goodTok); err != nil {
		t.Errorf("a token of a cached key while the issuer is down: %v", err)
	}
}

func TestNewOIDCFailsClearlyWhenTheIssuerIsDown(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + ln.Addr().String() + "/.well-known/openid-configuration"
	ln.Close()
	hang := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-hang }))
	t.Cleanup(func() { close(hang); slow.Close() })
	for name, u := range map[string]string{"refused": closedURL, "hanging": slow.URL + "/.well-known/openid-configuration"} {
		start := time.Now()
		_, err := NewOIDC(context.Background(), config.OIDC{DiscoveryURL: u, ClientID: "c", Timeout: 300 * time.Millisecond})
		if err == nil || !strings.Contains(err.Error(), "oidc: discovery") {
			t.Errorf("%s: err = %v", name, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: NewOIDC took %s", name, d)
		}
	}
}

func TestNewOIDCFailsWhenTheKeysCannotBeFetched(t *testing.T) {
	t.Parallel()
	iss := startIssuer(t)
	iss.jwksFails.Store(true)
	_, err := NewOIDC(context.Background(), iss.authCfg(t, "").OIDC)
	if err == nil || !strings.Contains(err.Error(), "oidc: signing keys") || !strings.Contains(err.Error(), "HTTP 500") {
		t.Errorf("err = %v", err)
	}
}

func TestClientTokenClientCredentialsAgainstTheIssuer(t *testing.T) {
	iss := startIssuer(t)
	cfg := iss.authCfg(t, "  scopes: [openid]\n")
	t.Setenv(EnvToken, "")
	t.Setenv(EnvClientSecret, iss.m.ClientSecret)
	tok, err := ClientToken(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.Authenticate(context.Background(), tok)
	if err != nil || id.Name != iss.m.ClientID {
		t.Errorf("the client-credentials token: %+v, %v (want the client, by azp)", id, err)
	}

	t.Setenv(EnvClientSecret, "wrong-secret-value")
	_, err = ClientToken(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "invalid_client") || strings.Contains(err.Error(), "wrong-secret-value") {
		t.Errorf("a wrong secret: %v", err)
	}
	t.Setenv(EnvClientSecret, "")
	if _, err := ClientToken(context.Background(), cfg); !errors.Is(err, ErrNoCredentials) || !strings.Contains(err.Error(), EnvClientSecret) {
		t.Errorf("no secret: %v", err)
	}
	t.Setenv(EnvToken, "given-token")
	if tok, err := ClientToken(context.Background(), cfg); tok != "given-token" || err != nil {
		t.Errorf("QUIVER_TOKEN: %q, %v", tok, err)
	}
}

func TestAllowedAlgsAreAsymmetricOnly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ advertised, want string }{
		{"", "RS256"},
		{"HS256,none,RS256,ES256,RS256", "RS256,ES256"},
		{"EdDSA,PS512", "EdDSA,PS512"},
		{"HS256", "error"},
		{"none,HS384,HS512", "error"},
	} {
		var adv []string
		if tc.advertised != "" {
			adv = strings.Split(tc.advertised, ",")
		}
		got, err := allowedAlgs(adv)
		if err != nil {
			got = []string{"error"}
		}
		if joined(got) != tc.want {
			t.Errorf("allowedAlgs(%q) = %q, want %q", tc.advertised, joined(got), tc.want)
		}
	}
}

// TestOIDCSlowRefreshDoesNotHoldUpOthers: when the keys' lifespan is over
// and the issuer hangs, the one request that refreshes waits (up to the
// timeout); the others go on with the cached keys.
func TestOIDCSlowRefreshDoesNotHoldUpOthers(t *testing.T) {
	t.Parallel()
	iss := startIssuer(t)
	a := iss.authenticator(t, "  jwks_cache_lifespan: 1m\n  timeout: 2s\n")
	clk := withClock(a)
	tok := iss.sign(t, iss.claims("a"))
	hang := make(chan struct{})
	iss.jwksHang.Store(&hang)
	t.Cleanup(func() { close(hang) })
	clk.advance(time.Minute)
	refreshing := make(chan error, 1)
	go func() { _, err := a.Authenticate(context.Background(), tok); refreshing <- err }()
	deadline := time.Now().Add(2 * time.Second)
	for a.keys.fetchMu.TryLock() { // wait until the refresh holds the lock
		a.keys.fetchMu.Unlock()
		if time.Now().After(deadline) {
			t.Fatal("no refresh started")
		}
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	for range 5 {
		if _, err := a.Authenticate(context.Background(), tok); err != nil {
			t.Fatalf("during the refresh: %v", err)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("5 requests took %s while a refresh hung", d)
	}
	if err := <-refreshing; err != nil {
		t.Errorf("the refreshing request, after the refresh timed out, with the cached keys: %v", err)
	}
}
