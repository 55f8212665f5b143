package serving_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/quiverfs/quiver/host/internal/authz"
	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/host/internal/model"
)

// TestOIDCThroughTheServer runs the feature server with auth: oidc against
// a real issuer process (mockoidc) on a loopback port: roles come from the
// token's resource_access claim, and a bad token of any kind is 401 over
// HTTP and Unauthenticated over gRPC, while a good one is judged by the
// permissions.
func TestOIDCThroughTheServer(t *testing.T) {
	iss, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := iss.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = iss.Shutdown() })
	e := newEnvConfig(t, nil, fmt.Sprintf("auth:\n  type: oidc\n  auth_discovery_url: %s\n  client_id: %s\n", iss.DiscoveryEndpoint(), iss.ClientID))
	apply(t, e.fs, &model.Permission{Name: "readers", Types: []string{"feature-view"}, Actions: []string{"READ_ONLINE"},
		Policy: authz.Policy{Roles: []string{"reader"}}})
	time.Sleep(200 * time.Millisecond) // the server reloads the registry every 50 ms

	claims := func(edit func(jwt.MapClaims)) jwt.MapClaims {
		now := time.Now()
		c := jwt.MapClaims{"iss": iss.Issuer(), "aud": iss.ClientID, "sub": "u1", "preferred_username": "ann",
			"iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
			"resource_access": map[string]any{iss.ClientID: map[string]any{"roles": []string{"reader"}}}}
		if edit != nil {
			edit(c)
		}
		return c
	}
	sign := func(c jwt.MapClaims) string {
		tok, err := iss.Keypair.SignJWT(c)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	other, err := mockoidc.RandomKeypair(2048)
	if err != nil {
		t.Fatal(err)
	}
	forged, err := other.SignJWT(claims(nil))
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"features": []string{"driver_stats:trips"}, "entities": map[string]any{"driver_id": []int{1001}}}
	for _, tc := range []struct {
		name, token string
		http        int
		code        codes.Code
		reason      string
	}{
		{"a reader", sign(claims(nil)), 200, codes.OK, ""},
		{"a caller without the role", sign(claims(func(c jwt.MapClaims) { delete(c, "resource_access") })), 403, codes.PermissionDenied, "ann may not READ_ONLINE"},
		{"expired", sign(claims(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Minute).Unix() })), 401, codes.Unauthenticated, "token expired"},
		{"not yet valid", sign(claims(func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(time.Hour).Unix() })), 401, codes.Unauthenticated, "not yet valid"},
		{"wrong audience", sign(claims(func(c jwt.MapClaims) { c["aud"] = "someone-else" })), 401, codes.Unauthenticated, "wrong audience"},
		{"wrong issuer", sign(claims(func(c jwt.MapClaims) { c["iss"] = "http://127.0.0.1:1/other" })), 401, codes.Unauthenticated, "wrong issuer"},
		{"signed by another key", forged, 401, codes.Unauthenticated, "signature"},
		{"no username", sign(claims(func(c jwt.MapClaims) { delete(c, "preferred_username"); delete(c, "sub") })), 401, codes.Unauthenticated, "no username"},
		{"garbage", "not-a-jwt", 401, codes.Unauthenticated, "malformed"},
		{"no token", "", 401, codes.Unauthenticated, "no credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, e.url+"/get-online-features", strings.NewReader(mustJSON(t, body)))
			req.Header.Set("Content-Type", "application/json")
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			status_, answer := decode(t, resp)
			msg := fmt.Sprint(answer)
			if status_ != tc.http || !strings.Contains(msg, tc.reason) {
				t.Errorf("HTTP %d %s; want %d with %q", status_, msg, tc.http, tc.reason)
			}
			if tc.http == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("a 401 without WWW-Authenticate")
			}
			if tc.token != "" && strings.Contains(msg, tc.token) {
				t.Error("the answer echoes the token")
			}
			ctx := context.Background()
			if tc.token != "" {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tc.token)
			}
			_, err = e.grpc.GetOnlineFeatures(ctx, &servingv1.GetOnlineFeaturesRequest{Features: []string{"driver_stats:trips"},
				Entities: []*servingv1.Column{{Name: "driver_id", Values: []*servingv1.Value{{Kind: &servingv1.Value_Int64Value{Int64Value: 1001}}}}}})
			if st := status.Convert(err); st.Code() != tc.code || !strings.Contains(st.Message(), tc.reason) {
				t.Errorf("gRPC %v; want %s with %q", err, tc.code, tc.reason)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	s, err := jsonBody(v)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
