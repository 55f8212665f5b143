package serving_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/quiverfs/quiver/host/internal/authn"
	"github.com/quiverfs/quiver/host/internal/authz"
	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/host/internal/model"
)

// What scripts/backends/keycloak.sh sets up in the realm it creates.
const (
	keycloakClient  = "quiver-server"
	keycloakRole    = "reader"
	keycloakAccount = "service-account-" + keycloakClient
)

// TestKeycloakEndToEnd runs the feature server with auth: oidc against a
// real Keycloak (scripts/backends/keycloak.sh; `make test-keycloak`), which
// it finds in QUIVER_TEST_KEYCLOAK_URL (the realm's URL) and
// QUIVER_TEST_KEYCLOAK_SECRET (client quiver-server's secret). The token
// comes from Keycloak by the client-credentials flow exactly as the CLI
// gets it (authn.ClientToken with QUIVER_OIDC_CLIENT_SECRET), and its role
// from Keycloak's client roles (resource_access.quiver-server.roles). It is
// opt-in: without the variables it is skipped, and `make test` does not
// start Keycloak.
func TestKeycloakEndToEnd(t *testing.T) {
	realm := os.Getenv("QUIVER_TEST_KEYCLOAK_URL")
	secret := os.Getenv("QUIVER_TEST_KEYCLOAK_SECRET")
	if realm == "" || secret == "" {
		t.Skip("QUIVER_TEST_KEYCLOAK_URL and QUIVER_TEST_KEYCLOAK_SECRET are not set: this opt-in test needs a real Keycloak; " +
			"run `make test-keycloak` (scripts/backends/keycloak.sh starts one)")
	}
	discovery := strings.TrimRight(realm, "/") + "/.well-known/openid-configuration"
	e := newEnvConfig(t, nil, fmt.Sprintf("auth:\n  type: oidc\n  auth_discovery_url: %s\n  client_id: %s\n", discovery, keycloakClient))
	apply(t, e.fs, &model.Permission{Name: "readers", Types: []string{"feature-view"}, Actions: []string{"READ_ONLINE"},
		Policy: authz.Policy{Roles: []string{keycloakRole}}})
	time.Sleep(200 * time.Millisecond) // the server reloads the registry every 50 ms

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	t.Setenv(authn.EnvToken, "")
	t.Setenv(authn.EnvClientSecret, "wrong-"+secret)
	if _, err := authn.ClientToken(ctx, e.fs.Config.Auth); err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("a wrong client secret: %v; want a refusal that does not echo the secret", err)
	} else {
		t.Logf("a wrong client secret: %v", err)
	}
	t.Setenv(authn.EnvClientSecret, secret)
	token, err := authn.ClientToken(ctx, e.fs.Config.Auth)
	if err != nil {
		t.Fatalf("client-credentials token from Keycloak: %v", err)
	}

	read := map[string]any{"features": []string{"driver_stats:trips"}, "entities": map[string]any{"driver_id": []int{1001}}}
	readRPC := func(ctx context.Context) (*servingv1.GetOnlineFeaturesResponse, error) {
		return e.grpc.GetOnlineFeatures(ctx, &servingv1.GetOnlineFeaturesRequest{Features: []string{"driver_stats:trips"},
			Entities: []*servingv1.Column{{Name: "driver_id", Values: []*servingv1.Value{{Kind: &servingv1.Value_Int64Value{Int64Value: 1001}}}}}})
	}
	push := map[string]any{"push_source_name": "driver_push", "to": "online", "df": map[string]any{
		"driver_id": []int{1001}, "event_timestamp": []string{now.Format(time.RFC3339)},
		"conv_rate": []float64{0.5}, "acc_rate": []float64{0.5}, "trips": []int{1}, "note": []string{"x"}}}
	for _, tc := range []struct {
		name, token string
		body        map[string]any
		path        string
		http        int
		code        codes.Code // of the read over gRPC; push is HTTP only
		reason      string
	}{
		{"Keycloak's token reads", token, read, "/get-online-features", 200, codes.OK, ""},
		{"Keycloak's token may not push", token, push, "/push", 403, codes.OK, keycloakAccount + " may not WRITE_ONLINE"},
		{"tampered signature", tamper(t, token), read, "/get-online-features", 401, codes.Unauthenticated, "signature"},
		{"no token", "", read, "/get-online-features", 401, codes.Unauthenticated, "no credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, e.url+tc.path, strings.NewReader(mustJSON(t, tc.body)))
			req.Header.Set("Content-Type", "application/json")
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			code, answer := decode(t, resp)
			msg := fmt.Sprint(answer)
			if code != tc.http || !strings.Contains(msg, tc.reason) {
				t.Errorf("HTTP %d %s; want %d with %q", code, msg, tc.http, tc.reason)
			}
			if tc.http == 200 {
				if names, cols := results(t, answer); len(cols) != 2 || names[1] != "trips" || len(cols[1].Values) != 1 || cols[1].Values[0] != 7.0 {
					t.Errorf("HTTP answer %s; want driver 1001's trips, 7", msg)
				}
			}
			if tc.path != "/get-online-features" {
				return
			}
			ctx := context.Background()
			if tc.token != "" {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tc.token)
			}
			out, err := readRPC(ctx)
			if st := status.Convert(err); st.Code() != tc.code || !strings.Contains(st.Message(), tc.reason) {
				t.Errorf("gRPC %v; want %s with %q", err, tc.code, tc.reason)
			}
			if tc.code == codes.OK && err == nil {
				names, res := out.GetFeatureNames(), out.GetResults()
				if len(names) != 2 || names[1] != "trips" || len(res) != 2 || len(res[1].GetValues()) != 1 || res[1].GetValues()[0].GetInt64Value() != 7 {
					t.Errorf("gRPC answer %v; want driver 1001's trips, 7", out)
				}
			}
		})
	}
}

// tamper returns the JWT token with one character of its signature
// changed: the middle one, whose six bits all belong to the signature
// (the last character's low bits can be padding).
func tamper(t *testing.T, token string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(parts[2]) < 8 {
		t.Fatalf("Keycloak's access token is not a signed JWT: %d parts", len(parts))
	}
	sig := []byte(parts[2])
	i := len(sig) / 2
	if sig[i] == 'A' {
		sig[i] = 'B'
	} else {
		sig[i] = 'A'
	}
	parts[2] = string(sig)
	return strings.Join(parts, ".")
}
