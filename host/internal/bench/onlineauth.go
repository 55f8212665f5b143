package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// OnlineAuth measures what authentication and permissions add to
// `POST /get-online-features`: the same 1 x N reads from one client back
// to back, against `quiver serve` with auth: no_auth and with auth: oidc
// (a real issuer, mockoidc, on loopback; RS256 tokens) and Permissions
// permissions defined, runs alternating. The floors of the same run: an
// HTTP no-op server and the SQLite read in process.
type OnlineAuth struct {
	Quiver      string
	Drivers     int
	Features    int
	Permissions int
	Duration    time.Duration // per run
	Rounds      int           // no_auth / oidc pairs
}

// Run sets up the repository, measures and prints the table.
func (b *OnlineAuth) Run(ctx context.Context, w io.Writer) error {
	dir, err := os.MkdirTemp("", "quiver-bench-auth-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	features, err := materializedRepo(b.Quiver, dir, b.Drivers, b.Features, map[string]string{"permissions.yaml": benchPermissions(b.Permissions)})
	if err != nil {
		return err
	}
	iss, token, err := startBenchIssuer()
	if err != nil {
		return err
	}
	defer iss.Shutdown()
	cfgPath := filepath.Join(dir, "quiver.yaml")
	plain, err := os.ReadFile(cfgPath)
	if err != nil {
		return err
	}
	withAuth := string(plain) + fmt.Sprintf("auth:\n  type: oidc\n  auth_discovery_url: %s\n  client_id: %s\n", iss.DiscoveryEndpoint(), iss.ClientID)
	names := make([]string, len(features))
	for i, f := range features {
		names[i] = "driver_stats:" + f.Name
	}
	// A first server run warms the page cache and the binary; not reported.
	if _, err := b.measure(ctx, dir, names, ""); err != nil {
		return err
	}
	var rows []Summary
	for round := range b.Rounds {
		for _, mode := range []struct {
			name, yaml, token string
		}{{"auth no_auth", string(plain), ""}, {fmt.Sprintf("auth oidc + %d permissions", b.Permissions), withAuth, token}} {
			if err := os.WriteFile(cfgPath, []byte(mode.yaml), 0o644); err != nil {
				return err
			}
			lat, err := b.measure(ctx, dir, names, mode.token)
			if err != nil {
				return fmt.Errorf("%s: %w", mode.name, err)
			}
			rows = append(rows, lat.Summarize(fmt.Sprintf("HTTP 1x%d back to back, %s (round %d)", b.Features, mode.name, round+1)))
		}
	}
	noop, err := httpNoop(ctx, b.Duration)
	if err != nil {
		return err
	}
	rows = append(rows, noop)
	floor, err := (&OnlineHTTP{Drivers: b.Drivers}).floor(ctx, dir, features)
	if err != nil {
		return err
	}
	rows = append(rows, floor[0])
	fmt.Fprintf(w, "Authentication and permissions on the online path: `quiver serve` (own process, loopback), %d drivers x %d features, one client back to back, %s per run; %s\n\n",
		b.Drivers, b.Features, b.Duration, Machine())
	WriteTable(w, rows)
	return nil
}

// measure serves dir and reads 1 x N from one client back to back.
func (b *OnlineAuth) measure(ctx context.Context, dir string, names []string, token string) (Latencies, error) {
	addr, stop, err := (&OnlineHTTP{Quiver: b.Quiver}).serve(dir)
	if err != nil {
		return nil, err
	}
	defer stop()
	load := &HTTPLoad{URL: "http://" + addr + "/get-online-features", Drivers: b.Drivers, FirstDriver: 1001, Features: names, Token: token}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	ask := func(ctx context.Context) error { return load.post(ctx, client, 1) }
	if _, _, err := ClosedLoop(ctx, 1, time.Second, ask); err != nil { // warm up
		return nil, err
	}
	lat, _, err := ClosedLoop(ctx, 1, b.Duration, ask)
	return lat, err
}

// benchPermissions defines n permissions, the last granting READ_ONLINE
// on driver_stats to the role the benchmark's token carries; the others
// cover other names, so each request is matched against all of them.
func benchPermissions(n int) string {
	var s strings.Builder
	s.WriteString("permissions:\n")
	for i := range n - 1 {
		fmt.Fprintf(&s, "  - {name: p%02d, types: [feature-view], name_patterns: [\"team%02d_.*\"], required_tags: {team: t%02d}, actions: [READ], policy: {roles: [role%02d]}}\n", i, i, i, i)
	}
	s.WriteString("  - {name: readers, types: [feature-view], name_patterns: [\"driver_.*\"], actions: [READ_ONLINE], policy: {roles: [reader]}}\n")
	return s.String()
}

// startBenchIssuer starts an OIDC issuer on loopback and signs a token
// valid for an hour with the reader role.
func startBenchIssuer() (*mockoidc.MockOIDC, string, error) {
	iss, err := mockoidc.NewServer(nil)
	if err != nil {
		return nil, "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	if err := iss.Start(ln, nil); err != nil {
		return nil, "", err
	}
	now := time.Now()
	token, err := iss.Keypair.SignJWT(jwt.MapClaims{"iss": iss.Issuer(), "aud": iss.ClientID, "sub": "bench", "preferred_username": "bench",
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "roles": []string{"reader"}})
	if err != nil {
		_ = iss.Shutdown()
		return nil, "", err
	}
	return iss, token, nil
}

// httpNoop measures the floor of any HTTP request here: a handler that
// answers {} to a POST, in this process, from one client back to back.
func httpNoop(ctx context.Context, d time.Duration) (Summary, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Summary{}, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	url := "http://" + ln.Addr().String() + "/"
	ask := func(ctx context.Context) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(`{"features":["x"]}`))
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	}
	lat, _, err := ClosedLoop(ctx, 1, d, ask)
	if err != nil {
		return Summary{}, err
	}
	return lat.Summarize("floor: HTTP no-op (in process, same client)"), nil
}
