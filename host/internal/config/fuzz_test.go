package config

import (
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/yamlstrict"
)

// problemLine is what every line of a Parse error but the first must be.
var problemLine = regexp.MustCompile(`^fuzz\.yaml:[1-9][0-9]*:[1-9][0-9]*: \S`)

// FuzzParse feeds quiver.yaml bytes to Parse. It must not panic; a
// rejected file is reported as "N problem(s) in fuzz.yaml:" followed by
// exactly N positioned lines; an accepted one parses the same way twice and
// holds only values Parse promises (a valid project name, HOST:PORT
// addresses, durations in range).
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"project: demo\n",
		"project: demo\nregistry: data/registry.db\nonline_store:\n  type: sqlite\n  path: data/online.db\noffline_store:\n  type: file\n",
		"project: demo\nonline_store:\n  type: redis\n  connection_string: \"127.0.0.1:6379,password=${HOME}\"\n  pool_size: 8\n  tls: {ca: x}\n",
		"project: demo\nfeature_server:\n  http_addr: 127.0.0.1:6566\n  grpc_addr: ':0'\n  max_body_bytes: 10485760\n  read_header_timeout: 10s\n  write_timeout: 0s\n  max_in_flight_requests: 4\n",
		"project: demo\ningestion:\n  max_event_time_ahead: 1h\n  min_event_time: 2000-01-01T00:00:00Z\n",
		"project: demo\nembedder:\n  type: openai\n  model: m\n  dimension: 8\n",
		"project: demo\nproject: twice\n",
		"project: a\nonline_store:\n  type: redis\n  x: &a [1, 2]\n  y: [*a, *a]\n",
		"project: ${UNSET_QUIVER_FUZZ_VAR\n",
		"project: [\n",
		"---\nproject: a\n---\nproject: b\n",
		"project: a\nonline_store:\n  type: redis\n  n: !!int abc\n",
		"",
		"project: demo\n" + strings.Repeat("k", 5000) + ": 1\n",
		"project: \"a\\nb\"\nfeature_server:\n  http_addr: \"a\\n:1\"\n",
		"project: demo\nauth:\n  type: static_tokens\n  tokens:\n    - {name: a, sha256: 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8, roles: [r]}\n",
		"project: demo\nauth:\n  type: oidc\n  auth_discovery_url: https://idp/x\n  client_id: c\n  username_claims: [sub]\n  verify_ssl: false\n  jwks_cache_lifespan: 1m\n",
		"project: demo\nauth:\n  type: kubernetes\n  api_server_url: https://k:6443\n  audiences: [q]\n  cache_ttl: 0s\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("/repo", "fuzz.yaml", data)
		if err != nil {
			checkProblems(t, err.Error())
			return
		}
		again, err := Parse("/repo", "fuzz.yaml", data)
		if err != nil {
			t.Fatalf("the second Parse failed: %v", err)
		}
		if d := cmp.Diff(cfg, again); d != "" {
			t.Errorf("two Parses differ (-first +second):\n%s", d)
		}
		checkConfig(t, cfg)
	})
}

func checkProblems(t *testing.T, text string) {
	t.Helper()
	lines := strings.Split(text, "\n")
	var n int
	if !strings.HasSuffix(lines[0], " problem(s) in fuzz.yaml:") || len(lines) < 2 {
		t.Fatalf("the error does not start with a count of problems:\n%s", text)
	}
	if _, err := fmtSscan(lines[0], &n); err != nil || n != len(lines)-1 {
		t.Errorf("the error counts %q problems but lists %d:\n%s", lines[0], len(lines)-1, text)
	}
	for _, l := range lines[1:] {
		if !problemLine.MatchString(l) {
			t.Errorf("problem line %q is not file:line:col: message", l)
		} else if len(l) > yamlstrict.MaxMessage+100 {
			t.Errorf("problem line of %d bytes: %.200s...", len(l), l)
		}
	}
}

func checkConfig(t *testing.T, cfg *Config) {
	t.Helper()
	if err := model.CheckName(cfg.Project); err != nil {
		t.Errorf("accepted project: %v", err)
	}
	for _, a := range []string{cfg.Server.HTTPAddr, cfg.Server.GRPCAddr} {
		if _, _, err := net.SplitHostPort(a); err != nil {
			t.Errorf("accepted address %q: %v", a, err)
		}
	}
	s := cfg.Server
	for _, d := range []int64{int64(s.ReadHeaderTimeout), int64(s.ReadTimeout), int64(s.IdleTimeout)} {
		if d <= 0 || d >= int64(maxTimeout) {
			t.Errorf("accepted timeout %d out of range", d)
		}
	}
	if s.WriteTimeout < 0 || s.WriteTimeout >= maxTimeout || s.MaxInFlight < 1 || s.MaxBodyBytes <= 0 {
		t.Errorf("accepted server settings %+v", s)
	}
	checkAuth(t, cfg.Auth)
	if cfg.Ingestion.MaxAhead <= 0 || len(cfg.OnlineStore.Settings) == 0 || len(cfg.OfflineStore.Settings) == 0 {
		t.Errorf("accepted config %+v", cfg)
	}
}

// fmtSscan reads the leading count of "N problem(s) in ...".
func fmtSscan(line string, n *int) (int, error) { return fmt.Sscanf(line, "%d problem(s)", n) }
