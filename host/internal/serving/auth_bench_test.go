package serving_test

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/model"
)

// BenchmarkOnlineReadAuth is one 1x50 /get-online-features through the
// server's handler (no socket), with auth no_auth and with auth oidc (a
// real issuer on loopback, an RS256 token) and 50 permissions: the
// difference is what authentication and authorization cost per request.
func BenchmarkOnlineReadAuth(b *testing.B) {
	iss, err := mockoidc.NewServer(nil)
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	if err := iss.Start(ln, nil); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = iss.Shutdown() })
	token, err := iss.Keypair.SignJWT(jwt.MapClaims{"iss": iss.Issuer(), "aud": iss.ClientID, "sub": "b", "preferred_username": "bench",
		"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix(), "roles": []string{"reader"}})
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []struct{ name, yaml, token string }{
		{"no_auth", "", ""},
		{"oidc+50perms", fmt.Sprintf("auth:\n  type: oidc\n  auth_discovery_url: %s\n  client_id: %s\n", iss.DiscoveryEndpoint(), iss.ClientID), token},
	} {
		b.Run(mode.name, func(b *testing.B) {
			e := newEnvConfig(b, nil, mode.yaml)
			var perms []any
			for i := range 49 {
				perms = append(perms, &model.Permission{Name: fmt.Sprintf("p%02d", i), Types: []string{"feature-view"},
					NamePatterns: []string{fmt.Sprintf("team%02d_.*", i)}, RequiredTags: map[string]string{"team": fmt.Sprint(i)},
					Actions: []string{"READ"}, Policy: authz.Policy{Roles: []string{fmt.Sprintf("role%02d", i)}}})
			}
			perms = append(perms, &model.Permission{Name: "readers", Types: []string{"feature-view"}, Actions: []string{"READ_ONLINE"},
				Policy: authz.Policy{Roles: []string{"reader"}}})
			apply(b, e.fs, perms...)
			body := benchWide(b, e, 1)
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/get-online-features", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				if mode.token != "" {
					req.Header.Set("Authorization", "Bearer "+mode.token)
				}
				w := httptest.NewRecorder()
				e.handler.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}
